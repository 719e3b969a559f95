"""The measures report, read: the seven rows, and measure 6's output and outcome from the figures.

Reads only. Measure 6 (กระบวนการควบคุม ตรวจสอบการใช้อำนาจและบริหารงานบุคคล) reports that the
codes of ethics were published and circulated and that staff acknowledged them. Its output and
outcome cells are written here from `year_figures` of the report's fiscal year and of the year
before, so they say exactly what the dashboard and the exports say:

- output: the documents published in the year (a version first published between 1 October and
  30 September), with their dates and page addresses; the circulars among them with their
  audience size (`DocumentVersion.audience_size`, recorded at fan-out; where a version has none,
  the requirements the year counts for it); how many acknowledged, on time, late, outstanding.
- output ๓ (heads of units explain the code to their staff): from `briefing_figures`, the
  briefings held, the share of each division's staff briefed by their head and the training hours,
  beside the previous year's.
- outcome: the acknowledgment rate by side (personnel group) and by division, the on-time share,
  and the change from the previous fiscal year in percentage points; then, from
  `knowledge_figures`, what staff know: the mean pre-test and post-test scores, their change and
  the pass rate, by side, beside the previous year's.

A constant number of queries: two `year_figures` (four each), three for the year's versions with
their pages and site, the briefing figures' seven and the knowledge figures' one.
"""

import dataclasses
import datetime
import html
import re

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from home.sites import full_url_in_site
from home.thai_dates import FiscalYear, format_thai_date
from training.acknowledgment.models import DocumentVersion
from training.briefings.selectors import BriefingFigures, BriefingTally, briefing_figures
from training.figures.report_models import LIVE_MEASURE, MeasuresReport
from training.figures.selectors import Tally, YearFigures, year_figures
from training.knowledge.selectors import KnowledgeFigure, KnowledgeFigures, knowledge_figures
from training.register.models import PersonnelGroup
from training.register.selectors import site_of_organisation

CIRCULAR_MODEL = "circularpage"


@dataclasses.dataclass(frozen=True)
class Line:
    """A line of a live cell, with the address it names (shown as a link on the page)."""

    text: str
    url: str = ""

    @property
    def plain(self) -> str:
        return f"{self.text} {self.url}" if self.url else self.text


@dataclasses.dataclass(frozen=True)
class PublishedDocument:
    version_id: int
    title: str
    number: int
    published_on: datetime.date
    url: str
    is_circular: bool
    audience: int | None
    # Anyone may read it on the website: live and not behind a login (an internal circular is).
    is_public: bool = True


@dataclasses.dataclass(frozen=True)
class MeasureSix:
    fiscal_year: FiscalYear
    figures: YearFigures
    previous: YearFigures
    documents: list[PublishedDocument]
    output: list[Line]
    outcome: list[Line]
    briefings: BriefingFigures | None = None
    knowledge: KnowledgeFigures | None = None


@dataclasses.dataclass(frozen=True)
class ReportRow:
    """One measure: each cell either rich text HR typed (`html`) or live lines (`lines`)."""

    number: int
    html: dict[str, str]
    lines: dict[str, list[Line]]

    def is_live(self, cell: str) -> bool:
        return cell in self.lines and cell not in self.html

    def plain(self, cell: str) -> list[str]:
        """The cell as lines of plain text, for the PDF and the spreadsheet."""
        if self.is_live(cell):
            return [line.plain for line in self.lines[cell]]
        return rich_text_lines(self.html.get(cell, ""))


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1f}"


def rich_text_lines(value: str) -> list[str]:
    """Rich text as lines of plain text: one per paragraph, list item or line break."""
    text = re.sub(r"(?i)<br\s*/?>|</(p|li|h[1-6]|div)>", "\n", value or "")
    text = html.unescape(strip_tags(text))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def published_documents(
    organisation_id: int, fiscal_year: FiscalYear, figures: YearFigures
) -> list[PublishedDocument]:
    """The versions first published in the year, oldest first: three queries (the pages'
    addresses are on the organisation's own site, read by its id, whatever the number of sites)."""
    first, after = fiscal_year.datetime_range()
    versions = (
        DocumentVersion.objects.filter(
            organisation_id=organisation_id, created_at__gte=first, created_at__lt=after
        )
        .select_related("page__content_type")
        .order_by("created_at", "pk")
    )
    counted = {figure.version_id: figure.tally for figure in figures.by_document}
    site = site_of_organisation(organisation_id)
    public_page_ids = set(
        Page.objects.filter(pk__in=[version.page_id for version in versions])
        .live()
        .public()
        .values_list("pk", flat=True)
    )
    documents = []
    for version in versions:
        # Whom it went to in this year, as the year's figures count them: a joiner or mover
        # who got it in a later year is in that year's figures, not in this one's.
        tally = counted.get(version.pk)
        audience = version.audience_size if tally is None else tally.counted + tally.left
        documents.append(
            PublishedDocument(
                version_id=version.pk,
                title=version.page.title,
                number=version.number,
                published_on=timezone.localdate(version.created_at),
                url=full_url_in_site(version.page, site)
                if version.page_id in public_page_ids
                else "",
                is_circular=version.page.content_type.model == CIRCULAR_MODEL,
                audience=audience,
                is_public=version.page_id in public_page_ids,
            )
        )
    return documents


