"""The division head's view in the staff portal: their division's progress per document and its
stragglers for this fiscal year or the last, a reminder per person or for everyone (once a day,
logged, queued after commit), and nothing of any other division.

On 20 Nov 2026 (fiscal year 2570) กองคลัง, headed by "head", owes the code's version 2 (published
15 Oct 2026, due 14 Nov 2026, so overdue): the clerk (login, email) and the accountant (no login,
email) have not acknowledged it, the typist has no email at all, the cashier acknowledged, and
the head has not. Version 1 of another document, from fiscal year 2569, is still owed by the
clerk. กองช่าง, headed by someone else, has one engineer who owes version 2.
"""

import datetime
from html import escape

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.celery_app import app as celery_app
from tests.factories import (
    AcknowledgmentFactory,
    DivisionFactory,
    DocumentVersionFactory,
    PersonFactory,
    RequirementFactory,
    UserFactory,
)
from tests.pages import build_site
from training.outreach.head_reminders import HEAD_REMINDER
from training.outreach.models import ReminderKind, ReminderLog, ReminderStatus
from training.register.models import RegisterLogEntry, StaffType

pytestmark = pytest.mark.django_db

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
TODAY = datetime.datetime(2026, 11, 20, 9, tzinfo=BANGKOK)
HOST = "phrathaen.example.org"


def at(year, month, day) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, tzinfo=BANGKOK)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
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

    def person(division, first_name, **fields):
        return PersonFactory(
            organisation=organisation, division=division, first_name=first_name, **fields
        )

    head = person(
        finance,
        "อำนวย",
        staff_type=StaffType.DIVISION_DIRECTOR,
        email="head@example.org",
        user=UserFactory(username="head"),
    )
    clerk = person(finance, "สมชาย", email="clerk@example.org", user=UserFactory(username="clerk"))
    accountant = person(finance, "สมหญิง", email="accountant@example.org")
    typist = person(finance, "สมศรี")
    cashier = person(finance, "สมปอง", email="cashier@example.org")
    works_head = person(
        works,
        "วิศวะ",
        staff_type=StaffType.DIVISION_DIRECTOR,
        user=UserFactory(username="works-head"),
    )
    engineer = person(works, "ช่างเอก", email="engineer@example.org")
    finance.head, works.head = head, works_head
    finance.save()
    works.save()

    code = DocumentVersionFactory(organisation=organisation, number=1, created_at=at(2026, 3, 1))
    code.page.title = "ประมวลจริยธรรมทดสอบ"
    code.page.save()
    later = DocumentVersionFactory(organisation=organisation, number=2, created_at=at(2026, 10, 15))
    requirements = {}
    for someone in (head, clerk, accountant, typist, cashier, engineer):
        requirements[someone.pk] = RequirementFactory(
            version=later,
            person=someone,
            assigned_at=at(2026, 10, 15),
            due_date=datetime.date(2026, 11, 14),
        )
    AcknowledgmentFactory(requirement=requirements[cashier.pk], at=at(2026, 10, 20))
    old = RequirementFactory(
        version=code, person=clerk, assigned_at=at(2026, 3, 1), due_date=datetime.date(2026, 3, 31)
    )
    return {
        "organisation": organisation,
        "finance": finance,
        "works": works,
        "head": head,
        "clerk": clerk,
        "accountant": accountant,
        "typist": typist,
        "cashier": cashier,
        "works_head": works_head,
        "engineer": engineer,
        "code": code,
        "later": later,
        "old": old,
    }


def division_url(division, **params) -> str:
    url = reverse("portal_division_detail", args=[division.pk])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in params.items())}" if params else url


def remind_url(division) -> str:
    return reverse("portal_division_remind", args=[division.pk])


# --- Who sees what -------------------------------------------------------------------------------


def test_a_head_is_taken_to_their_division_and_the_portal_links_there(office):
    client = login(office["head"].user)
    assert 'href="/portal/division/"' in client.get("/portal/").text
    response = client.get("/portal/division/")
    assert response.status_code == 302
    assert response["Location"] == division_url(office["finance"])


def test_someone_who_heads_no_division_gets_a_404_and_no_link(office):
    client = login(office["clerk"].user)
    assert "/portal/division/" not in client.get("/portal/").text
    assert client.get("/portal/division/").status_code == 404
    assert client.get(division_url(office["finance"])).status_code == 404
    assert client.post(remind_url(office["finance"]), {"all": "1"}).status_code == 404


