import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from tests.factories import (
    DivisionFactory,
    DocumentVersionFactory,
    OrganisationFactory,
    PersonFactory,
    document_page,
)
from tests.pages import add_circular, add_code, build_site
from training.acknowledgment.models import ChangeKind, DocumentVersion, Requirement
from training.acknowledgment.publishing import (
    requirements_assign_for_people,
    requirements_assign_for_version,
)
from training.acknowledgment.selectors import outstanding_requirements
from training.acknowledgment.services import Evidence, acknowledgments_record
from training.register.models import GROUP_OF_STAFF_TYPE, Person, StaffType

pytestmark = pytest.mark.django_db


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


def version_for(organisation, **page_fields):
    """A current version of a document of the organisation, as publishing leaves it, unfanned."""
    page = document_page(organisation, **page_fields)
    return DocumentVersionFactory(organisation=organisation, page=page)


def test_fan_out_to_ten_thousand_people_takes_as_many_queries_as_to_ten():
    small_org = OrganisationFactory()
    make_people(small_org, 10)
    big_org = OrganisationFactory()
    make_people(big_org, 10_000)
    make_people(big_org, 50, staff_type=StaffType.COUNCIL_MEMBER)  # not in the audience
    small_version = version_for(small_org, audience_groups=["permanent"])
    big_version = version_for(big_org, audience_groups=["permanent"])
    Site.get_site_root_paths()  # Wagtail caches the sites' paths, as any earlier request would

    small_created, small_queries = queries_to_assign(small_version)
    big_created, big_queries = queries_to_assign(big_version)
    assert (small_created, big_created) == (10, 10_000)
    assert big_queries == small_queries
    assert Requirement.objects.filter(version=big_version).count() == 10_000

    again, _ = queries_to_assign(big_version)
    assert again == 0
    assert Requirement.objects.filter(version=big_version).count() == 10_000


def test_publishing_fans_out_only_once_the_publication_commits(committed):
    organisation, _home, ethics, _ = build_site()
    make_people(organisation, 3)

    with committed():
        code = add_code(ethics)
        version = DocumentVersion.objects.get(page=code)
        assert not Requirement.objects.filter(version=version).exists(), "before the commit"

    assert Requirement.objects.filter(version=version).count() == 3


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
    acknowledgments_record(
        requirements=Requirement.objects.filter(version__page=code), evidence=Evidence()
    )
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
    organisation = OrganisationFactory()
    version = version_for(organisation)
    joiner = PersonFactory(organisation=organisation)
    assert requirements_assign_for_people(person_ids=[joiner.pk]) == 1
    requirement = Requirement.objects.get(person=joiner)
    assert requirement.version == version
    assert requirement.due_date == timezone.localdate(requirement.assigned_at) + datetime.timedelta(
        days=20
    )
    assert requirements_assign_for_people(person_ids=[joiner.pk]) == 0
