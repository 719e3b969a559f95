"""The HR dashboard: the fiscal year's acknowledgment figures as the Wagtail admin's home page.

For an organisation and a fiscal year (`scope`: the current one unless the year selector says
otherwise; superusers choose the organisation too): the rate overall, by personnel group, by
division and by document, each on time / late / outstanding / left, beside the previous fiscal
year's rate and the change in percentage points; acknowledgments per month; and the documents
and divisions furthest behind. Each table has its chart (bars drawn with CSS on the server: no
JavaScript) and every number links to the people behind it (`people_views`); a document's title
links to its acknowledgment report.

Queries: the choices (organisation, years) and `year_figures` for the year and the year before,
four each, and the briefing figures (seven), whatever the head count. `wagtail_hooks.py` puts
the panel on the home page.
"""

import dataclasses
from collections.abc import Iterable

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry

from home.replica import replica_reads
from home.thai_dates import MONTHS_ABBREVIATED, FiscalYear
from training.acknowledgment.models import Acknowledgment
from training.briefings.selectors import BriefingFigures, briefing_figures
from training.figures import scope
from training.figures.people_views import NO_DIVISION, NO_DIVISION_LABEL, month_key, month_label
from training.figures.report_views import percent
from training.figures.selectors import (
    FIGURES_CACHE_SECONDS,
    FigureStatus,
    Tally,
    YearFigures,
    cached_year_figures,
    fiscal_years_of_requirements,
    months_of,
)
from training.knowledge.selectors import KnowledgeFigures, knowledge_figures
from training.register.models import Organisation, PersonnelGroup
from training.register.permissions import organisation_ids_for_user

PEOPLE_URL_NAME = "acknowledgment_figures:people"
REPORT_URL_NAME = "acknowledgment_progress:report"
ON_TIME, LATE, OUTSTANDING, LEFT = (
    FigureStatus.ON_TIME,
    FigureStatus.LATE,
    FigureStatus.OUTSTANDING,
    FigureStatus.LEFT,
)
# Which requirements a column counts, as the "people behind" listing filters them.
COLUMNS = {
    "counted": (ON_TIME, LATE, OUTSTANDING),
    "acknowledged": (ON_TIME, LATE),
    "on_time": (ON_TIME,),
    "late": (LATE,),
    "outstanding": (OUTSTANDING,),
    "left": (LEFT,),
}
# How many of the documents and divisions furthest behind to show.
FURTHEST_BEHIND = 5


def points(change: float | None) -> str:
    return "—" if change is None else f"{change:+.1f}"


class PeopleLinks:
    """Where a number of the dashboard leads: the people behind it, in the same organisation,
    year and cell (group, division, document, status, month)."""

    def __init__(self, organisation: Organisation, *, user):
        self.organisation = organisation
        self.user = user
        self.base = reverse(PEOPLE_URL_NAME)

    def url(self, fiscal_year: FiscalYear, *, statuses: Iterable[str] = (), **filters) -> str:
        query = scope.scope_query(self.organisation, fiscal_year, user=self.user)
        query.update({name: value for name, value in filters.items() if value is not None})
        return f"{self.base}?{urlencode({**query, 'status': list(statuses)}, doseq=True)}"

    def columns(self, fiscal_year: FiscalYear, **filters) -> dict[str, str]:
        """The link of each column of a table row: counted, acknowledged, on time, ..."""
        return {
            column: self.url(fiscal_year, statuses=statuses, **filters)
            for column, statuses in COLUMNS.items()
        }


@dataclasses.dataclass(frozen=True)
class Bar:
    """One segment of a bar: a status and its share of those counted, as a CSS percentage."""

    status: str
    width: str


@dataclasses.dataclass(frozen=True)
class FigureRow:
    """One line of a table (and its bar): this year's tally, the year before's, their links."""

    label: str
    tally: Tally
    previous: Tally
    links: dict[str, str]
    previous_link: str
    label_url: str = ""
    sublabel: str = ""

    @property
    def rate(self) -> str:
        return percent(self.tally.rate)

    @property
    def previous_rate(self) -> str:
        return percent(self.previous.rate)

    @property
    def change_value(self) -> float | None:
        if self.tally.rate is None or self.previous.rate is None:
            return None
        return self.tally.rate - self.previous.rate

    @property
    def change(self) -> str:
        return points(self.change_value)

    @property
    def trend(self) -> str:
        """Whether the rate went "up" or "down", or "" (no change, nothing to compare)."""
        change = self.change_value
        if change is None or round(change, 1) == 0:
            return ""
        return "up" if change > 0 else "down"

    @property
    def bars(self) -> list[Bar]:
        counted = self.tally.counted
        if not counted:
            return []
        return [
            Bar(status, f"{100 * count / counted:.2f}")
            for status, count in (
                (ON_TIME, self.tally.on_time),
                (LATE, self.tally.late),
                (OUTSTANDING, self.tally.outstanding),
            )
            if count
        ]

    @property
    def previous_mark(self) -> str:
        """Where last year's rate stands on this year's bar, as a CSS percentage."""
        rate = self.previous.rate
        return "" if rate is None else f"{rate:.2f}"


