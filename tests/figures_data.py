"""The known data set: a small organisation whose measure 6 figures were counted by hand.

Shared by every test that checks a figure (tests/training/test_figures.py and the screens,
exports and report built on the figures).

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

from tests.factories import (
    AcknowledgmentFactory,
    DivisionFactory,
    DocumentVersionFactory,
    OrganisationFactory,
    PersonFactory,
    RequirementFactory,
)
from training.register.models import Person, StaffType

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))


def at(year, month, day, hour=10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=BANGKOK)


def build_known() -> dict:
    """The organisation above, its two divisions, two versions and the people p1..p8."""
    organisation = OrganisationFactory()
    finance = DivisionFactory(organisation=organisation, name="กองคลัง")
    works = DivisionFactory(organisation=organisation, name="กองช่าง")
    official, executive, councillor = (
        StaffType.MUNICIPAL_OFFICIAL,
        StaffType.DEPUTY_CLERK,
        StaffType.COUNCIL_MEMBER,
    )

    def person(staff_type, division=None, **fields):
        return PersonFactory(
            organisation=organisation, staff_type=staff_type, division=division, **fields
        )

    people = {
        "p1": person(official, finance),
        "p2": person(official, finance),
        "p3": person(official, works),
        "p4": person(executive, works),
        "p5": person(councillor, active_until=datetime.date(2025, 11, 20)),
        "p6": person(councillor, active_until=datetime.date(2026, 1, 31)),
        "p7": person(official, finance),
        "p8": person(official, works, active_from=datetime.date(2026, 3, 1)),
    }
    first = DocumentVersionFactory(organisation=organisation, created_at=at(2025, 11, 3))
    due = datetime.date(2025, 12, 3)
    requirements = {
        name: RequirementFactory(
            version=first, person=someone, assigned_at=at(2025, 11, 3), due_date=due
        )
        for name, someone in people.items()
        if name != "p8"
    }
    requirements["p8"] = RequirementFactory(
        version=first,
        person=people["p8"],
        assigned_at=at(2026, 3, 1),
        due_date=datetime.date(2026, 3, 31),
    )
    for name, day in [
        ("p1", at(2025, 11, 10)),
        ("p6", at(2025, 11, 15)),
        ("p4", at(2025, 12, 3, 16)),
        ("p2", at(2025, 12, 20)),
        ("p7", at(2026, 1, 5)),
        ("p8", at(2026, 3, 10)),
    ]:
        AcknowledgmentFactory(requirement=requirements[name], at=day)
    # p7 moves after the year's work was done.
    Person.objects.filter(pk=people["p7"].pk).update(division=works)

    second = DocumentVersionFactory(
        organisation=organisation, number=2, page=first.page, created_at=at(2026, 10, 15)
    )
    later_due = datetime.date(2026, 11, 14)
    p1_later = RequirementFactory(
        version=second, person=people["p1"], assigned_at=at(2026, 10, 15), due_date=later_due
    )
    RequirementFactory(
        version=second, person=people["p3"], assigned_at=at(2026, 10, 15), due_date=later_due
    )
    AcknowledgmentFactory(requirement=p1_later, at=at(2026, 10, 20))
    return {
        "organisation": organisation,
        "finance": finance,
        "works": works,
        "first": first,
        "second": second,
        "people": people,
    }
