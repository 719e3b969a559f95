"""The paper sign-off sheet (ใบลงนามรับทราบ) of a version, as a Thai A4 PDF.

The sheet lists the audience with room to sign. Its footer carries the first 16 hex digits of
the SHA-256 of the version's text, so that a signed sheet, once scanned and recorded, ties to
the very text people acknowledged. Numbers are in Thai numerals and the font is Sarabun, as in
Thai government documents.

The text is set by `home.thai_pdf.ThaiPDF` (Sarabun, shaped by HarfBuzz, Thai line breaks).
"""

import dataclasses
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from home.thai_dates import format_thai_date, thai_numerals
from home.thai_pdf import ThaiPDF
from training.acknowledgment.models import DocumentVersion
from training.acknowledgment.selectors import latest_publication
from training.outreach.selectors import sheet_requirements

MARGIN = 15
FOOTER_HEIGHT = 12
BODY_SIZE = 14
CELL_SIZE = 11
CELL_LINE = 4.9
CELL_PADDING = 1.6
MIN_ROW_HEIGHT = 11
HASH_PREFIX = 16


@dataclasses.dataclass(frozen=True)
class SheetColumn:
    heading: str
    width: float
    align: str = "L"


# A date written by hand needs room: "๓๐ พ.ย. ๒๕๖๙" set in Sarabun at 14 pt (about the size of
# handwriting) is 31.4 mm wide, 34.6 mm with the cell's padding; the date column was 15 mm. The
# six columns fill the 180 mm between the margins.
DATE_COLUMN_WIDTH = 36


def columns() -> list[SheetColumn]:
    return [
        SheetColumn(_("ลำดับ"), 10, "C"),
        SheetColumn(_("ชื่อ-สกุล"), 40),
        SheetColumn(_("ตำแหน่ง"), 32),
        SheetColumn(_("ส่วนราชการ"), 30),
        SheetColumn(_("ลายมือชื่อ"), 32, "C"),
        SheetColumn(_("วันที่"), DATE_COLUMN_WIDTH, "C"),
    ]


class SheetPDF(ThaiPDF):
    """A portrait A4 sign-off sheet."""

    def __init__(self):
        super().__init__(orientation="P", margin=MARGIN)
        self.set_title(_("ใบลงนามรับทราบ"))


@dataclasses.dataclass(frozen=True)
class SheetRow:
    name: str
    position: str
    division: str
    signature: str = ""
    day: str = ""


def sheet_rows(
    *, version: DocumentVersion, everyone: bool = False, division_id: int | None = None
) -> list[SheetRow]:
    """The people who must sign, by division then employee number: one query.

    By default only those who have not acknowledged yet; with `everyone`, the whole audience in
    post, those already done marked as such; with `division_id`, one division's people only.
    """
    requirements = sheet_requirements(version=version, everyone=everyone, division_id=division_id)
    rows = []
    for requirement in requirements:
        person = requirement.person
        acknowledgment = getattr(requirement, "acknowledgment", None)
        rows.append(
            SheetRow(
                name=person.full_name,
                position=person.position,
                division=person.division.name if person.division else "-",
                signature=(
                    _("รับทราบแล้ว (%(channel)s)") % {"channel": acknowledgment.get_channel_display()}
                    if acknowledgment
                    else ""
                ),
                day=(
                    thai_numerals(format_thai_date(acknowledgment.acknowledged_at, "short"))
                    if acknowledgment
                    else ""
                ),
            )
        )
    return rows


def signoff_sheet_pdf(
    *,
    version: DocumentVersion,
    everyone: bool = False,
    printed_at: datetime.datetime = None,
    division=None,
) -> bytes:
    """The sign-off sheet of a version as PDF bytes, of one division when one is given."""
    printed_at = printed_at or timezone.now()
    publication = latest_publication(version.pk)
    text_hash = publication.text_sha256[:HASH_PREFIX] if publication else "-"
    title = (publication.revision.object_str if publication else "") or version.page.title
    organisation = version.organisation
    rows = sheet_rows(
        version=version, everyone=everyone, division_id=division.pk if division else None
    )

    pdf = SheetPDF()
    pdf.set_subject(title)
    pdf.add_page()
    pdf.y = MARGIN
    pdf.paragraph(_("ใบลงนามรับทราบ"), size=18, bold=True, align="C")
    if organisation:
        pdf.paragraph(organisation.name_th, size=16, bold=True, align="C")
    if division is not None:
        pdf.paragraph(division.name, size=BODY_SIZE, bold=True, align="C")
    pdf.y += 2
    pdf.paragraph(_("เรื่อง %(title)s") % {"title": title}, size=BODY_SIZE, bold=True, align="C")
    pdf.paragraph(
        thai_numerals(
            _("ฉบับที่ %(number)s มีผลตั้งแต่วันที่ %(date)s")
            % {"number": version.number, "date": format_thai_date(version.effective_date)}
        ),
        size=BODY_SIZE,
        align="C",
    )
    pdf.y += 3
    pdf.paragraph(
        thai_numerals(
            _(
                "ข้าพเจ้าผู้มีรายชื่อข้างท้ายนี้ ได้อ่านและรับทราบ “%(title)s” ฉบับที่ %(number)s "
                "แล้ว และจะถือปฏิบัติโดยเคร่งครัด"
            )
            % {"title": title, "number": version.number}
        ),
        size=BODY_SIZE,
    )
    pdf.y += 3
    _table(pdf, rows)
    _certification(pdf)
    _footers(pdf, text_hash=text_hash, version=version, printed_at=printed_at)
    return bytes(pdf.output())


