"""The home page of an organisation's site."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from home.forms import SlugFromPageForm


class HomePage(Page):
    """The front page of a municipality's ethics site."""

    intro = RichTextField(_("ข้อความแนะนำ"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    base_form_class = SlugFromPageForm
    slug_kind = "home"
    slug_with_year = False
    parent_page_types = ["wagtailcore.Page"]
    # One installation hosts many organisations, each with its own home page under the root.
    subpage_types = [
        "ethics.EthicsIndexPage",
        "circulars.CircularIndexPage",
        "training.TransparencyPage",
    ]

    class Meta:
        verbose_name = _("หน้าแรก")
        verbose_name_plural = pgettext_lazy("plural", "หน้าแรก")


class DigitStyle(models.TextChoices):
    THAI = "thai", _("เลขไทย (๑ ๒ ๓)")
    ARABIC = "arabic", _("เลขอารบิก (1 2 3)")


@register_setting(icon="cog")
class PublicSiteSettings(BaseSiteSetting):
    """How an organisation's public pages read: one digit style for every date and number."""

    digit_style = models.CharField(
        _("ตัวเลขบนเว็บไซต์สาธารณะ"),
        max_length=10,
        choices=DigitStyle.choices,
        default=DigitStyle.ARABIC,
        help_text=_(
            "วันที่และตัวเลขทุกตัวในหน้าเดียวกันใช้เลขแบบเดียวกัน ที่อยู่เว็บไซต์และหมายเลขโทรศัพท์ในลิงก์ยังใช้งานได้ตามเดิม"
        ),
    )

    panels = [FieldPanel("digit_style")]

    class Meta:
        verbose_name = _("การแสดงผลเว็บไซต์สาธารณะ")
        verbose_name_plural = pgettext_lazy("plural", "การแสดงผลเว็บไซต์สาธารณะ")
