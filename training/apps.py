from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("ทะเบียนบุคลากรและการรับทราบ")

    def ready(self):
        from wagtail.signals import page_published

        from training.pages import record_document_version

        page_published.connect(record_document_version, dispatch_uid="training.record_version")
