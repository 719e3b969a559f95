"""The home page of an organisation's site."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The front page of a municipality's ethics site."""

    intro = RichTextField(_("ข้อความแนะนำ"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
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