@dataclasses.dataclass(frozen=True)
class MonthRow:
    """A month's acknowledgments, the same month's a year before, and its column's height."""

    label: str
    short_label: str
    count: int
    previous: int
    link: str
    previous_link: str
    height: str


class Dashboard:
    """The figures of one organisation's fiscal year and the year before, laid out for the page.

    Everything is worked out from two `year_figures` (eight queries) when first asked for.
    """

    def __init__(
        self,
        *,
        user,
        organisation: Organisation,
        fiscal_year: FiscalYear,
        organisations: list[tuple[int, str]],
    ):
        self.user = user
        self.organisation = organisation
        self.fiscal_year = fiscal_year
        self.previous_year = fiscal_year.previous()
        self.organisations = organisations
        self.people = PeopleLinks(organisation, user=user)

    @cached_property
    def figures(self) -> YearFigures:
        return cached_year_figures(self.organisation, self.fiscal_year)

    @cached_property
    def previous_figures(self) -> YearFigures:
        return cached_year_figures(self.organisation, self.previous_year)

    @cached_property
    def briefings(self) -> BriefingFigures:
        """The briefing figures of measure 6 (output ๓) for the year and the year before."""
        return briefing_figures(self.organisation.pk, self.fiscal_year)

    @cached_property
    def knowledge(self) -> KnowledgeFigures:
        """The knowledge outcome of measure 6 (mean pre- vs post-test score, pass rate) for the
        year and the year before."""
        return knowledge_figures(self.organisation.pk, self.fiscal_year)

    @cached_property
    def years(self) -> list[FiscalYear]:
        """The year selector's choices: every year with requirements, the current one and the
        one shown, newest first."""
        years = set(fiscal_years_of_requirements(self.organisation.pk))
        years |= {scope.current_fiscal_year(), self.fiscal_year}
        return sorted(years, reverse=True)

    def row(self, label, tally: Tally, previous: Tally, **filters) -> FigureRow:
        return FigureRow(
            label=label,
            tally=tally,
            previous=previous,
            links=self.people.columns(self.fiscal_year, **filters),
            previous_link=self.people.url(
                self.previous_year, statuses=COLUMNS["acknowledged"], **filters
            ),
        )

    @cached_property
    def overall(self) -> FigureRow:
        return self.row(_("ทุกกลุ่ม"), self.figures.overall, self.previous_figures.overall)

    @cached_property
    def by_group(self) -> list[FigureRow]:
        return [
            self.row(
                label,
                self.figures.group(group),
                self.previous_figures.group(group),
                personnel_group=group,
            )
            for group, label in PersonnelGroup.choices
        ]

    @cached_property
    def by_division(self) -> list[FigureRow]:
        """This year's divisions and last year's, by name; people of no division last."""
        current = {figure.division_id: figure for figure in self.figures.by_division}
        previous = {figure.division_id: figure for figure in self.previous_figures.by_division}
        names = {pk: figure.name for pk, figure in {**previous, **current}.items()}
        order = sorted(names, key=lambda pk: (pk is None, names[pk]))
        return [
            self.row(
                names[pk] if pk is not None else NO_DIVISION_LABEL,
                current[pk].tally if pk in current else Tally(),
                previous[pk].tally if pk in previous else Tally(),
                division=str(pk) if pk is not None else NO_DIVISION,
            )
            for pk in order
        ]

    @cached_property
    def by_document(self) -> list[FigureRow]:
        """This year's document versions; beside each, last year's figures of the same document
        (its versions of that year together)."""
        previous: dict[int, Tally] = {}
        for figure in self.previous_figures.by_document:
            previous[figure.page_id] = previous.get(figure.page_id, Tally()) + figure.tally
        rows = []
        for figure in self.figures.by_document:
            row = self.row(
                figure.title,
                figure.tally,
                previous.get(figure.page_id, Tally()),
                version=str(figure.version_id),
            )
            rows.append(
                dataclasses.replace(
                    row,
                    label_url=reverse(REPORT_URL_NAME, args=[figure.version_id]),
                    sublabel=_("ฉบับที่ %(number)s") % {"number": figure.number},
                )
            )
        return rows

    @cached_property
    def monthly(self) -> list[MonthRow]:
        """Acknowledgments per month, October to September, beside the same month a year before."""
        counts = dict(self.figures.monthly)
        previous_counts = dict(self.previous_figures.monthly)
        months = months_of(self.fiscal_year)
        previous_months = months_of(self.previous_year)
        highest = max([*counts.values(), 1])
        return [
            MonthRow(
                label=month_label(month),
                short_label=str(MONTHS_ABBREVIATED[month.month]),
                count=counts.get(month, 0),
                previous=previous_counts.get(before, 0),
                link=self.people.url(self.fiscal_year, month=month_key(month)),
                previous_link=self.people.url(self.previous_year, month=month_key(before)),
                height=f"{100 * counts.get(month, 0) / highest:.2f}",
            )
            for month, before in zip(months, previous_months, strict=True)
        ]

    @staticmethod
    def furthest_behind(rows: list[FigureRow]) -> list[FigureRow]:
        """Those with someone still outstanding, the lowest rate first (then the most people)."""
        behind = [row for row in rows if row.tally.outstanding]
        behind.sort(key=lambda row: (row.tally.rate, -row.tally.outstanding, row.label))
        return behind[:FURTHEST_BEHIND]

    @cached_property
    def documents_behind(self) -> list[FigureRow]:
        return self.furthest_behind(self.by_document)

    @cached_property
    def divisions_behind(self) -> list[FigureRow]:
        return self.furthest_behind(self.by_division)