def _table(pdf: SheetPDF, rows: list[SheetRow]) -> None:
    sheet_columns = columns()
    bottom = pdf.h - MARGIN - FOOTER_HEIGHT

    def heading_row():
        pdf.use_font(CELL_SIZE, bold=True)
        pdf.set_fill_color(235, 235, 235)
        _row(pdf, [[c.heading] for c in sheet_columns], sheet_columns, fill=True)
        pdf.use_font(CELL_SIZE)

    heading_row()
    if not rows:
        pdf.use_font(CELL_SIZE)
        width = sum(c.width for c in sheet_columns)
        pdf.rect(MARGIN, pdf.y, width, MIN_ROW_HEIGHT)
        pdf.write_lines(
            [_("ไม่มีรายชื่อผู้ที่ต้องลงนาม")],
            x=MARGIN,
            y=pdf.y + (MIN_ROW_HEIGHT - CELL_LINE) / 2,
            width=width,
            align="C",
            line=CELL_LINE,
        )
        pdf.y += MIN_ROW_HEIGHT
        return
    for number, row in enumerate(rows, start=1):
        inner = [column.width - 2 * CELL_PADDING for column in sheet_columns]
        cells = [
            [thai_numerals(number)],
            pdf.wrap(row.name, inner[1], thai_words=False),
            pdf.wrap(row.position, inner[2]),
            pdf.wrap(row.division, inner[3]),
            pdf.wrap(row.signature, inner[4]),
            [row.day],
        ]
        height = _row_height(cells)
        if pdf.y + height > bottom:
            pdf.add_page()
            pdf.y = MARGIN
            heading_row()
        _row(pdf, cells, sheet_columns)


def _row_height(cells: list[list[str]]) -> float:
    lines = max(len(lines) for lines in cells)
    return max(MIN_ROW_HEIGHT, lines * CELL_LINE + 2 * CELL_PADDING)


def _row(pdf: SheetPDF, cells: list[list[str]], sheet_columns, *, fill: bool = False) -> None:
    height = _row_height(cells)
    x = MARGIN
    for lines, column in zip(cells, sheet_columns, strict=True):
        pdf.rect(x, pdf.y, column.width, height, style="DF" if fill else "D")
        top = pdf.y + (height - len(lines) * CELL_LINE) / 2
        pdf.write_lines(
            lines,
            x=x + CELL_PADDING,
            y=top,
            width=column.width - 2 * CELL_PADDING,
            align=column.align,
            line=CELL_LINE,
        )
        x += column.width
    pdf.y += height


def _certification(pdf: SheetPDF) -> None:
    """Room for whoever collected the signatures to certify the sheet."""
    needed = 36
    if pdf.y + needed > pdf.h - MARGIN - FOOTER_HEIGHT:
        pdf.add_page()
        pdf.y = MARGIN
    pdf.y += 8
    pdf.use_font(BODY_SIZE)
    left, width, line = pdf.w / 2, pdf.w / 2 - MARGIN, 7.5
    pdf.y = pdf.write_lines(
        [
            _("ลงชื่อ ........................................ ผู้รับรอง"),
            "(........................................)",
            _("ตำแหน่ง ........................................"),
            _("วันที่ ........................................"),
        ],
        x=left,
        y=pdf.y,
        width=width,
        align="C",
        line=line,
    )


def _footers(pdf: SheetPDF, *, text_hash: str, version: DocumentVersion, printed_at) -> None:
    """Page numbers ("page n of N") and the text's hash, written once the page count is known."""
    total = pdf.page_no()
    last = pdf.page
    printed = format_thai_date(printed_at, "short", with_time=True)
    for page in range(1, total + 1):
        pdf.page = page
        pdf.use_font(9)
        # The font must be selected again on each page revisited.
        pdf.current_font_is_set_on_page = False
        y = pdf.h - MARGIN - 4
        pdf.line(MARGIN, y - 5, pdf.w - MARGIN, y - 5)
        pdf.shaped_text(
            MARGIN,
            y,
            thai_numerals(
                _("ฉบับที่ %(number)s · พิมพ์เมื่อ %(printed)s")
                % {"number": version.number, "printed": printed}
            )
            + f" · SHA-256 {text_hash}",
        )
        label = thai_numerals(_("หน้า %(page)s/%(total)s") % {"page": page, "total": total})
        pdf.shaped_text(pdf.w - MARGIN - pdf.width_of(label), y, label)
    pdf.page = last
