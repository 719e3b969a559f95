"""Reminders: one digest per person on the right days, escalation to heads, a log of every email."""

import datetime
import io
import smtplib
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from home.spreadsheets import BE_DATE_FORMAT, BE_DATETIME_FORMAT
from tests.factories import (
    DivisionFactory,
    OrganisationFactory,
    PersonFactory,
    RequirementFactory,
    UserFactory,
)
from tests.pages import add_circular, add_code, build_site
from tests.spreadsheet_helpers import buddhist_date, download_filename
from tests.training.register_helpers import user_with_role
from training.acknowledgment.models import Requirement
from training.acknowledgment.services import Evidence, acknowledgments_record
from training.outreach.models import ReminderKind, ReminderLog, ReminderStatus
from training.outreach.services import reminders_plan
from training.outreach.tasks import send_reminder, send_reminders
from training.register import roles
from training.register.models import GROUP_OF_STAFF_TYPE, Person, StaffType

pytestmark = pytest.mark.django_db

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
PUBLISHED = datetime.date(2025, 1, 2)
DUE = datetime.date(2025, 1, 20)
REMINDERS = reverse("reminder_log:index")


class RefusingSMTPBackend(BaseEmailBackend):
    """A mail server that refuses every message, as a real one does when it is down or full."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPDataError(451, b"4.3.0 Mail server temporarily unavailable")


def on(day: datetime.date):
    """The clock at 08:00 Bangkok time on a day, when beat runs the reminders."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=BANGKOK), tick=False
    )


@pytest.fixture
def run_day(committed):
    """Run the beat task on a day, with its on-commit sends; return the emails that left."""

    def run(day: datetime.date) -> list:
        before = len(mail.outbox)
        with on(day), committed():
            send_reminders.delay()
        return mail.outbox[before:]

    return run


@pytest.fixture
def office(committed, settings):
    """A municipality with a code of ethics due on DUE: a clerk with a login, and their head."""
    settings.WAGTAILADMIN_BASE_URL = "https://ethics.example.org"
    settings.SITE_SCHEME = "https"  # links go to the organisation's own site, over HTTPS
    settings.REMINDER_DAYS_BEFORE_DUE = [3]
    settings.REMINDER_OVERDUE_EVERY_DAYS = 7
    settings.ESCALATE_AFTER_DAYS_OVERDUE = 14
    organisation, _home, ethics, circulars = build_site(hostname="phrathaen.example.org")
    finance = DivisionFactory(organisation=organisation, name="กองคลัง")
    head = PersonFactory(
        organisation=organisation,
        division=finance,
        first_name="ผู้อำนวยการ",
        last_name="กองคลัง",
        staff_type=StaffType.DIVISION_DIRECTOR,
        email="director@example.org",
    )
    finance.head = head
    finance.save()
    clerk = PersonFactory(
        organisation=organisation,
        division=finance,
        first_name="สมชาย",
        last_name="ใจดี",
        email="somchai@example.org",
        user=UserFactory(username="somchai"),
    )
    with on(PUBLISHED), committed():
        code = add_code(ethics, groups=["permanent"])
    Requirement.objects.update(due_date=DUE)
    return {
        "organisation": organisation,
        "ethics": ethics,
        "circulars": circulars,
        "finance": finance,
        "head": head,
        "clerk": clerk,
        "code": code,
    }


def to(emails, address) -> list:
    return [email for email in emails if email.to == [address]]


def test_a_person_is_reminded_three_days_before_on_the_due_date_and_weekly_after(office, run_day):
    reminded_on = [
        day
        for day in (DUE + datetime.timedelta(days=n) for n in range(-6, 16))
        if to(run_day(day), "somchai@example.org")
    ]
    assert reminded_on == [
        DUE - datetime.timedelta(days=3),
        DUE,
        DUE + datetime.timedelta(days=7),
        DUE + datetime.timedelta(days=14),
    ]
    assert (
        ReminderLog.objects.filter(person=office["clerk"], status=ReminderStatus.SENT).count() == 4
    )


def test_the_digest_is_thai_with_english_and_lists_the_item_with_a_buddhist_era_date(
    office, run_day
):
    (email,) = to(run_day(DUE + datetime.timedelta(days=7)), "somchai@example.org")
    assert email.subject == (
        "[เทศบาลตำบลพระแท่น] มีเอกสารที่ต้องรับทราบ 1 รายการ / 1 document to acknowledge"
    )
    assert "เรียน นายสมชาย ใจดี" in email.body
    assert office["code"].title in email.body
    assert "20 มกราคม 2568" in email.body  # the due date, in the Buddhist era
    assert "เกินกำหนด 7 วัน / 7 days overdue" in email.body
    assert "https://phrathaen.example.org/portal/" in email.body


