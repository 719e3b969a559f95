from django.db import transaction

from .models import AcknowledgeablePage, ChangeKind


def record_document_version(sender, instance, revision, **kwargs):
    """Every publication of a page that needs acknowledgment is recorded as (part of) a version,
    and a new version is fanned out to its audience once the publication has committed."""
    if not (isinstance(instance, AcknowledgeablePage) and instance.requires_acknowledgment):
        return
    from .tasks import assign_requirements
    from .versions import document_version_publish

    publication = document_version_publish(page=instance, revision=revision)
    if publication.change_kind == ChangeKind.NEW_VERSION:
        version_id = publication.version_id
        transaction.on_commit(lambda: assign_requirements.delay(version_id))
