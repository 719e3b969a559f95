"""Signed one-time links for people without a login, and sending them by email in bulk.

A link names one person and one version, works once, expires after SIGNED_LINK_MAX_AGE_DAYS, and
a forged, expired, reused or superseded link (or one whose person has left) gets its own Thai
page of the site, never an error page.
"""

import datetime
import html
import io
import re
import smtplib
import unicodedata

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader
from wagtail.models import Page
from wagtail.users.models import UserProfile

from home.thai_dates import format_thai_date
from tests.factories import DivisionFactory, OrganisationFactory, PersonFactory
from tests.pages import add_code, build_site
from tests.training.register_helpers import user_with_role
from training.acknowledgment.models import (
    Acknowledgment,
    AcknowledgmentChannel,
    ChangeKind,
    Requirement,
)
from training.acknowledgment.publishing import requirements_assign_for_people
from training.outreach.link_slips import qr_svg
from training.outreach.models import DispatchStatus, SignedLinkDispatch
from training.outreach.signed_links import SALT, check_link, make_link_token
from training.outreach.tasks import send_signed_links
from training.register import roles
from training.register.models import RegisterLogEntry, StaffType

pytestmark = pytest.mark.django_db

HOST = "phrathaen.example.org"


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("connection closed")


@pytest.fixture
def setting(committed):
    organisation, _home, ethics, _circulars = build_site(hostname=HOST)
    organisation.phone = "034-000000"
    organisation.save()
    council = PersonFactory(
        organisation=organisation,
        staff_type=StaffType.COUNCIL_MEMBER,
        first_name="สมศรี",
        last_name="สภาดี",
        email="somsri@example.org",
    )
    with committed():
        code = add_code(ethics, title="ประมวลจริยธรรมของสมาชิกสภาท้องถิ่น", groups=("political",))
    requirement = Requirement.objects.get(person=council, version__page=code)
    return {
        "organisation": organisation,
        "ethics": ethics,
        "council": council,
        "code": code,
        "requirement": requirement,
        "url": f"/ack/{make_link_token(requirement)}/",
        "client": Client(HTTP_HOST=HOST),
    }


def page_of_the_site(response) -> bool:
    return '<main id="main"' in response.text and "Traceback" not in response.text


def test_a_valid_link_shows_the_text_and_records_one_acknowledgment_once(setting):
    client, url, council = setting["client"], setting["url"], setting["council"]

    page = client.get(url)
    assert page.status_code == 200
    assert "ข้าพเจ้า นายสมศรี สภาดี" in page.text
    assert "ได้อ่านและรับทราบ" in page.text
    assert f'action="{url}"' in page.text
    assert page["Referrer-Policy"] == "same-origin"
    publication = page.context["acknowledge_publication"]

    done = client.post(
        url,
        {"publication": publication.pk},
        HTTP_USER_AGENT="CouncilPhone/2.0",
        REMOTE_ADDR="10.9.8.7",
        follow=True,
    )
    assert done.status_code == 200
    assert "บันทึกการรับทราบเรียบร้อยแล้ว" in done.text

    acknowledgment = Acknowledgment.objects.get()
    assert acknowledgment.person == council
    assert acknowledgment.channel == AcknowledgmentChannel.SIGNED_LINK
    assert acknowledgment.recorded_by is None
    assert acknowledgment.ip_address == "10.9.8.7"
    assert acknowledgment.user_agent == "CouncilPhone/2.0"
    assert acknowledgment.text_sha256 == publication.text_sha256

    again = client.get(url)
    assert again.status_code == 200
    assert "ลิงก์นี้ใช้แล้ว" in again.text
    assert "แล้วเมื่อ" in again.text and "เวลา" in again.text
    resubmitted = client.post(url, {"publication": publication.pk}, follow=True)
    assert "ลิงก์นี้ใช้แล้ว" in resubmitted.text or "บันทึกการรับทราบเรียบร้อยแล้ว" in resubmitted.text
    assert Acknowledgment.objects.count() == 1


def test_a_tampered_or_made_up_link_is_refused_as_not_valid(setting):
    client, url = setting["client"], setting["url"]
    token = url.split("/")[2]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    without_salt = signing.dumps(
        {"r": setting["requirement"].pk, "p": setting["council"].pk, "v": 1}
    )
    for bad in (f"/ack/{tampered}/", "/ack/not-a-token/", f"/ack/{without_salt}/"):
        response = client.get(bad)
        assert response.status_code == 400, bad
        assert "ลิงก์ไม่ถูกต้อง" in response.text
        assert page_of_the_site(response)
        assert client.post(bad, {"publication": 1}).status_code == 400
    assert not Acknowledgment.objects.exists()


