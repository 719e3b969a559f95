"""Celery tasks of the tracker: thin, idempotent wrappers that take ids and call services."""

from celery import shared_task

from .models import DocumentVersion
from .requirements import requirements_assign_for_people, requirements_assign_for_version


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def assign_requirements(version_id: int) -> int:
    """Fan a newly published version out to its audience; safe to run twice."""
    version = DocumentVersion.objects.filter(pk=version_id).select_related("page").first()
    if version is None:
        return 0
    return requirements_assign_for_version(version=version)


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def assign_requirements_to_people(person_ids: list[int]) -> int:
    """Give joiners and movers the current versions that apply to them; safe to run twice."""
    return requirements_assign_for_people(person_ids=person_ids)
