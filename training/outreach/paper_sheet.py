"""The paper sign-off sheet (ใบลงนามรับทราบ) of a version, as a Thai A4 PDF.

The sheet lists the audience with room to sign. Its footer carries the first 16 hex digits of
the SHA-256 of the version's text, so that a signed sheet, once scanned and recorded, ties to
the very text people acknowledged. Numbers are in Thai numerals and the font is Sarabun, as in
Thai government documents.

fpdf2 shapes Thai (vowels and tone marks stacked and placed by the font's GPOS rules) through
HarfBuzz, but its cell() does much more than a table needs (bidi analysis, markdown, per-character
line breaking) and costs milliseconds a call. `SheetPDF.shaped_text` does what fpdf2's own text()
does plus the shaping from its `render_with_text_shaping`, and lines are broken here at Thai word
boundaries (PyThaiNLP), so a sheet for hundreds of people takes well under a second.
"""

import dataclasses
import datetime
import re
import unicodedata
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from home.thai_dates import format_thai_date, thai_numerals
from training.acknowledgment.models import DocumentVersion
from training.acknowledgment.selectors import latest_publication
from training.outreach.selectors import sheet_requirements

FONT_FAMILY = "Sarabun"
FONT_FILES = {"": "fonts/Sarabun-Regular.ttf", "B": "fonts/Sarabun-Bold.ttf"}
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


def columns() -> list[SheetColumn]:
    return [
        SheetColumn(_("ลำดับ"), 12, "C"),
        SheetColumn(_("ชื่อ-สกุล"), 46),
        SheetColumn(_("ตำแหน่ง"), 40),
        SheetColumn(_("ส่วนราชการ"), 37),
        SheetColumn(_("ลายมือชื่อ"), 30, "C"),
        SheetColumn(_("วันที่"), 15, "C"),
    ]


@lru_cache(maxsize=4096)
def _words(text: str, thai: bool) -> tuple[str, ...]:
    """Where a line may break: between Thai words (PyThaiNLP), or only at spaces (names, which
    no dictionary knows)."""
    if not thai:
        return tuple(part for part in re.split(r"( )", text) if part)
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(text, engine="newmm", keep_whitespace=True))


