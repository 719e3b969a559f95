"""Mail tasks: reminders (daily, or asked for by a division head) and signed links, each send on
its own and safe to retry.

Task names stay "training.tasks.*", so messages queued before a deploy still find their task.
"""

import datetime
import logging

from celery import shared_task
from django.db import transaction

from home.queueing import queue_task
from training.outreach.services import (
    MAIL_ERRORS,
    pending_scans_sweep,
    reminder_send,
    reminders_plan,
    signed_links_send,
)

logger = logging.getLogger(__name__)


@shared_task(name="training.tasks.send_reminders", acks_late=True)
def send_reminders(day: str | None = None) -> dict:
    """Plan a day's reminders (today by default, or an ISO date) and queue each email.

    Celery beat runs this every morning. Planning twice the same day adds nothing, and the emails
    already sent are not sent again, so it is safe to run by hand as well.
    """
    plan = reminders_plan(day=datetime.date.fromisoformat(day) if day else None)
    pending_ids = plan.pending_ids
    # One callback for the whole day rather than one per email; each send is queued on its own.
    transaction.on_commit(lambda: _queue_reminders(pending_ids), robust=True)
    return {
        "day": plan.day.isoformat(),
        "digests": plan.digests,
        "escalations": plan.escalations,
        "queued": len(pending_ids),
    }


def _queue_reminders(log_ids: list[int]) -> None:
    for log_id in log_ids:
        try:
            queue_task(send_reminder, log_id)
        except Exception:
            # With tasks run in-process a failed send surfaces here; the others still go.
            logger.exception("Reminder %s could not be sent or queued", log_id)


@shared_task(name="training.tasks.send_head_reminders", acks_late=True)
def send_head_reminders(log_ids: list[int]) -> int:
    """Queue, each as its own send, the reminders a division head asked for in the portal.

    The head's request publishes this one message however many people it names; the sends are
    `send_reminder`'s, so running this twice emails nobody twice.
    """
    _queue_reminders(log_ids)
    return len(log_ids)


@shared_task(
    name="training.tasks.send_reminder",
    acks_late=True,
    autoretry_for=MAIL_ERRORS,
    retry_backoff=60,
    # Under the broker's visibility timeout (10 min): a task held longer for its countdown would be
    # handed to a second worker meanwhile.
    retry_backoff_max=480,
    retry_jitter=True,
    max_retries=3,
)
def send_reminder(log_id: int) -> str | None:
    """Send one logged reminder; a reminder already sent is never sent again."""
    return reminder_send(log_id=log_id)


@shared_task(
    name="training.tasks.send_signed_links",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def send_signed_links(requirement_ids: list[int], sent_by_id: int | None = None) -> int:
    """Email people their signed acknowledgment links; each person at most once a day per version,
    so running twice (or a retry) emails nobody twice. Mail failures are logged per person."""
    return signed_links_send(requirement_ids=requirement_ids, sent_by_id=sent_by_id)


@shared_task(name="training.tasks.sweep_pending_scans", acks_late=True)
def sweep_pending_scans() -> int:
    """Delete scanned sheets uploaded for a paper sign-off that was never confirmed (older than
    a day). Celery beat runs this daily; running it twice deletes nothing twice."""
    return pending_scans_sweep()
