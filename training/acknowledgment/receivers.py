"""How the acknowledgment concern follows changes elsewhere; connected in TrainingConfig.ready()."""

from home.bilingual import bilingual
from home.queueing import queue_task
from training.acknowledgment.models import SCAN_CANNOT_CHANGE, EvidenceIsImmutable
from training.acknowledgment.selectors import is_evidence_document
from training.acknowledgment.tasks import assign_requirements_to_people


def assign_requirements_to_changed_people(sender, *, person_ids: list[int], **kwargs) -> None:
    """Joiners and movers get the current versions that now apply to them (a queued task)."""
    queue_task(assign_requirements_to_people, person_ids)


def refuse_changing_evidence_document(sender, instance, raw=False, **kwargs) -> None:
    """A scan an acknowledgment refers to keeps its file and its collection, whoever saves it and
    however (the admin refuses first, with a message; this stops the code that forgets to ask)."""
    if raw or instance.pk is None:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values("file", "collection_id").first()
    if stored is None or (stored["file"], stored["collection_id"]) == (
        instance.file.name,
        instance.collection_id,
    ):
        return
    if is_evidence_document(instance.pk):
        raise EvidenceIsImmutable(bilingual(SCAN_CANNOT_CHANGE))