def test_two_items_make_one_digest_listing_both(office, run_day, committed):
    with on(PUBLISHED), committed():
        circular = add_circular(office["circulars"])
    Requirement.objects.filter(version__page=circular).update(due_date=DUE + datetime.timedelta(1))

    emails = to(run_day(DUE), "somchai@example.org")

    assert len(emails) == 1
    assert "มีเอกสารที่ต้องรับทราบ 2 รายการ / 2 documents to acknowledge" in emails[0].subject
    assert office["code"].title in emails[0].body
    assert circular.title in emails[0].body
    assert "ครบกำหนดวันนี้ / due today" in emails[0].body
    assert ReminderLog.objects.get(person=office["clerk"]).items == 2


def test_running_the_same_day_twice_sends_nothing_more(office, run_day):
    first = run_day(DUE)
    assert len(to(first, "somchai@example.org")) == 1
    assert run_day(DUE) == []
    assert ReminderLog.objects.filter(day=DUE).count() == 1
    # The task for an email already sent does not send it again either.
    send_reminder.delay(ReminderLog.objects.get(day=DUE).pk)
    assert len(mail.outbox) == len(first)


def test_acknowledging_stops_the_reminders(office, run_day):
    requirement = Requirement.objects.get(person=office["clerk"])
    with on(DUE - datetime.timedelta(days=1)):
        acknowledgments_record(requirements=[requirement], evidence=Evidence())
    assert run_day(DUE) == []
    assert run_day(DUE + datetime.timedelta(days=14)) == []
    assert not ReminderLog.objects.exists()


def test_an_item_acknowledged_after_planning_is_not_sent(office, committed):
    with on(DUE):
        plan = reminders_plan()
        requirement = Requirement.objects.get(person=office["clerk"])
        acknowledgments_record(requirements=[requirement], evidence=Evidence())
        send_reminder.delay(plan.pending_ids[0])
    assert mail.outbox == []
    assert ReminderLog.objects.get().status == ReminderStatus.SKIPPED


def test_a_person_who_left_gets_no_reminder(office, run_day):
    Person.objects.filter(pk=office["clerk"].pk).update(active_until=DUE - datetime.timedelta(10))
    assert run_day(DUE - datetime.timedelta(days=3)) == []
    assert run_day(DUE + datetime.timedelta(days=14)) == []


def test_the_head_is_told_about_staff_overdue_for_two_weeks_then_weekly(office, run_day):
    other = DivisionFactory(organisation=office["organisation"], name="กองช่าง")
    other.head = PersonFactory(
        organisation=office["organisation"],
        division=other,
        staff_type=StaffType.DIVISION_DIRECTOR,
        email="works@example.org",
    )
    other.save()

    escalated_on = [
        day
        for day in (DUE + datetime.timedelta(days=n) for n in range(0, 29))
        if to(run_day(day), "director@example.org")
    ]

    assert escalated_on == [
        DUE + datetime.timedelta(days=14),
        DUE + datetime.timedelta(days=21),
        DUE + datetime.timedelta(days=28),
    ]
    log = ReminderLog.objects.filter(kind=ReminderKind.ESCALATION).first()
    assert log.person == office["head"] and log.items == 1
    # The head of a division with nobody overdue hears nothing.
    assert not ReminderLog.objects.filter(person=other.head).exists()


def test_the_escalation_lists_the_overdue_staff(office, run_day):
    late = PersonFactory(
        organisation=office["organisation"],
        division=office["finance"],
        first_name="มาลี",
        last_name="ช้าไป",
        email="malee@example.org",
    )
    RequirementFactory(
        person=late,
        version=Requirement.objects.get(person=office["clerk"]).version,
        due_date=DUE + datetime.timedelta(days=5),  # only 9 days late on the day
    )

    (email,) = to(run_day(DUE + datetime.timedelta(days=14)), "director@example.org")

    assert email.subject == (
        "[เทศบาลตำบลพระแท่น] บุคลากรในสังกัด 1 คน ยังไม่รับทราบเอกสารที่เกินกำหนด / 1 of your staff overdue"
    )
    assert "เรียน นายผู้อำนวยการ กองคลัง" in email.body
    assert "นายสมชาย ใจดี" in email.body
    assert "เกินกำหนด 14 วัน / 14 days overdue" in email.body
    assert "มาลี" not in email.body  # not yet late enough to escalate


def test_a_person_without_a_login_gets_a_signed_link_instead_of_the_portal(office, run_day):
    councillor = PersonFactory(
        organisation=office["organisation"],
        staff_type=StaffType.MUNICIPAL_TEACHER,
        email="teacher@example.org",
    )
    RequirementFactory(
        person=councillor,
        version=Requirement.objects.get(person=office["clerk"]).version,
        due_date=DUE,
    )
    (email,) = to(run_day(DUE), "teacher@example.org")
    assert "https://phrathaen.example.org/ack/" in email.body
    assert "/portal/" not in email.body
    assert "ไม่ต้องเข้าสู่ระบบ" in email.body


