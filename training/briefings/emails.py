"""The invitation to a briefing: Thai with English beside it, the .ics attached."""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from home.mail import mail_message
from training.briefings.ics import briefing_ics
from training.briefings.models import Briefing
from training.register.models import Person
from training.register.selectors import organisation_base_url


def invitation_email(*, briefing: Briefing, person: Person) -> EmailMultiAlternatives:
    base_url = organisation_base_url(briefing.organisation_id)
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
    message.attach(f"briefing-{briefing.pk}.ics", briefing_ics(briefing), "text/calendar")
    return message
