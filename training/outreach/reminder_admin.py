"""The reminder log in the Wagtail admin: who was reminded when, and which emails failed.

Read-only for everyone (the reminder tasks write it), and limited like the register to the
organisation(s) of the user. `wagtail_hooks.py` registers the viewset and its menu entry.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from home.date_fields import BuddhistDateFromToRangeFilter
from home.spreadsheets import ThaiSpreadsheetExportMixin
from home.thai_dates import format_thai_date
from training.outreach.models import ReminderKind, ReminderLog, ReminderStatus
from training.register.admin_views import ReadOnlyViewSetMixin, ScopedIndexView, search_people
from training.register.models import Person
from training.register.permissions import LimitedActionsPermissionPolicy

# Wagtail requires custom policies to be registered before any view asks for one.
register_permission_policy(
    ReminderLog, LimitedActionsPermissionPolicy(ReminderLog, organisation_field="organisation")
)


class ReminderLogFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("สถานะ"), choices=ReminderStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("ประเภท"), choices=ReminderKind.choices)
    day = BuddhistDateFromToRangeFilter(label=_("วันที่เตือน"))

    class Meta:
        model = ReminderLog
        fields = ["status", "kind", "day"]


class ReminderLogIndexView(ThaiSpreadsheetExportMixin, ScopedIndexView):
    """The log, newest day first: a constant number of queries however many rows it shows.

    Its .xlsx is laid out by home.spreadsheets (title, when and which filters, B.E. date cells)."""

    export_sheet_title = _("บันทึกการเตือน")

    def get_export_title(self):
        return str(_("บันทึกการเตือน"))

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("person", "organisation")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(person__in=search_people(Person.objects.all(), self.search_query))


def reminder_list_display():
    return [
        Column("person", label=_("ผู้รับ"), accessor=lambda log: log.person.full_name),
        Column("kind", label=_("ประเภท"), accessor="get_kind_display", sort_key="kind"),
        Column(
            "day",
            label=_("วันที่เตือน"),
            accessor=lambda log: format_thai_date(log.day, "short"),
            sort_key="day",
        ),
        StatusTagColumn(
            "status",
            label=_("สถานะ"),
            accessor="get_status_display",
            primary=lambda log: log.status == ReminderStatus.SENT,
            sort_key="status",
        ),
        Column("items", label=_("จำนวนรายการ")),
        Column("recipient", label=_("อีเมลผู้รับ")),
        Column("attempts", label=_("พยายามส่ง (ครั้ง)")),
        Column("error", label=_("ข้อผิดพลาด")),
    ]


class ReminderLogViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    model = ReminderLog
    name = "reminder_log"
    url_prefix = "register/reminders"
    icon = "mail"
    menu_label = _("บันทึกการเตือน")
    add_to_admin_menu = False
    index_view_class = ReminderLogIndexView
    list_per_page = 50
    ordering = ["-day", "kind", "pk"]
    list_display = reminder_list_display()
    filterset_class = ReminderLogFilterSet
    search_fields = ["person__first_name"]
    # ORM search inside words (as the register does): Thai has no spaces between words.
    search_backend_name = None
    # The kinds and statuses as people read them, not their stored keys.
    list_export = [
        "day",
        "get_kind_display",
        "get_status_display",
        "person",
        "recipient",
        "items",
        "attempts",
        "error",
        "sent_at",
    ]
    export_headings = {
        "day": _("วันที่เตือน"),
        "get_kind_display": _("ประเภท"),
        "get_status_display": _("สถานะ"),
        "person": _("ผู้รับ"),
        "recipient": _("อีเมลผู้รับ"),
        "items": _("จำนวนรายการ"),
        "attempts": _("พยายามส่ง (ครั้ง)"),
        "error": _("ข้อผิดพลาด"),
        "sent_at": _("ส่งเมื่อ"),
    }


reminder_log_viewset = ReminderLogViewSet()
