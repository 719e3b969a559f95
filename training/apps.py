from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("ทะเบียนบุคลากรและการรับทราบ")

    def ready(self):
        from training.acknowledgment.receivers import assign_requirements_to_changed_people
        from training.register.signals import people_changed

        # Versions are recorded by AcknowledgeablePage.save as a page goes live, in the same
        # transaction, not on Wagtail's page_published (sent after that transaction committed).
        people_changed.connect(
            assign_requirements_to_changed_people, dispatch_uid="training.assign_to_changed_people"
        )
