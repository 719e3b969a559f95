"""Register tasks: thin wrappers that take ids and call the register's services.

Task names stay "training.tasks.*", like every task of the app, so that routes and messages
already queued keep finding them.
"""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from training.register.services import MAIL_ERRORS, people_invite

logger = logging.getLogger(__name__)


@shared_task(
    name="training.tasks.invite_people",
    acks_late=True,
    autoretry_for=MAIL_ERRORS,
    retry_backoff=60,
    # Under the broker's visibility timeout (10 min): a task held longer for its countdown would be
    # handed to a second worker meanwhile.
    retry_backoff_max=480,
    retry_jitter=True,
    max_retries=5,
)
def invite_people(person_ids: list[int], invited_by_id: int, base_url: str = "") -> int:
    """Invite these people on behalf of `invited_by_id`; safe to run again (and retried when the
    mail server fails): people whose invitation has left are skipped. Returns how many got one."""
    invited_by = get_user_model()._default_manager.filter(pk=invited_by_id).first()
    if invited_by is None:
        # Whoever asked no longer exists, so nobody is left whose permissions allow this.
        return 0
    outcome = people_invite(person_ids=person_ids, invited_by=invited_by, base_url=base_url)
    for person_id, refusal in outcome.refused.items():
        # Refused since the page queued them (e.g. they left meanwhile); no page shows it now.
        logger.warning("Person %s was not invited: %s", person_id, refusal)
    return len(outcome.invited)
