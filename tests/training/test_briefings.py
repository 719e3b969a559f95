"""Briefings: a head schedules one for their division (e-mail with the .ics, in Bangkok time),
attendance is taken three ways with one record per person, a confirmed attendee acknowledges the
covered version with channel "briefing", and the refusals: a double check-in, another
organisation's person, a non-invited person without the leader, an expired code (410).

On 20 Nov 2026, 09:00 Bangkok, กองคลัง (headed by "head") is briefed from 10:00 to 12:00 on the
version that its clerk must acknowledge. กองช่าง's engineer is not invited; another municipality's
officer has a login too.
"""

import datetime
import io
import unicodedata

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from tests.factories import (
    DivisionFactory,
    DocumentVersionFactory,
    OrganisationFactory,
    PersonFactory,
    RequirementFactory,
    UserFactory,
)
from tests.pages import build_site
from tests.training.register_helpers import user_with_role
from training.acknowledgment.models import Acknowledgment, AcknowledgmentChannel
from training.briefings.codes import make_checkin_code
from training.briefings.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceMethod,
    AttendanceStatus,
    Briefing,
)
from training.briefings.services import (
    AttendanceRefused,
    attendance_correct,
    attendance_leader_record,
    briefing_invitations_send,
)
from training.register import roles
from training.register.models import StaffType

pytestmark = pytest.mark.django_db

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
NOW = datetime.datetime(2026, 11, 20, 9, tzinfo=BANGKOK)
HOST = "phrathaen.example.org"


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield


def login(user) -> Client:
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return client


