"""Measure 6 figures against a small organisation counted by hand (tests/figures_data.py).

FY 2569 (1 Oct 2025 - 30 Sep 2026), the code's version 1 published 3 Nov 2025, due 3 Dec 2025:

    person  group       division  what happened                               counts as
    p1      permanent   finance   acknowledged 10 Nov                         on time
    p2      permanent   finance   acknowledged 20 Dec                         late
    p3      permanent   works     nothing                                     outstanding
    p4      executive   works     acknowledged 3 Dec (the due day)            on time
    p5      political   -         left 20 Nov, before the due date, nothing   left (not counted)
    p6      political   -         acknowledged 15 Nov, left 31 Jan            on time (stays)
    p7      permanent   finance   acknowledged 5 Jan, then moved to works     late, in finance
    p8      permanent   works     joined 1 Mar 2026, own requirement due 31   on time (joiner)
                                  Mar, acknowledged 10 Mar

FY 2570: version 2 published 15 Oct 2026, due 14 Nov 2026: p1 on time (20 Oct), p3 outstanding.
"""

import datetime

import pytest
import time_machine

from home.thai_dates import FiscalYear
from tests.factories import AcknowledgmentFactory, PersonFactory
from tests.figures_data import at, build_known
from tests.pages import add_code, build_site
from training.acknowledgment.models import ChangeKind, DocumentVersion, Requirement
from training.acknowledgment.publishing import requirements_assign_for_version, requirements_sweep
from training.figures.selectors import Tally, cached_year_figures, year_figures
from training.register.models import Person, PersonnelGroup, StaffType
from training.register.signals import people_changed_on_commit

pytestmark = pytest.mark.django_db

PERMANENT, EXECUTIVE, POLITICAL = (
    PersonnelGroup.PERMANENT,
    PersonnelGroup.EXECUTIVE,
    PersonnelGroup.POLITICAL,
)


@pytest.fixture
def known():
    return build_known()


def test_the_year_counts_what_was_counted_by_hand(known):
    figures = year_figures(known["organisation"].pk, FiscalYear(2569))

    assert figures.overall == Tally(on_time=4, late=2, outstanding=1, left=1)
    assert figures.overall.counted == 7
    assert round(figures.overall.rate, 2) == 85.71
    assert figures.group(PERMANENT) == Tally(on_time=2, late=2, outstanding=1)
    assert figures.group(EXECUTIVE) == Tally(on_time=1)
    assert figures.group(POLITICAL) == Tally(on_time=1, left=1)
    by_division = {figure.name: figure.tally for figure in figures.by_division}
    assert by_division == {
        "กองคลัง": Tally(on_time=1, late=2),
        "กองช่าง": Tally(on_time=2, outstanding=1),
        "": Tally(on_time=1, left=1),
    }
    (document,) = figures.by_document
    assert (document.version_id, document.number) == (known["first"].pk, 1)
    assert document.published_on == datetime.date(2025, 11, 3)
    assert document.tally == figures.overall
    assert figures.monthly == [
        (datetime.date(2025, 11, 1), 2),
        (datetime.date(2025, 12, 1), 2),
        (datetime.date(2026, 1, 1), 1),
        (datetime.date(2026, 3, 1), 1),
    ]


def test_the_next_year_counts_only_its_own_requirements(known):
    figures = year_figures(known["organisation"].pk, FiscalYear(2570))
    assert figures.overall == Tally(on_time=1, outstanding=1)
    assert [d.number for d in figures.by_document] == [2]


def test_one_division_alone(known):
    figures = year_figures(
        known["organisation"].pk, FiscalYear(2569), division_id=known["works"].pk
    )
    assert figures.overall == Tally(on_time=2, outstanding=1)


def test_moving_a_person_changes_no_past_figure(known):
    before = year_figures(known["organisation"].pk, FiscalYear(2569))
    Person.objects.filter(pk=known["people"]["p1"].pk).update(
        division=known["works"], staff_type=StaffType.DEPUTY_CLERK, personnel_group=EXECUTIVE
    )
    after = year_figures(known["organisation"].pk, FiscalYear(2569))
    assert after == before


def test_the_figures_take_as_many_queries_for_many_people_as_for_few(
    known, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        year_figures(known["organisation"].pk, FiscalYear(2569))


def test_a_minor_correction_that_edits_the_audience_does_not_change_whom_the_version_is_for():
    organisation, _home, ethics, _circulars = build_site()
    official = PersonFactory(organisation=organisation, staff_type=StaffType.MUNICIPAL_OFFICIAL)
    councillor = PersonFactory(organisation=organisation, staff_type=StaffType.COUNCIL_MEMBER)
    with time_machine.travel(at(2026, 3, 2), tick=False):
        page = add_code(ethics, groups=("permanent",))
        version = DocumentVersion.objects.get(page_id=page.pk)
        requirements_assign_for_version(version=version)
        page.audience_groups = []  # now addressed to everyone...
        page.change_kind = ChangeKind.MINOR_CORRECTION  # ...but as a correction of version 1
        page.save_revision().publish()
        requirements_sweep()

    assert DocumentVersion.objects.filter(page_id=page.pk).count() == 1
    assert set(Requirement.objects.values_list("person_id", flat=True)) == {official.pk}
    assert not Requirement.objects.filter(person=councillor).exists()


def test_cached_figures_are_served_until_an_acknowledgment_changes_them(
    known, django_assert_num_queries
):
    organisation = known["organisation"]
    organisation.refresh_from_db()
    first = cached_year_figures(organisation, FiscalYear(2570))
    assert first.overall == Tally(on_time=1, outstanding=1)
    with django_assert_num_queries(0):
        assert cached_year_figures(organisation, FiscalYear(2570)) == first

    p3 = Requirement.objects.get(version=known["second"], person=known["people"]["p3"])
    AcknowledgmentFactory(requirement=p3, at=at(2026, 11, 1))
    organisation.refresh_from_db()
    assert cached_year_figures(organisation, FiscalYear(2570)).overall == Tally(on_time=2)


def test_someone_leaving_renews_the_cached_figures(known, committed):
    organisation = known["organisation"]
    organisation.refresh_from_db()
    before = organisation.figures_version
    cached_year_figures(organisation, FiscalYear(2570))
    with committed():
        people_changed_on_commit(person_ids=[known["people"]["p3"].pk])
    organisation.refresh_from_db()
    assert organisation.figures_version != before
