"""Codes of ethics and their guidelines, published for the public and acknowledged by staff."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ethics.blocks import ChapterBlock, chapters_as_text
from home.forms import SlugFromPageForm
from home.thai_search import index_text
from training.pages import AcknowledgeablePage, AcknowledgeablePageForm, acknowledgment_panels


class EthicsIndexPage(Page):
    """The section that lists the organisation's codes of ethics and guidelines."""

    intro = RichTextField(_("ข้อความแนะนำ"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    base_form_class = SlugFromPageForm
    slug_kind = "ethics"
    slug_with_year = False
    parent_page_types = ["home.HomePage"]
    subpage_types = ["ethics.CodeOfEthicsPage", "ethics.GuidelinesPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("หน้ารวมประมวลจริยธรรม")
        verbose_name_plural = pgettext_lazy("plural", "หน้ารวมประมวลจริยธรรม")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().public().specific()
        context["codes"] = [p for p in children if isinstance(p, CodeOfEthicsPage)]
        context["guidelines"] = [p for p in children if isinstance(p, GuidelinesPage)]
        return context


class CodeOfEthicsPage(AcknowledgeablePage):
    """A code of ethics (ประมวลจริยธรรม) binding personnel groups, in chapters and clauses."""

    legal_basis = models.CharField(
        _("อาศัยอำนาจตาม"),
        max_length=255,
        default="พระราชบัญญัติมาตรฐานทางจริยธรรม พ.ศ. 2562",
    )
    effective_date = models.DateField(_("วันที่มีผลใช้บังคับ"))
    intro = RichTextField(_("อารัมภบท"), blank=True)
    body = StreamField([("chapter", ChapterBlock())], verbose_name=_("หมวดและข้อ"))
    signed_original = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ต้นฉบับที่ลงนามแล้ว (ไฟล์สแกน)"),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("legal_basis"), FieldPanel("effective_date")],
            heading=_("ที่มาและการบังคับใช้"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("signed_original"),
        *acknowledgment_panels(),
    ]
    base_form_class = AcknowledgeablePageForm
    slug_kind = "code-of-ethics"
    slug_date_field = "effective_date"
    # English words for the page type, so that "ethics" finds a code whose title is Thai only.
    english_kind = "code of ethics, ethical standards"
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.SearchField("english_kind"),
        index.FilterField("live"),
    ]
    parent_page_types = ["ethics.EthicsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("ประมวลจริยธรรม")
        verbose_name_plural = pgettext_lazy("plural", "ประมวลจริยธรรม")

    def acknowledgment_text(self) -> str:
        return "\n".join(
            [self.title, self.legal_basis, strip_tags(self.intro), chapters_as_text(self.body)]
        )

    def version_effective_date(self):
        return self.effective_date

    def search_text(self) -> str:
        return index_text(self.acknowledgment_text())

    @property
    def search_date(self):
        return self.effective_date

    def search_summary_text(self) -> str:
        """The text a search result quotes from: the code without its title."""
        return " ".join([self.legal_basis, strip_tags(self.intro), chapters_as_text(self.body)])


class ComplaintChannelBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("ช่องทาง"), max_length=255)
    detail = blocks.TextBlock(label=_("รายละเอียด"), required=False)
    link = blocks.URLBlock(label=_("ลิงก์"), required=False)

    class Meta:
        label = _("ช่องทางร้องเรียน")
        icon = "mail"
        template = "ethics/blocks/complaint_channel.html"


class GuidelinesPage(Page):
    """Measure 6 guidelines: how to report a breach, the complaint channels and the penalties."""

    intro = RichTextField(_("ข้อความแนะนำ"), blank=True)
    how_to_report = RichTextField(_("ขั้นตอนการแจ้งเรื่องการฝ่าฝืนจริยธรรม"))
    complaint_channels = StreamField(
        [("channel", ComplaintChannelBlock())],
        verbose_name=_("ช่องทางร้องเรียน"),
        blank=True,
    )
    penalties = RichTextField(_("บทลงโทษ"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("how_to_report"),
        FieldPanel("complaint_channels"),
        FieldPanel("penalties"),
    ]
    english_kind = "ethics guidelines, complaint channels and penalties"
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.SearchField("english_kind"),
    ]
    base_form_class = SlugFromPageForm
    slug_kind = "guidelines"
    parent_page_types = ["ethics.EthicsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("แนวทางปฏิบัติและช่องทางร้องเรียน")
        verbose_name_plural = pgettext_lazy("plural", "แนวทางปฏิบัติและช่องทางร้องเรียน")

    def search_summary_text(self) -> str:
        """The guidelines as plain text, without the title."""
        channels = " ".join(
            f"{c.value['name']} {c.value['detail']}" for c in self.complaint_channels
        )
        return " ".join(
            [
                strip_tags(self.intro),
                strip_tags(self.how_to_report),
                channels,
                strip_tags(self.penalties),
            ]
        )

    def search_text(self) -> str:
        return index_text(f"{self.title} {self.search_summary_text()}")