@pytest.fixture
def office(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://ethics.example.org"
    settings.SITE_SCHEME = "https"  # links go to the organisation's own site, over HTTPS
    organisation, _home, _ethics, _circulars = build_site(hostname=HOST)
    finance = DivisionFactory(organisation=organisation, name="กองคลัง")
    works = DivisionFactory(organisation=organisation, name="กองช่าง")
    head = PersonFactory(
        organisation=organisation,
        division=finance,
        first_name="อำนวย",
        last_name="ศรีสุข",
        staff_type=StaffType.DIVISION_DIRECTOR,
        email="head@example.org",
        user=UserFactory(username="head"),
    )
    finance.head = head
    finance.save()
    clerk = PersonFactory(
        organisation=organisation,
        division=finance,
        first_name="สมชาย",
        last_name="ใจงาม",
        email="clerk@example.org",
        user=UserFactory(username="clerk"),
    )
    accountant = PersonFactory(
        organisation=organisation,
        division=finance,
        first_name="สมหญิง",
        last_name="รักษ์ดี",
        email="accountant@example.org",
    )
    engineer = PersonFactory(
        organisation=organisation,
        division=works,
        first_name="ช่างเอก",
        user=UserFactory(username="engineer"),
    )
    stranger = PersonFactory(first_name="คนนอก", user=UserFactory(username="stranger"))
    version = DocumentVersionFactory(organisation=organisation)
    requirement = RequirementFactory(version=version, person=clerk)
    return {
        "organisation": organisation,
        "finance": finance,
        "works": works,
        "head": head,
        "clerk": clerk,
        "accountant": accountant,
        "engineer": engineer,
        "stranger": stranger,
        "version": version,
        "requirement": requirement,
    }


def schedule(office, committed, **extra) -> Briefing:
    data = {
        "title": "ชี้แจงประมวลจริยธรรม",
        "day": "20/11/2569",
        "start": "10:00",
        "end": "12:00",
        "place": "ห้องประชุมสำนักปลัด",
        "divisions": [office["finance"].pk],
        "versions": [office["version"].pk],
        "agenda": "๑. มาตรฐานทางจริยธรรม",
        **extra,
    }
    with committed():
        response = login(office["head"].user).post(reverse("briefing_new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Briefing.objects.get()


def check_in_url(briefing) -> str:
    return reverse("briefing_check_in", args=[make_checkin_code(briefing.pk)])


def test_a_head_schedules_for_their_division_and_invitees_get_one_email_each_with_the_ics(
    office, committed
):
    briefing = schedule(office, committed)
    assert briefing.leader == office["head"]
    assert list(briefing.divisions.all()) == [office["finance"]]
    # The head, the clerk and the accountant have addresses; the engineer is not invited.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "accountant@example.org",
        "clerk@example.org",
        "head@example.org",
    ]
    message = mail.outbox[0]
    assert "ชี้แจงประมวลจริยธรรม" in message.subject
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    # A retried task sends nothing again.
    assert briefing_invitations_send(briefing_id=briefing.pk) == 0
    assert len(mail.outbox) == 3


def test_a_head_cannot_schedule_for_a_division_they_do_not_head(office, committed):
    response = login(office["head"].user).post(
        reverse("briefing_new"),
        {
            "title": "x",
            "day": "20/11/2569",
            "start": "10:00",
            "end": "11:00",
            "place": "ห้อง",
            "divisions": [office["works"].pk],
        },
    )
    assert response.status_code == 200
    assert not Briefing.objects.exists()
    assert login(office["clerk"].user).get(reverse("briefing_new")).status_code == 404


def test_a_head_types_the_day_in_the_buddhist_era_and_a_christian_year_is_refused(
    office, committed
):
    data = {
        "title": "ชี้แจง",
        "day": "20/11/2026",
        "start": "10:00",
        "end": "11:00",
        "place": "ห้อง",
        "divisions": [office["finance"].pk],
    }
    response = login(office["head"].user).post(reverse("briefing_new"), data)
    assert response.status_code == 200
    assert "ปี 2026 เป็น ค.ศ. หมายถึง พ.ศ. 2569 หรือไม่" in response.content.decode()
    assert not Briefing.objects.exists()
    assert "วว/ดด/ปปปป (พ.ศ.)" in response.content.decode()


def test_hr_typing_only_a_date_in_the_admin_is_told_to_give_the_time_too(office):
    client = login(user_with_role(roles.HR_OFFICER, office["organisation"]))
    response = client.post(
        reverse("briefing:add"),
        {
            "organisation": office["organisation"].pk,
            "title": "อบรม",
            "starts_at_0": "25/11/2569",
            "starts_at_1": "",
            "ends_at_0": "25/11/2569",
            "ends_at_1": "16:00",
            "place": "หอประชุม",
            "leader": office["head"].pk,
        },
    )
    assert response.status_code == 200
    assert "กรอกทั้งวันที่และเวลา" in response.content.decode()
    assert not Briefing.objects.exists()


def test_the_ics_opens_in_a_calendar_parser_at_the_bangkok_time(office, committed):
    briefing = schedule(office, committed)
    response = login(office["clerk"].user).get(reverse("briefing_calendar", args=[briefing.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    event = next(iter(calendar.walk("VEVENT")))
    start = event.decoded("dtstart")
    assert start == datetime.datetime(2026, 11, 20, 10, tzinfo=BANGKOK)
    assert str(start.tzinfo) == "Asia/Bangkok" and start.hour == 10
    assert event.decoded("dtend").hour == 12
    assert str(event.get("summary")) == "ชี้แจงประมวลจริยธรรม"
    assert str(event.get("location")) == "ห้องประชุมสำนักปลัด"
    assert calendar.walk("VTIMEZONE")


def test_staff_see_upcoming_briefings_for_them_only(office, committed):
    schedule(office, committed)
    assert (
        "ชี้แจงประมวลจริยธรรม"
        in login(office["clerk"].user).get("/portal/briefings/").content.decode()
    )
    assert (
        "ชี้แจงประมวลจริยธรรม"
        not in login(office["engineer"].user).get("/portal/briefings/").content.decode()
    )


def test_the_briefing_page_gives_the_day_and_both_times_in_thai(office, committed):
    briefing = schedule(office, committed)

    text = login(office["clerk"].user).get(reverse("briefing_detail", args=[briefing.pk])).text

    assert "วันที่ 20 พฤศจิกายน 2569 เวลา 10:00–12:00 น." in text


def test_a_double_check_in_gives_one_attendance(office, committed):
    briefing = schedule(office, committed)
    clerk = login(office["clerk"].user)
    url = check_in_url(briefing)
    assert clerk.get(url).status_code == 302
    assert clerk.get(url).status_code == 302
    attendance = Attendance.objects.get()
    assert attendance.person == office["clerk"]
    assert attendance.status == AttendanceStatus.PRESENT
    assert attendance.method == AttendanceMethod.QR
    assert attendance.recorded_by == office["clerk"].user


def test_a_person_of_another_organisation_never_checks_in(office, committed):
    briefing = schedule(office, committed)
    response = login(office["stranger"].user).get(check_in_url(briefing))
    assert response.status_code == 403
    assert "ไม่ได้เป็นบุคลากรของหน่วยงานที่จัดการประชุมนี้" in response.content.decode()
    assert not Attendance.objects.exists()
    # Nor can the leader tick them.
    with pytest.raises(AttendanceRefused):
        attendance_leader_record(
            briefing=briefing,
            person_ids=[office["stranger"].pk],
            recorded_by=office["head"].user,
        )
    assert not Attendance.objects.exists()


def test_someone_not_invited_counts_only_once_the_leader_confirms(office, committed):
    briefing = schedule(office, committed)
    login(office["engineer"].user).get(check_in_url(briefing))
    attendance = Attendance.objects.get()
    assert attendance.status == AttendanceStatus.PENDING and not attendance.invited
    assert not Attendance.objects.present().exists()
    head = login(office["head"].user)
    head.post(
        reverse("briefing_attendance", args=[briefing.pk]), {"person": [office["engineer"].pk]}
    )
    attendance.refresh_from_db()
    assert attendance.status == AttendanceStatus.PRESENT
    assert attendance.confirmed_by == office["head"].user


def test_someone_without_a_login_picks_their_name_and_waits_for_the_leader(office, committed):
    briefing = schedule(office, committed)
    anonymous = Client(HTTP_HOST=HOST)
    url = check_in_url(briefing)
    page = anonymous.get(url).content.decode()
    assert office["accountant"].full_name in page
    assert office["engineer"].full_name not in page  # only the invited are listed
    # Picking someone not invited (or of another organisation) is refused.
    anonymous.post(url, {"person": office["stranger"].pk})
    assert not Attendance.objects.exists()
    anonymous.post(url, {"person": office["accountant"].pk})
    attendance = Attendance.objects.get()
    assert attendance.status == AttendanceStatus.PENDING and attendance.recorded_by is None
    login(office["head"].user).post(
        reverse("briefing_attendance", args=[briefing.pk]), {"person": [office["accountant"].pk]}
    )
    attendance.refresh_from_db()
    assert attendance.status == AttendanceStatus.PRESENT


def test_an_expired_code_is_refused_with_410_and_a_thai_message(office, committed):
    briefing = schedule(office, committed)
    url = check_in_url(briefing)
    with time_machine.travel(NOW + datetime.timedelta(seconds=61), tick=False):
        response = login(office["clerk"].user).get(url)
        anonymous = Client(HTTP_HOST=HOST).get(url)
    assert response.status_code == 410
    assert "คิวอาร์โค้ดนี้หมดอายุแล้ว" in response.content.decode()
    assert anonymous.status_code == 410
    assert not Attendance.objects.exists()
    forged = login(office["clerk"].user).get(url[:-3] + "xyz/")
    assert forged.status_code == 404


def test_a_confirmed_attendee_acknowledges_the_covered_version_with_channel_briefing(
    office, committed
):
    briefing = schedule(office, committed)
    clerk = login(office["clerk"].user)
    detail = reverse("briefing_detail", args=[briefing.pk])
    acknowledge = reverse("briefing_acknowledge", args=[briefing.pk, office["requirement"].pk])
    # Before checking in: no statement, and a post is refused.
    assert "ได้อ่านและรับทราบ" not in clerk.get(detail).content.decode()
    clerk.post(acknowledge)
    assert not Acknowledgment.objects.exists()
    clerk.get(check_in_url(briefing))
    page = clerk.get(detail).content.decode()
    assert "ได้อ่านและรับทราบ" in page
    clerk.post(acknowledge, {"publication": office["version"].publications.get().pk})
    clerk.post(acknowledge, {"publication": office["version"].publications.get().pk})
    acknowledgment = Acknowledgment.objects.get()
    assert acknowledgment.channel == AcknowledgmentChannel.BRIEFING
    assert acknowledgment.person == office["clerk"]
    office["requirement"].refresh_from_db()
    assert office["requirement"].fulfilled_at is not None


def test_corrections_are_logged_with_a_reason(office, committed):
    briefing = schedule(office, committed)
    result = attendance_leader_record(
        briefing=briefing, person_ids=[office["clerk"].pk], recorded_by=office["head"].user
    )
    assert result.recorded == 1
    attendance = Attendance.objects.get()
    with pytest.raises(AttendanceRefused):
        attendance_correct(
            attendance=attendance,
            status=AttendanceStatus.WITHDRAWN,
            reason=" ",
            corrected_by=office["head"].user,
        )
    attendance_correct(
        attendance=attendance,
        status=AttendanceStatus.WITHDRAWN,
        reason="ลงชื่อผิดคน",
        corrected_by=office["head"].user,
    )
    attendance.refresh_from_db()
    assert attendance.status == AttendanceStatus.WITHDRAWN
    correction = AttendanceCorrection.objects.get()
    assert (correction.status_before, correction.status_after) == ("present", "withdrawn")
    # Ticking again does not silently restore it.
    attendance_leader_record(
        briefing=briefing, person_ids=[office["clerk"].pk], recorded_by=office["head"].user
    )
    attendance.refresh_from_db()
    assert attendance.status == AttendanceStatus.WITHDRAWN


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFKC", text)


def test_the_sign_in_sheet_lists_the_invited_in_thai_with_thai_numerals(office, committed):
    briefing = schedule(office, committed)
    response = login(office["head"].user).get(reverse("briefing_sheet", args=[briefing.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    compact = text.replace(" ", "")
    for person in ("head", "clerk", "accountant"):
        assert unicodedata.normalize("NFKC", office[person].full_name).replace(" ", "") in compact
    assert office["engineer"].first_name not in text
    assert "ใบลงชื่อเข้าร่วมประชุม" in compact
    assert "๓" in text and "๒๕๖๙" in text
    # Only those who run the briefing print it.
    assert (
        login(office["clerk"].user).get(reverse("briefing_sheet", args=[briefing.pk])).status_code
        == 404
    )


def test_a_scanned_sheet_records_attendance_by_paper_with_the_scan_in_the_scan_collection(
    office, committed
):

    briefing = schedule(office, committed)
    login(office["head"].user).post(
        reverse("briefing_attendance", args=[briefing.pk]),
        {
            "person": [office["accountant"].pk],
            "paper": "1",
            "scan": SimpleUploadedFile("sheet.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        },
    )
    attendance = Attendance.objects.get()
    assert attendance.method == AttendanceMethod.PAPER
    office["organisation"].refresh_from_db()
    assert attendance.paper_scan.collection_id == office["organisation"].scan_collection_id


def test_the_leaders_page_takes_the_same_queries_however_many_are_invited(office, committed):
    briefing = schedule(office, committed)
    head = login(office["head"].user)
    url = reverse("briefing_lead", args=[briefing.pk])
    head.get(url)
    with CaptureQueriesContext(connection) as few:
        assert head.get(url).status_code == 200
    for _ in range(15):
        person = PersonFactory(organisation=office["organisation"], division=office["finance"])
        attendance_leader_record(
            briefing=briefing, person_ids=[person.pk], recorded_by=office["head"].user
        )
    with CaptureQueriesContext(connection) as many:
        assert head.get(url).status_code == 200
    assert len(many) == len(few)


def test_hr_schedules_in_the_admin_and_the_invitations_go_out(office, committed):
    hr = user_with_role(roles.HR_OFFICER, office["organisation"])
    client = login(hr)
    assert client.get(reverse("briefing:add")).status_code == 200
    with committed():
        response = client.post(
            reverse("briefing:add"),
            {
                "organisation": office["organisation"].pk,
                "title": "อบรมจริยธรรมประจำปี",
                "starts_at_0": "25/11/2569",
                "starts_at_1": "13:00",
                "ends_at_0": "25/11/2569",
                "ends_at_1": "16:00",
                "place": "หอประชุม",
                "online_url": "",
                "leader": office["head"].pk,
                "personnel_groups": ["permanent"],
                "agenda": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    briefing = Briefing.objects.get()
    assert briefing.personnel_groups == ["permanent"]
    assert briefing.starts_at == datetime.datetime(2026, 11, 25, 13, tzinfo=BANGKOK)
    # Every permanent official of any division with an address (the register's or their
    # login's), but not the head, an executive.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["accountant@example.org", "clerk@example.org", "engineer@example.org", hr.email]
    )
    # The list gives the start in the Buddhist era, as it was typed.
    listing = client.get(reverse("briefing:index")).content.decode()
    assert "25 พฤศจิกายน 2569 เวลา 13:00 น." in listing and "2026" not in listing
    # The edit form gives the moment back as it was typed: a B.E. date and a time.
    edit = client.get(reverse("briefing:edit", args=[briefing.pk])).content.decode()
    assert 'value="25/11/2569"' in edit and 'value="13:00"' in edit
    # Another organisation's HR sees nothing of it.
    other = user_with_role(roles.HR_OFFICER, OrganisationFactory())
    assert login(other).get(reverse("briefing:edit", args=[briefing.pk])).status_code == 404