def test_a_link_naming_someone_else_than_its_requirement_is_refused(setting):
    other = PersonFactory(organisation=setting["organisation"])
    requirement = setting["requirement"]
    # Only someone with the secret key could make this; it must still lead nowhere.
    token = signing.dumps(
        {"r": requirement.pk, "p": other.pk, "v": requirement.version_id}, salt=SALT
    )
    response = setting["client"].post(f"/ack/{token}/", {})
    assert response.status_code == 400
    assert not Acknowledgment.objects.exists()


def test_an_expired_link_gets_its_page_and_records_nothing(setting):
    client, url = setting["client"], setting["url"]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        response = client.get(url)
        assert response.status_code == 410
        assert "ลิงก์หมดอายุแล้ว" in response.text
        assert "14 วัน" in response.text
        assert "034-000000" in response.text
        assert page_of_the_site(response)
        assert client.post(url, {}).status_code == 410
    assert not Acknowledgment.objects.exists()


def test_the_link_lifetime_is_a_setting(setting, settings):
    settings.SIGNED_LINK_MAX_AGE_DAYS = 30
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        response = setting["client"].get(setting["url"])
    assert response.status_code == 200
    assert "ได้อ่านและรับทราบ" in response.text


def test_a_used_link_still_says_so_after_it_has_expired(setting):
    client, url = setting["client"], setting["url"]
    client.post(url, {})
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        response = client.get(url)
    assert response.status_code == 200
    assert "ลิงก์นี้ใช้แล้ว" in response.text


def test_a_link_to_a_superseded_version_gets_its_page(setting, committed):
    draft = setting["code"].get_latest_revision_as_object()
    draft.change_kind = ChangeKind.NEW_VERSION
    with committed():
        draft.save_revision().publish()

    response = setting["client"].get(setting["url"])
    assert response.status_code == 410
    assert "เอกสารฉบับนี้ถูกแทนที่แล้ว" in response.text
    assert "ฉบับที่ 1 ถูกแทนที่ด้วยฉบับใหม่" in response.text
    assert page_of_the_site(response)
    assert setting["client"].post(setting["url"], {}).status_code == 410
    assert not Acknowledgment.objects.exists()


def test_a_link_of_someone_who_has_left_gets_its_page(setting):
    council = setting["council"]
    council.active_until = timezone.localdate() - datetime.timedelta(days=1)
    council.save()

    response = setting["client"].get(setting["url"])
    assert response.status_code == 410
    assert "พ้นจากตำแหน่งแล้ว" in response.text
    assert page_of_the_site(response)
    assert setting["client"].post(setting["url"], {}).status_code == 410
    assert not Acknowledgment.objects.exists()


def test_a_link_needs_no_login_and_no_csrf_cookie(setting):
    client = Client(HTTP_HOST=HOST, enforce_csrf_checks=True)
    response = client.post(setting["url"], {}, follow=True)
    assert "บันทึกการรับทราบเรียบร้อยแล้ว" in response.text
    assert Acknowledgment.objects.filter(channel=AcknowledgmentChannel.SIGNED_LINK).count() == 1


# --- Sending in bulk --------------------------------------------------------------------------


@pytest.fixture
def hr(setting):
    user = user_with_role(roles.HR_OFFICER, setting["organisation"], employee_number="HR-1")
    client = Client()
    client.force_login(user)
    return client


def send_url(setting) -> str:
    return f"/admin/signoffs/{setting['requirement'].version_id}/links/"


