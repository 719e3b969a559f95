from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("ทะเบียนบุคลากรและการรับทราบ")

    def ready(self):
        from wagtail.signals import page_published

        from training.acknowledgment.receivers import assign_requirements_to_changed_people
        from training.pages import record_document_version
        from training.register.signals import people_changed

        page_published.connect(record_document_version, dispatch_uid="training.record_version")
        people_changed.connect(
            assign_requirements_to_changed_people, dispatch_uid="training.assign_to_changed_people"
        )
