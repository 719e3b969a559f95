"""Reads of briefings: who is invited, what a person sees, who may run one, who attended."""

import dataclasses
import datetime

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from home.thai_dates import FiscalYear
from training.acknowledgment.models import DocumentVersion, Requirement
from training.briefings.models import Attendance, AttendanceStatus, Briefing
from training.register import roles
from training.register.models import Division, Person, in_post
from training.register.selectors import user_has_role


def briefing_day(briefing: Briefing) -> datetime.date:
    return timezone.localdate(briefing.starts_at)


def invited_people(briefing: Briefing) -> QuerySet[Person]:
    """Everyone invited and in post on the briefing's day, by division then employee number."""
    return (
        Person.objects.filter(briefing.invited_q(), in_post(briefing_day(briefing)))
        .select_related("division")
        .order_by("division__name", "employee_number")
    )


def briefings_for_person(person: Person) -> list[Briefing]:
    """The upcoming briefings of the person's organisation that invite them or that they lead,
    soonest first: two queries, however many there are."""
    upcoming = (
        Briefing.objects.filter(organisation_id=person.organisation_id)
        .upcoming()
        .select_related("leader")
        .prefetch_related("divisions")
        .order_by("starts_at")
    )
    return [b for b in upcoming if b.leader_id == person.pk or b.invites(person)]


def can_manage(user, briefing: Briefing) -> bool:
    """The leader, whoever scheduled it, and the organisation's HR officers run a briefing."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or briefing.created_by_id == user.pk:
        return True
    leader = briefing.leader
    if leader.user_id == user.pk:
        return True
    return user_has_role(user, roles.HR_OFFICER, briefing.organisation_id)


def briefing_with_related(briefing_id: int) -> Briefing | None:
    return (
        Briefing.objects.select_related("organisation", "leader", "leader__division")
        .prefetch_related(
            "divisions",
            Prefetch("versions", queryset=DocumentVersion.objects.select_related("page")),
            "materials",
            "evidence",
        )
        .filter(pk=briefing_id)
        .first()
    )


@dataclasses.dataclass
class AttendanceRow:
    person: Person
    attendance: Attendance | None
    invited: bool

    @property
    def present(self) -> bool:
        return self.attendance is not None and self.attendance.status == AttendanceStatus.PRESENT

    @property
    def pending(self) -> bool:
        return self.attendance is not None and self.attendance.status == AttendanceStatus.PENDING


def attendance_rows(briefing: Briefing) -> list[AttendanceRow]:
    """The invited people with their attendance, then anyone else who checked in: two queries."""
    attendances = {
        a.person_id: a
        for a in Attendance.objects.filter(briefing=briefing).select_related(
            "person", "person__division"
        )
    }
    rows = []
    for person in invited_people(briefing):
        rows.append(AttendanceRow(person, attendances.pop(person.pk, None), True))
    for attendance in sorted(attendances.values(), key=lambda a: a.person.employee_number):
        rows.append(AttendanceRow(attendance.person, attendance, False))
    return rows


def attendance_of(briefing: Briefing, person: Person | None) -> Attendance | None:
    if person is None:
        return None
    return Attendance.objects.filter(briefing=briefing, person=person).first()


def briefing_requirements(briefing: Briefing, person: Person) -> list[Requirement]:
    """The person's outstanding requirements of the versions the briefing covered."""
    return list(
        Requirement.objects.outstanding(timezone.localdate())
        .filter(person=person, version__in=briefing.versions.all())
        .select_related("version__page")
        .order_by("version__page__title")
    )


# --- The measure 6 figures of briefings (output ๓: heads of units brief their staff) -------------


@dataclasses.dataclass(frozen=True)
class BriefingTally:
    """A fiscal year's briefings for a division (or the whole organisation).

    `held`: briefings over by now with at least one confirmed attendance (of the division's
    people, for a division); `staff`: people in post at some time in the year, less the division's
    head; `briefed_by_head`: those of them who attended (confirmed) a briefing that their division's
    head led; `hours`: the training hours, each confirmed attendance counting its briefing's length.
    """

    held: int = 0
    staff: int = 0
    briefed_by_head: int = 0
    hours: float = 0.0

    @property
    def briefed_share(self) -> float | None:
        """Percent of the staff briefed by their head; None when there is nobody to brief."""
        return 100 * self.briefed_by_head / self.staff if self.staff else None


