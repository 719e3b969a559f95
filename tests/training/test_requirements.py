import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import DivisionFactory, PersonFactory
from tests.pages import add_circular, add_code, build_site
from training.acknowledgment.models import ChangeKind, DocumentVersion, Requirement
from training.acknowledgment.publishing import (
    requirements_assign_for_people,
    requirements_assign_for_version,
)
from training.acknowledgment.selectors import outstanding_requirements
from training.register.models import GROUP_OF_STAFF_TYPE, Person, StaffType

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Publishing queues the fan-out on commit: this runs those callbacks as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def make_people(organisation, count, *, staff_type=StaffType.MUNICIPAL_OFFICIAL, division=None):
    Person.objects.bulk_create(
        Person(
            organisation=organisation,
            employee_number=f"{staff_type[:3]}{n:06d}",
            first_name=f"ชื่อ{n}",
            last_name="ทดสอบ",
            position="พนักงาน",
            staff_type=staff_type,
            personnel_group=GROUP_OF_STAFF_TYPE[staff_type],
            division=division,
            active_from=datetime.date(2020, 1, 1),
        )
        for n in range(count)
    )


def queries_to_assign(version):
    with CaptureQueriesContext(connection) as context:
        created = requirements_assign_for_version(version=version)
    return created, len(context.captured_queries)


def test_fan_out_to_ten_thousand_people_takes_as_many_queries_as_to_ten():
    small_org, _home, small_ethics, _ = build_site(hostname="small.example.org")
    make_people(small_org, 10)
    big_org, _home, big_ethics, _ = build_site(hostname="big.example.org")
    make_people(big_org, 10_000)
    make_people(big_org, 50, staff_type=StaffType.COUNCIL_MEMBER)  # not in the audience

    small_code = add_code(small_ethics, groups=["permanent"])
    big_code = add_code(big_ethics, groups=["permanent"])
    Requirement.objects.all().delete()  # publishing already fanned out in-process; measure it alone

    small_created, small_queries = queries_to_assign(DocumentVersion.objects.get(page=small_code))
    big_created, big_queries = queries_to_assign(DocumentVersion.objects.get(page=big_code))
    assert (small_created, big_created) == (10, 10_000)
    assert big_queries == small_queries
    assert Requirement.objects.filter(version__page=big_code).count() == 10_000

    again, _ = queries_to_assign(DocumentVersion.objects.get(page=big_code))
    assert again == 0
    assert Requirement.objects.filter(version__page=big_code).count() == 10_000


def test_audience_of_groups_and_divisions_and_due_date(committed):
    organisation, _home, _ethics, circulars = build_site()
    finance = DivisionFactory(organisation=organisation, name="กองคลัง")
    works = DivisionFactory(organisation=organisation, name="กองช่าง")
    in_finance = PersonFactory(organisation=organisation, division=finance)
    PersonFactory(organisation=organisation, division=works)
    PersonFactory(organisation=organisation, staff_type=StaffType.COUNCIL_MEMBER)
    left = PersonFactory(
        organisation=organisation, division=finance, active_until=datetime.date(2021, 1, 1)
    )
    circular = add_circular(circulars, publish=False)
    circular.audience_divisions.add(finance)
    circular.acknowledgment_days = 15
    with committed():
        circular.save_revision().publish()
    requirements = Requirement.objects.filter(version__page=circular)
    assert [r.person for r in requirements] == [in_finance]
    assert left not in [r.person for r in requirements]
    requirement = requirements.get()
    assert requirement.due_date - timezone.localdate(requirement.assigned_at) == datetime.timedelta(
        days=15
    )


def test_new_version_makes_everyone_outstanding_again_minor_correction_does_not(committed):
    organisation, _home, ethics, _ = build_site()
    make_people(organisation, 5)
    with committed():
        code = add_code(ethics)
    assert outstanding_requirements().filter(version__page=code).count() == 5
    Requirement.objects.filter(version__page=code).update(fulfilled_at=timezone.now())
    assert outstanding_requirements().filter(version__page=code).count() == 0

    draft = code.get_latest_revision_as_object()
    draft.change_kind = ChangeKind.MINOR_CORRECTION
    with committed():
        draft.save_revision().publish()
    assert outstanding_requirements().filter(version__page=code).count() == 0

    draft = code.get_latest_revision_as_object()
    draft.change_kind = ChangeKind.NEW_VERSION
    with committed():
        draft.save_revision().publish()
    assert outstanding_requirements().filter(version__page=code).count() == 5
    assert outstanding_requirements().filter(version__page=code, version__number=2).count() == 5


def test_a_new_joiner_inherits_current_versions_with_the_new_joiner_period(settings):
    settings.NEW_JOINER_ACKNOWLEDGMENT_DAYS = 20
    organisation, _home, ethics, _ = build_site()
    code = add_code(ethics)
    joiner = PersonFactory(organisation=organisation)
    assert requirements_assign_for_people(person_ids=[joiner.pk]) == 1
    requirement = Requirement.objects.get(person=joiner)
    assert requirement.version.page_id == code.pk
    assert requirement.due_date == timezone.localdate(requirement.assigned_at) + datetime.timedelta(
        days=20
    )
    assert requirements_assign_for_people(person_ids=[joiner.pk]) == 0
