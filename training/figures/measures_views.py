"""The measures report in the admin: HR edits it as a snippet (scoped to their organisation) and
reads it as a page, a PDF and an .xlsx, measure 6's output and outcome live from the figures.

Another organisation's report is a 404 everywhere, as if it did not exist.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    SnippetViewSet,
    UsageView,
)

from home.replica import ReplicaReadsMixin
from home.spreadsheets import attachment_headers, export_filename, thai_workbook, xlsx_response
from home.thai_dates import format_thai_date
from training.figures.measures import report_rows
from training.figures.measures_pdf import measures_report_pdf
from training.figures.report_models import (
    CELLS,
    LIVE_MEASURE,
    MEASURE_COUNT,
    MeasuresReport,
    cell_field_name,
    cell_headings,
    typed_cells,
)
from training.register.admin_views import OrganisationScopedForm, OrganisationScopedMixin
from training.register.permissions import organisation_ids_for_user


class ScopedSnippetIndexView(OrganisationScopedMixin, IndexView):
    def get_base_queryset(self):
        return self.scope(super().get_base_queryset()).select_related("organisation")

    def get_edit_url(self, instance):
        # A report's title opens the report itself, which offers to edit it.
        return reverse("wagtailsnippets_training_measuresreport:report", args=[instance.pk])


class ScopedSnippetEditView(OrganisationScopedMixin, EditView):
    def get_queryset(self):
        return self.scope(super().get_queryset())


class ScopedSnippetDeleteView(OrganisationScopedMixin, DeleteView):
    def get_queryset(self):
        return self.scope(super().get_queryset())


class ScopedSnippetHistoryView(OrganisationScopedMixin, HistoryView):
    def get_base_object_queryset(self):
        return self.scope(super().get_base_object_queryset())


class ScopedSnippetUsageView(OrganisationScopedMixin, UsageView):
    def get_base_object_queryset(self):
        return self.scope(super().get_base_object_queryset())


def edit_panels() -> ObjectList:
    measures = []
    for measure in range(1, MEASURE_COUNT + 1):
        panels = [FieldPanel(cell_field_name(measure, cell)) for cell in typed_cells(measure)]
        if measure == LIVE_MEASURE:
            panels.append(
                HelpPanel(
                    _(
                        "ช่องผลการดำเนินการ (Output) และผลลัพธ์ (outcome) ของมาตรการที่ 6 "
                        "ระบบเขียนจากข้อมูลการรับทราบของปีงบประมาณนี้และปีก่อนหน้าโดยอัตโนมัติ"
                    )
                )
            )
        measures.append(
            MultiFieldPanel(
                panels,
                heading=format_lazy("{} {}", _("มาตรการที่"), measure),
                classname="collapsed" if measure != LIVE_MEASURE else "",
            )
        )
    return ObjectList(
        [
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("fiscal_year")]),
            FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_position")]),
            *measures,
        ],
        base_form_class=OrganisationScopedForm,
    )


class MeasuresReportCreateView(CreateView):
    """A new year's report starts from the organisation's latest one: the measures, steps,
    periods and who is responsible mostly carry over, so HR edits rather than retypes them."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        if self.request.method != "GET":
            return instance
        organisation_ids = organisation_ids_for_user(self.request.user)
        if len(organisation_ids) != 1:
            return instance
        latest = (
            MeasuresReport.objects.filter(organisation_id__in=organisation_ids)
            .order_by("-fiscal_year")
            .first()
        )
        if latest is None:
            return instance
        instance.organisation_id = latest.organisation_id
        instance.fiscal_year = latest.fiscal_year + 1
        instance.signatory_name = latest.signatory_name
        instance.signatory_position = latest.signatory_position
        for measure in range(1, MEASURE_COUNT + 1):
            for cell in typed_cells(measure):
                name = cell_field_name(measure, cell)
                setattr(instance, name, getattr(latest, name))
        messages.info(
            self.request,
            gettext("คัดลอกข้อความจากรายงานปีงบประมาณ พ.ศ. %(year)s แล้ว โปรดแก้ไขให้ตรงกับปีนี้ก่อนบันทึก")
            % {"year": latest.fiscal_year},
        )
        return instance


class MeasuresReportMixin(PermissionCheckedMixin):
    """Finds the report among those of the user's organisations (else 404) and its rows."""

    permission_required = "view"

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(MeasuresReport)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        reports = self.permission_policy.scope(
            request.user, MeasuresReport.objects.select_related("organisation")
        )
        self.report = get_object_or_404(reports, pk=kwargs["pk"])

    def rows(self):
        return report_rows(self.report)

    def what(self) -> str:
        return gettext("รายงานมาตรการส่งเสริมคุณธรรม-%(organisation)s-ปีงบประมาณ-%(year)s") % {
            "organisation": self.report.organisation.name_th,
            "year": self.report.fiscal_year,
        }


