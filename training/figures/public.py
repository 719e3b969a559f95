"""What the public transparency page shows of a fiscal year: aggregates only, small cells hidden.

Every number comes from `selectors.year_figures` (the one count of measure 6) and, for the
briefings and the knowledge checks, `briefing_figures` and `knowledge_figures` of the whole
organisation; this module only decides what of it may be
published (`suppression`) and names the documents anyone may open.
No name, employee number, division or anything else about a person leaves this module: the
rows are personnel groups and published documents.
"""

import dataclasses
import datetime
import math

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from home.sites import url_in_site
from home.thai_dates import FiscalYear
from training.acknowledgment.models import DocumentVersion
from training.briefings.selectors import briefing_figures
from training.figures.selectors import year_figures
from training.figures.suppression import SMALL_CELL, CellState, Grid, Suppressed
from training.knowledge.selectors import knowledge_figures
from training.register.models import PersonnelGroup

SMALL_TEXT = f"< {SMALL_CELL}"
WITHHELD_TEXT = _("ไม่แสดง")

GROUP_COLUMNS = ("on_time", "late", "outstanding", "counted")
DOCUMENT_COLUMNS = ("acknowledged", "outstanding", "counted")
ALL = "all"

# The content types of the codes and their guidelines, named as data (figures import no content
# app): the codes of ethics and the guidelines are what measure 6 publishes.
PUBLISHED_DOCUMENT_TYPES = (("ethics", "codeofethicspage"), ("ethics", "guidelinespage"))


@dataclasses.dataclass(frozen=True)
class ShownCell:
    text: str
    state: CellState

    @property
    def is_small(self) -> bool:
        return self.state is CellState.SMALL

    @property
    def is_withheld(self) -> bool:
        return self.state is CellState.WITHHELD

    def __str__(self):
        return self.text


@dataclasses.dataclass(frozen=True)
class FigureRow:
    label: str
    cells: dict[str, ShownCell]
    rate: str
    url: str = ""
    published_on: datetime.date | None = None


@dataclasses.dataclass(frozen=True)
class PublishedDocument:
    title: str
    url: str
    kind: str
    version_number: int | None
    published_on: datetime.date | None


@dataclasses.dataclass(frozen=True)
class PublicBriefings:
    """A year's briefings for the whole organisation: how many held, how many of the staff their
    head briefed (people: small cells hidden), the share and the training hours."""

    fiscal_year: FiscalYear
    held: int
    staff: ShownCell
    briefed: ShownCell
    share: str
    hours: str


@dataclasses.dataclass(frozen=True)
class PublicKnowledge:
    """A year's knowledge checks for the whole organisation. A mean or a rate is shown only when
    at least SMALL_CELL people stand behind it (fewer could give one person's score away); there
    is no breakdown by group, whose means beside the total would give a small group's away."""

    fiscal_year: FiscalYear
    people: str
    pre_mean: str
    post_mean: str
    change: str
    pass_rate: str


@dataclasses.dataclass(frozen=True)
class PublicYear:
    fiscal_year: FiscalYear
    by_group: list[FigureRow]
    overall: FigureRow
    by_document: list[FigureRow]
    documents: list[PublishedDocument]
    suppressed: Suppressed
    # This year's and the year before's, in that order.
    briefings: list[PublicBriefings] = dataclasses.field(default_factory=list)
    # This year's and the year before's, in that order; empty when nobody took a check in either.
    knowledge: list[PublicKnowledge] = dataclasses.field(default_factory=list)

    @property
    def has_figures(self) -> bool:
        return bool(self.by_document)


