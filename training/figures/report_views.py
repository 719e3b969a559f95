"""The acknowledgment admin (การรับทราบ): progress per document version, the acknowledgment report
of each version (on screen, .xlsx and .csv), and the acknowledgments themselves, read-only.

Everything is limited to the organisation(s) of the user, as the register is. Acknowledgments are
evidence: nothing here adds, edits or deletes one, and the viewsets have no URL that could (paper
sign-offs are recorded by their own view, through the `acknowledgments_record` service).
`wagtail_hooks.py` registers the menu group.
"""

import datetime

import django_filters
from django import forms
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.admin.widgets.button import MenuItem as ButtonMenuItem
from wagtail.permissions import policy_registry, register_permission_policy

from home.date_fields import BuddhistDateFromToRangeFilter
from home.replica import ReplicaReadsMixin
from home.spreadsheets import ThaiSpreadsheetExportMixin
from home.thai_dates import format_thai_date
from training.acknowledgment.menu import ACKNOWLEDGMENT_MENU_HOOK
from training.acknowledgment.models import (
    Acknowledgment,
    AcknowledgmentChannel,
    DocumentVersion,
    Requirement,
)
from training.figures.selectors import (
    RequirementStatus,
    VersionProgress,
    acknowledgment_report,
    report_totals,
    version_breakdown,
    version_progress,
)
from training.register.admin_views import (
    ReadOnlyViewSetMixin,
    ScopedIndexView,
    organisation_filter,
    search_people,
)
from training.register.models import Division, Person, PersonnelGroup
from training.register.permissions import LimitedActionsPermissionPolicy

# Wagtail requires custom policies to be registered before any view asks for one.
register_permission_policy(
    DocumentVersion,
    # Versions are made by publishing and acknowledgments by their services: the admin never
    # offers to change or delete either, whoever is logged in.
    LimitedActionsPermissionPolicy(DocumentVersion, organisation_field="organisation"),
)
register_permission_policy(
    Acknowledgment,
    LimitedActionsPermissionPolicy(
        Acknowledgment, organisation_field="organisation", actions=("add", "view")
    ),
)


def thai_datetime(value: datetime.datetime | None) -> str:
    return format_thai_date(value, "short", with_time=True) if value else ""


def thai_date(value: datetime.date | None) -> str:
    return format_thai_date(value, "short") if value else ""


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1f}%"


def recorder_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# --- Versions and their progress ----------------------------------------------------------------


