"""A task only the outage tests send: slow on its first delivery, so that the test can kill the
worker that holds it; its runs are counted in Redis. The test worker imports it with `-I`."""

import time

import redis
from celery import shared_task
from django.conf import settings

from training.acknowledgment.models import DocumentVersion
from training.acknowledgment.publishing import requirements_assign_for_version


@shared_task(name="tests.outage.slow_fan_out", acks_late=True)
def slow_fan_out(key: str, version_id: int | None = None, first_run_seconds: float = 120) -> int:
    """The fan-out of a version (when given), held up on the first delivery only."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    if client.incr(f"{key}:runs") == 1:
        time.sleep(first_run_seconds)
    created = 0
    if version_id is not None:
        version = DocumentVersion.objects.select_related("page").get(pk=version_id)
        created = requirements_assign_for_version(version=version)
    client.set(f"{key}:done", created)
    return created