def public_year(
    *,
    organisation_id: int,
    root: Page,
    fiscal_year: FiscalYear,
    request=None,
    site: Site | None = None,
):
    """The year's public figures of an organisation whose site starts at `root` (`site`, when
    given, makes the links without Wagtail's site cache: see `url_in_site`)."""
    figures = year_figures(organisation_id, fiscal_year)
    grid = Grid()
    groups = [*PersonnelGroup.values, ALL]
    tallies = {group: figures.group(group) for group in PersonnelGroup.values}
    tallies[ALL] = figures.overall
    for group in groups:
        for column in GROUP_COLUMNS:
            grid.cell(("group", group, column), getattr(tallies[group], column))
        grid.line(
            ("group", group, "counted"),
            [("group", group, column) for column in GROUP_COLUMNS[:-1]],
        )
    for column in GROUP_COLUMNS:
        grid.line(
            ("group", ALL, column), [("group", group, column) for group in PersonnelGroup.values]
        )

    public_pages = _public_pages_of_versions([d.version_id for d in figures.by_document], root)
    acknowledged_all = ("all", "acknowledged")
    grid.cell(acknowledged_all, figures.overall.acknowledged, published=False)
    grid.line(acknowledged_all, [("group", ALL, "on_time"), ("group", ALL, "late")])
    grid.line(("group", ALL, "counted"), [acknowledged_all, ("group", ALL, "outstanding")])
    for document in figures.by_document:
        published = document.version_id in public_pages
        for column in DOCUMENT_COLUMNS:
            grid.cell(
                ("document", document.version_id, column),
                getattr(document.tally, column),
                published=published,
            )
        grid.line(
            ("document", document.version_id, "counted"),
            [("document", document.version_id, c) for c in DOCUMENT_COLUMNS[:-1]],
        )
    for column, total in [
        ("counted", ("group", ALL, "counted")),
        ("outstanding", ("group", ALL, "outstanding")),
        ("acknowledged", acknowledged_all),
    ]:
        grid.line(total, [("document", d.version_id, column) for d in figures.by_document])

    suppressed = grid.suppress()

    def row(prefix, key, label, columns, **extra) -> FigureRow:
        cells = {column: _shown(grid, suppressed, (prefix, key, column)) for column in columns}
        rate = _rate(suppressed, (prefix, key, "counted"), (prefix, key, "outstanding"))
        return FigureRow(label=label, cells=cells, rate=rate, **extra)

    labels = dict(PersonnelGroup.choices)
    return PublicYear(
        fiscal_year=fiscal_year,
        by_group=[
            row("group", group, labels[group], GROUP_COLUMNS) for group in PersonnelGroup.values
        ],
        overall=row("group", ALL, _("รวมทุกกลุ่ม"), GROUP_COLUMNS),
        by_document=[
            row(
                "document",
                document.version_id,
                document.title,
                DOCUMENT_COLUMNS,
                url=_url(public_pages[document.version_id], site, request),
                published_on=document.published_on,
            )
            for document in figures.by_document
            if document.version_id in public_pages
        ],
        documents=published_documents(root, request=request, site=site),
        suppressed=suppressed,
        briefings=public_briefings(organisation_id, fiscal_year),
        knowledge=public_knowledge(organisation_id, fiscal_year),
    )


def _if_enough(count: int, value) -> str:
    """A mean or a rate over `count` people: a dash when there is none, withheld when too few."""
    if value is None or not count:
        return ""
    if count < SMALL_CELL:
        return str(WITHHELD_TEXT)
    return f"{value:.2f}"


def public_knowledge(organisation_id: int, fiscal_year: FiscalYear) -> list[PublicKnowledge]:
    """The organisation's knowledge outcome of the year and the year before, aggregates only."""
    figures = knowledge_figures(organisation_id, fiscal_year)
    years = [figures.current, figures.previous]
    if not any(year.overall.attempts for year in years):
        return []
    shown = []
    for year in years:
        overall = year.overall
        people = overall.people
        shown.append(
            PublicKnowledge(
                fiscal_year=year.fiscal_year,
                people=SMALL_TEXT if 0 < people < SMALL_CELL else f"{people:,}",
                pre_mean=_if_enough(min(people, overall.pre_count), overall.pre_mean),
                post_mean=_if_enough(min(people, overall.post_count), overall.post_mean),
                change=_if_enough(
                    min(people, overall.pre_count, overall.post_count), overall.change
                ),
                # Over (person, quiz) pairs: one person's two quizzes are two pairs.
                pass_rate=_if_enough(min(people, overall.pass_base), overall.pass_rate),
            )
        )
    return shown


def public_briefings(organisation_id: int, fiscal_year: FiscalYear) -> list[PublicBriefings]:
    """The organisation's briefing figures of the year and the year before, aggregates only:
    the staff and those briefed by their head are people, so fewer than five shows as "< 5" and
    a cell that would give such a one away is withheld (those not briefed are the third cell of
    the line that binds them)."""
    figures = briefing_figures(organisation_id, fiscal_year)
    years = [
        (fiscal_year, figures.total.current),
        (figures.previous_year, figures.total.previous),
    ]
    grid = Grid()
    for year, tally in years:
        key = year.be_year
        grid.cell((key, "staff"), tally.staff)
        grid.cell((key, "briefed"), tally.briefed_by_head)
        grid.cell((key, "not_briefed"), tally.staff - tally.briefed_by_head)
        grid.line((key, "staff"), [(key, "briefed"), (key, "not_briefed")])
    suppressed = grid.suppress()
    return [
        PublicBriefings(
            fiscal_year=year,
            held=tally.held,
            staff=_shown(grid, suppressed, (year.be_year, "staff")),
            briefed=_shown(grid, suppressed, (year.be_year, "briefed")),
            share=_share(suppressed, year.be_year),
            hours=f"{tally.hours:,.1f}",
        )
        for year, tally in years
    ]