def _acknowledged(tally: Tally) -> str:
    return _("รับทราบ %(acknowledged)s จาก %(counted)s รายการ (ร้อยละ %(rate)s)") % {
        "acknowledged": tally.acknowledged,
        "counted": tally.counted,
        "rate": percent(tally.rate),
    }


def measure_six_output(figures: YearFigures, documents: list[PublishedDocument]) -> list[Line]:
    year = figures.fiscal_year.be_year
    public = [document for document in documents if document.is_public]
    internal = len(documents) - len(public)
    if public:
        lines = [
            Line(
                ngettext(
                    "เผยแพร่เอกสารในปีงบประมาณ พ.ศ. %(year)s จำนวน %(count)s ฉบับ ทางเว็บไซต์ของหน่วยงาน",
                    "เผยแพร่เอกสารในปีงบประมาณ พ.ศ. %(year)s จำนวน %(count)s ฉบับ ทางเว็บไซต์ของหน่วยงาน",
                    len(public),
                )
                % {"year": year, "count": len(public)}
            )
        ]
    elif not internal:
        lines = [Line(_("ไม่มีเอกสารเผยแพร่ในปีงบประมาณ พ.ศ. %(year)s") % {"year": year})]
    else:
        lines = []
    if internal:
        lines.append(
            Line(_("แจ้งเวียนภายในหน่วยงาน %(count)s ฉบับ (ไม่เผยแพร่ต่อสาธารณะ)") % {"count": internal})
        )
    for document in public:
        lines.append(
            Line(
                _("%(title)s ฉบับที่ %(number)s เผยแพร่เมื่อ %(date)s")
                % {
                    "title": document.title,
                    "number": document.number,
                    "date": format_thai_date(document.published_on),
                },
                document.url,
            )
        )
    for document in documents:
        if document.is_circular and document.audience is not None:
            lines.append(
                Line(
                    _("แจ้งเวียน %(title)s ให้บุคลากรในสังกัดรับทราบ %(audience)s คน")
                    % {"title": document.title, "audience": document.audience}
                )
            )
    overall = figures.overall
    lines.append(Line(_("บุคลากร%(acknowledged)s") % {"acknowledged": _acknowledged(overall)}))
    lines.append(
        Line(
            _(
                "ตามกำหนด %(on_time)s รายการ เกินกำหนด %(late)s รายการ "
                "ยังไม่รับทราบ %(outstanding)s รายการ พ้นจากตำแหน่งก่อนกำหนด %(left)s รายการ (ไม่นับรวม)"
            )
            % {
                "on_time": overall.on_time,
                "late": overall.late,
                "outstanding": overall.outstanding,
                "left": overall.left,
            }
        )
    )
    return lines


def _briefed(tally: BriefingTally) -> str:
    return _(
        "จัดประชุมชี้แจง %(held)s ครั้ง หัวหน้าชี้แจงแก่บุคลากร %(briefed)s จาก %(staff)s คน "
        "(ร้อยละ %(share)s) รวม %(hours)s ชั่วโมงอบรม"
    ) % {
        "held": tally.held,
        "briefed": tally.briefed_by_head,
        "staff": tally.staff,
        "share": percent(tally.briefed_share),
        "hours": f"{tally.hours:.1f}",
    }


def measure_six_briefings(briefings: BriefingFigures) -> list[Line]:
    """Output ๓: heads of units explain the ethical standards to the staff under them."""
    total = briefings.total
    lines = [
        Line(_("หัวหน้าส่วนราชการชี้แจงมาตรฐานทางจริยธรรมแก่บุคลากรในสังกัด:")),
        Line(_("ทั้งหน่วยงาน: %(briefed)s") % {"briefed": _briefed(total.current)}),
    ]
    for row in briefings.by_division:
        if row.current.staff or row.current.held:
            lines.append(Line(f"{row.label}: {_briefed(row.current)}"))
    lines.append(
        Line(
            _("ปีงบประมาณ พ.ศ. %(year)s: %(briefed)s")
            % {"year": briefings.previous_year.be_year, "briefed": _briefed(total.previous)}
        )
    )
    return lines


