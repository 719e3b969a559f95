"""The public transparency page (หน้าเปิดเผยข้อมูล): a fiscal year's measure 6 figures as
aggregates, the codes and guidelines with their publication dates, the published measures report
and the year's ITA evidence list. No login; nothing on it names or identifies a person."""

from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from home.forms import SlugFromPageForm
from home.replica import replica_reads
from home.sites import url_in_site
from home.thai_dates import FiscalYear
from training.acknowledgment.selectors import recent_seals
from training.figures.models import ItaEvidenceItem
from training.figures.public import SMALL_TEXT, WITHHELD_TEXT, public_year
from training.figures.selectors import fiscal_years_of_requirements
from training.register.selectors import organisation_for_request


class TransparencyPage(RoutablePageMixin, Page):
    """The figures at /, /?year=2569 or /2569/; the ITA evidence list at /ita/ and /ita/2569/.

    A constant number of queries, however many organisations there are: the site and the
    organisation are the request's (found once and kept on it), and the page's links are made
    from the site's root path (`home.sites.url_in_site`), not from Wagtail's cached list of every
    site's root, which a new organisation's site empties so that the next page to use it would
    pay one query to fill it again.
    """

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
    base_form_class = SlugFromPageForm
    slug_kind = "transparency"
    slug_with_year = False
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("หน้าเปิดเผยข้อมูลการรับทราบประมวลจริยธรรม")
        verbose_name_plural = pgettext_lazy("plural", "หน้าเปิดเผยข้อมูลการรับทราบประมวลจริยธรรม")

    # --- reads -------------------------------------------------------------------------------

    def fiscal_years(self, organisation) -> list[FiscalYear]:
        """From the year of the first requirement to the current one, newest first."""
        current = FiscalYear.of(timezone.localdate())
        with_requirements = (
            fiscal_years_of_requirements(organisation.pk) if organisation is not None else []
        )
        oldest = min([current, *with_requirements])
        return [FiscalYear(year) for year in range(current.be_year, oldest.be_year - 1, -1)]

    def ita_years(self, organisation) -> list[int]:
        if organisation is None:
            return []
        return sorted(
            set(
                ItaEvidenceItem.objects.filter(organisation=organisation)
                .order_by()
                .values_list("fiscal_year", flat=True)
            ),
            reverse=True,
        )

    def published_report(self):
        """The chosen report page, if anyone may read it (live, not restricted)."""
        if self.measures_report_id is None:
            return None
        return Page.objects.filter(pk=self.measures_report_id).live().public().first()

    def _site(self, request) -> Site:
        """The site the page is served on (Wagtail found it for the request and kept it)."""
        return Site.find_for_request(request)

    def _url(self, request) -> str:
        return url_in_site(self, self._site(request)) or self.get_url(request=request) or ""

    def _ita_links(self, request, years) -> list[tuple[int, str]]:
        url = self._url(request)
        return [(year, url + self.reverse_subpage("ita_year", args=(year,))) for year in years]

    # --- routes ------------------------------------------------------------------------------

    # Aggregates only: read from the replica when there is one (home.replica).
    @path("")
    @replica_reads()
    def figures_view(self, request):
        organisation = organisation_for_request(request)
        year = request.GET.get("year", "")
        fiscal_years = self.fiscal_years(organisation)
        chosen = fiscal_years[0]
        if year.isdigit() and FiscalYear(int(year)) in fiscal_years:
            chosen = FiscalYear(int(year))
        return self._figures_response(request, organisation, chosen, fiscal_years)

    @path("<int:year>/", name="year")
    @replica_reads()
    def year_view(self, request, year):
        organisation = organisation_for_request(request)
        fiscal_years = self.fiscal_years(organisation)
        if year < 2500 or FiscalYear(year) not in fiscal_years:
            raise Http404
        return self._figures_response(request, organisation, FiscalYear(year), fiscal_years)

    def _figures_response(self, request, organisation, fiscal_year, fiscal_years):
        site = self._site(request)
        figures = None
        if organisation is not None:
            figures = public_year(
                organisation_id=organisation.pk,
                root=site.root_page,
                fiscal_year=fiscal_year,
                request=request,
                site=site,
            )
        report = self.published_report()
        report_url = ""
        if report is not None:
            report_url = url_in_site(report, site) or report.get_url(request=request) or ""
        return self.render(
            request,
            context_overrides={
                "figures": figures,
                "fiscal_year": fiscal_year,
                "fiscal_years": fiscal_years,
                "page_url": self._url(request),
                "ita_links": self._ita_links(request, self.ita_years(organisation)),
                "report": report,
                "report_url": report_url,
                "small_text": SMALL_TEXT,
                "withheld_text": WITHHELD_TEXT,
                "seals": recent_seals(organisation.pk) if organisation is not None else [],
            },
        ).render()  # here, so that the template's reads go to the replica too

    @path("ita/", name="ita")
    def ita_current_view(self, request):
        organisation = organisation_for_request(request)
        years = self.ita_years(organisation)
        current = FiscalYear.of(timezone.localdate()).be_year
        year = current if current in years or not years else years[0]
        return self._ita_response(request, organisation, year, years)

    @path("ita/<int:year>/", name="ita_year")
    def ita_year_view(self, request, year):
        organisation = organisation_for_request(request)
        years = self.ita_years(organisation)
        if year not in years:
            raise Http404
        return self._ita_response(request, organisation, year, years)

    def _ita_response(self, request, organisation, year, years):
        site = self._site(request)
        items = []
        if organisation is not None:
            items = list(
                ItaEvidenceItem.objects.filter(organisation=organisation, fiscal_year=year)
                .select_related("page", "document")
                .order_by("sort_order", "code", "pk")
            )
        rows = []
        for item in items:
            link = ""
            if item.page_id and item.page.live:
                link = url_in_site(item.page, site)
            link = link or item.link(request)
            if link:
                rows.append((item, link))
        return TemplateResponse(
            request,
            "training/figures/ita_evidence_page.html",
            {
                "page": self,
                "self": self,
                "page_url": self._url(request),
                "year": year,
                "year_links": self._ita_links(request, years),
                "rows": rows,
                "request": request,
            },
        )
