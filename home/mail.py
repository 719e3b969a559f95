"""The one way to build an email from templates: invitations, signed links and reminders.

Mail is written in the register's language (the site's LANGUAGE_CODE), whatever language the HR
officer or the worker happens to run in. The subject is rendered on one line; the body ends with
one newline. Nothing of the project is imported here: the callers pass the context.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def mail_message(
    *,
    to: str | Iterable[str],
    subject_template: str,
    text_template: str,
    context: dict,
    html_template: str | None = None,
    reply_to: str | None = None,
    language: str | None = None,
) -> EmailMultiAlternatives:
    """An email rendered from its templates in `language` (the site's language by default).

    `reply_to` is one address or empty (an organisation without an address gets no Reply-To).
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(subject_template, context)
        body = render_to_string(text_template, context)
        html = render_to_string(html_template, context) if html_template else None
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        to=[to] if isinstance(to, str) else list(to),
        reply_to=[reply_to] if reply_to else None,
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message
