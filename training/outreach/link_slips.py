"""Signed links on paper: a QR code per person, eight slips to an A4 page, to cut and hand out.

Council members often have no email address; HR prints their slips and hands them over. Each
slip names the person, the document and its version, and carries the QR code of the person's
link, the link itself (to type, if no phone camera is at hand) and the day it expires.
"""

import dataclasses
import datetime
import io

import segno
from django.utils.translation import gettext as _

from home.thai_dates import format_thai_date
from home.thai_pdf import ThaiPDF
from training.acknowledgment.models import DocumentVersion

MARGIN = 10
COLUMNS = 2
ROWS = 4
SLIPS_PER_PAGE = COLUMNS * ROWS
PADDING = 5
QR_SIZE = 38
LINE = 5.2
# Lines of the document's title beside the QR code; a longer title is cut short with "…", and
# the version number is always printed after it.
DOCUMENT_LINES = 4


@dataclasses.dataclass(frozen=True)
class Slip:
    name: str
    division: str
    url: str


def qr_svg(url: str) -> str:
    """The QR code of a link as inline SVG for a page, scaled by CSS, with no fixed size."""
    return segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True)


def _qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


def link_slips_pdf(
    *, version: DocumentVersion, slips: list[Slip], expires_on: datetime.date
) -> bytes:
    """The slips as A4 PDF bytes, SLIPS_PER_PAGE to a page, with dashed lines to cut along."""
    pdf = ThaiPDF(orientation="P", margin=MARGIN)
    pdf.set_title(_("ลิงก์รับทราบ %(title)s") % {"title": version.page.title})
    width = (pdf.w - 2 * MARGIN) / COLUMNS
    height = (pdf.h - 2 * MARGIN) / ROWS
    document = (version.page.title, _("ฉบับที่ %(number)s") % {"number": version.number})
    expiry = _("ใช้ได้ครั้งเดียว ถึงวันที่ %(date)s") % {"date": format_thai_date(expires_on)}
    if not slips:
        pdf.add_page()
        pdf.y = MARGIN
        pdf.paragraph(_("ไม่มีผู้ที่ยังไม่ได้รับทราบฉบับนี้"), size=14)
    for index, slip in enumerate(slips):
        if index % SLIPS_PER_PAGE == 0:
            pdf.add_page()
            _cut_lines(pdf, width, height)
        column, row = index % COLUMNS, (index % SLIPS_PER_PAGE) // COLUMNS
        _slip(
            pdf,
            slip,
            x=MARGIN + column * width,
            y=MARGIN + row * height,
            width=width,
            document=document,
            expiry=expiry,
        )
    return bytes(pdf.output())


def _cut_lines(pdf: ThaiPDF, width: float, height: float) -> None:
    pdf.set_draw_color(150, 150, 150)
    pdf.set_dash_pattern(dash=2, gap=2)
    for column in range(COLUMNS + 1):
        x = MARGIN + column * width
        pdf.line(x, MARGIN, x, pdf.h - MARGIN)
    for row in range(ROWS + 1):
        y = MARGIN + row * height
        pdf.line(MARGIN, y, pdf.w - MARGIN, y)
    pdf.set_dash_pattern()
    pdf.set_draw_color(0, 0, 0)


def _slip(
    pdf: ThaiPDF,
    slip: Slip,
    *,
    x: float,
    y: float,
    width: float,
    document: tuple[str, str],
    expiry: str,
) -> None:
    left, top = x + PADDING, y + PADDING
    inner = width - 2 * PADDING
    pdf.image(_qr_png(slip.url), x=left, y=top, w=QR_SIZE, h=QR_SIZE)
    text_left = left + QR_SIZE + 3
    text_width = inner - QR_SIZE - 3
    pdf.use_font(13, bold=True)
    line_y = pdf.write_lines(
        pdf.wrap(slip.name, text_width, thai_words=False),
        x=text_left,
        y=top,
        width=text_width,
        align="L",
        line=LINE + 0.6,
    )
    pdf.use_font(11)
    if slip.division:
        line_y = pdf.write_lines(
            pdf.wrap(slip.division, text_width),
            x=text_left,
            y=line_y,
            width=text_width,
            align="L",
            line=LINE,
        )
    line_y = pdf.write_lines(
        pdf.wrap(_("โปรดอ่านและรับทราบ"), text_width) + _document_lines(pdf, document, text_width),
        x=text_left,
        y=line_y + 1,
        width=text_width,
        align="L",
        line=LINE,
    )
    pdf.use_font(10)
    below = max(top + QR_SIZE + 2, line_y + 1)
    below = pdf.write_lines(
        pdf.wrap(expiry, inner), x=left, y=below, width=inner, align="L", line=LINE - 0.6
    )
    pdf.use_font(8)
    pdf.write_lines(
        pdf.wrap(slip.url, inner, thai_words=False),
        x=left,
        y=below,
        width=inner,
        align="L",
        line=3.6,
    )


def _document_lines(pdf: ThaiPDF, document: tuple[str, str], width: float) -> list[str]:
    """The title and its version number ("ฉบับที่ 2", never broken) in at most DOCUMENT_LINES
    lines: a title too long is cut short with "…", never the number that says which text to read."""
    title, number = document
    lines = pdf.wrap(title, width)
    if len(lines) >= DOCUMENT_LINES:
        lines = lines[: DOCUMENT_LINES - 1]
        last = lines[-1]
        while last and pdf.width_of(f"{last}…") > width:
            last = last[:-1]
        return [*lines[:-1], f"{last.rstrip()}…", number]
    with_number = f"{lines[-1]} {number}"
    if pdf.width_of(with_number) <= width:
        return [*lines[:-1], with_number]
    return [*lines, number]