def test_someone_without_an_email_address_is_logged_as_failed_for_hr(office, run_day):
    Person.objects.filter(pk=office["clerk"].pk).update(email="")
    office["clerk"].user.email = ""
    office["clerk"].user.save()

    assert run_day(DUE) == []

    log = ReminderLog.objects.get(person=office["clerk"])
    assert log.status == ReminderStatus.FAILED
    assert "no email address" in log.error
    assert log.attempts == 0


def test_a_refused_email_is_logged_with_the_error_and_a_later_retry_sends_it(
    office, run_day, settings, monkeypatch
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingSMTPBackend"
    assert run_day(DUE) == []
    log = ReminderLog.objects.get(person=office["clerk"])
    assert log.status == ReminderStatus.FAILED
    assert "SMTPDataError" in log.error and "temporarily unavailable" in log.error
    assert log.attempts == 1 and log.sent_at is None

    # The task tries again three times before giving up. In-process the retries run at once, and
    # only when failures are not raised to the caller (a worker never raises them anywhere).
    monkeypatch.setitem(send_reminder.app.conf, "task_eager_propagates", False)
    result = send_reminder.apply(args=[log.pk])
    monkeypatch.undo()
    assert result.state == "FAILURE"
    log.refresh_from_db()
    assert log.status == ReminderStatus.FAILED and log.attempts == 5

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with on(DUE):
        send_reminder.delay(log.pk)
    log.refresh_from_db()
    assert log.status == ReminderStatus.SENT
    assert log.error == "" and log.attempts == 6 and log.sent_at is not None
    assert len(to(mail.outbox, "somchai@example.org")) == 1


def make_staff(organisation, division, count: int, *, start: int):
    Person.objects.bulk_create(
        Person(
            organisation=organisation,
            employee_number=f"S{start + n:06d}",
            first_name=f"ชื่อ{start + n}",
            last_name="ทดสอบ",
            position="พนักงาน",
            staff_type=StaffType.MUNICIPAL_OFFICIAL,
            personnel_group=GROUP_OF_STAFF_TYPE[StaffType.MUNICIPAL_OFFICIAL],
            division=division,
            email=f"staff{start + n}@example.org",
            active_from=datetime.date(2020, 1, 1),
        )
        for n in range(count)
    )


def queries_to_plan(day: datetime.date):
    with on(day), CaptureQueriesContext(connection) as context:
        plan = reminders_plan()
    return plan, len(context.captured_queries)


def test_planning_a_day_takes_as_many_queries_for_200_people_as_for_10(committed):
    organisation, _home, ethics, _circulars = build_site()
    division = DivisionFactory(organisation=organisation)
    division.head = PersonFactory(
        organisation=organisation, staff_type=StaffType.DIVISION_DIRECTOR, email="h@example.org"
    )
    division.save()
    make_staff(organisation, division, 10, start=0)
    with on(PUBLISHED), committed():
        add_code(ethics)
    Requirement.objects.update(due_date=DUE)

    small, small_queries = queries_to_plan(DUE + datetime.timedelta(days=14))

    make_staff(organisation, division, 190, start=10)
    with on(PUBLISHED), committed():
        add_code(ethics, title="ประมวลจริยธรรมฉบับเพิ่มเติม")
    Requirement.objects.update(due_date=DUE)

    big, big_queries = queries_to_plan(DUE + datetime.timedelta(days=21))

    assert (small.digests, small.escalations) == (10, 1)
    assert (big.digests, big.escalations) == (200, 1)
    assert len(big.pending_ids) == 201
    assert big_queries == small_queries


def test_beat_runs_the_reminders_every_morning():
    entry = django_settings.CELERY_BEAT_SCHEDULE["acknowledgment-reminders"]
    assert entry["task"] == send_reminders.name == "training.tasks.send_reminders"
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}


# --- The log in the Wagtail admin ----------------------------------------------------------------


def test_hr_sees_their_organisations_reminder_log_and_can_filter_it(client, office, run_day):
    run_day(DUE)
    elsewhere = OrganisationFactory(name_th="เทศบาลตำบลอื่น")
    stranger = PersonFactory(organisation=elsewhere, first_name="คนนอก", email="x@example.org")
    ReminderLog.objects.create(
        organisation=elsewhere, person=stranger, kind=ReminderKind.DIGEST, day=DUE
    )
    client.force_login(user_with_role(roles.HR_OFFICER, office["organisation"]))

    response = client.get(REMINDERS)

    assert response.status_code == 200
    assert "สมชาย" in response.text
    assert "คนนอก" not in response.text
    assert "ส่งแล้ว" in response.text
    assert REMINDERS in client.get("/admin/").text  # in the register's menu
    failed_only = client.get(REMINDERS, {"status": ReminderStatus.FAILED})
    assert "สมชาย" not in failed_only.text
    export = client.get(REMINDERS, {"export": "csv"})
    assert export.status_code == 200
    csv = b"".join(export.streaming_content).decode()
    assert "somchai@example.org" in csv and "คนนอก" not in csv


