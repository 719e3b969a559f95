"""Fan-out tasks: thin, idempotent wrappers that take ids and call the publishing services.

Task names stay "training.tasks.*", so messages queued before a deploy still find their task.
"""

import datetime

from celery import group, shared_task

from training.acknowledgment.models import DocumentVersion
from training.acknowledgment.publishing import (
    RECOVERY_GRACE,
    requirements_assign_for_people,
    requirements_assign_for_version,
    requirements_recover,
    requirements_sweep,
)
from training.acknowledgment.services import chain_seal_write
from training.register.models import Organisation


@shared_task(
    name="training.tasks.assign_requirements",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def assign_requirements(version_id: int) -> int:
    """Fan a newly published version out to its audience; safe to run twice."""
    version = DocumentVersion.objects.filter(pk=version_id).select_related("page").first()
    if version is None:
        return 0
    return requirements_assign_for_version(version=version)


@shared_task(
    name="training.tasks.assign_requirements_to_people",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def assign_requirements_to_people(person_ids: list[int]) -> int:
    """Give joiners and movers the current versions that apply to them; safe to run twice."""
    return requirements_assign_for_people(person_ids=person_ids)


# The sweeps are acknowledged as they start: beat runs them again anyway, and one still running
# when the broker's visibility timeout (minutes) is up would otherwise start a second copy.
@shared_task(name="training.tasks.sweep_requirements", acks_late=False)
def sweep_requirements() -> int:
    """Daily: requirements for everyone now in a current version's audience; safe to run twice."""
    return requirements_sweep()


@shared_task(name="training.tasks.recover_requirements", acks_late=False)
def recover_requirements(grace_seconds: int | None = None) -> dict:
    """Every few minutes: versions and fan-outs a publication left undone; safe to run twice.

    `grace_seconds` (a minute by default) leaves younger versions to their own fan-out.
    """
    recovery = requirements_recover(
        grace=RECOVERY_GRACE if grace_seconds is None else datetime.timedelta(seconds=grace_seconds)
    )
    return {
        "versions_recorded": recovery.versions_recorded,
        "versions_fanned_out": recovery.versions_fanned_out,
        "requirements_created": recovery.requirements_created,
    }


@shared_task(name="training.tasks.seal_acknowledgment_chains", acks_late=True)
def seal_acknowledgment_chains() -> int:
    """Every day: one small task per organisation seals its chain head."""
    ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    group(seal_acknowledgment_chain.s(pk) for pk in ids).delay()
    return len(ids)


@shared_task(
    name="training.tasks.seal_acknowledgment_chain",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def seal_acknowledgment_chain(organisation_id: int) -> bool:
    """Seal one organisation's chain for today; a second run the same day does nothing."""
    return chain_seal_write(organisation_id=organisation_id) is not None