class MeasuresReportView(
    ReplicaReadsMixin, MeasuresReportMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "training/admin/measures_report.html"
    header_icon = "doc-full"
    page_title = _("รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    edit_url_name = pdf_url_name = xlsx_url_name = index_url_name = None

    def get_page_subtitle(self):
        return str(self.report.year)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": MeasuresReport._meta.verbose_name},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    @property
    def header_buttons(self):
        buttons = [
            HeaderButton(
                _("ดาวน์โหลด PDF"),
                reverse(self.pdf_url_name, args=[self.report.pk]),
                icon_name="download",
            ),
            HeaderButton(
                _("ดาวน์โหลด .xlsx"),
                reverse(self.xlsx_url_name, args=[self.report.pk]),
                icon_name="download",
            ),
        ]
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", self.report
        ):
            buttons.append(
                HeaderButton(
                    _("แก้ไข"), reverse(self.edit_url_name, args=[self.report.pk]), icon_name="edit"
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        rows, six = self.rows()
        headings = cell_headings()
        return super().get_context_data(
            report=self.report,
            headings=[headings[cell] for cell in CELLS],
            table=[
                {
                    "number": row.number,
                    "cells": [
                        {
                            "live": row.is_live(cell),
                            "html": row.html.get(cell, ""),
                            "lines": row.lines.get(cell, []),
                        }
                        for cell in CELLS
                    ],
                }
                for row in rows
            ],
            six=six,
            **kwargs,
        )


class MeasuresReportPdfView(ReplicaReadsMixin, MeasuresReportMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        rows, _six = self.rows()
        pdf = measures_report_pdf(self.report, rows)
        filename = export_filename(self.what(), timezone.localdate(), "pdf")
        return HttpResponse(
            pdf, content_type="application/pdf", headers=attachment_headers(filename)
        )


class MeasuresReportXlsxView(ReplicaReadsMixin, MeasuresReportMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        rows, _six = self.rows()
        headings = cell_headings()
        title = gettext(
            "รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใสของ%(organisation)s "
            "ประจำปีงบประมาณ พ.ศ. %(year)s"
        ) % {"organisation": self.report.organisation.name_th, "year": self.report.fiscal_year}
        workbook = thai_workbook(
            sheet_title=gettext("มาตรการส่งเสริมคุณธรรม %(year)s") % {"year": self.report.fiscal_year},
            title=title,
            summary=[
                (gettext("ข้อมูล ณ วันที่"), timezone.localtime()),
                (gettext("ผู้รายงาน"), self.report.signatory_name),
                (gettext("ตำแหน่ง"), self.report.signatory_position),
            ],
            headings=[headings[cell] for cell in CELLS],
            rows=[["\n".join(row.plain(cell)) for cell in CELLS] for row in rows],
            widths=[30, 40, 18, 18, 60, 50],
        )
        return xlsx_response(workbook, export_filename(self.what(), timezone.localdate(), "xlsx"))


class MeasuresReportViewSet(SnippetViewSet):
    model = MeasuresReport
    icon = "doc-full"
    menu_label = _("รายงานมาตรการส่งเสริมคุณธรรม")
    url_prefix = "measures-report"
    add_to_admin_menu = True
    menu_order = 260
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = ScopedSnippetIndexView
    add_view_class = MeasuresReportCreateView
    edit_view_class = ScopedSnippetEditView
    delete_view_class = ScopedSnippetDeleteView
    history_view_class = ScopedSnippetHistoryView
    usage_view_class = ScopedSnippetUsageView
    list_display = [
        "fiscal_year",
        "organisation",
        "signatory_name",
        Column(
            "updated_at",
            label=_("แก้ไขล่าสุด"),
            accessor=lambda report: format_thai_date(report.updated_at, "short", with_time=True),
        ),
    ]
    list_filter = []
    search_fields = None
    edit_handler = edit_panels()

    def get_urlpatterns(self):
        names = {
            "index_url_name": self.get_url_name("list"),
            "edit_url_name": self.get_url_name("edit"),
            "pdf_url_name": self.get_url_name("pdf"),
            "xlsx_url_name": self.get_url_name("xlsx"),
        }
        return super().get_urlpatterns() + [
            path("report/<int:pk>/", MeasuresReportView.as_view(**names), name="report"),
            path("report/<int:pk>/pdf/", MeasuresReportPdfView.as_view(), name="pdf"),
            path("report/<int:pk>/xlsx/", MeasuresReportXlsxView.as_view(), name="xlsx"),
        ]
