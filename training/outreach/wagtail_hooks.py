"""Outreach in the admin: the reminder log under the register, signed links and paper sign-offs
under acknowledgments."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from training.figures.report_views import ACKNOWLEDGMENT_MENU_HOOK
from training.outreach import paper_views
from training.outreach.reminder_admin import reminder_log_viewset
from training.register.wagtail_hooks import REGISTER_MENU_HOOK


@hooks.register("register_admin_viewset")
def register_reminder_log():
    return reminder_log_viewset


@hooks.register(REGISTER_MENU_HOOK)
def register_reminder_log_menu_item():
    return reminder_log_viewset.get_menu_item(order=950)


class SignoffMenuItem(MenuItem):
    def is_shown(self, request):
        return paper_views.user_can_collect_signoffs(request.user)


@hooks.register("register_admin_urls")
def register_signoff_urls():
    """Signed links and paper sign-offs for people without a login."""
    return [
        path(
            "signoffs/",
            include((paper_views.urlpatterns, "training_signoffs"), namespace="training_signoffs"),
        )
    ]


@hooks.register(ACKNOWLEDGMENT_MENU_HOOK)
def register_signoff_menu_item():
    return SignoffMenuItem(
        _("ลิงก์และใบลงนามรับทราบ"),
        reverse("training_signoffs:index"),
        name="signoffs",
        icon_name="doc-full",
        order=500,
    )