class DashboardPanel(Component):
    """The dashboard on the admin's home page, above Wagtail's own panels."""

    name = "acknowledgment_dashboard"
    order = 10
    template_name = "training/admin/dashboard.html"

    class Media:
        css = {"all": ["css/dashboard.css"]}

    def __init__(self, dashboard: Dashboard):
        self.dashboard = dashboard

    def get_context_data(self, parent_context=None):
        return {"dashboard": self.dashboard}

    def render_html(self, parent_context=None):
        """The rendered panel is kept with the figures it shows: the key carries the
        organisation's `figures_version`, so the first view after any change renders afresh."""
        dashboard = self.dashboard
        key = ":".join(
            str(part)
            for part in (
                "dashboard-html",
                dashboard.organisation.pk,
                dashboard.organisation.figures_version,
                dashboard.fiscal_year.be_year,
                dashboard.user.pk,
                translation.get_language(),
            )
        )
        html = cache.get(key)
        if html is None:
            with replica_reads():
                html = super().render_html(parent_context)
            cache.set(key, html, timeout=FIGURES_CACHE_SECONDS)
        return html


def may_see_figures(user) -> bool:
    """Whoever may read the acknowledgment report may see the figures built from it."""
    return policy_registry.get_by_type(Acknowledgment).user_has_permission(user, "view")


def dashboard_for(request) -> Dashboard | None:
    """The dashboard for this request, or None for a user who may not see figures or works on
    no organisation."""
    user = request.user
    if not may_see_figures(user):
        return None
    organisation = scope.chosen_organisation(request)
    if organisation is None:
        return None
    return Dashboard(
        user=user,
        organisation=organisation,
        fiscal_year=scope.chosen_fiscal_year(request),
        organisations=(
            list(scope.organisation_choices(user).values_list("pk", "name_th"))
            if user.is_superuser
            else []
        ),
    )


def homepage_panels(request, panels: list) -> None:
    """`construct_homepage_panels`: the dashboard first, for those who may see it."""
    dashboard = dashboard_for(request)
    if dashboard is not None:
        panels.insert(0, DashboardPanel(dashboard))


def homepage_summary_items(request, items: list) -> None:
    """`construct_homepage_summary_items`: none for a user who works on an organisation.

    Wagtail counts pages, documents and images over the whole installation (the collections
    and the page tree are shared), so "0 Documents" or "212 Pages" would be another
    organisation's as much as the user's own; superusers, who see everything, keep them.
    """
    if not request.user.is_superuser and organisation_ids_for_user(request.user):
        items.clear()
