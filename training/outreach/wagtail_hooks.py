"""Outreach in the admin: the reminder log under the register, signed links and paper sign-offs
under acknowledgments, and the register history's words for links queued, paper recorded and a
division head's reminders; and Wagtail's documents and users told that scans are evidence."""

import datetime

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from home.thai_dates import format_thai_date
from training.acknowledgment.menu import ACKNOWLEDGMENT_MENU_HOOK
from training.outreach.head_reminders import HEAD_REMINDER
from training.outreach.paper_views import signoff_viewset
from training.outreach.reminder_admin import reminder_log_viewset
from training.outreach.scan_views import (
    DocumentDeleteView,
    DocumentEditView,
    DocumentsAdminAPIViewSet,
    EvidenceUserDeleteBulkAction,
    keep_users_evidence_names,
    refuse_serving_hidden_scan,
)
from training.outreach.services import PAPER_SIGNOFF, SIGNED_LINKS_QUEUED
from training.register.wagtail_hooks import REGISTER_MENU_HOOK


class SignedLinksQueuedLogFormatter(LogFormatter):
    label = _("จัดคิวส่งลิงก์รับทราบ")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("จัดคิวส่งลิงก์รับทราบ “%(document)s” ฉบับที่ %(number)s ให้ %(count)s คน") % {
            "document": data.get("document", ""),
            "number": data.get("number", ""),
            "count": data.get("count", 0),
        }


def thai_date_of(iso_day: str | None) -> str:
    return format_thai_date(datetime.date.fromisoformat(iso_day)) if iso_day else ""


class PaperSignoffLogFormatter(LogFormatter):
    label = _("บันทึกการลงนามในเอกสารแล้ว")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _(
            "บันทึกการลงนามรับทราบ “%(document)s” ฉบับที่ %(number)s %(count)s คน "
            "ตามใบลงนามที่สแกนลงวันที่ %(signed_on)s"
        ) % {
            "document": data.get("document", ""),
            "number": data.get("number", ""),
            "count": data.get("count", 0),
            "signed_on": thai_date_of(data.get("signed_on")),
        }


class HeadReminderLogFormatter(LogFormatter):
    """A division head asked, from the portal, for some of their staff to be reminded."""

    label = _("หัวหน้าส่วนราชการส่งการเตือน")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        count = data.get("count", 0)
        return ngettext(
            "เตือน %(count)s คนใน%(division)s ให้รับทราบเอกสาร: %(names)s",
            "เตือน %(count)s คนใน%(division)s ให้รับทราบเอกสาร: %(names)s",
            count,
        ) % {
            "count": count,
            "division": data.get("division_name", ""),
            "names": ", ".join(data.get("names", [])),
        }


@hooks.register("register_log_actions")
def register_outreach_log_actions(actions):
    actions.register_action(SIGNED_LINKS_QUEUED)(SignedLinksQueuedLogFormatter)
    actions.register_action(PAPER_SIGNOFF)(PaperSignoffLogFormatter)
    actions.register_action(HEAD_REMINDER)(HeadReminderLogFormatter)


@hooks.register("register_admin_viewset")
def register_reminder_log():
    return reminder_log_viewset


@hooks.register(REGISTER_MENU_HOOK)
def register_reminder_log_menu_item():
    return reminder_log_viewset.get_menu_item(order=950)


@hooks.register("register_admin_viewset")
def register_signoffs():
    return signoff_viewset


@hooks.register(ACKNOWLEDGMENT_MENU_HOOK)
def register_signoff_menu_item():
    return signoff_viewset.get_menu_item(order=500)


# --- Scans are evidence ---------------------------------------------------------------------------


# Before Wagtail's own document URLs (order -1), at the same addresses, so that wagtaildocs:edit
# and wagtaildocs:delete reach these views, which say why a scan cannot be changed.
@hooks.register("register_admin_urls", order=-1)
def register_evidence_document_urls():
    return [
        path("documents/edit/<int:document_id>/", DocumentEditView.as_view()),
        path("documents/delete/<int:document_id>/", DocumentDeleteView.as_view()),
    ]


# After Wagtail's own registrations (order 1), which these replace.
@hooks.register("construct_admin_api", order=1)
def register_scan_aware_documents_api(router):
    router.register_endpoint("documents", DocumentsAdminAPIViewSet)


hooks.register("register_bulk_action", EvidenceUserDeleteBulkAction, order=1)
hooks.register("before_serve_document", refuse_serving_hidden_scan)
hooks.register("before_delete_user", keep_users_evidence_names)
