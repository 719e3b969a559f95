"""What a Thai reader of an admin page is shown, and the English words left in it.

Text in an element marked `lang="en"` is English beside the Thai on purpose (the product's way of
wording headings and refusals) and is left out; so are scripts, styles and icons. Attributes a
reader meets (title, placeholder, aria-label, alt, a button's value) count as text; code does not.
"""

import re
from html.parser import HTMLParser

# Code and keys are identifiers (a file's column keys), not words to translate.
SKIPPED_ELEMENTS = {"script", "style", "svg", "template", "noscript", "code", "kbd"}
VOID_ELEMENTS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# Words that are English in a Thai interface too: names of products, formats and standards.
ALLOWED = {
    "Wagtail", "ITA", "PDF", "CSV", "XLSX", "xlsx", "csv", "pdf", "Excel", "UTF", "URL", "URLs",
    "JavaScript", "LINE", "SHA", "IP", "MB", "KB", "GB", "ID", "JPG", "JPEG", "PNG", "GIF", "WEBP",
    "AVIF", "SVG", "HEIC", "Windows", "OIT", "QR", "slug", "Output", "outcome", "result", "Email",
    "Sarabun", "Markdown", "HTML", "www", "http", "https", "localhost", "ok",
}  # fmt: skip
EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|/\S*")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.parts: list[str] = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = (attributes.get("lang") or "").lower()
        skipped = (
            self.skipping
            or tag in SKIPPED_ELEMENTS
            or lang.startswith("en")
            or "hidden" in attributes
            and tag != "input"
        )
        if not skipped:
            self.parts += [attributes[name] or "" for name in READ_ATTRIBUTES if name in attributes]
            if tag == "input" and attributes.get("type") in {"submit", "button"}:
                self.parts.append(attributes.get("value") or "")
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    return " ".join(" ".join(reader.parts).split())


def english_words(html: str, allowed: set[str] = frozenset()) -> set[str]:
    """English words a Thai reader meets on the page, other than names, formats and addresses."""
    text = EMAIL_OR_URL.sub(" ", visible_text(html))
    return {w for w in WORD.findall(text) if w not in ALLOWED and w not in allowed}
