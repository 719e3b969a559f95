from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("ทะเบียนบุคลากรและการรับทราบ")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_save
        from wagtail.documents import get_document_model
        from wagtail.permissions import register_permission_policy

        from training.acknowledgment.gates import register_gate
        from training.acknowledgment.receivers import (
            assign_requirements_to_changed_people,
            refuse_changing_evidence_document,
        )
        from training.knowledge.selectors import knowledge_gate
        from training.outreach.scan_permissions import ScanDocumentPermissionPolicy
        from training.register.signals import people_changed

        # Versions are recorded by AcknowledgeablePage.save as a page goes live, in the same
        # transaction, not on Wagtail's page_published (sent after that transaction committed).
        # Quizzes required before acknowledging a document: the acknowledgment layer asks its
        # gates, since it cannot import the knowledge checks that build on it.
        register_gate("knowledge", knowledge_gate)
        people_changed.connect(
            assign_requirements_to_changed_people, dispatch_uid="training.assign_to_changed_people"
        )

        # Scans are evidence. exact_class, so that wagtail.documents (ready after this app)
        # registering its own policy for the model does not replace this one.
        Document = get_document_model()
        register_permission_policy(
            Document,
            ScanDocumentPermissionPolicy(
                Document, auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
            ),
            exact_class=True,
        )
        pre_save.connect(
            refuse_changing_evidence_document,
            sender=Document,
            dispatch_uid="training.refuse_changing_evidence_document",
        )
        connection_created.connect(
            define_sqlite_evidence_flush, dispatch_uid="training.define_sqlite_evidence_flush"
        )


def define_sqlite_evidence_flush(sender, connection, **kwargs):
    """SQLite's DELETE triggers on evidence ask training_evidence_flush(): never, outside the test
    database backends (config/test_database), which define it again."""
    if connection.vendor == "sqlite" and not hasattr(connection, "evidence_flush"):
        connection.connection.create_function("training_evidence_flush", 0, lambda: 0)
