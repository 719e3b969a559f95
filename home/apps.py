from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("หน้าแรกและโครงเว็บไซต์")

    def ready(self):
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override

        from home.date_fields import BuddhistDateField, BuddhistDateInput

        # Every date typed in the admin (pages, snippets, model viewsets) is typed in B.E.
        # exact_class: a DateTimeField (a page's go-live time) keeps Wagtail's own picker.
        register_form_field_override(
            models.DateField,
            override={"form_class": BuddhistDateField, "widget": BuddhistDateInput},
            exact_class=True,
        )
