"""Briefing tasks: ids in, a service called, harmless when run twice."""

from celery import shared_task

from training.briefings.services import briefing_invitations_send


@shared_task(acks_late=True)
def send_briefing_invitations(briefing_id: int) -> int:
    return briefing_invitations_send(briefing_id=briefing_id)
