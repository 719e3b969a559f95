"""The public transparency page (หน้าเปิดเผยข้อมูล): a fiscal year's measure 6 figures as
aggregates, the codes and guidelines with their publication dates, the published measures report
and the year's ITA evidence list. No login; nothing on it names or identifies a person."""

from django.db import models
from django.db.models import Min
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from home.thai_dates import FiscalYear
from training.acknowledgment.models import Requirement
from training.figures.models import ItaEvidenceItem
from training.figures.public import SMALL_TEXT, WITHHELD_TEXT, public_year
from training.register.selectors import organisation_for_site


class TransparencyPage(RoutablePageMixin, Page):
    """The figures at /, /?year=2569 or /2569/; the ITA evidence list at /ita/ and /ita/2569/."""

    intro = RichTextField(_("ข้อความแนะนำ"), blank=True)
    measures_report = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("รายงานผลการดำเนินการตามมาตรการที่เผยแพร่"),
        help_text=_("หน้ารายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส (ถ้ามี)"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        PageChooserPanel("measures_report"),
    ]
    template = "training/figures/transparency_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("หน้าเปิดเผยข้อมูลการรับทราบประมวลจริยธรรม")
        verbose_name_plural = pgettext_lazy("plural", "หน้าเปิดเผยข้อมูลการรับทราบประมวลจริยธรรม")

    # --- reads -------------------------------------------------------------------------------

    def organisation(self):
        if not hasattr(self, "_organisation"):
            self._organisation = organisation_for_site(self.get_site())
        return self._organisation

    def fiscal_years(self) -> list[FiscalYear]:
        """From the year of the first requirement to the current one, newest first."""
        current = FiscalYear.of(timezone.localdate())
        organisation = self.organisation()
        first = None
        if organisation is not None:
            first = Requirement.objects.filter(organisation=organisation).aggregate(
                first=Min("assigned_at")
            )["first"]
        oldest = FiscalYear.of(timezone.localtime(first)) if first else current
        return [FiscalYear(year) for year in range(current.be_year, oldest.be_year - 1, -1)]

    def ita_years(self) -> list[int]:
        organisation = self.organisation()
        if organisation is None:
            return []
        return sorted(
            set(
                ItaEvidenceItem.objects.filter(organisation=organisation).values_list(
                    "fiscal_year", flat=True
                )
            ),
            reverse=True,
        )

    def published_report(self):
        """The chosen report page, if anyone may read it (live, not restricted)."""
        if self.measures_report_id is None:
            return None
        return Page.objects.filter(pk=self.measures_report_id).live().public().first()

    # --- routes ------------------------------------------------------------------------------

    @path("")
    def figures_view(self, request):
        year = request.GET.get("year", "")
        fiscal_years = self.fiscal_years()
        chosen = fiscal_years[0]
        if year.isdigit() and FiscalYear(int(year)) in fiscal_years:
            chosen = FiscalYear(int(year))
        return self._figures_response(request, chosen, fiscal_years)

    @path("<int:year>/", name="year")
    def year_view(self, request, year):
        fiscal_years = self.fiscal_years()
        if year < 2500 or FiscalYear(year) not in fiscal_years:
            raise Http404
        return self._figures_response(request, FiscalYear(year), fiscal_years)

    def _figures_response(self, request, fiscal_year, fiscal_years):
        organisation = self.organisation()
        figures = None
        if organisation is not None:
            figures = public_year(
                organisation_id=organisation.pk,
                root=self.get_site().root_page,
                fiscal_year=fiscal_year,
                request=request,
            )
        return self.render(
            request,
            context_overrides={
                "figures": figures,
                "fiscal_year": fiscal_year,
                "fiscal_years": fiscal_years,
                "ita_years": self.ita_years(),
                "report": self.published_report(),
                "small_text": SMALL_TEXT,
                "withheld_text": WITHHELD_TEXT,
            },
        )

    @path("ita/", name="ita")
    def ita_current_view(self, request):
        years = self.ita_years()
        current = FiscalYear.of(timezone.localdate()).be_year
        year = current if current in years or not years else years[0]
        return self._ita_response(request, year, years)

    @path("ita/<int:year>/", name="ita_year")
    def ita_year_view(self, request, year):
        years = self.ita_years()
        if year not in years:
            raise Http404
        return self._ita_response(request, year, years)

    def _ita_response(self, request, year, years):
        organisation = self.organisation()
        items = []
        if organisation is not None:
            items = list(
                ItaEvidenceItem.objects.filter(organisation=organisation, fiscal_year=year)
                .select_related("page", "document")
                .order_by("sort_order", "code", "pk")
            )
        rows = [(item, item.link(request)) for item in items]
        return TemplateResponse(
            request,
            "training/figures/ita_evidence_page.html",
            {
                "page": self,
                "self": self,
                "year": year,
                "years": years,
                "rows": [(item, link) for item, link in rows if link],
                "request": request,
            },
        )
