"""The printable sign-in sheet (ใบลงชื่อเข้าร่วมประชุม) of a briefing, as a Thai A4 PDF.

Sarabun and Thai numerals, as Thai government documents are, set by `home.thai_pdf.ThaiPDF` the
way the paper sign-off sheet is. It lists everyone invited with room to sign; the leader or HR
uploads its scan afterwards and ticks who signed.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from home.thai_dates import format_thai_date, thai_numerals
from home.thai_pdf import ThaiPDF
from training.briefings.models import Briefing
from training.briefings.selectors import invited_people

MARGIN = 15
FOOTER = 12
CELL_SIZE = 11
LINE = 4.9
PADDING = 1.6
MIN_ROW = 11
# (heading, width in mm, alignment)
COLUMNS = [
    (_lazy("ลำดับ"), 12, "C"),
    (_lazy("ชื่อ-สกุล"), 52, "L"),
    (_lazy("ตำแหน่ง"), 44, "L"),
    (_lazy("ส่วนราชการ"), 42, "L"),
    (_lazy("ลายมือชื่อ"), 30, "C"),
]


def _columns():
    return [(str(heading), width, align) for heading, width, align in COLUMNS]


def _row(pdf: ThaiPDF, cells: list[list[str]], *, fill: bool = False) -> None:
    height = max(MIN_ROW, max(len(lines) for lines in cells) * LINE + 2 * PADDING)
    if pdf.y + height > pdf.h - MARGIN - FOOTER and not fill:
        pdf.add_page()
        pdf.y = MARGIN
        _heading(pdf)
    x = MARGIN
    for lines, (_heading_text, width, align) in zip(cells, _columns(), strict=True):
        pdf.rect(x, pdf.y, width, height, style="DF" if fill else "D")
        top = pdf.y + (height - len(lines) * LINE) / 2
        pdf.write_lines(
            lines, x=x + PADDING, y=top, width=width - 2 * PADDING, align=align, line=LINE
        )
        x += width
    pdf.y += height


def _heading(pdf: ThaiPDF) -> None:
    pdf.use_font(CELL_SIZE, bold=True)
    pdf.set_fill_color(235, 235, 235)
    _row(pdf, [[heading] for heading, _width, _align in _columns()], fill=True)
    pdf.use_font(CELL_SIZE)


def briefing_sheet_pdf(briefing: Briefing, *, printed_at: datetime.datetime | None = None) -> bytes:
    """The sheet as PDF bytes: one query for the people, whatever their number."""
    printed_at = printed_at or timezone.now()
    pdf = ThaiPDF(orientation="P", margin=MARGIN)
    pdf.set_title(_("ใบลงชื่อเข้าร่วมประชุม"))
    pdf.set_subject(briefing.title)
    pdf.add_page()
    pdf.y = MARGIN
    pdf.paragraph(_("ใบลงชื่อเข้าร่วมประชุม"), size=18, bold=True, align="C")
    pdf.paragraph(briefing.organisation.name_th, size=16, bold=True, align="C")
    pdf.paragraph(_("เรื่อง %(title)s") % {"title": briefing.title}, size=14, bold=True, align="C")
    when = thai_numerals(
        _("วันที่ %(day)s เวลา %(start)s–%(end)s น.")
        % {
            "day": format_thai_date(briefing.starts_at),
            "start": timezone.localtime(briefing.starts_at).strftime("%H:%M"),
            "end": timezone.localtime(briefing.ends_at).strftime("%H:%M"),
        }
    )
    pdf.paragraph(when, size=14, align="C")
    if briefing.place:
        pdf.paragraph(_("ณ %(place)s") % {"place": briefing.place}, size=14, align="C")
    pdf.y += 3
    _heading(pdf)
    inner = [width - 2 * PADDING for _heading_text, width, _align in _columns()]
    for number, person in enumerate(invited_people(briefing), start=1):
        _row(
            pdf,
            [
                [thai_numerals(number)],
                pdf.wrap(person.full_name, inner[1], thai_words=False),
                pdf.wrap(person.position, inner[2]),
                pdf.wrap(person.division.name if person.division else "-", inner[3]),
                [""],
            ],
        )
    total = pdf.page_no()
    printed = format_thai_date(printed_at, "short", with_time=True)
    for page in range(1, total + 1):
        pdf.page = page
        pdf.use_font(9)
        pdf.current_font_is_set_on_page = False
        y = pdf.h - MARGIN - 4
        pdf.shaped_text(MARGIN, y, thai_numerals(_("พิมพ์เมื่อ %(printed)s") % {"printed": printed}))
        label = thai_numerals(_("หน้า %(page)s/%(total)s") % {"page": page, "total": total})
        pdf.shaped_text(pdf.w - MARGIN - pdf.width_of(label), y, label)
    pdf.page = total
    return bytes(pdf.output())