@dataclasses.dataclass(frozen=True)
class BriefingRow:
    """A division's (or the organisation's) tally for the year and the year before."""

    division_id: int | None
    label: str
    current: BriefingTally
    previous: BriefingTally

    @property
    def share_change(self) -> float | None:
        """The change of the share briefed by the head, in percentage points."""
        if self.current.briefed_share is None or self.previous.briefed_share is None:
            return None
        return self.current.briefed_share - self.previous.briefed_share


@dataclasses.dataclass(frozen=True)
class BriefingFigures:
    fiscal_year: FiscalYear
    previous_year: FiscalYear
    total: BriefingRow
    by_division: list[BriefingRow]


def in_post_during(fiscal_year: FiscalYear, *, prefix: str = "") -> Q:
    """In post on at least one day of the fiscal year (`in_post` of a single day, widened)."""
    return Q(**{f"{prefix}active_from__lte": fiscal_year.end}) & (
        Q(**{f"{prefix}active_until__isnull": True})
        | Q(**{f"{prefix}active_until__gte": fiscal_year.start})
    )


def held_attendances(organisation_id: int, fiscal_year: FiscalYear, now=None) -> QuerySet:
    """Confirmed attendances of the organisation's briefings that started in the fiscal year and
    are over by `now`: a briefing with one of them is a briefing held."""
    first, after = fiscal_year.datetime_range()
    return Attendance.objects.present().filter(
        briefing__organisation_id=organisation_id,
        briefing__starts_at__gte=first,
        briefing__starts_at__lt=after,
        briefing__ends_at__lte=now or timezone.now(),
    )


def _hours(duration: datetime.timedelta | None) -> float:
    return duration.total_seconds() / 3600 if duration else 0.0


def _year_tallies(
    organisation_id: int, fiscal_year: FiscalYear, division_id: int | None, now
) -> tuple[BriefingTally, dict[int, BriefingTally]]:
    """Three queries: attendances by division, the same for the whole, staff by division."""
    attendances = held_attendances(organisation_id, fiscal_year, now)
    staff = Person.objects.filter(
        in_post_during(fiscal_year), organisation_id=organisation_id, division__isnull=False
    ).exclude(division__head_id=F("pk"))
    if division_id is not None:
        attendances = attendances.filter(person__division_id=division_id)
        staff = staff.filter(division_id=division_id)
    by_head = (
        Q(briefing__leader_id=F("person__division__head_id"))
        & ~Q(person_id=F("briefing__leader_id"))
        & in_post_during(fiscal_year, prefix="person__")
    )
    sums = {
        "held": Count("briefing", distinct=True),
        "briefed": Count("person", distinct=True, filter=by_head),
        "length": Sum(
            ExpressionWrapper(
                F("briefing__ends_at") - F("briefing__starts_at"), output_field=DurationField()
            )
        ),
    }
    rows = attendances.values("person__division_id").annotate(**sums).order_by()
    whole = attendances.aggregate(**sums)
    by_division = staff.values("division_id").annotate(n=Count("pk")).order_by()
    headcount = dict(by_division.values_list("division_id", "n"))
    tallies = {pk: BriefingTally(staff=n) for pk, n in headcount.items()}
    for row in rows:
        pk = row["person__division_id"]
        if pk is None:
            continue
        tallies[pk] = BriefingTally(
            held=row["held"],
            staff=headcount.get(pk, 0),
            briefed_by_head=row["briefed"],
            hours=_hours(row["length"]),
        )
    total = BriefingTally(
        held=whole["held"],
        staff=sum(headcount.values()),
        briefed_by_head=whole["briefed"],
        hours=_hours(whole["length"]),
    )
    return total, tallies


def briefing_figures(
    organisation_id: int, fiscal_year: FiscalYear, division_id: int | None = None, *, now=None
) -> BriefingFigures:
    """Briefings held, the share of each division's staff briefed by their head and the training
    hours, for the fiscal year and the year before, by division and in all.

    Seven queries whatever the number of people, briefings and divisions. The head is the
    division's head as the register names them now (the register keeps no history of heads).
    """
    previous_year = fiscal_year.previous()
    current_total, current = _year_tallies(organisation_id, fiscal_year, division_id, now)
    previous_total, previous = _year_tallies(organisation_id, previous_year, division_id, now)
    divisions = Division.objects.filter(organisation_id=organisation_id).order_by("name")
    if division_id is not None:
        divisions = divisions.filter(pk=division_id)
    empty = BriefingTally()
    rows = [
        BriefingRow(
            division.pk,
            str(division),
            current.get(division.pk, empty),
            previous.get(division.pk, empty),
        )
        for division in divisions
    ]
    total = BriefingRow(None, "", current_total, previous_total)
    return BriefingFigures(fiscal_year, previous_year, total, rows)
