"""Briefings in the admin, under the acknowledgments menu, and their words in the history."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from training.acknowledgment.menu import ACKNOWLEDGMENT_MENU_HOOK
from training.briefings import admin_views
from training.briefings.models import Briefing
from training.briefings.services import ATTENDANCE_CORRECTED, BRIEFING_SCHEDULED
from training.register.admin_views import ScopedHistoryView, ScopedUsageView
from training.register.permissions import OrganisationScopedPermissionPolicy
from training.register.wagtail_hooks import person_chooser_viewset

register_permission_policy(
    Briefing, OrganisationScopedPermissionPolicy(Briefing, organisation_field="organisation")
)


class BriefingViewSet(ModelViewSet):
    model = Briefing
    name = "briefing"
    url_prefix = "briefings"
    icon = "group"
    menu_label = _("การประชุมชี้แจง")
    add_view_class = admin_views.BriefingCreateView
    index_view_class = admin_views.BriefingIndexView
    edit_view_class = admin_views.BriefingEditView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False
    list_display = admin_views.briefing_list_display()
    list_filter = ["organisation"]
    search_fields = ["title", "place"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
            FieldPanel("place"),
            FieldPanel("online_url"),
            FieldPanel("leader", widget=person_chooser_viewset.widget_class),
            FieldPanel("divisions", widget=admin_views.forms.CheckboxSelectMultiple),
            FieldPanel("personnel_groups"),
            FieldPanel("versions", widget=admin_views.forms.CheckboxSelectMultiple),
            FieldPanel("agenda"),
            FieldPanel("materials"),
        ],
        base_form_class=admin_views.BriefingForm,
    )


briefing_viewset = BriefingViewSet()


class BriefingScheduledLogFormatter(LogFormatter):
    label = _("นัดหมายการประชุมชี้แจง")

    def format_message(self, log_entry):
        return _("นัดหมายการประชุมชี้แจง “%(title)s”") % {
            "title": (log_entry.data or {}).get("title", "")
        }


class AttendanceCorrectedLogFormatter(LogFormatter):
    label = _("แก้ไขการเข้าร่วมประชุม")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("แก้ไขการเข้าร่วม “%(title)s” ของ %(person)s: %(reason)s") % {
            "title": data.get("title", ""),
            "person": data.get("person", ""),
            "reason": data.get("reason", ""),
        }


@hooks.register("register_log_actions")
def register_briefing_log_actions(actions):
    actions.register_action(BRIEFING_SCHEDULED)(BriefingScheduledLogFormatter)
    actions.register_action(ATTENDANCE_CORRECTED)(AttendanceCorrectedLogFormatter)


@hooks.register("register_admin_viewset")
def register_briefings():
    return briefing_viewset


@hooks.register(ACKNOWLEDGMENT_MENU_HOOK)
def register_briefing_menu_item():
    return briefing_viewset.get_menu_item(order=600)