class VersionFilterSet(WagtailFilterSet):
    CURRENT = "current"
    SUPERSEDED = "superseded"

    status = django_filters.ChoiceFilter(
        label=_("สถานะ"),
        choices=[(CURRENT, _("ฉบับปัจจุบัน")), (SUPERSEDED, _("ถูกแทนที่แล้ว"))],
        empty_label=_("ทั้งหมด"),
        method="filter_status",
        widget=forms.RadioSelect,
    )
    organisation = organisation_filter()

    class Meta:
        model = DocumentVersion
        fields = ["status", "organisation"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not request.user.is_superuser:
            # Staff see one organisation; choosing it would filter nothing.
            del self.filters["organisation"]

    def filter_status(self, queryset, name, value):
        if value == self.CURRENT:
            return queryset.filter(superseded_at__isnull=True)
        if value == self.SUPERSEDED:
            return queryset.filter(superseded_at__isnull=False)
        return queryset


def progress_text(version: DocumentVersion) -> str:
    """ "มอบหมายแล้ว 312 จาก 312 คน": requirements of people in post, of the audience's size."""
    if version.audience_size is None:
        assigned = version.progress.assigned
        return ngettext("มอบหมายแล้ว %(assigned)s คน", "มอบหมายแล้ว %(assigned)s คน", assigned) % {
            "assigned": assigned
        }
    return ngettext(
        "มอบหมายแล้ว %(assigned)s จาก %(audience)s คน",
        "มอบหมายแล้ว %(assigned)s จาก %(audience)s คน",
        version.audience_size,
    ) % {
        "assigned": version.progress.assigned,
        "audience": version.audience_size,
    }


def acknowledged_text(version: DocumentVersion) -> str:
    count = version.progress.acknowledged
    return ngettext("%(count)s คน (%(rate)s)", "%(count)s คน (%(rate)s)", count) % {
        "count": version.progress.acknowledged,
        "rate": percent(version.progress.rate),
    }


class VersionIndexView(ReplicaReadsMixin, ScopedIndexView):
    """Document versions with their fan-out and acknowledgment progress.

    A constant number of queries however many versions and people: the page of versions, then
    one GROUP BY over their requirements; the audience size was stored at fan-out time.
    """

    page_title = _("ความคืบหน้าการรับทราบ")
    report_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page", "organisation")

    def get_table(self, object_list):
        versions = list(object_list)
        progress = version_progress(version_ids=[version.pk for version in versions])
        for version in versions:
            version.progress = progress.get(version.pk, VersionProgress())
        return super().get_table(versions)

    def report_url(self, version: DocumentVersion) -> str:
        return reverse(self.report_url_name, args=[version.pk])

    @cached_property
    def columns(self):
        columns = [
            TitleColumn(
                "page",
                label=_("เอกสาร"),
                accessor=lambda version: version.page.title,
                get_url=self.report_url,
                sort_key="page__title",
            ),
            Column("number", label=_("ฉบับที่"), sort_key="number"),
            Column(
                "effective_date",
                label=_("วันที่มีผล"),
                accessor=lambda version: thai_date(version.effective_date),
                sort_key="effective_date",
            ),
            StatusTagColumn(
                "is_current",
                label=_("สถานะ"),
                accessor=lambda version: _("ฉบับปัจจุบัน") if version.is_current else _("ถูกแทนที่แล้ว"),
                primary=lambda version: version.is_current,
                sort_key="superseded_at",
            ),
            Column("fan_out", label=_("การมอบหมาย"), accessor=progress_text),
            Column("acknowledged", label=_("รับทราบแล้ว"), accessor=acknowledged_text),
            Column(
                "overdue",
                label=_("เกินกำหนด (คน)"),
                accessor=lambda version: version.progress.overdue,
            ),
        ]
        if self.request.user.is_superuser:
            columns.insert(1, Column("organisation", label=_("หน่วยงาน")))
        return columns

    def get_list_more_buttons(self, instance):
        url = self.report_url(instance)
        return [
            ButtonMenuItem(_("รายงานการรับทราบ"), url=url, icon_name="list-ul", priority=10),
            ButtonMenuItem(
                _("ดาวน์โหลด .xlsx"), url=f"{url}?export=xlsx", icon_name="download", priority=20
            ),
            ButtonMenuItem(
                _("ดาวน์โหลด .csv"), url=f"{url}?export=csv", icon_name="download", priority=30
            ),
        ]


# --- The acknowledgment report of one version ---------------------------------------------------


class AcknowledgmentReportFilterSet(WagtailFilterSet):
    """Status as of today; division and group as the requirement kept them from assignment (the
    figures' rule), so that a division's rows and totals are the division's figures."""

    status = django_filters.ChoiceFilter(
        label=_("สถานะ"),
        choices=RequirementStatus.choices,
        empty_label=_("ทั้งหมด"),
        widget=forms.RadioSelect,
    )
    personnel_group = django_filters.ChoiceFilter(
        label=_("กลุ่มบุคลากร"),
        field_name="personnel_group",
        choices=PersonnelGroup.choices,
        empty_label=_("ทั้งหมด"),
        widget=forms.RadioSelect,
    )
    division = django_filters.ModelChoiceFilter(
        label=_("ส่วนราชการ"),
        field_name="division",
        queryset=Division.objects.none(),
        empty_label=_("ทั้งหมด"),
    )

    class Meta:
        model = Requirement
        fields = ["status", "personnel_group", "division"]

    def __init__(self, *args, version: DocumentVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["division"].queryset = Division.objects.filter(
            organisation_id=version.organisation_id
        )


REPORT_HEADINGS = {
    "employee_number": _("เลขประจำตัว"),
    "full_name": _("ชื่อ-นามสกุล"),
    "position": _("ตำแหน่ง"),
    "personnel_group": _("กลุ่มบุคลากร"),
    "division": _("ส่วนราชการ"),
    "status": _("สถานะ"),
    "due_date": _("กำหนดรับทราบ"),
    "acknowledged_at": _("รับทราบเมื่อ"),
    "channel": _("ช่องทาง"),
    "recorded_by": _("ผู้บันทึก"),
    "revision": _("รีวิชัน"),
    "text_sha256": _("SHA-256 ของข้อความ"),
    "ip_address": _("หมายเลข IP"),
}


def report_row(requirement: Requirement) -> dict:
    """One row of the report: who, their status, and when, how and which text they acknowledged."""
    person = requirement.person
    acknowledgment = getattr(requirement, "acknowledgment", None)
    row = {
        "employee_number": person.employee_number,
        "full_name": person.full_name,
        "position": person.position,
        "personnel_group": requirement.get_personnel_group_display(),
        "division": requirement.division.name if requirement.division else "",
        "status": str(RequirementStatus(requirement.status).label),
        "due_date": thai_date(requirement.due_date),
        "acknowledged_at": "",
        "channel": "",
        "recorded_by": "",
        "revision": "",
        "text_sha256": "",
        "ip_address": "",
    }
    if acknowledgment is not None:
        row.update(
            acknowledged_at=thai_datetime(acknowledgment.acknowledged_at),
            channel=str(AcknowledgmentChannel(acknowledgment.channel).label),
            recorded_by=recorder_name(acknowledgment.recorded_by),
            revision=acknowledgment.revision_id,
            text_sha256=acknowledgment.text_sha256,
            ip_address=acknowledgment.ip_address or "",
        )
    return row


def cached_report_row(requirement: Requirement) -> dict:
    """The row, worked out once for all the columns that show a part of it."""
    if not hasattr(requirement, "_report_row"):
        requirement._report_row = report_row(requirement)
    return requirement._report_row


class AcknowledgmentReportView(ReplicaReadsMixin, ThaiSpreadsheetExportMixin, ReportView):
    """Who must acknowledge a version, and who did: when, how, which text and who recorded it.

    Exports as .xlsx (laid out by home.spreadsheets: title, the version and the counts of the
    rows exported, B.E. date cells) and .csv with Thai headings. Filters by division, personnel
    group and status. A constant number of queries whatever the head count.
    """

    model = Requirement
    permission_required = "view"
    header_icon = "list-ul"
    page_title = _("รายงานการรับทราบ")
    template_name = "training/admin/acknowledgment_report.html"
    results_template_name = "training/admin/acknowledgment_report_results.html"
    filterset_class = AcknowledgmentReportFilterSet
    default_ordering = "person__employee_number"
    list_export = list(REPORT_HEADINGS)
    export_headings = REPORT_HEADINGS
    export_sheet_title = _("รายงานการรับทราบ")
    # The .xlsx has date cells; the .csv keeps the dates as the screen shows them.
    custom_field_preprocess = {
        "due_date": {"csv": thai_date},
        "acknowledged_at": {"csv": thai_datetime},
    }
    versions_index_url_name = None

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Acknowledgment)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        versions = policy_registry.get_by_type(DocumentVersion).scope(
            request.user, DocumentVersion.objects.select_related("page", "organisation")
        )
        # Another organisation's version is a 404, as if it did not exist.
        self.version = get_object_or_404(versions, pk=kwargs["version_id"])

    def get_base_queryset(self):
        return acknowledgment_report(version=self.version)

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "version": self.version}

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.version.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.version.pk])

    def get_page_subtitle(self):
        return _("%(title)s ฉบับที่ %(number)s") % {
            "title": self.version.page.title,
            "number": self.version.number,
        }

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.versions_index_url_name), "label": _("ความคืบหน้าการรับทราบ")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_export_what(self):
        return "-".join(
            [
                str(_("รายงานการรับทราบ")),
                self.version.page.title,
                str(_("ฉบับที่ %(number)s") % {"number": self.version.number}),
            ]
        )

    def to_row_dict(self, item):
        """The report's row with the dates as dates, for the exports."""
        acknowledgment = getattr(item, "acknowledgment", None)
        return {
            **report_row(item),
            "due_date": item.due_date,
            "acknowledged_at": acknowledgment.acknowledged_at if acknowledgment else None,
        }

    def get_export_summary(self, rows):
        """When and what (the document, its version and effective date), the filters, and how
        many of the rows in the file have each status: counted from the rows themselves."""
        version = self.version
        summary = super().get_export_summary(rows)
        summary[1:1] = [
            (_("เอกสาร"), version.page.title),
            (_("ฉบับที่"), version.number),
            (_("วันที่มีผล"), version.effective_date),
        ]
        status = self.list_export.index("status")
        for label in RequirementStatus.labels:
            count = sum(1 for row in rows if row[status] == str(label))
            summary.append((_("%(status)s (คน)") % {"status": label}, count))
        return summary

    @cached_property
    def header_more_buttons(self):
        # Wagtail's own labels are English (or a poor Thai); say plainly what each file is.
        return [
            Button(
                _("ดาวน์โหลด .xlsx"), url=self.xlsx_export_url, icon_name="download", priority=90
            ),
            Button(_("ดาวน์โหลด .csv"), url=self.csv_export_url, icon_name="download", priority=100),
        ]

    @cached_property
    def columns(self):
        def cell(key):
            return lambda requirement: cached_report_row(requirement)[key]

        return [
            Column(
                "employee_number",
                label=REPORT_HEADINGS["employee_number"],
                accessor="person.employee_number",
                sort_key="person__employee_number",
            ),
            Column(
                "full_name",
                label=REPORT_HEADINGS["full_name"],
                accessor="person.full_name",
                sort_key="person__first_name",
            ),
            Column("position", label=REPORT_HEADINGS["position"], accessor="person.position"),
            Column(
                "personnel_group",
                label=REPORT_HEADINGS["personnel_group"],
                accessor="get_personnel_group_display",
                sort_key="personnel_group",
            ),
            Column(
                "division",
                label=REPORT_HEADINGS["division"],
                accessor=cell("division"),
                sort_key="division__name",
            ),
            StatusTagColumn(
                "status",
                label=REPORT_HEADINGS["status"],
                accessor=cell("status"),
                primary=lambda requirement: requirement.status == RequirementStatus.ACKNOWLEDGED,
                sort_key="status",
            ),
            Column(
                "due_date",
                label=REPORT_HEADINGS["due_date"],
                accessor=cell("due_date"),
                sort_key="due_date",
            ),
            Column(
                "acknowledged_at",
                label=REPORT_HEADINGS["acknowledged_at"],
                accessor=cell("acknowledged_at"),
                sort_key="fulfilled_at",
            ),
            Column("channel", label=REPORT_HEADINGS["channel"], accessor=cell("channel")),
            Column(
                "recorded_by", label=REPORT_HEADINGS["recorded_by"], accessor=cell("recorded_by")
            ),
            Column("revision", label=REPORT_HEADINGS["revision"], accessor=cell("revision")),
            Column(
                "text_sha256",
                label=REPORT_HEADINGS["text_sha256"],
                accessor=lambda requirement: short_hash(
                    cached_report_row(requirement)["text_sha256"]
                ),
            ),
            Column("ip_address", label=REPORT_HEADINGS["ip_address"], accessor=cell("ip_address")),
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if self.is_export:
            return context
        # The totals of the rows listed, after every filter; refreshed with the results.
        context["totals"] = report_totals(self.object_list)
        if not self.results_only:
            # The version as a whole, whatever the filters: its fan-out (one GROUP BY) and its
            # breakdown by division and group (two queries).
            version = self.version
            version.progress = version_progress(version_ids=[version.pk]).get(
                version.pk, VersionProgress()
            )
            context.update(
                version=version,
                progress_text=progress_text(version),
                breakdown=version_breakdown(version),
            )
        return context


def short_hash(value: str) -> str:
    """The first 12 hex digits on screen (the full hash is in the exports and the record)."""
    if not value:
        return ""
    return format_html('<span title="{}">{}…</span>', value, value[:12])


# --- The acknowledgments themselves, read-only --------------------------------------------------


class AcknowledgmentFilterSet(WagtailFilterSet):
    channel = django_filters.ChoiceFilter(
        label=_("ช่องทาง"), choices=AcknowledgmentChannel.choices, empty_label=_("ทั้งหมด")
    )
    acknowledged_at = BuddhistDateFromToRangeFilter(label=_("รับทราบเมื่อ"))

    class Meta:
        model = Acknowledgment
        fields = ["channel", "acknowledged_at"]


class AcknowledgmentIndexView(ReplicaReadsMixin, ScopedIndexView):
    """The evidence, newest first: a constant number of queries however many rows it shows."""

    page_title = _("บันทึกการรับทราบ")

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("person", "version__page", "recorded_by", "organisation")
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(person__in=search_people(Person.objects.all(), self.search_query))


def acknowledgment_list_display():
    return [
        TitleColumn(
            "person",
            label=_("บุคลากร"),
            accessor=lambda acknowledgment: acknowledgment.person.full_name,
            url_name="acknowledgment:inspect",
            sort_key="person__first_name",
        ),
        Column(
            "employee_number",
            label=_("เลขประจำตัว"),
            accessor="person.employee_number",
            sort_key="person__employee_number",
        ),
        Column(
            "version",
            label=_("เอกสาร"),
            accessor=lambda acknowledgment: (
                _("%(title)s ฉบับที่ %(number)s")
                % {
                    "title": acknowledgment.version.page.title,
                    "number": acknowledgment.version.number,
                }
            ),
        ),
        Column(
            "acknowledged_at",
            label=_("รับทราบเมื่อ"),
            accessor=lambda acknowledgment: thai_datetime(acknowledgment.acknowledged_at),
            sort_key="acknowledged_at",
        ),
        Column("channel", label=_("ช่องทาง"), accessor="get_channel_display", sort_key="channel"),
        Column(
            "recorded_by",
            label=_("ผู้บันทึก"),
            accessor=lambda acknowledgment: recorder_name(acknowledgment.recorded_by),
        ),
        Column("sequence", label=_("ลำดับในหน่วยงาน"), sort_key="sequence"),
    ]


ACKNOWLEDGMENT_INSPECT_FIELDS = [
    "organisation",
    "sequence",
    "person",
    "version",
    "acknowledged_at",
    "channel",
    "recorded_by",
    "revision",
    "text_sha256",
    "ip_address",
    "user_agent",
    "paper_scan",
    "note",
    "previous_hash",
    "record_hash",
]


class AcknowledgmentInspectView(ReplicaReadsMixin, generic.InspectView):
    """One acknowledgment as recorded, with its place in the hash chain; nothing to change."""

    def get_object(self, queryset=None):
        acknowledgments = policy_registry.get_by_type(Acknowledgment).scope(
            self.request.user,
            Acknowledgment.objects.select_related(
                "organisation", "person", "version__page", "recorded_by", "paper_scan"
            ),
        )
        return get_object_or_404(acknowledgments, pk=self.pk)

    def get_acknowledged_at_display_value(self):
        return thai_datetime(self.object.acknowledged_at)

    def get_recorded_by_display_value(self):
        return recorder_name(self.object.recorded_by) or "—"

    def get_revision_display_value(self):
        return self.object.revision_id

    def get_ip_address_display_value(self):
        return self.object.ip_address or "—"

    def get_user_agent_display_value(self):
        return self.object.user_agent or "—"

    def get_note_display_value(self):
        return self.object.note or "—"

    def get_paper_scan_display_value(self):
        scan = self.object.paper_scan
        if scan is None:
            return "—"
        return format_html('<a href="{}">{}</a>', scan.url, scan.title)


class AcknowledgmentViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    model = Acknowledgment
    name = "acknowledgment"
    url_prefix = "acknowledgments/records"
    icon = "doc-full-inverse"
    menu_label = _("บันทึกการรับทราบ")
    index_view_class = AcknowledgmentIndexView
    inspect_view_enabled = True
    inspect_view_class = AcknowledgmentInspectView
    inspect_view_fields = ACKNOWLEDGMENT_INSPECT_FIELDS
    list_per_page = 50
    ordering = ["-acknowledged_at", "-pk"]
    list_display = acknowledgment_list_display()
    filterset_class = AcknowledgmentFilterSet
    search_fields = ["person__first_name"]
    # ORM search inside words (as the register does): Thai has no spaces between words.
    search_backend_name = None


class VersionProgressViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    model = DocumentVersion
    name = "acknowledgment_progress"
    url_prefix = "acknowledgments/versions"
    icon = "doc-full"
    menu_label = _("ความคืบหน้าตามฉบับเอกสาร")
    index_view_class = VersionIndexView
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    filterset_class = VersionFilterSet
    report_view_class = AcknowledgmentReportView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(report_url_name=self.get_url_name("report"), **kwargs)

    def get_permissions_to_register(self):
        # Versions are only ever viewed in the admin: offer just that in the group editor.
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(DocumentVersion),
            codename="view_documentversion",
        )

    def get_urlpatterns(self):
        report = {
            "index_url_name": self.get_url_name("report"),
            "index_results_url_name": self.get_url_name("report_results"),
            "versions_index_url_name": self.get_url_name("index"),
        }
        report_view = self.report_view_class.as_view(**report)
        report_results_view = self.report_view_class.as_view(results_only=True, **report)
        return super().get_urlpatterns() + [
            path("<int:version_id>/report/", report_view, name="report"),
            path("<int:version_id>/report/results/", report_results_view, name="report_results"),
        ]


class AcknowledgmentViewSetGroup(ModelViewSetGroup):
    menu_label = _("การรับทราบ")
    menu_icon = "tasks"
    menu_order = 310
    items = (VersionProgressViewSet, AcknowledgmentViewSet)
    submenu_hook = ACKNOWLEDGMENT_MENU_HOOK
