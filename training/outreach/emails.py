"""What outreach emails say: a person's signed link, their reminder digest, a head's escalation.

Each is built by `home.mail.mail_message` from reads; `services` decides when one is sent. A
person's mail goes to `Person.mail_address`; replies go to their organisation's address.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from home.mail import mail_message
from training.acknowledgment.models import Requirement, VersionPublication
from training.outreach.models import ReminderKind, ReminderLog
from training.outreach.selectors import digest_requirements, escalation_requirements
from training.outreach.signed_links import link_expires_on, link_url
from training.register.selectors import organisation_base_url


def signed_link_email(
    *, requirement: Requirement, publication: VersionPublication | None
) -> EmailMultiAlternatives:
    """The email, in Thai with English beside it, carrying one person's link for one version."""
    person = requirement.person
    organisation = requirement.organisation
    context = {
        "person": person,
        "organisation": organisation,
        "title": (publication.revision.object_str if publication else "")
        or requirement.version.page.title,
        "version": requirement.version,
        "due_date": requirement.due_date,
        "link": link_url(requirement),
        "expires_on": link_expires_on(timezone.now()),
        "valid_days": settings.SIGNED_LINK_MAX_AGE_DAYS,
    }
    return mail_message(
        to=person.mail_address,
        subject_template="training/email/signed_link_subject.txt",
        text_template="training/email/signed_link_body.txt",
        context=context,
        reply_to=organisation.email,
    )


def _item(requirement: Requirement, *, day: datetime.date, link: str = "") -> dict:
    days_overdue = (day - requirement.due_date).days
    return {
        "requirement": requirement,
        "title": requirement.version.page.title,
        "number": requirement.version.number,
        "due_date": requirement.due_date,
        "overdue": days_overdue > 0,
        "due_today": days_overdue == 0,
        "days_overdue": max(days_overdue, 0),
        "link": link,
    }


def _digest_context(log: ReminderLog) -> dict | None:
    person = log.person
    requirements = list(digest_requirements(person=person, day=log.day))
    if not requirements:
        return None
    has_login = person.user_id is not None
    base_url = organisation_base_url(person.organisation_id)
    # Someone without a login acknowledges through their own signed link (it works once).
    items = [
        _item(
            requirement,
            day=log.day,
            link="" if has_login else link_url(requirement, base_url=base_url),
        )
        for requirement in requirements
    ]
    return {
        "items": items,
        "count": len(items),
        "items_count": len(items),
        "portal_url": f"{base_url}{reverse('portal')}" if has_login else "",
        "valid_days": settings.SIGNED_LINK_MAX_AGE_DAYS,
    }


def _escalation_context(log: ReminderLog) -> dict | None:
    staff: dict[int, dict] = {}
    for requirement in escalation_requirements(head=log.person, day=log.day):
        member = staff.setdefault(
            requirement.person_id,
            {"person": requirement.person, "division": requirement.person.division, "items": []},
        )
        member["items"].append(_item(requirement, day=log.day))
    if not staff:
        return None
    members = list(staff.values())
    return {
        "staff": members,
        "count": len(members),
        "items_count": sum(len(member["items"]) for member in members),
        "several_divisions": len({member["division"].pk for member in members}) > 1,
        "escalate_after": settings.ESCALATE_AFTER_DAYS_OVERDUE,
        # The head's own division view is in the portal, on the organisation's site.
        "portal_url": f"{organisation_base_url(log.person.organisation_id)}{reverse('portal')}",
    }


def reminder_email(log: ReminderLog) -> tuple[EmailMultiAlternatives | None, int]:
    """A logged reminder's email and how many items it lists; None if nothing is left to say
    (everything was acknowledged, or the person left, since the day was planned)."""
    build = _digest_context if log.kind == ReminderKind.DIGEST else _escalation_context
    context = build(log)
    if context is None:
        return None, 0
    person = log.person
    context.update(person=person, organisation=person.organisation, day=log.day)
    message = mail_message(
        to=person.mail_address,
        subject_template=f"training/email/reminder_{log.kind}_subject.txt",
        text_template=f"training/email/reminder_{log.kind}_body.txt",
        context=context,
        reply_to=person.organisation.email,
    )
    return message, context["items_count"]