def test_the_reminder_log_exports_a_sheet_for_the_office_and_a_csv_with_a_bom(client):
    organisation = OrganisationFactory(name_th="เทศบาลตำบลพระแท่น")
    clerk = PersonFactory(organisation=organisation, first_name="สมชาย", last_name="ใจดี")
    ReminderLog.objects.create(
        organisation=organisation,
        person=clerk,
        kind=ReminderKind.DIGEST,
        day=DUE,
        status=ReminderStatus.SENT,
        recipient="somchai@example.org",
        items=2,
        attempts=1,
        sent_at=datetime.datetime(2025, 1, 20, 1, 0, tzinfo=datetime.UTC),
    )
    client.force_login(user_with_role(roles.HR_OFFICER, organisation))

    response = client.get(REMINDERS, {"export": "xlsx", "status": ReminderStatus.SENT})

    today = timezone.localdate()
    assert download_filename(response) == f"บันทึกการเตือน-{buddhist_date(today)}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "บันทึกการเตือน"
    assert sheet["A1"].value == "บันทึกการเตือน"
    heading_row = next(row[0].row for row in sheet.iter_rows() if row[0].value == "วันที่เตือน")
    summary = {sheet.cell(row, 1).value: sheet.cell(row, 2) for row in range(2, heading_row - 1)}
    assert summary["ข้อมูล ณ วันที่"].number_format == BE_DATETIME_FORMAT
    assert summary["จำนวนรายการ"].value == 1
    assert summary["สถานะ"].value == "ส่งแล้ว"  # the filter in force
    assert sheet.freeze_panes == f"A{heading_row + 1}"
    assert all(cell.font.b for cell in sheet[heading_row])
    headings = [cell.value for cell in sheet[heading_row]]
    row = dict(zip(headings, sheet[heading_row + 1], strict=True))
    assert row["วันที่เตือน"].is_date and row["วันที่เตือน"].number_format == BE_DATE_FORMAT
    assert row["วันที่เตือน"].value == datetime.datetime(2025, 1, 20)
    assert row["ส่งเมื่อ"].value == datetime.datetime(2025, 1, 20, 8, 0)  # Bangkok time
    assert row["ส่งเมื่อ"].number_format == BE_DATETIME_FORMAT
    assert row["ประเภท"].value == str(ReminderKind.DIGEST.label)
    assert row["ผู้รับ"].value == str(clerk)

    # A date range in force reads in the Buddhist era in the file's summary rows.
    in_january = {"day_from": "01/01/2568", "day_to": "31/01/2568"}
    response = client.get(REMINDERS, {"export": "xlsx", **in_january})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell.value for row in sheet.iter_rows(max_col=2, max_row=8) for cell in row]
    assert "1 ม.ค. 2568 - 31 ม.ค. 2568" in cells
    assert not any("2025" in value for value in cells if isinstance(value, str))

    csv_response = client.get(REMINDERS, {"export": "csv"})
    data = b"".join(csv_response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    assert download_filename(csv_response) == f"บันทึกการเตือน-{buddhist_date(today)}.csv"
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("วันที่เตือน,ประเภท,สถานะ")
    assert lines[1].startswith("20/01/2568,")  # B.E., as the register's CSV writes dates
    assert "20/01/2568 08:00:00" in lines[1]


def test_the_reminder_log_is_read_only_and_closed_to_editors(client, office, run_day):
    run_day(DUE)
    client.force_login(user_with_role(roles.EDITOR, office["organisation"]))
    assert client.get(REMINDERS).status_code == 302  # back to the dashboard, refused
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(REMINDERS)
    assert response.status_code == 200
    assert "/admin/register/reminders/edit/" not in response.text
    assert client.get("/admin/register/reminders/new/").status_code == 404


def test_the_reminder_log_listing_does_not_grow_in_queries_with_rows(
    client, office, run_day, django_assert_max_num_queries
):
    client.force_login(user_with_role(roles.HR_OFFICER, office["organisation"]))
    run_day(DUE)
    with django_assert_max_num_queries(60) as few:
        client.get(REMINDERS)
    make_staff(office["organisation"], office["finance"], 20, start=0)
    for person in Person.objects.filter(employee_number__startswith="S"):
        ReminderLog.objects.create(
            organisation=office["organisation"], person=person, kind=ReminderKind.DIGEST, day=DUE
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(REMINDERS)
    assert response.text.count("ชื่อ1") >= 1
