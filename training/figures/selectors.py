"""Progress of versions and the acknowledgment report, counted the way every figure counts."""

import dataclasses
import datetime
from collections.abc import Iterable

from django.core.cache import cache
from django.db import models
from django.db.models import Case, Count, F, Max, Min, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.thai_dates import FiscalYear
from training.acknowledgment.models import ACKNOWLEDGED, DocumentVersion, Requirement, past_due
from training.register.models import Division, Organisation, PersonnelGroup, in_post


class RequirementStatus(models.TextChoices):
    """Where a requirement stands on a day, as the acknowledgment report shows it."""

    ACKNOWLEDGED = "acknowledged", _("รับทราบแล้ว")
    OUTSTANDING = "outstanding", _("ยังไม่รับทราบ")
    OVERDUE = "overdue", _("เกินกำหนด")


@dataclasses.dataclass(frozen=True)
class VersionProgress:
    """How far a version's fan-out and acknowledgments have come, counting people in post."""

    assigned: int = 0
    acknowledged: int = 0
    overdue: int = 0

    @property
    def outstanding(self) -> int:
        return self.assigned - self.acknowledged

    @property
    def rate(self) -> float | None:
        """Acknowledged as a percentage of assigned; None when nobody is assigned."""
        return 100 * self.acknowledged / self.assigned if self.assigned else None


def version_progress(
    *, version_ids: Iterable[int], day: datetime.date | None = None
) -> dict[int, VersionProgress]:
    """Progress of each version, by id: one GROUP BY query for any number of versions.

    Requirements of people who left no longer count, as in every denominator of the tracker.
    """
    day = day or timezone.localdate()
    current = in_post(day, prefix="person__")
    rows = (
        Requirement.objects.filter(version_id__in=list(version_ids))
        .values("version_id")
        .order_by()
        .annotate(
            assigned=Count("pk", filter=current),
            acknowledged=Count("pk", filter=current & ACKNOWLEDGED),
            overdue=Count("pk", filter=current & past_due(day)),
        )
    )
    return {
        row["version_id"]: VersionProgress(row["assigned"], row["acknowledged"], row["overdue"])
        for row in rows
    }


def acknowledgment_report(
    *, version: DocumentVersion, day: datetime.date | None = None
) -> models.QuerySet[Requirement]:
    """A version's requirements with their person and acknowledgment, each with a `status`.

    Lists everyone in post who must acknowledge the version, done or not, and also the people
    who acknowledged it and have since left: their evidence stays in the report. Each is shown
    under the division and group it kept from assignment, as the figures count it. One query
    whatever the head count (people, divisions, acknowledgments and recorders joined in).
    """
    day = day or timezone.localdate()
    return (
        Requirement.objects.filter(version=version)
        .filter(ACKNOWLEDGED | in_post(day, prefix="person__"))
        .select_related("person", "division", "acknowledgment__recorded_by")
        .annotate(
            status=Case(
                When(ACKNOWLEDGED, then=Value(RequirementStatus.ACKNOWLEDGED)),
                When(past_due(day), then=Value(RequirementStatus.OVERDUE)),
                default=Value(RequirementStatus.OUTSTANDING),
                output_field=models.CharField(),
            )
        )
    )


# --- Measure 6: the fiscal year's figures ------------------------------------------------------
#
# What a figure counts, written once; every screen, export, report and the public page reads it.
#
# - A requirement belongs to the fiscal year (1 Oct - 30 Sep, named by its B.E. end year) of the
#   day it was assigned. Someone who joins mid-year counts from their own requirement: the
#   new-joiner assignment is in the year they joined, with its own due date.
# - It is counted under the personnel group, staff type and division the person had when it was
#   assigned (kept on the requirement), so moving someone later rewrites no past figure.
# - Acknowledged on time: an acknowledgment on or before the due date; late: after it;
#   outstanding: none yet.
# - Someone who left before the due date without acknowledging drops out of the denominator
#   ("left"); whoever acknowledged stays counted, whenever they left.


