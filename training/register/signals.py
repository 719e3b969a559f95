"""What the register tells the rest of the tracker, without knowing who listens.

The register decides who is in post, in which group and division; other concerns (who must
acknowledge what) follow those changes. They connect a receiver to `people_changed` instead of the
register calling them, so the register imports nothing of theirs.
"""

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

from training.register.models import Person, figures_changed

# Sent with `person_ids` (a list of ints) once the change has committed: people joined, moved
# between personnel groups, staff types or divisions, or left.
people_changed = Signal()


def people_changed_on_commit(*, person_ids: Iterable[int]) -> None:
    """Send `people_changed` for these people after the current transaction commits.

    robust: the register entry is saved whatever a listener does; a listener that fails is logged
    and its work made up by the daily sweep.
    """
    ids = list(person_ids)
    if not ids:
        return
    # Who left or moved changes what the figures count (leavers drop out of the denominator).
    figures_changed(Person.objects.filter(pk__in=ids).values("organisation_id"))
    transaction.on_commit(
        lambda: people_changed.send(sender=people_changed, person_ids=ids), robust=True
    )