def test_the_view_needs_a_login(office):
    response = Client(HTTP_HOST=HOST).get(division_url(office["finance"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_head_sees_their_divisions_progress_and_stragglers_and_not_another_divisions(office):
    response = login(office["head"].user).get(division_url(office["finance"]))
    assert response.status_code == 200
    html = response.text
    (document,) = response.context["figures"].by_document
    assert document.version_id == office["later"].pk
    # The head, clerk, accountant and typist owe it; the cashier acknowledged on time.
    assert (document.tally.counted, document.tally.on_time, document.tally.outstanding) == (5, 1, 4)
    names = [straggler.person.first_name for straggler in response.context["stragglers"]]
    assert sorted(names) == sorted(["อำนวย", "สมชาย", "สมหญิง", "สมศรี"])
    assert office["clerk"].full_name in html
    assert office["cashier"].full_name not in html
    assert office["engineer"].full_name not in html
    assert "เกินกำหนด" in html and "14 พ.ย. 2569" in html
    assert "วันละหนึ่งครั้ง" in html  # the rate limit is said on the page
    # Whom a button reminds: not the head themself, not someone without an email.
    assert f'name="person" value="{office["clerk"].pk}"' in html
    assert f'name="person" value="{office["accountant"].pk}"' in html
    assert f'name="person" value="{office["typist"].pk}"' not in html
    assert f'name="person" value="{office["head"].pk}"' not in html
    assert "ไม่มีอีเมลในทะเบียนบุคลากร" in html


def test_another_division_by_its_address_is_refused(office):
    client = login(office["head"].user)
    assert client.get(division_url(office["works"])).status_code == 404
    assert client.post(remind_url(office["works"]), {"all": "1"}).status_code == 404
    assert (
        client.post(remind_url(office["works"]), {"person": office["engineer"].pk}).status_code
        == 404
    )
    assert not ReminderLog.objects.exists()


def test_posting_someone_of_another_division_to_ones_own_is_refused_and_writes_nothing(
    office, committed
):
    client = login(office["head"].user)
    with committed():
        response = client.post(
            remind_url(office["finance"]),
            {"person": [office["clerk"].pk, office["engineer"].pk]},
        )
    assert response.status_code == 404
    assert not ReminderLog.objects.exists()
    assert not RegisterLogEntry.objects.filter(action=HEAD_REMINDER).exists()
    assert not mail.outbox


def test_the_previous_fiscal_year_can_be_chosen(office):
    response = login(office["head"].user).get(division_url(office["finance"], year=2569))
    assert response.context["year"].be_year == 2569
    (document,) = response.context["figures"].by_document
    assert document.version_id == office["code"].pk
    (straggler,) = response.context["stragglers"]
    assert straggler.person == office["clerk"]
    assert "ประมวลจริยธรรมทดสอบ" in response.text
    # Only this year and the one before are offered; anything else is this year.
    other = login(office["head"].user).get(division_url(office["finance"], year=2560))
    assert other.context["year"].be_year == 2570


def test_a_head_of_two_divisions_chooses_and_sees_each(office):
    office["works"].head = office["head"]
    office["works"].save()
    client = login(office["head"].user)
    choice = client.get("/portal/division/")
    assert choice.status_code == 200
    assert division_url(office["finance"]) in choice.text
    assert division_url(office["works"]) in choice.text
    works = client.get(division_url(office["works"]))
    assert works.status_code == 200
    assert office["engineer"].full_name in works.text
    assert office["clerk"].full_name not in works.text


# --- Reminding -----------------------------------------------------------------------------------


def test_reminding_one_person_emails_them_logs_it_and_says_so(office, committed):
    client = login(office["head"].user)
    with committed():
        response = client.post(
            remind_url(office["finance"]), {"person": office["clerk"].pk, "year": 2570}
        )
    assert response.status_code == 302
    assert response["Location"] == division_url(office["finance"], year=2570)

    (email,) = mail.outbox
    assert email.to == ["clerk@example.org"]
    # The ordinary reminder: everything the clerk owes, both years, and the portal to do it in.
    assert "ประมวลจริยธรรมทดสอบ" in email.body
    assert "https://phrathaen.example.org/portal/" in email.body
    reminder = ReminderLog.objects.get()
    assert (reminder.person, reminder.kind, reminder.status) == (
        office["clerk"],
        ReminderKind.DIGEST,
        ReminderStatus.SENT,
    )
    entry = RegisterLogEntry.objects.get(action=HEAD_REMINDER)
    assert entry.object_id == str(office["organisation"].pk)
    assert entry.user_id == office["head"].user_id
    assert entry.data["people"] == [office["clerk"].pk]
    assert entry.data["division"] == office["finance"].pk
    assert f"เตือน 1 คนในกองคลัง ให้รับทราบเอกสาร: {office['clerk'].full_name}" in entry.message

    page = client.get(response["Location"])
    assert escape(f"ส่งอีเมลเตือนแล้ว 1 คน: {office['clerk'].full_name}") in page.text
    assert f'name="person" value="{office["clerk"].pk}"' not in page.text
    assert "ได้รับการเตือนแล้ววันนี้" in page.text


def test_a_person_is_reminded_at_most_once_a_day(office, committed):
    client = login(office["head"].user)
    for _ in range(2):
        with committed():
            client.post(remind_url(office["finance"]), {"person": office["clerk"].pk})
    assert len(mail.outbox) == 1
    assert RegisterLogEntry.objects.filter(action=HEAD_REMINDER).count() == 1
    page = client.get(division_url(office["finance"]))
    assert "ได้รับการเตือนแล้ววันนี้ เตือนได้อีกครั้งพรุ่งนี้" in page.text

    # The next day the head may remind them again.
    with time_machine.travel(TODAY + datetime.timedelta(days=1), tick=False), committed():
        client.post(remind_url(office["finance"]), {"person": office["clerk"].pk})
    assert len(mail.outbox) == 2


def test_someone_the_daily_reminders_reached_today_is_not_reminded_again(office, committed):
    ReminderLog.objects.create(
        organisation=office["organisation"],
        person=office["clerk"],
        kind=ReminderKind.DIGEST,
        day=TODAY.date(),
        status=ReminderStatus.SENT,
    )
    with committed():
        login(office["head"].user).post(
            remind_url(office["finance"]), {"person": office["clerk"].pk}
        )
    assert not mail.outbox
    assert not RegisterLogEntry.objects.filter(action=HEAD_REMINDER).exists()


def test_reminding_everyone_reaches_all_with_an_address_and_gives_a_signed_link_without_login(
    office, committed
):
    client = login(office["head"].user)
    with committed():
        response = client.post(
            remind_url(office["finance"]), {"all": "1", "year": 2570}, follow=True
        )
    assert sorted(email.to[0] for email in mail.outbox) == [
        "accountant@example.org",
        "clerk@example.org",
    ]
    accountant = next(email for email in mail.outbox if email.to == ["accountant@example.org"])
    assert "https://phrathaen.example.org/ack/" in accountant.body  # no login: their own link
    assert escape("ส่งอีเมลเตือนแล้ว 2 คน") in response.text
    assert "1 คนไม่มีอีเมลในทะเบียนบุคลากร" in response.text
    (entry,) = RegisterLogEntry.objects.filter(action=HEAD_REMINDER)
    assert sorted(entry.data["people"]) == sorted([office["clerk"].pk, office["accountant"].pk])
    # The head's own overdue item is theirs to acknowledge, not to be reminded of by themself.
    assert not ReminderLog.objects.filter(person=office["head"]).exists()


def test_the_sends_are_queued_only_after_the_request_commits(
    office, django_capture_on_commit_callbacks
):
    client = login(office["head"].user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(remind_url(office["finance"]), {"person": office["clerk"].pk})
    assert not mail.outbox
    assert ReminderLog.objects.get().status == ReminderStatus.PENDING
    (callback,) = callbacks
    callback()
    assert len(mail.outbox) == 1


def test_the_task_is_found_by_its_name_and_acks_late():
    task = celery_app.tasks["training.tasks.send_head_reminders"]
    assert task.acks_late


def test_the_page_takes_as_many_queries_for_many_stragglers_as_for_few(office):
    client = login(office["head"].user)
    url = division_url(office["finance"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        someone = PersonFactory(
            organisation=office["organisation"],
            division=office["finance"],
            email=f"more{n}@example.org" if n % 2 else "",
            user=UserFactory() if n % 3 else None,
        )
        RequirementFactory(
            version=office["later"],
            person=someone,
            assigned_at=at(2026, 10, 15),
            due_date=datetime.date(2026, 11, 14),
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["stragglers"]) == 24
    assert len(many) == len(few), f"{len(few)} queries for 4 stragglers, {len(many)} for 24"


def test_a_large_divisions_stragglers_come_fifty_to_a_page(office):
    for n in range(60):
        someone = PersonFactory(
            organisation=office["organisation"],
            division=office["finance"],
            first_name=f"ค้าง{n:02d}",
            email=f"late{n}@example.org",
        )
        RequirementFactory(
            version=office["later"],
            person=someone,
            assigned_at=at(2026, 10, 15),
            due_date=datetime.date(2026, 11, 14),
        )
    client = login(office["head"].user)
    first = client.get(division_url(office["finance"], year=2570))
    second = client.get(division_url(office["finance"], year=2570, page=2))

    shown = [s.person.pk for s in first.context["page_obj"]]
    rest = [s.person.pk for s in second.context["page_obj"]]
    assert len(shown) == 50
    assert len(first.context["stragglers"]) == len(shown) + len(rest)
    assert not set(shown) & set(rest)
    assert "หน้า 1 จาก 2" in first.content.decode()
