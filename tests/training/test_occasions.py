"""A version whose occasion is over (last New Year's no-gift circular) is not a new to-do.

It is not assigned to people who join or move in after its last day, nor to anyone when it is put
on the site after that day; nobody is asked for it any more; and the figures of the year it was
assigned in keep what was missed.
"""

import datetime
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from home.thai_dates import FiscalYear
from tests.factories import PersonFactory
from tests.pages import add_circular, build_site
from tests.training.register_helpers import user_with_role
from training.acknowledgment.models import ChangeKind, DocumentVersion, Requirement
from training.acknowledgment.selectors import outstanding_requirements
from training.acknowledgment.tasks import sweep_requirements
from training.figures.selectors import year_figures
from training.register import roles
from training.register.models import Person

pytestmark = pytest.mark.django_db

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
NEW_YEAR_ENDS = datetime.date(2025, 1, 15)


def at(day: str, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour), tzinfo=BANGKOK
    )


@pytest.fixture
def new_year_circular(time_machine, committed):
    """A no-gift circular for New Year 2568, published on 18 December 2024 to two people."""
    time_machine.move_to(at("2024-12-18"), tick=False)
    organisation, _home, _ethics, circulars = build_site()
    people = PersonFactory.create_batch(2, organisation=organisation)
    with committed():
        circular = add_circular(
            circulars,
            title="งดรับของขวัญเนื่องในเทศกาลปีใหม่ พ.ศ. 2568",
            date=datetime.date(2024, 12, 18),
            publish=False,
        )
        circular.occasion_ends_on = NEW_YEAR_ENDS
        circular.save_revision().publish()
    return organisation, circular, people


def required_of(person: Person) -> set[int]:
    return set(Requirement.objects.filter(person=person).values_list("version__page_id", flat=True))


def test_the_version_keeps_the_last_day_of_its_occasion_and_its_audience_is_assigned(
    new_year_circular,
):
    organisation, circular, people = new_year_circular
    version = DocumentVersion.objects.get(page=circular)
    assert version.occasion_ends_on == NEW_YEAR_ENDS
    assert all(required_of(person) == {circular.pk} for person in people)


def test_someone_who_joins_on_the_last_day_is_still_asked_the_day_after_is_not(
    new_year_circular, time_machine
):
    organisation, circular, _people = new_year_circular
    time_machine.move_to(at("2025-01-15", 1), tick=False)
    on_the_day = PersonFactory(organisation=organisation)
    assert sweep_requirements() == 1
    assert required_of(on_the_day) == {circular.pk}

    time_machine.move_to(at("2025-01-16", 1), tick=False)
    after = PersonFactory(organisation=organisation)
    assert sweep_requirements() == 0
    assert required_of(after) == set()


def test_a_joiner_added_by_hr_after_the_occasion_gets_nothing_for_it(
    new_year_circular, time_machine, client, committed
):
    organisation, circular, _people = new_year_circular
    time_machine.move_to(at("2025-02-03"), tick=False)
    client.force_login(user_with_role(roles.HR_OFFICER, organisation, employee_number="HR-1"))
    with committed():
        response = client.post(
            reverse("person:add"),
            {
                "organisation": organisation.pk,
                "employee_number": "N-1",
                "title": "นาง",
                "first_name": "มาลี",
                "last_name": "เข้ามาใหม่",
                "position": "นักวิชาการเงินและบัญชี",
                "personnel_group": "permanent",
                "staff_type": "municipal_official",
                "division": "",
                "email": "",
                "phone": "",
                "active_from": "03/02/2568",
                "active_until": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert required_of(Person.objects.get(employee_number="N-1")) == set()


def test_an_old_circular_put_on_the_site_after_its_occasion_is_assigned_to_nobody(
    time_machine, committed
):
    time_machine.move_to(at("2026-11-20"), tick=False)
    organisation, _home, _ethics, circulars = build_site()
    PersonFactory.create_batch(3, organisation=organisation)
    with committed():
        circular = add_circular(circulars, date=datetime.date(2024, 12, 18), publish=False)
        circular.occasion_ends_on = NEW_YEAR_ENDS
        circular.save_revision().publish()
    version = DocumentVersion.objects.get(page=circular)
    assert Requirement.objects.count() == 0
    # Fanned out (to nobody), so the sweep does not try again; its audience is still shown.
    assert version.fanned_out_at is not None and version.audience_size == 3
    assert sweep_requirements() == 0


def test_nobody_is_asked_for_it_after_the_occasion_but_the_year_still_counts_it(
    new_year_circular, time_machine, client
):
    organisation, circular, people = new_year_circular
    person = people[0]
    person.user = user = get_user_model().objects.create_user(username="malee")
    person.save()
    time_machine.move_to(at("2025-01-10"), tick=False)
    client.force_login(user)
    assert outstanding_requirements().filter(person=person).count() == 1
    assert circular.title in client.get(reverse("portal")).content.decode()

    time_machine.move_to(at("2025-01-16"), tick=False)
    client.force_login(user)
    assert outstanding_requirements().filter(person=person).count() == 0
    assert circular.title not in client.get(reverse("portal")).content.decode()
    figures = year_figures(organisation.pk, FiscalYear(2568)).overall
    assert (figures.counted, figures.outstanding) == (2, 2)


def test_a_minor_correction_can_end_the_occasion_and_changes_no_past_figure(
    time_machine, committed
):
    time_machine.move_to(at("2025-10-06"), tick=False)
    organisation, _home, _ethics, circulars = build_site()
    PersonFactory.create_batch(2, organisation=organisation)
    with committed():
        circular = add_circular(circulars, date=datetime.date(2025, 10, 6))
    before = set(Requirement.objects.values_list("pk", "person_id", "due_date", "fulfilled_at"))
    assert len(before) == 2

    time_machine.move_to(at("2025-11-03"), tick=False)
    draft = circular.get_latest_revision_as_object()
    draft.occasion_ends_on = datetime.date(2025, 11, 3)
    draft.change_kind = ChangeKind.MINOR_CORRECTION
    with committed():
        draft.save_revision().publish()
    version = DocumentVersion.objects.get(page=circular)
    assert version.occasion_ends_on == datetime.date(2025, 11, 3)

    time_machine.move_to(at("2025-11-04", 1), tick=False)
    joiner = PersonFactory(organisation=organisation)
    assert sweep_requirements() == 0
    assert required_of(joiner) == set()
    after = set(Requirement.objects.values_list("pk", "person_id", "due_date", "fulfilled_at"))
    assert after == before
