"""StreamField blocks of a code of ethics: chapters (หมวด) made of numbered clauses (ข้อ)."""

import re

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


def anchor_for(prefix: str, number: str) -> str:
    """A stable fragment id: "5/1" becomes clause-5-1, so that 5/1 and 51 never collide."""
    return f"{prefix}-" + (re.sub(r"[^0-9A-Za-z\u0E00-\u0E7F]+", "-", number).strip("-") or "0")


class ClauseValue(blocks.StructValue):
    @property
    def anchor(self) -> str:
        return anchor_for("clause", self["number"])


class ChapterValue(blocks.StructValue):
    @property
    def anchor(self) -> str:
        return anchor_for("chapter", self["number"])


class ClauseBlock(blocks.StructBlock):
    """A numbered clause; its number makes the anchor (#clause-5) that people link and cite."""

    number = blocks.CharBlock(label=_("ข้อที่"), max_length=20, help_text=_("เช่น 5 หรือ 5/1"))
    text = blocks.RichTextBlock(label=_("ข้อความ"), features=["bold", "italic", "ol", "ul", "link"])

    class Meta:
        label = _("ข้อ")
        icon = "list-ol"
        template = "ethics/blocks/clause.html"
        value_class = ClauseValue


class ChapterBlock(blocks.StructBlock):
    """A chapter of the code with its clauses."""

    number = blocks.CharBlock(label=_("หมวดที่"), max_length=20)
    title = blocks.CharBlock(label=_("ชื่อหมวด"), max_length=255)
    clauses = blocks.ListBlock(ClauseBlock(), label=_("ข้อ"))

    class Meta:
        label = _("หมวด")
        icon = "folder-open-inverse"
        template = "ethics/blocks/chapter.html"
        value_class = ChapterValue


def chapters_as_text(body) -> str:
    """The plain text of chapters and clauses, in reading order, for hashing and search."""
    lines = []
    for chapter in body:
        if chapter.block_type != "chapter":
            continue
        value = chapter.value
        lines.append(f"หมวด {value['number']} {value['title']}")
        for clause in value["clauses"]:
            lines.append(f"ข้อ {clause['number']} {strip_tags(clause['text'].source)}")
    return "\n".join(lines)