def measure_six_outcome(figures: YearFigures, previous: YearFigures) -> list[Line]:
    overall = figures.overall
    lines = [
        Line(
            _("อัตราการรับทราบประมวลจริยธรรมและหนังสือเวียน ร้อยละ %(rate)s")
            % {"rate": percent(overall.rate)}
        ),
        Line(
            _("รับทราบภายในกำหนด ร้อยละ %(rate)s ของผู้ที่ต้องรับทราบ")
            % {"rate": percent(overall.on_time_rate)}
        ),
        Line(_("แยกตามฝ่าย:")),
    ]
    for group, label in PersonnelGroup.choices:
        tally = figures.group(group)
        if tally.counted:
            lines.append(Line(f"{label}: {_acknowledged(tally)}"))
    if figures.by_division:
        lines.append(Line(_("แยกตามส่วนราชการ:")))
    for division in figures.by_division:
        if division.tally.counted:
            name = division.name or _("ไม่สังกัดส่วนราชการ")
            lines.append(Line(f"{name}: {_acknowledged(division.tally)}"))
    before = previous.overall.rate
    now = overall.rate
    previous_year = previous.fiscal_year.be_year
    if before is None or now is None:
        lines.append(
            Line(_("ปีงบประมาณ พ.ศ. %(year)s ไม่มีข้อมูลการรับทราบให้เปรียบเทียบ") % {"year": previous_year})
        )
    else:
        lines.append(
            Line(
                _("เทียบกับปีงบประมาณ พ.ศ. %(year)s (ร้อยละ %(before)s): %(change)s")
                % {
                    "year": previous_year,
                    "before": percent(before),
                    "change": _change(round(now - before, 1), places=1),
                }
            )
        )
    return lines


def measure_six(organisation_id: int, fiscal_year: FiscalYear) -> MeasureSix:
    """Measure 6's live cells for an organisation and fiscal year (eighteen queries)."""
    figures = year_figures(organisation_id, fiscal_year)
    previous = year_figures(organisation_id, fiscal_year.previous())
    documents = published_documents(organisation_id, fiscal_year, figures)
    briefings = briefing_figures(organisation_id, fiscal_year)
    knowledge = knowledge_figures(organisation_id, fiscal_year)
    return MeasureSix(
        fiscal_year=fiscal_year,
        figures=figures,
        previous=previous,
        documents=documents,
        output=measure_six_output(figures, documents) + measure_six_briefings(briefings),
        outcome=measure_six_outcome(figures, previous) + measure_six_knowledge(knowledge),
        briefings=briefings,
        knowledge=knowledge,
    )


def _change(points, *, places: int) -> str:
    """A change in percentage points, in words: up, down or the same."""
    if points > 0:
        wording = _("เพิ่มขึ้น %(points)s จุด")
    elif points < 0:
        wording = _("ลดลง %(points)s จุด")
    else:
        wording = _("เท่าเดิม")
    return wording % {"points": f"{abs(points):.{places}f}"}


def _score(mean) -> str:
    return "—" if mean is None else f"{mean:.2f}"


def _knew(figure: KnowledgeFigure) -> str:
    text = _(
        "ก่อนอบรมเฉลี่ยร้อยละ %(pre)s (%(pre_count)s คน) หลังอบรมเฉลี่ยร้อยละ %(post)s (%(post_count)s คน)"
    ) % {
        "pre": _score(figure.pre_mean),
        "pre_count": figure.pre_count,
        "post": _score(figure.post_mean),
        "post_count": figure.post_count,
    }
    if figure.change is not None:
        text += " " + _change(figure.change, places=2)
    if figure.pass_rate is not None:
        text += " " + _("ผ่านเกณฑ์ร้อยละ %(rate)s (%(passed)s จาก %(base)s)") % {
            "rate": f"{figure.pass_rate:.2f}",
            "passed": figure.passed,
            "base": figure.pass_base,
        }
    return text


def measure_six_knowledge(knowledge: KnowledgeFigures) -> list[Line]:
    """The outcome "staff know the ethical standards better", as the knowledge checks measure it."""
    current, previous = knowledge.current, knowledge.previous
    year = current.fiscal_year.be_year
    if not current.overall.attempts:
        lines = [Line(_("ปีงบประมาณ พ.ศ. %(year)s ไม่มีผู้ทำแบบทดสอบความรู้ด้านจริยธรรม") % {"year": year})]
    else:
        lines = [
            Line(
                _("ความรู้ด้านจริยธรรม (แบบทดสอบ %(people)s คน): %(knew)s")
                % {"people": current.overall.people, "knew": _knew(current.overall)}
            )
        ]
        for group, label in PersonnelGroup.choices:
            figure = current.by_group.get(group)
            if figure and figure.attempts:
                lines.append(Line(f"{label}: {_knew(figure)}"))
    if previous.overall.attempts:
        lines.append(
            Line(
                _("ปีงบประมาณ พ.ศ. %(year)s: %(knew)s")
                % {"year": previous.fiscal_year.be_year, "knew": _knew(previous.overall)}
            )
        )
    return lines


def report_rows(report: MeasuresReport) -> tuple[list[ReportRow], MeasureSix]:
    """The seven rows of a report, measure 6's output and outcome live."""
    six = measure_six(report.organisation_id, report.year)
    live = {"output": six.output, "outcome": six.outcome}
    rows = []
    for number, typed in enumerate(report.typed_rows(), start=1):
        lines = live if number == LIVE_MEASURE else {}
        rows.append(ReportRow(number=number, html=dict(typed), lines=dict(lines)))
    return rows, six
