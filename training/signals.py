from .models import AcknowledgeablePage
from .versions import document_version_publish


def record_document_version(sender, instance, revision, **kwargs):
    """Every publication of a page that needs acknowledgment is recorded as (part of) a version."""
    if isinstance(instance, AcknowledgeablePage) and instance.requires_acknowledgment:
        document_version_publish(page=instance, revision=revision)
