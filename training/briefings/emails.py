"""The invitation to a briefing: Thai with English beside it, the .ics attached."""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from home.mail import mail_message
from training.briefings.ics import briefing_ics
from training.briefings.models import Briefing
from training.register.models import Person
from training.register.selectors import organisation_base_url


def invitation_emails(*, briefing: Briefing, people: list[Person]) -> list[EmailMultiAlternatives]:
    """One invitation per person; the organisation's address and the .ics are made once."""
    base_url = organisation_base_url(briefing.organisation_id)
    ics = briefing_ics(briefing, base_url=base_url)
    return [
        _invitation_email(briefing=briefing, person=person, base_url=base_url, ics=ics)
        for person in people
    ]


def _invitation_email(
    *, briefing: Briefing, person: Person, base_url: str, ics: bytes
) -> EmailMultiAlternatives:
    message = mail_message(
        to=person.mail_address,
        subject_template="training/email/briefing_invitation_subject.txt",
        text_template="training/email/briefing_invitation_body.txt",
        context={
            "person": person,
            "briefing": briefing,
            "organisation": briefing.organisation,
            "url": f"{base_url}{reverse('briefing_detail', args=[briefing.pk])}",
        },
        reply_to=briefing.organisation.email,
    )
    message.attach(f"briefing-{briefing.pk}.ics", ics, "text/calendar")
    return message
