"""Circulars (หนังสือเวียน): numbered letters to staff, public or internal, often acknowledged."""

import re

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from circulars.feeds import CircularFeed
from home.forms import SlugFromPageForm
from home.thai_dates import FiscalYear, arabic_numerals, buddhist_year
from home.thai_search import index_text
from training.pages import (
    AcknowledgeablePage,
    AcknowledgeablePageForm,
    PersonnelGroup,
    acknowledgment_panels,
    is_staff_of_site,
)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("เผยแพร่ต่อสาธารณะ")
    INTERNAL = "internal", _("ภายในหน่วยงาน (เฉพาะบุคลากรที่เข้าสู่ระบบ)")


class CircularIndexPage(RoutablePageMixin, Page):
    """Circulars listed by fiscal year (Buddhist era), filterable; internal ones for staff only."""

    intro = RichTextField(_("ข้อความแนะนำ"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    base_form_class = SlugFromPageForm
    slug_kind = "circulars"
    slug_with_year = False
    parent_page_types = ["home.HomePage"]
    subpage_types = ["circulars.CircularPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("หน้ารวมหนังสือเวียน")
        verbose_name_plural = pgettext_lazy("plural", "หน้ารวมหนังสือเวียน")

    def circulars_for(self, request):
        """The circulars listed to this visitor: every live one for staff of the organisation."""
        if is_staff_of_site(request):
            return CircularPage.objects.child_of(self).live().order_by("-date", "-pk")
        return self.public_circulars()

    def public_circulars(self):
        """Live circulars anyone may read, newest first, whoever is asking."""
        return (
            CircularPage.objects.child_of(self)
            .live()
            .public()
            .filter(visibility=Visibility.PUBLIC)
            .order_by("-date", "-pk")
        )

    @path("feed/", name="feed")
    def feed(self, request):
        return CircularFeed(index=self)(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        circulars = self.circulars_for(request)
        years = sorted(
            {FiscalYear.of(d).be_year for d in circulars.values_list("date", flat=True)},
            reverse=True,
        )
        selected_year = request.GET.get("year", "")
        if selected_year.isdigit() and int(selected_year) in years:
            fiscal_year = FiscalYear(int(selected_year))
            circulars = circulars.filter(date__range=(fiscal_year.start, fiscal_year.end))
        else:
            selected_year = ""
        selected_group = request.GET.get("group", "")
        if selected_group in PersonnelGroup.values:
            # JSON list membership works alike on SQLite and PostgreSQL as a text match.
            circulars = circulars.filter(audience_groups__icontains=f'"{selected_group}"')
        else:
            selected_group = ""
        by_year: dict[int, list] = {}
        for circular in circulars:
            by_year.setdefault(FiscalYear.of(circular.date).be_year, []).append(circular)
        context.update(
            circulars_by_year=[(FiscalYear(year), items) for year, items in by_year.items()],
            fiscal_years=[FiscalYear(year) for year in years],
            selected_year=selected_year,
            selected_group=selected_group,
            personnel_groups=PersonnelGroup.choices,
        )
        return context


class CircularPage(AcknowledgeablePage):
    """A circular: number, date, subject (the title), addressee, body, attachments and audience."""

    circular_number = models.CharField(
        _("เลขที่หนังสือ"), max_length=100, help_text=_("เช่น ที่ กจ ๕๒๙๐๑/ว ๑๒๓")
    )
    date = models.DateField(_("ลงวันที่"))
    addressee = models.CharField(_("เรียน"), max_length=255, default="พนักงานเทศบาลทุกท่าน")
    body = RichTextField(_("เนื้อความ"))
    signatory = models.CharField(_("ผู้ลงนาม"), max_length=255, blank=True)
    visibility = models.CharField(
        _("การเผยแพร่"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )

    content_panels = [
        FieldPanel("title", heading=_("เรื่อง")),
        MultiFieldPanel(
            [
                FieldPanel("circular_number"),
                FieldPanel("date"),
                FieldPanel("addressee"),
                FieldPanel("visibility"),
            ],
            heading=_("หนังสือ"),
        ),
        FieldPanel("body"),
        FieldPanel("signatory"),
        InlinePanel("attachments", label=_("สิ่งที่ส่งมาด้วย")),
        *acknowledgment_panels(),
    ]
    base_form_class = AcknowledgeablePageForm
    english_kind = "circular"
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.SearchField("english_kind"),
        index.FilterField("visibility"),
    ]
    parent_page_types = ["circulars.CircularIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("หนังสือเวียน")
        verbose_name_plural = pgettext_lazy("plural", "หนังสือเวียน")

    @classmethod
    def slug_base(cls, data: dict) -> str:
        """The B.E. year and running number (ว) of the letter: ที่ กจ ๕๒๙๐๑/ว ๑๒๓ of 2568 is
        2568-w123, which a Thai reader recognises in a URL."""
        day = data.get("date") or timezone.localdate()
        number = re.search(r"ว\s*\.?\s*([0-9๐-๙]+)", data.get("circular_number") or "")
        if number is None:
            return f"circular-{buddhist_year(day)}"
        return f"{buddhist_year(day)}-w{arabic_numerals(number.group(1))}"

    @property
    def is_internal(self) -> bool:
        return self.visibility == Visibility.INTERNAL

    @property
    def reference(self) -> str:
        """The number without the word ที่ that editors type before it: the page prints the label."""
        return re.sub(r"^\s*ที่\s*", "", self.circular_number)

    @property
    def signature_lines(self) -> list[str]:
        """The signatory as a letter signs: "(name)" on its own line, then the position."""
        name, closing, position = self.signatory.partition(")")
        if not closing:
            return [line for line in [self.signatory.strip()] if line]
        return [f"{name.strip()})", *([position.strip()] if position.strip() else [])]

    def acknowledgment_text(self) -> str:
        return "\n".join(
            [
                self.circular_number,
                self.title,
                self.addressee,
                strip_tags(self.body),
                self.signatory,
            ]
        )

    def version_effective_date(self):
        return self.date

    def search_text(self) -> str:
        return index_text(self.acknowledgment_text())

    @property
    def search_date(self):
        return self.date

    def search_summary_text(self) -> str:
        """What a search result quotes from: the addressee and the body."""
        return f"{self.addressee} {strip_tags(self.body)}"

    def reader_refusal(self, request):
        if self.is_internal and not is_staff_of_site(request):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return None

    def serve(self, request, *args, **kwargs):
        return self.reader_refusal(request) or super().serve(request, *args, **kwargs)


class CircularAttachment(Orderable):
    """A document sent with a circular (สิ่งที่ส่งมาด้วย)."""

    circular = ParentalKey(CircularPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("ไฟล์")
    )
    caption = models.CharField(_("คำอธิบาย"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("สิ่งที่ส่งมาด้วย")
        verbose_name_plural = pgettext_lazy("plural", "สิ่งที่ส่งมาด้วย")