def _share(suppressed: Suppressed, key) -> str:
    """The share briefed, or the range of it that the shown cells give (as `_rate`)."""
    if not suppressed.is_shown((key, "staff")):
        return ""
    staff = suppressed.bounds[(key, "staff")][0]
    if not staff:
        return ""
    low, high = suppressed.bounds[(key, "briefed")]
    low, high = 100 * low / staff, 100 * min(high, staff) / staff
    if low == high:
        return f"{low:.1f}"
    return f"{math.floor(low * 10) / 10:.1f}–{math.ceil(high * 10) / 10:.1f}"


def _shown(grid: Grid, suppressed: Suppressed, key) -> ShownCell:
    state = suppressed.state(key)
    if state is CellState.SMALL:
        return ShownCell(SMALL_TEXT, state)
    if state is CellState.WITHHELD:
        return ShownCell(str(WITHHELD_TEXT), state)
    return ShownCell(f"{grid.values[key]:,}", state)


def _rate(suppressed: Suppressed, counted_key, outstanding_key) -> str:
    """The acknowledgment rate, or the range of it the shown cells already give away.

    Shown only where the number of people counted is shown; when the number outstanding is
    "< 5" or withheld, the rate is the range a reader could work out anyway, so it tells
    nothing that the cells do not.
    """
    if not suppressed.is_shown(counted_key):
        return ""
    counted = suppressed.bounds[counted_key][0]
    if not counted:
        return ""
    low_out, high_out = suppressed.bounds[outstanding_key]
    high_out = min(high_out, counted)
    low = 100 * (counted - high_out) / counted
    high = 100 * (counted - low_out) / counted
    if low == high:
        return f"{low:.1f}"
    return f"{math.floor(low * 10) / 10:.1f}–{math.ceil(high * 10) / 10:.1f}"


def _public_pages_of_versions(version_ids: list[int], root: Page) -> dict[int, Page]:
    """The versions whose page anyone may read (live, not restricted, not an internal circular),
    with the page: a constant number of queries (one per page type)."""
    page_of_version = dict(
        DocumentVersion.objects.filter(pk__in=version_ids).values_list("pk", "page_id")
    )
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in=set(page_of_version.values()))
        .descendant_of(root, inclusive=True)
        .live()
        .public()
        .specific()
        if not getattr(page, "is_internal", False)
    }
    return {
        version_id: pages[page_id]
        for version_id, page_id in page_of_version.items()
        if page_id in pages
    }


def _url(page: Page, site: Site | None, request) -> str:
    return url_in_site(page, site) or page.get_url(request=request) or ""


def published_documents(
    root: Page, *, request=None, site: Site | None = None
) -> list[PublishedDocument]:
    """The live codes of ethics and guidelines of the site, with when they were published: a
    code by its current version's first publication, guidelines by their first publication."""
    # get_by_natural_key is cached: no query once the content types are known.
    types = [
        ContentType.objects.get_by_natural_key(app_label, model)
        for app_label, model in PUBLISHED_DOCUMENT_TYPES
    ]
    pages = list(
        Page.objects.descendant_of(root)
        .live()
        .public()
        .filter(content_type__in=types)
        .select_related("content_type")
        .order_by("path")
    )
    current = {
        version.page_id: version
        for version in DocumentVersion.objects.filter(
            page__in=pages, superseded_at__isnull=True
        ).order_by("page_id", "-number")
    }
    documents = []
    for page in pages:
        version = current.get(page.pk)
        published = version.created_at if version else page.first_published_at
        documents.append(
            PublishedDocument(
                title=page.title,
                url=_url(page, site, request),
                kind=str(page.content_type.model_class()._meta.verbose_name),
                version_number=version.number if version else None,
                published_on=timezone.localdate(published) if published else None,
            )
        )
    return documents