class SheetPDF(FPDF):
    """An A4 page of Thai text with the fast shaped-text path the sheet needs."""

    def __init__(self):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        for style, name in FONT_FILES.items():
            self.add_font(FONT_FAMILY, style, finders.find(name))
        # Turned on so that fpdf2 loads HarfBuzz and keeps the glyph mapping shaping needs.
        self.set_text_shaping(True)
        self.shaping = {"features": {}, "script": None, "language": None}
        # Positions, divisions and headings repeat on every page: shape and measure them once.
        self._widths: dict[tuple, float] = {}
        self._glyphs: dict[tuple, list[tuple]] = {}
        self.set_title(_("ใบลงนามรับทราบ"))

    def use_font(self, size: float, *, bold: bool = False) -> None:
        self.set_font(FONT_FAMILY, "B" if bold else "", size)

    def width_of(self, text: str) -> float:
        """The shaped width of a text in the current font, in mm."""
        if not text:
            return 0.0
        key = (self.current_font.fontkey, self.font_size_pt, text)
        if key not in self._widths:
            _count, width = self.current_font.get_text_width(text, self.font_size_pt, self.shaping)
            self._widths[key] = width / self.k
        return self._widths[key]

    def glyphs(self, text: str) -> list[tuple]:
        """The shaped glyphs of a text: (the glyph's code in the subset as PDF string text, x and
        y offset, x and y advance, whether it must be placed explicitly), in font units.

        Shaping splits SARA AM (ำ) into two glyphs, NIKHAHIT and SARA AA, and a glyph can only
        carry text of its own for copying and search; fpdf2 leaves the second one without
        any, which text extraction reads as a stray control character. Here each glyph of such a
        cluster carries its share of the cluster's compatibility decomposition instead, so the
        text layer reads "ตํา", equal to "ตำ" under Unicode NFKC normalisation.
        """
        font = self.current_font
        key = (font.fontkey, self.font_size_pt, text)
        if key in self._glyphs:
            return self._glyphs[key]
        infos, positions = font.perform_harfbuzz_shaping(text, self.font_size_pt, self.shaping)
        starts = sorted({info.cluster for info in infos})
        ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
        members: dict[int, list[int]] = {}
        for index, info in enumerate(infos):
            members.setdefault(info.cluster, []).append(index)
        characters: dict[int, tuple[int, ...]] = {}
        for cluster, indexes in members.items():
            cluster_text = text[cluster : ends[cluster]]
            parts = unicodedata.normalize("NFKD", cluster_text)
            if 1 < len(indexes) <= len(parts):
                # One character each from the end; the first glyph (which may be a ligature,
                # like Sarabun's NIKHAHIT with a tone mark) takes what is left.
                split = len(parts) - len(indexes) + 1
                characters[indexes[0]] = tuple(ord(char) for char in parts[:split])
                for index, char in zip(indexes[1:], parts[split:], strict=True):
                    characters[index] = (ord(char),)
            else:
                characters[indexes[0]] = tuple(ord(char) for char in cluster_text)
        hmtx = font.ttfont["hmtx"].metrics
        result = []
        for index, (info, position) in enumerate(zip(infos, positions, strict=True)):
            name = font.ttfont.getGlyphName(info.codepoint)
            width = round(font.scale * hmtx[name][0])
            glyph = font.subset.get_glyph(
                glyph=info.codepoint,
                unicode=characters.get(index, ()),
                glyph_name=name,
                glyph_width=width,
            )
            if glyph is None:
                continue
            offset = (position.x_offset, position.y_offset)
            result.append(
                (
                    font.escape_text(chr(font.subset.pick_glyph(glyph))),
                    *offset,
                    position.x_advance,
                    position.y_advance,
                    width != position.x_advance or any(offset) or position.y_advance != 0,
                )
            )
        self._glyphs[key] = result
        return result

    def shaped_text(self, x: float, y: float, text: str) -> None:
        """Write a line of text with its baseline at (x, y), shaped by HarfBuzz."""
        if not text:
            return
        font = self.current_font
        if not self.current_font_is_set_on_page:
            self._out(self._set_font_for_page(font, self.font_size_pt))
        scale = font.scale * self.font_size_pt / 1000 / self.k
        operators, run = [], ""

        def move(to_x: float, to_y: float):
            nonlocal run
            if run:
                operators.append(f"({run}) Tj")
                run = ""
            operators.append(f"1 0 0 1 {to_x * self.k:.2f} {(self.h - to_y) * self.k:.2f} Tm")

        move(x, y)
        for code, x_offset, y_offset, x_advance, y_advance, force in self.glyphs(text):
            if x_offset or y_offset:
                move(x + x_offset * scale, y - y_offset * scale)
            run += code
            x += x_advance * scale
            y -= y_advance * scale
            if force:
                move(x, y)
        if run:
            operators.append(f"({run}) Tj")
        content = f"BT {' '.join(operators)} ET"
        if self.fill_color != self.text_color:
            # PDF fills text with the fill colour: set the text colour for this text only.
            content = f"q {self.text_color.serialize().lower()} {content} Q"
        self._out(content)

    def wrap(self, text: str, width: float, *, thai_words: bool = True) -> list[str]:
        """Lines of at most `width` mm, broken between words (Thai words too, unless told not)."""
        text = " ".join(str(text).split())
        if not text or self.width_of(text) <= width:
            return [text]
        lines, line = [], ""
        for word in _words(text, thai_words):
            candidate = line + word
            if line and self.width_of(candidate) > width:
                lines.append(line.rstrip())
                line = word.lstrip()
            else:
                line = candidate
            # A single word wider than the column is cut where it overflows.
            while self.width_of(line) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and self.width_of(line[:cut]) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        if line.strip():
            lines.append(line.rstrip())
        return lines

    def write_lines(
        self, lines: list[str], *, x: float, y: float, width: float, align: str, line: float
    ) -> float:
        """Write lines from the top at y; return the y below them."""
        for text in lines:
            if align == "C":
                left = x + (width - self.width_of(text)) / 2
            elif align == "R":
                left = x + width - self.width_of(text)
            else:
                left = x
            # The baseline sits about four fifths down the line.
            self.shaped_text(left, y + line * 0.78, text)
            y += line
        return y

    def paragraph(self, text: str, *, size: float, bold: bool = False, align: str = "L") -> None:
        self.use_font(size, bold=bold)
        line = size * 0.5
        width = self.w - 2 * MARGIN
        self.y = self.write_lines(
            self.wrap(text, width), x=MARGIN, y=self.y, width=width, align=align, line=line
        )


@dataclasses.dataclass(frozen=True)
class SheetRow:
    name: str
    position: str
    division: str
    signature: str = ""
    day: str = ""


def sheet_rows(*, version: DocumentVersion, everyone: bool = False) -> list[SheetRow]:
    """The people who must sign, by division then employee number: one query.

    By default only those who have not acknowledged yet; with `everyone`, the whole audience in
    post, those already done marked as such.
    """
    requirements = sheet_requirements(version=version, everyone=everyone)
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
    *, version: DocumentVersion, everyone: bool = False, printed_at: datetime.datetime = None
) -> bytes:
    """The sign-off sheet of a version as PDF bytes."""
    printed_at = printed_at or timezone.now()
    publication = latest_publication(version.pk)
    text_hash = publication.text_sha256[:HASH_PREFIX] if publication else "-"
    title = (publication.revision.object_str if publication else "") or version.page.title
    organisation = version.organisation
    rows = sheet_rows(version=version, everyone=everyone)

    pdf = SheetPDF()
    pdf.set_subject(title)
    pdf.add_page()
    pdf.y = MARGIN
    pdf.paragraph(_("ใบลงนามรับทราบ"), size=18, bold=True, align="C")
    if organisation:
        pdf.paragraph(organisation.name_th, size=16, bold=True, align="C")
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
