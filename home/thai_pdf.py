"""Thai text in a PDF: Sarabun, shaped by HarfBuzz, broken into lines between Thai words.

fpdf2 shapes Thai (vowels and tone marks stacked and placed by the font's GPOS rules) through
HarfBuzz, but its cell() does much more than a table needs (bidi analysis, markdown, per-character
line breaking) and costs milliseconds a call. `ThaiPDF.shaped_text` does what fpdf2's own text()
does plus the shaping from its `render_with_text_shaping`, and lines are broken here at Thai word
boundaries (PyThaiNLP), so a document of hundreds of rows takes well under a second. Used by the
paper sign-off sheet and the measures report.

A leaf helper: it imports nothing of the project.
"""

import re
import unicodedata
from functools import lru_cache

from django.contrib.staticfiles import finders
from fpdf import FPDF

FONT_FAMILY = "Sarabun"
FONT_FILES = {"": "fonts/Sarabun-Regular.ttf", "B": "fonts/Sarabun-Bold.ttf"}


@lru_cache(maxsize=4096)
def _words(text: str, thai: bool) -> tuple[str, ...]:
    """Where a line may break: between Thai words (PyThaiNLP), or only at spaces (names, which
    no dictionary knows)."""
    if not thai:
        return tuple(part for part in re.split(r"( )", text) if part)
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(text, engine="newmm", keep_whitespace=True))


class ThaiPDF(FPDF):
    """A4 pages of Thai text in Sarabun, with a fast shaped-text path and Thai line breaking.

    Pages are laid out by hand (no automatic page breaks): write with `shaped_text`,
    `write_lines` or `paragraph`, and measure with `width_of` and `wrap`.
    """

    def __init__(self, *, orientation: str = "P", margin: float = 15):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(False)
        for style, name in FONT_FILES.items():
            self.add_font(FONT_FAMILY, style, finders.find(name))
        # Turned on so that fpdf2 loads HarfBuzz and keeps the glyph mapping shaping needs.
        self.set_text_shaping(True)
        self.shaping = {"features": {}, "script": None, "language": None}
        # Positions, divisions and headings repeat on every page: shape and measure them once.
        self._widths: dict[tuple, float] = {}
        self._glyphs: dict[tuple, list[tuple]] = {}

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
        width = self.w - self.l_margin - self.r_margin
        self.y = self.write_lines(
            self.wrap(text, width), x=self.l_margin, y=self.y, width=width, align=align, line=line
        )
