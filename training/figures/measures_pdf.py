"""The measures report as a Thai A4 landscape PDF: the six-column table of seven measures, as the
municipality publishes it, with a signature block for the responsible official.

Sarabun, shaped Thai and Thai numerals throughout (`home.thai_pdf.ThaiPDF`). A row taller than
what is left of a page continues on the next one, the heading row repeated.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from home.thai_dates import format_thai_date, thai_numerals
from home.thai_pdf import ThaiPDF
from training.figures.measures import ReportRow
from training.figures.report_models import CELLS, MeasuresReport, cell_headings

MARGIN = 12
FOOTER = 10
TITLE_SIZE = 16
CELL_SIZE = 10
LINE = 4.5
PADDING = 1.5
# Column widths in mm (A4 landscape leaves 273 mm between the margins).
WIDTHS = {
    "measure": 44,
    "steps": 56,
    "period": 30,
    "responsible": 30,
    "output": 61,
    "outcome": 52,
}


def _cell_lines(pdf: ThaiPDF, texts: list[str], width: float) -> list[str]:
    lines = []
    for text in texts:
        lines.extend(pdf.wrap(thai_numerals(text), width))
    return lines


def _heading(pdf: ThaiPDF) -> None:
    headings = cell_headings()
    pdf.use_font(CELL_SIZE, bold=True)
    cells = [pdf.wrap(str(headings[cell]), WIDTHS[cell] - 2 * PADDING) for cell in CELLS]
    height = max(len(lines) for lines in cells) * LINE + 2 * PADDING
    pdf.set_fill_color(235, 235, 235)
    x = MARGIN
    for cell, lines in zip(CELLS, cells, strict=True):
        pdf.rect(x, pdf.y, WIDTHS[cell], height, style="DF")
        top = pdf.y + (height - len(lines) * LINE) / 2
        pdf.write_lines(
            lines, x=x + PADDING, y=top, width=WIDTHS[cell] - 2 * PADDING, align="C", line=LINE
        )
        x += WIDTHS[cell]
    pdf.y += height
    pdf.use_font(CELL_SIZE)


def _title(pdf: ThaiPDF, report: MeasuresReport) -> None:
    pdf.paragraph(
        _("รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใสของ%(organisation)s")
        % {"organisation": report.organisation.name_th},
        size=TITLE_SIZE,
        bold=True,
        align="C",
    )
    pdf.paragraph(
        thai_numerals(_("ประจำปีงบประมาณ พ.ศ. %(year)s") % {"year": report.fiscal_year}),
        size=TITLE_SIZE,
        bold=True,
        align="C",
    )
    pdf.y += 3


def _row(pdf: ThaiPDF, row: ReportRow, bottom: float) -> None:
    """Write a row, continuing it on new pages while it does not fit."""
    pending = {
        cell: _cell_lines(pdf, row.plain(cell), WIDTHS[cell] - 2 * PADDING) for cell in CELLS
    }
    while True:
        room = int((bottom - pdf.y - 2 * PADDING) // LINE)
        needed = max(max((len(lines) for lines in pending.values()), default=0), 1)
        if room < min(needed, 3):
            _new_page(pdf)
            continue
        take = min(room, needed)
        height = take * LINE + 2 * PADDING
        x = MARGIN
        for cell in CELLS:
            pdf.rect(x, pdf.y, WIDTHS[cell], height)
            pdf.write_lines(
                pending[cell][:take],
                x=x + PADDING,
                y=pdf.y + PADDING,
                width=WIDTHS[cell] - 2 * PADDING,
                align="L",
                line=LINE,
            )
            pending[cell] = pending[cell][take:]
            x += WIDTHS[cell]
        pdf.y += height
        if not any(pending.values()):
            return
        _new_page(pdf)


def _new_page(pdf: ThaiPDF) -> None:
    pdf.add_page()
    pdf.y = MARGIN
    _heading(pdf)


def _signature(pdf: ThaiPDF, report: MeasuresReport, bottom: float) -> None:
    needed = 34
    if pdf.y + needed > bottom:
        pdf.add_page()
        pdf.y = MARGIN
    pdf.y += 8
    pdf.use_font(12)
    left, width = pdf.w / 2, pdf.w / 2 - MARGIN
    name = report.signatory_name or "." * 40
    position = report.signatory_position or "." * 40
    pdf.y = pdf.write_lines(
        [
            _("ลงชื่อ ........................................ ผู้รายงาน"),
            f"({name})",
            _("ตำแหน่ง %(position)s") % {"position": position},
            _("วันที่ ........................................"),
        ],
        x=left,
        y=pdf.y,
        width=width,
        align="C",
        line=7,
    )


def _footers(pdf: ThaiPDF, printed_at: datetime.datetime) -> None:
    total = pdf.page_no()
    last = pdf.page
    printed = format_thai_date(printed_at, "short", with_time=True)
    for page in range(1, total + 1):
        pdf.page = page
        pdf.use_font(9)
        pdf.current_font_is_set_on_page = False
        y = pdf.h - MARGIN + 4
        pdf.shaped_text(MARGIN, y, thai_numerals(_("พิมพ์เมื่อ %(printed)s") % {"printed": printed}))
        label = thai_numerals(_("หน้า %(page)s/%(total)s") % {"page": page, "total": total})
        pdf.shaped_text(pdf.w - MARGIN - pdf.width_of(label), y, label)
    pdf.page = last


def measures_report_pdf(
    report: MeasuresReport, rows: list[ReportRow], *, printed_at: datetime.datetime | None = None
) -> bytes:
    """The whole report (seven measures, measure 6 live) as PDF bytes."""
    printed_at = printed_at or timezone.now()
    pdf = ThaiPDF(orientation="L", margin=MARGIN)
    pdf.set_title(
        _("รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ พ.ศ. %(year)s")
        % {"year": report.fiscal_year}
    )
    pdf.add_page()
    pdf.y = MARGIN
    bottom = pdf.h - MARGIN - FOOTER + 4
    _title(pdf, report)
    _heading(pdf)
    for row in rows:
        _row(pdf, row, bottom)
    _signature(pdf, report, bottom)
    _footers(pdf, printed_at)
    return bytes(pdf.output())
