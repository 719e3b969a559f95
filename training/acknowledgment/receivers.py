"""How the acknowledgment concern follows changes elsewhere; connected in TrainingConfig.ready()."""

from training.acknowledgment.tasks import assign_requirements_to_people


def assign_requirements_to_changed_people(sender, *, person_ids: list[int], **kwargs) -> None:
    """Joiners and movers get the current versions that now apply to them (a queued task)."""
    assign_requirements_to_people.delay(person_ids)