def test_hr_sends_links_in_bulk_one_email_each_and_the_link_works(setting, hr, committed):
    organisation = setting["organisation"]
    second = PersonFactory(
        organisation=organisation,
        staff_type=StaffType.COUNCIL_MEMBER,
        email="second@example.org",
    )
    no_email = PersonFactory(
        organisation=organisation, staff_type=StaffType.COUNCIL_MEMBER, first_name="ไร้อีเมล"
    )
    version = setting["requirement"].version
    requirements_assign_for_people(person_ids=[second.pk, no_email.pk])
    second_requirement = Requirement.objects.get(person=second, version=version)

    page = hr.get(send_url(setting))
    assert page.status_code == 200
    assert "somsri@example.org" in page.text and "second@example.org" in page.text
    assert "ยังไม่มีอีเมล จึงส่งลิงก์ไม่ได้" in page.text
    assert "ไร้อีเมล" in page.text

    chosen = [setting["requirement"].pk, second_requirement.pk]
    with committed():
        response = hr.post(send_url(setting), {"requirement": chosen})
    assert response.status_code == 302

    assert sorted(message.to[0] for message in mail.outbox) == [
        "second@example.org",
        "somsri@example.org",
    ]
    message = next(m for m in mail.outbox if m.to == ["somsri@example.org"])
    assert "ประมวลจริยธรรมของสมาชิกสภาท้องถิ่น" in message.subject
    assert "Please read and acknowledge" in message.subject
    assert "ลิงก์นี้ใช้ได้ครั้งเดียว" in message.body and "works once" in message.body
    link = re.search(r"https?://\S+/ack/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert Client(HTTP_HOST=HOST).get(f"/{path}").status_code == 200
    assert set(SignedLinkDispatch.objects.values_list("status", flat=True)) == {DispatchStatus.SENT}
    assert "ส่งแล้ว" in hr.get(send_url(setting)).text

    # Sending again the same day emails nobody twice.
    with committed():
        hr.post(send_url(setting), {"requirement": chosen})
    assert len(mail.outbox) == 2
    assert SignedLinkDispatch.objects.count() == 2


def test_people_with_a_login_are_listed_but_not_ticked(setting, hr):
    council = setting["council"]
    council.user = user_with_role(roles.EMPLOYEE)
    council.save()
    page = hr.get(send_url(setting))
    box = re.search(rf'<input[^>]*value="{setting["requirement"].pk}"[^>]*>', page.text).group(0)
    assert "checked" not in box


def test_a_failed_email_is_logged_and_sent_again_on_the_next_try(setting, settings):
    settings.EMAIL_BACKEND = "tests.training.test_signed_links.FailingEmailBackend"
    requirement = setting["requirement"]
    assert send_signed_links(requirement_ids=[requirement.pk]) == 0
    dispatch = SignedLinkDispatch.objects.get()
    assert dispatch.status == DispatchStatus.FAILED
    assert "SMTPServerDisconnected" in dispatch.error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_signed_links(requirement_ids=[requirement.pk]) == 1
    assert send_signed_links(requirement_ids=[requirement.pk]) == 0
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.SENT and dispatch.error == ""
    assert len(mail.outbox) == 1


def test_nothing_is_sent_for_a_requirement_already_acknowledged(setting):
    setting["client"].post(setting["url"], {})
    assert send_signed_links(requirement_ids=[setting["requirement"].pk]) == 0
    assert not mail.outbox


def test_hr_of_another_organisation_cannot_send_links_for_this_one(setting, committed):
    stranger = user_with_role(roles.HR_OFFICER, OrganisationFactory(), employee_number="HR-9")
    client = Client()
    client.force_login(stranger)
    assert client.get(send_url(setting)).status_code == 404
    with committed():
        response = client.post(send_url(setting), {"requirement": [setting["requirement"].pk]})
    assert response.status_code == 404
    assert not mail.outbox


def test_an_editor_may_not_send_links(setting):
    editor = user_with_role(roles.EDITOR, setting["organisation"])
    client = Client()
    client.force_login(editor)
    # Wagtail answers a refused permission with a redirect to the dashboard and a message.
    for url in (send_url(setting), "/admin/signoffs/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_send_page_queries_do_not_grow_with_the_audience(
    setting, hr, django_assert_max_num_queries
):
    url = send_url(setting)
    with django_assert_max_num_queries(40) as few:
        hr.get(url)
    more = [
        PersonFactory(
            organisation=setting["organisation"],
            staff_type=StaffType.COUNCIL_MEMBER,
            email=f"member{n}@example.org",
        )
        for n in range(20)
    ]
    requirements_assign_for_people(person_ids=[person.pk for person in more])
    send_signed_links(
        requirement_ids=list(
            Requirement.objects.filter(person__in=more[:5]).values_list("pk", flat=True)
        )
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = hr.get(url)
    assert response.text.count('name="requirement"') == 21


def test_the_page_says_how_many_links_were_queued_and_shows_them_waiting(setting, hr):
    """Until the worker has sent them, the links are queued, not sent: the page says so, the
    list shows each as waiting, and the request is in the organisation's history."""
    second = PersonFactory(
        organisation=setting["organisation"],
        staff_type=StaffType.COUNCIL_MEMBER,
        email="second@example.org",
    )
    requirements_assign_for_people(person_ids=[second.pk])
    version = setting["requirement"].version
    chosen = list(Requirement.objects.filter(version=version).values_list("pk", flat=True))

    # The on-commit queueing is not run: nothing has reached the worker yet.
    page = hr.post(send_url(setting), {"requirement": chosen}, follow=True)

    assert escape("จัดคิวส่งลิงก์ 2 ลิงก์แล้ว") in page.text
    assert "ส่งลิงก์รับทราบให้" not in page.text
    assert not mail.outbox
    assert set(SignedLinkDispatch.objects.values_list("status", flat=True)) == {
        DispatchStatus.PENDING
    }
    assert page.text.count("รอส่ง") == 2
    entry = RegisterLogEntry.objects.get(action="training.signed_links_queued")
    assert entry.object_id == str(setting["organisation"].pk)
    assert entry.data["version"] == version.pk and entry.data["count"] == 2
    # The history names the document and its version, not a database number.
    assert f"“{version.page.title}” ฉบับที่ {version.number} ให้ 2 คน" in entry.message


def test_asking_again_after_the_links_went_out_today_queues_nothing(setting, hr, committed):
    chosen = [setting["requirement"].pk]
    with committed():
        hr.post(send_url(setting), {"requirement": chosen}, follow=True)
    assert len(mail.outbox) == 1

    with committed():
        page = hr.post(send_url(setting), {"requirement": chosen}, follow=True)

    assert escape("ทุกคนที่เลือกได้รับลิงก์ของวันนี้แล้ว") in page.text
    assert "จัดคิวส่งลิงก์" not in page.text
    assert len(mail.outbox) == 1
    assert RegisterLogEntry.objects.filter(action="training.signed_links_queued").count() == 1


def test_someone_with_only_a_login_address_gets_their_link_there(setting, hr, committed):
    """Where a person's mail goes is one rule (Person.mail_address): the register's address, or
    else their login's; the link page and the sending follow it like the reminders do."""
    council = setting["council"]
    council.email = ""
    council.user = user_with_role(roles.EMPLOYEE)
    council.user.email = "login@example.org"
    council.user.save()
    council.save()

    page = hr.get(send_url(setting))
    assert "login@example.org" in page.text
    assert "ยังไม่มีอีเมล จึงส่งลิงก์ไม่ได้" not in page.text
    with committed():
        hr.post(send_url(setting), {"requirement": [setting["requirement"].pk]})

    assert [message.to for message in mail.outbox] == [["login@example.org"]]
    assert SignedLinkDispatch.objects.get().email == "login@example.org"


# --- Links to copy, QR codes and slips, for people without email -------------------------------


def links_in(text: str) -> dict[int, str]:
    """The link shown for each requirement on the links page."""
    return {
        int(pk): html.unescape(link)
        for pk, link in re.findall(r'id="signed-link-(\d+)" value="([^"]+)"', text)
    }


def test_the_links_page_names_the_document_and_says_how_long_a_link_lives(setting, hr, settings):
    settings.SIGNED_LINK_MAX_AGE_DAYS = 10
    text = hr.get(send_url(setting)).text
    header = text.index('id="signoff-document-title"')
    assert text.index("ประมวลจริยธรรมของสมาชิกสภาท้องถิ่น", header) < text.index("<form")
    expires = format_thai_date(timezone.localdate() + datetime.timedelta(days=10))
    assert f"ใช้ได้ 10 วันนับจากวันที่สร้างหรือส่ง ลิงก์ที่สร้างวันนี้ใช้ได้ถึงวันที่ {expires}" in text


def test_everyone_still_to_acknowledge_has_a_link_to_copy_and_its_qr_code(setting, hr):
    offline = PersonFactory(
        organisation=setting["organisation"],
        staff_type=StaffType.COUNCIL_MEMBER,
        first_name="บุญมี",
        email="",
    )
    requirements_assign_for_people(person_ids=[offline.pk])
    offline_requirement = Requirement.objects.get(person=offline)

    text = hr.get(send_url(setting)).text

    links = links_in(text)
    assert set(links) == {setting["requirement"].pk, offline_requirement.pk}
    for pk, link in links.items():
        token = link.rstrip("/").rsplit("/", 1)[1]
        check = check_link(token)
        assert check.is_valid and check.requirement.pk == pk
        assert f'data-copy-link="signed-link-{pk}"' in text
        assert qr_svg(link) in text
    # The copy button needs script: it is shown by it, so that without script nothing is broken.
    assert re.search(r'<button type="button"[^>]*data-copy-link[^>]*hidden>', text)
    assert "คัดลอกลิงก์" in text and "แสดงคิวอาร์โค้ด" in text


def slips_url(setting) -> str:
    return f"/admin/signoffs/{setting['requirement'].version_id}/links/slips.pdf"


def test_slips_print_eight_to_an_a4_page_with_name_document_qr_link_and_expiry(setting, hr):
    people = [
        PersonFactory(
            organisation=setting["organisation"],
            staff_type=StaffType.COUNCIL_MEMBER,
            first_name=f"สมาชิก{n}",
            email="",
        )
        for n in range(8)
    ]
    requirements_assign_for_people(person_ids=[person.pk for person in people])

    response = hr.get(slips_url(setting))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2  # nine people, eight to a page
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    assert len(reader.pages[0].images) == 8 and len(reader.pages[1].images) == 1
    text = unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))
    for person in [setting["council"], *people]:
        assert unicodedata.normalize("NFKC", person.first_name) in text
    title = unicodedata.normalize("NFKC", "ประมวลจริยธรรมของสมาชิกสภาท้องถิ่น ฉบับที่ 1")
    assert title in text.replace("\n", "")  # wrapped over lines on the slip
    expires = format_thai_date(timezone.localdate() + datetime.timedelta(days=14))
    assert unicodedata.normalize("NFKC", f"ถึงวันที่ {expires}") in text
    assert "/ack/" in text


