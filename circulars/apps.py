from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CircularsConfig(AppConfig):
    name = "circulars"
    verbose_name = pgettext_lazy("plural", "หนังสือเวียน")

    def ready(self):
        from wagtail.signals import page_published

        from .signals import sync_internal_restriction

        # On publish only: a draft's visibility must not change what the live page shows.
        page_published.connect(sync_internal_restriction, dispatch_uid="circulars.restriction")
