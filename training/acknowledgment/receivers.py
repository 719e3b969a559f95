"""How the acknowledgment concern follows changes elsewhere; connected in TrainingConfig.ready()."""

from home.queueing import queue_task
from training.acknowledgment.tasks import assign_requirements_to_people


def assign_requirements_to_changed_people(sender, *, person_ids: list[int], **kwargs) -> None:
    """Joiners and movers get the current versions that now apply to them (a queued task)."""
    queue_task(assign_requirements_to_people, person_ids)