@pytest.mark.parametrize(
    "title",
    [
        "การป้องกันผลประโยชน์ทับซ้อนในการจัดซื้อจัดจ้างและการเงินการคลัง",
        "ประมวลจริยธรรมของเจ้าหน้าที่ของรัฐ ฝ่ายข้าราชการประจำ ของเทศบาลตำบลพระแท่น "
        "ฉบับแก้ไขเพิ่มเติม ตามประกาศคณะกรรมการกลางข้าราชการหรือพนักงานส่วนท้องถิ่น",
    ],
)
def test_a_slip_for_a_long_title_still_names_the_version(setting, hr, title):
    Page.objects.filter(pk=setting["code"].pk).update(title=title)

    reader = PdfReader(io.BytesIO(hr.get(slips_url(setting)).content))

    text = unicodedata.normalize("NFKC", reader.pages[0].extract_text())
    assert unicodedata.normalize("NFKC", "ฉบับที่ 1") in text
    assert unicodedata.normalize("NFKC", title[:12]) in text


def test_slips_can_be_printed_for_one_division_and_only_by_hr_of_the_organisation(setting, hr):
    division = DivisionFactory(organisation=setting["organisation"], name="สภาเทศบาล")
    member = PersonFactory(
        organisation=setting["organisation"],
        staff_type=StaffType.COUNCIL_MEMBER,
        first_name="มานะ",
        division=division,
        email="",
    )
    requirements_assign_for_people(person_ids=[member.pk])

    data = hr.get(slips_url(setting), {"division": division.pk}).content

    reader = PdfReader(io.BytesIO(data))
    text = unicodedata.normalize("NFKC", reader.pages[0].extract_text())
    assert "มานะ" in text and "สมศรี" not in text
    assert len(reader.pages[0].images) == 1
    stranger = Client()
    stranger.force_login(
        user_with_role(roles.HR_OFFICER, OrganisationFactory(), employee_number="HR-9")
    )
    assert stranger.get(slips_url(setting)).status_code == 404


@pytest.mark.parametrize(
    "language, shown, not_shown",
    [
        ("th", "ทุกคนที่เลือกได้รับลิงก์ของวันนี้แล้ว", "Everyone chosen"),
        ("en", "Everyone chosen has had today", "ทุกคนที่เลือก"),
    ],
)
def test_the_nothing_sent_again_notice_is_in_the_officers_language_only(
    setting, hr, committed, language, shown, not_shown
):
    """A notice is no refusal of bad input: one language, the officer's (issue 10, item 12)."""
    user = get_user_model().objects.get(pk=hr.session["_auth_user_id"])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    chosen = [setting["requirement"].pk]
    with committed():
        hr.post(send_url(setting), {"requirement": chosen}, follow=True)
    with committed():
        page = hr.post(send_url(setting), {"requirement": chosen}, follow=True)

    text = html.unescape(page.text)
    assert text.count(shown) == 1
    assert not_shown not in text
