"""The tracker's rules, each written once: in post, outstanding, overdue, due dates, mail addresses,
and how a refusal is worded. Every listing, figure and mail reads them from here."""

import datetime

import pytest
import time_machine
from django.utils import translation

from home.bilingual import bilingual
from tests.factories import PersonFactory, UserFactory
from tests.pages import add_code, build_site
from training.acknowledgment.models import DocumentVersion, Requirement
from training.acknowledgment.publishing import requirements_assign_for_version
from training.acknowledgment.services import (
    NOT_ASSIGNED,
    AcknowledgmentRefused,
    Evidence,
    acknowledgments_record,
)
from training.register.models import Person, StaffType

pytestmark = pytest.mark.django_db

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))


def published_code(on: datetime.datetime):
    """A code of ethics for permanent staff published on a day, its audience not fanned out."""
    organisation, _home, ethics, _circulars = build_site()
    people = [
        PersonFactory(organisation=organisation, staff_type=StaffType.MUNICIPAL_OFFICIAL)
        for _ in range(3)
    ]
    with time_machine.travel(on, tick=False):
        page = add_code(ethics)
    version = DocumentVersion.objects.get(page_id=page.pk)
    return organisation, page, version, people


def test_a_late_fan_out_counts_the_due_date_from_the_day_of_publication():
    organisation, page, version, people = published_code(
        datetime.datetime(2026, 3, 2, 9, tzinfo=BANGKOK)
    )
    # The worker was down; the fan-out runs three days later (as the daily sweep would).
    with time_machine.travel(datetime.datetime(2026, 3, 5, 9, tzinfo=BANGKOK), tick=False):
        assert requirements_assign_for_version(version=version) == len(people)
    due_dates = set(Requirement.objects.filter(version=version).values_list("due_date", flat=True))
    assert due_dates == {
        datetime.date(2026, 3, 2) + datetime.timedelta(days=page.acknowledgment_days)
    }


def test_outstanding_and_overdue_leave_out_leavers_the_acknowledged_and_the_superseded():
    organisation, page, version, people = published_code(
        datetime.datetime(2026, 3, 2, 9, tzinfo=BANGKOK)
    )
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=BANGKOK), tick=False):
        requirements_assign_for_version(version=version)
    done, leaver, waiting = people
    Person.objects.filter(pk=leaver.pk).update(active_until=datetime.date(2026, 3, 10))
    with time_machine.travel(datetime.datetime(2026, 3, 3, 9, tzinfo=BANGKOK), tick=False):
        acknowledgments_record(
            requirements=Requirement.objects.filter(person=done), evidence=Evidence()
        )
    due = datetime.date(2026, 3, 2) + datetime.timedelta(days=page.acknowledgment_days)

    def people_of(queryset):
        return set(queryset.values_list("person_id", flat=True))

    # On the due day itself nobody is late yet; the leaver still counts while in post.
    assert people_of(Requirement.objects.outstanding(due)) == {waiting.pk}
    assert people_of(Requirement.objects.outstanding(datetime.date(2026, 3, 9))) == {
        leaver.pk,
        waiting.pk,
    }
    assert people_of(Requirement.objects.overdue(due)) == set()
    later = due + datetime.timedelta(days=1)
    assert people_of(Requirement.objects.overdue(later)) == {waiting.pk}
    assert people_of(Requirement.objects.acknowledged()) == {done.pk}
    # A new version supersedes this one: nothing of it is outstanding any more.
    DocumentVersion.objects.filter(pk=version.pk).update(superseded_at=version.created_at)
    assert not Requirement.objects.outstanding(later).exists()


def test_mail_goes_to_the_register_address_before_the_login_address():
    with_both = PersonFactory(
        email="register@example.org", user=UserFactory(email="login@example.org")
    )
    login_only = PersonFactory(email="", user=UserFactory(email="login2@example.org"))
    neither = PersonFactory(email="", user=None)
    assert with_both.mail_address == "register@example.org"
    assert login_only.mail_address == "login2@example.org"
    assert neither.mail_address == ""


def test_a_refusal_is_thai_with_english_beside_it_and_english_once_in_english():
    with translation.override("th"):
        thai = AcknowledgmentRefused(NOT_ASSIGNED).message
    with translation.override("en"):
        english = AcknowledgmentRefused(NOT_ASSIGNED).message
    assert thai == "เอกสารนี้ไม่ได้มอบหมายให้ท่านรับทราบ (This document is not assigned to you)"
    assert english == "This document is not assigned to you"
    with translation.override("en"):
        assert bilingual(NOT_ASSIGNED) == english
