"""The people behind a figure: the fiscal year's requirements that a number on the dashboard
counts, one row each, filtered the way the number was counted.

Every number on the dashboard (`dashboard.py`) links here with its filters in the query string:
the fiscal year, the personnel group and division at assignment, the document version, the
status (on time, late, outstanding, left; several at once for "acknowledged" or "counted") and
the month of acknowledgment. The rows are `selectors.year_requirements`, with the same
`figure_status` the figures count by, so a list always holds exactly as many rows as its number.
Limited to the user's organisation (another one is a 404); a constant number of queries whatever
the head count.
"""

import datetime

import django_filters
from django import forms
from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import policy_registry

from home.replica import ReplicaReadsMixin
from home.thai_dates import FiscalYear, format_thai_date
from training.acknowledgment.models import Acknowledgment, DocumentVersion, Requirement
from training.figures import scope
from training.figures.selectors import (
    FigureStatus,
    fiscal_years_of_requirements,
    month_range,
    months_of,
    year_requirements,
)
from training.register.models import Division, PersonnelGroup

NO_DIVISION = "none"
NO_DIVISION_LABEL = _("ไม่สังกัดส่วนราชการ")


def month_key(month: datetime.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def month_label(month: datetime.date) -> str:
    """ "พ.ย. 2568": the abbreviated month and its B.E. year."""
    return format_thai_date(month, "short").split(" ", 1)[1]


def version_label(title: str, number: int) -> str:
    return _("%(title)s ฉบับที่ %(number)s") % {"title": title, "number": number}


def unfiltered(queryset, name, value):
    """The organisation and year choose the view's base queryset; their filters only carry
    the choice from one filtering to the next."""
    return queryset


class PeopleBehindFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(
        label=_("ปีงบประมาณ"), choices=[], empty_label=None, method=unfiltered
    )
    organisation = django_filters.ChoiceFilter(
        label=_("หน่วยงาน"), choices=[], empty_label=None, method=unfiltered
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("สถานะ"),
        field_name="status",
        choices=FigureStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    personnel_group = django_filters.ChoiceFilter(
        label=_("กลุ่มบุคลากร ณ วันที่มอบหมาย"),
        field_name="personnel_group",
        choices=PersonnelGroup.choices,
        empty_label=_("ทั้งหมด"),
        widget=forms.RadioSelect,
    )
    division = django_filters.ChoiceFilter(
        label=_("ส่วนราชการ ณ วันที่มอบหมาย"),
        choices=[],
        empty_label=_("ทั้งหมด"),
        method="filter_division",
    )
    version = django_filters.ChoiceFilter(
        label=_("เอกสาร"), choices=[], empty_label=_("ทั้งหมด"), field_name="version_id"
    )
    month = django_filters.ChoiceFilter(
        label=_("รับทราบในเดือน"), choices=[], empty_label=_("ทั้งหมด"), method="filter_month"
    )

    class Meta:
        model = Requirement
        fields = []

    def __init__(self, *args, organisation, fiscal_year: FiscalYear, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user
        years = {year.be_year for year in fiscal_years_of_requirements(organisation.pk)}
        years.add(fiscal_year.be_year)
        self.filters["year"].extra["choices"] = [
            (str(year), _("พ.ศ. %(year)s") % {"year": year}) for year in sorted(years, reverse=True)
        ]
        if user.is_superuser:
            self.filters["organisation"].extra["choices"] = [
                (str(pk), name)
                for pk, name in scope.organisation_choices(user).values_list("pk", "name_th")
            ]
        else:
            # Staff work on one organisation; choosing it would filter nothing.
            del self.filters["organisation"]
        divisions = Division.objects.filter(organisation=organisation).order_by("name")
        self.filters["division"].extra["choices"] = [
            (str(pk), name) for pk, name in divisions.values_list("pk", "name")
        ] + [(NO_DIVISION, NO_DIVISION_LABEL)]
        versions = DocumentVersion.objects.filter(organisation=organisation).order_by(
            "page__title", "number"
        )
        self.filters["version"].extra["choices"] = [
            (str(pk), version_label(title, number))
            for pk, title, number in versions.values_list("pk", "page__title", "number")
        ]
        self.months = {month_key(month): month for month in months_of(fiscal_year)}
        self.filters["month"].extra["choices"] = [
            (key, month_label(month)) for key, month in self.months.items()
        ]

    def filter_division(self, queryset, name, value):
        if value == NO_DIVISION:
            return queryset.filter(division__isnull=True)
        return queryset.filter(division_id=value)

    def filter_month(self, queryset, name, value):
        first, after = month_range(self.months[value])
        return queryset.filter(fulfilled_at__gte=first, fulfilled_at__lt=after)


def thai_date(value: datetime.date | None) -> str:
    return format_thai_date(value, "short") if value else ""


def thai_datetime(value: datetime.datetime | None) -> str:
    return format_thai_date(value, "short", with_time=True) if value else ""


class PeopleBehindFigureView(ReplicaReadsMixin, ReportView):
    """The requirements behind a figure of the year, with who, what, when due and when done."""

    model = Requirement
    permission_required = "view"
    header_icon = "group"
    page_title = _("รายชื่อบุคลากรตามตัวเลข")
    filterset_class = PeopleBehindFilterSet
    default_ordering = "person__employee_number"
    paginate_by = 50

    @cached_property
    def permission_policy(self):
        # Names and their acknowledgments: whoever may read the acknowledgment report.
        return policy_registry.get_by_type(Acknowledgment)

    @cached_property
    def organisation(self):
        organisation = scope.chosen_organisation(self.request)
        if organisation is None:  # a login that works on no organisation
            raise Http404
        return organisation

    @cached_property
    def fiscal_year(self) -> FiscalYear:
        return scope.chosen_fiscal_year(self.request)

    def get_base_queryset(self):
        return year_requirements(self.organisation.pk, self.fiscal_year)

    def get_filterset_kwargs(self):
        return {
            **super().get_filterset_kwargs(),
            "organisation": self.organisation,
            "fiscal_year": self.fiscal_year,
        }

    def filter_queryset(self, queryset):
        # A link whose filters no longer hold (a division or version renamed away, a value
        # edited by hand) lists nobody rather than everybody.
        if self.filters and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)

    def get_page_subtitle(self):
        return f"{self.organisation.name_th} · {self.fiscal_year}"

    def get_breadcrumbs_items(self):
        query = scope.scope_query(self.organisation, self.fiscal_year, user=self.request.user)
        return [
            {
                "url": f"{reverse('wagtailadmin_home')}?{urlencode(query)}",
                "label": _("ภาพรวมการรับทราบ"),
            },
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    @cached_property
    def columns(self):
        return [
            Column(
                "employee_number",
                label=_("เลขประจำตัว"),
                accessor="person.employee_number",
                sort_key="person__employee_number",
            ),
            Column(
                "full_name",
                label=_("ชื่อ-นามสกุล"),
                accessor="person.full_name",
                sort_key="person__first_name",
            ),
            Column("position", label=_("ตำแหน่ง"), accessor="person.position"),
            # As they were when the requirement was assigned, as the figures count them.
            Column(
                "personnel_group",
                label=_("กลุ่มบุคลากร"),
                accessor="get_personnel_group_display",
                sort_key="personnel_group",
            ),
            Column(
                "division",
                label=_("ส่วนราชการ"),
                accessor=lambda requirement: (
                    requirement.division.name if requirement.division else ""
                ),
                sort_key="division__name",
            ),
            Column(
                "version",
                label=_("เอกสาร"),
                accessor=lambda requirement: version_label(
                    requirement.version.page.title, requirement.version.number
                ),
                sort_key="version__page__title",
            ),
            Column(
                "due_date",
                label=_("กำหนดรับทราบ"),
                accessor=lambda requirement: thai_date(requirement.due_date),
                sort_key="due_date",
            ),
            Column(
                "fulfilled_at",
                label=_("รับทราบเมื่อ"),
                accessor=lambda requirement: thai_datetime(requirement.fulfilled_at),
                sort_key="fulfilled_at",
            ),
            StatusTagColumn(
                "status",
                label=_("สถานะ"),
                accessor=lambda requirement: FigureStatus(requirement.status).label,
                primary=lambda requirement: requirement.status == FigureStatus.ON_TIME,
                sort_key="status",
            ),
        ]


class FiguresViewSet(ViewSet):
    """The figures' own admin pages (the dashboard itself is the admin's home page)."""

    name = "acknowledgment_figures"
    url_prefix = "acknowledgments/figures"
    people_view_class = PeopleBehindFigureView

    def get_urlpatterns(self):
        names = {
            "index_url_name": self.get_url_name("people"),
            "index_results_url_name": self.get_url_name("people_results"),
        }
        return [
            path("people/", self.people_view_class.as_view(**names), name="people"),
            path(
                "people/results/",
                self.people_view_class.as_view(results_only=True, **names),
                name="people_results",
            ),
        ]
