"""Where Celery's autodiscovery finds the tasks of every concern of the app."""

from training.acknowledgment.tasks import (
    assign_requirements,
    assign_requirements_to_people,
    recover_requirements,
    seal_acknowledgment_chain,
    seal_acknowledgment_chains,
    sweep_requirements,
)
from training.briefings.tasks import send_briefing_invitations
from training.outreach.tasks import (
    send_head_reminders,
    send_reminder,
    send_reminders,
    send_signed_links,
    sweep_pending_scans,
)
from training.register.tasks import invite_people

__all__ = [
    "assign_requirements",
    "assign_requirements_to_people",
    "invite_people",
    "recover_requirements",
    "seal_acknowledgment_chain",
    "seal_acknowledgment_chains",
    "send_briefing_invitations",
    "send_head_reminders",
    "send_reminder",
    "send_reminders",
    "send_signed_links",
    "sweep_pending_scans",
    "sweep_requirements",
]