FIGURES_CACHE_SECONDS = 24 * 60 * 60


class FigureStatus(models.TextChoices):
    ON_TIME = "on_time", _("รับทราบตามกำหนด")
    LATE = "late", _("รับทราบเกินกำหนด")
    OUTSTANDING = "outstanding", _("ยังไม่รับทราบ")
    LEFT = "left", _("พ้นจากตำแหน่งก่อนกำหนด")


@dataclasses.dataclass(frozen=True)
class Tally:
    """One cell of the figures: how many requirements, and how they stand."""

    on_time: int = 0
    late: int = 0
    outstanding: int = 0
    left: int = 0

    @property
    def counted(self) -> int:
        """The denominator: everyone still owing or who acknowledged (leavers who did not, out)."""
        return self.on_time + self.late + self.outstanding

    @property
    def acknowledged(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> float | None:
        """Acknowledged as a percentage of those counted; None when nobody is counted."""
        return 100 * self.acknowledged / self.counted if self.counted else None

    @property
    def on_time_rate(self) -> float | None:
        return 100 * self.on_time / self.counted if self.counted else None

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(
            self.on_time + other.on_time,
            self.late + other.late,
            self.outstanding + other.outstanding,
            self.left + other.left,
        )

    @classmethod
    def of(cls, counts: dict[str, int]) -> "Tally":
        return cls(**{status: counts.get(status, 0) for status in FigureStatus.values})


def figure_status() -> Case:
    """Each requirement's standing, as SQL: the rules above in one CASE."""
    return Case(
        When(
            fulfilled_at__isnull=False,
            fulfilled_at__date__lte=F("due_date"),
            then=Value(FigureStatus.ON_TIME),
        ),
        When(fulfilled_at__isnull=False, then=Value(FigureStatus.LATE)),
        When(person__active_until__lt=F("due_date"), then=Value(FigureStatus.LEFT)),
        default=Value(FigureStatus.OUTSTANDING),
        output_field=models.CharField(),
    )


def requirements_of_year(organisation_id: int, fiscal_year: FiscalYear) -> models.QuerySet:
    first, after = fiscal_year.datetime_range()
    return Requirement.objects.filter(
        organisation_id=organisation_id, assigned_at__gte=first, assigned_at__lt=after
    )


def year_requirements(organisation_id: int, fiscal_year: FiscalYear) -> models.QuerySet:
    """The year's requirements one by one, each with its `status` (a FigureStatus) and with the
    person, the division at assignment and the document joined in: the people behind any
    figure of `year_figures`, in one query whatever the head count."""
    return (
        requirements_of_year(organisation_id, fiscal_year)
        .annotate(status=figure_status())
        .select_related("person", "division", "version__page")
    )


def months_of(fiscal_year: FiscalYear) -> list[datetime.date]:
    """The first day of each month of the fiscal year, October to September."""
    start = fiscal_year.start
    return [
        datetime.date(start.year + (start.month + n - 1) // 12, (start.month + n - 1) % 12 + 1, 1)
        for n in range(12)
    ]


def month_range(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Midnight starting the month and midnight ending it, in the current time zone (half-open,
    as `FiscalYear.datetime_range`): the month of `YearFigures.monthly`."""
    zone = timezone.get_current_timezone()
    following = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (
        datetime.datetime.combine(month.replace(day=1), datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(following, datetime.time.min, tzinfo=zone),
    )


def fiscal_years_of_requirements(organisation_id: int) -> list[FiscalYear]:
    """Every fiscal year from the organisation's first requirement to its last: one query."""
    span = Requirement.objects.filter(organisation_id=organisation_id).aggregate(
        first=Min("assigned_at"), last=Max("assigned_at")
    )
    if span["first"] is None:
        return []
    first, last = FiscalYear.of(span["first"]), FiscalYear.of(span["last"])
    return [FiscalYear(year) for year in range(first.be_year, last.be_year + 1)]


@dataclasses.dataclass(frozen=True)
class DocumentFigure:
    version_id: int
    page_id: int
    title: str
    number: int
    published_on: datetime.date
    tally: Tally


@dataclasses.dataclass(frozen=True)
class DivisionFigure:
    division_id: int | None
    name: str
    tally: Tally


@dataclasses.dataclass(frozen=True)
class YearFigures:
    """A fiscal year's figures for one organisation (or one division of it)."""

    fiscal_year: FiscalYear
    overall: Tally
    by_group: dict[str, Tally]
    by_division: list[DivisionFigure]
    by_document: list[DocumentFigure]
    by_group_and_division: dict[tuple[str, int | None], Tally]
    monthly: list[tuple[datetime.date, int]]

    def group(self, group: str) -> Tally:
        return self.by_group.get(group, Tally())


def year_figures(
    organisation_id: int, fiscal_year: FiscalYear, *, division_id: int | None = None
) -> YearFigures:
    """The year's figures by group, division and document, and acknowledgments per month.

    Four queries whatever the head count: one GROUP BY over the year's requirements, the names
    of the divisions and documents it names, and one GROUP BY month of the acknowledgments.
    """
    requirements = requirements_of_year(organisation_id, fiscal_year)
    if division_id is not None:
        requirements = requirements.filter(division_id=division_id)
    rows = (
        requirements.annotate(status=figure_status())
        .values("personnel_group", "division_id", "version_id", "status")
        .order_by()
        .annotate(n=Count("pk"))
    )
    cells: dict[tuple[str, int | None, int], dict[str, int]] = {}
    for row in rows:
        key = (row["personnel_group"], row["division_id"], row["version_id"])
        cells.setdefault(key, {})[row["status"]] = row["n"]
    tallies = {key: Tally.of(counts) for key, counts in cells.items()}

    def total(select) -> dict:
        sums: dict = {}
        for key, tally in tallies.items():
            bucket = select(key)
            sums[bucket] = sums.get(bucket, Tally()) + tally
        return sums

    by_group = total(lambda key: key[0])
    by_division = total(lambda key: key[1])
    by_document = total(lambda key: key[2])
    divisions = dict(
        Division.objects.filter(pk__in=[pk for pk in by_division if pk]).values_list("pk", "name")
    )
    versions = {
        version.pk: version
        for version in DocumentVersion.objects.filter(pk__in=list(by_document)).select_related(
            "page"
        )
    }
    first, after = fiscal_year.datetime_range()
    months = (
        requirements.filter(fulfilled_at__gte=first, fulfilled_at__lt=after)
        .annotate(month=TruncMonth("fulfilled_at"))
        .values("month")
        .order_by("month")
        .annotate(n=Count("pk"))
    )
    return YearFigures(
        fiscal_year=fiscal_year,
        overall=sum(tallies.values(), Tally()),
        by_group=by_group,
        by_division=sorted(
            (
                DivisionFigure(pk, divisions.get(pk, "") if pk else "", tally)
                for pk, tally in by_division.items()
            ),
            key=lambda figure: (figure.division_id is None, figure.name),
        ),
        by_document=sorted(
            (
                DocumentFigure(
                    pk,
                    versions[pk].page_id,
                    versions[pk].page.title,
                    versions[pk].number,
                    timezone.localdate(versions[pk].created_at),
                    tally,
                )
                for pk, tally in by_document.items()
            ),
            key=lambda figure: (figure.published_on, figure.title),
        ),
        by_group_and_division=total(lambda key: (key[0], key[1])),
        monthly=[(_month_day(row["month"]), row["n"]) for row in months],
    )


def _month_day(value) -> datetime.date:
    """TruncMonth gives a datetime on PostgreSQL and SQLite alike; the month's first day."""
    return timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value


# --- One version: the report's totals and its breakdown -------------------------------------------


@dataclasses.dataclass(frozen=True)
class ReportTotals:
    """What the rows of an acknowledgment report add up to, filtered as the list is: everyone
    listed, those who acknowledged (on time or late, by the figures' rule), and those still to
    acknowledge, of whom some are past their due date."""

    listed: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def acknowledged(self) -> int:
        return self.on_time + self.late

    @property
    def outstanding(self) -> int:
        return self.listed - self.acknowledged

    @property
    def rate(self) -> float | None:
        return 100 * self.acknowledged / self.listed if self.listed else None


def report_totals(report: models.QuerySet) -> ReportTotals:
    """The totals of `acknowledgment_report`'s rows after any filter: one aggregate query.

    Counted over the very rows the list and the exports show, so that filtering by division,
    group or status moves the totals with the list.
    """
    counts = (
        report.order_by()
        .annotate(figure=figure_status())
        .aggregate(
            listed=Count("pk"),
            on_time=Count("pk", filter=models.Q(figure=FigureStatus.ON_TIME)),
            late=Count("pk", filter=models.Q(figure=FigureStatus.LATE)),
            overdue=Count("pk", filter=models.Q(status=RequirementStatus.OVERDUE)),
        )
    )
    return ReportTotals(**counts)


@dataclasses.dataclass(frozen=True)
class GroupFigure:
    group: str
    label: str
    tally: Tally


@dataclasses.dataclass(frozen=True)
class VersionBreakdown:
    """A version's requirements counted as the year's figures count them (on time, late,
    outstanding, left), by the division and the personnel group kept at assignment."""

    overall: Tally
    by_division: list[DivisionFigure]
    by_group: list[GroupFigure]


def version_breakdown(version: DocumentVersion) -> VersionBreakdown:
    """The whole version by division and by group: two queries whatever the head count (one
    GROUP BY over its requirements, and the names of the divisions it names).

    The same rules as `year_figures`: `figure_status()`, the division and group a requirement
    kept, leavers who never acknowledged out of the denominator.
    """
    rows = (
        Requirement.objects.filter(version=version)
        .annotate(figure=figure_status())
        .values("division_id", "personnel_group", "figure")
        .order_by()
        .annotate(n=Count("pk"))
    )
    cells: dict[tuple[int | None, str], dict[str, int]] = {}
    for row in rows:
        key = (row["division_id"], row["personnel_group"])
        cells.setdefault(key, {})[row["figure"]] = row["n"]
    by_division: dict[int | None, Tally] = {}
    by_group: dict[str, Tally] = {}
    for (division_id, group), counts in cells.items():
        tally = Tally.of(counts)
        by_division[division_id] = by_division.get(division_id, Tally()) + tally
        by_group[group] = by_group.get(group, Tally()) + tally
    names = dict(
        Division.objects.filter(pk__in=[pk for pk in by_division if pk]).values_list("pk", "name")
    )
    return VersionBreakdown(
        overall=sum(by_division.values(), Tally()),
        by_division=sorted(
            (
                DivisionFigure(pk, names.get(pk, "") if pk else "", tally)
                for pk, tally in by_division.items()
            ),
            key=lambda figure: (figure.division_id is None, figure.name),
        ),
        by_group=[
            GroupFigure(group, label, by_group[group])
            for group, label in PersonnelGroup.choices
            if group in by_group
        ],
    )


def cached_year_figures(
    organisation: Organisation, fiscal_year: FiscalYear, *, division_id: int | None = None
) -> YearFigures:
    """`year_figures`, kept in the cache until the organisation's figures change.

    The key carries `Organisation.figures_version`, which every write the figures count renews
    (acknowledgments, requirements, people joining, moving or leaving), so a warm page is served
    from the cache and the first one after a change counts afresh; nothing is ever stale.
    """
    key = (
        f"figures:{organisation.pk}:{organisation.figures_version}:"
        f"{fiscal_year.be_year}:{division_id or ''}"
    )
    figures = cache.get(key)
    if figures is None:
        figures = year_figures(organisation.pk, fiscal_year, division_id=division_id)
        cache.set(key, figures, timeout=FIGURES_CACHE_SECONDS)
    return figures
