"""Signed acknowledgment links for people without a login (council members, for example).

A link names one requirement (one person, one version), is signed with the project's secret key,
expires after SIGNED_LINK_MAX_AGE_DAYS and works once: the acknowledgment it records is unique
per person and version, so any later use finds it and says when it was given. Nothing about a
link is stored; what it may still do is read from the requirement each time it is opened.

HR sends the links by email in bulk (`signed_links_send`, run by a Celery task), one email per
person and version and at most one a day, each send logged as a `SignedLinkDispatch`.
"""

import dataclasses
import datetime
import enum

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from training.acknowledgment.models import Acknowledgment, Requirement, VersionPublication
from training.acknowledgment.selectors import latest_publication, outstanding_requirements
from training.outreach.models import DispatchStatus, SignedLinkDispatch

SALT = "training.signed-link"


class LinkState(enum.StrEnum):
    """What a link can still do when it is opened."""

    VALID = "valid"
    FORGED = "forged"
    EXPIRED = "expired"
    USED = "used"
    SUPERSEDED = "superseded"
    LEFT = "left"


@dataclasses.dataclass
class LinkCheck:
    """The state of a link, with the requirement it names once its signature is good."""

    state: LinkState
    requirement: Requirement | None = None
    acknowledgment: Acknowledgment | None = None

    @property
    def is_valid(self) -> bool:
        return self.state == LinkState.VALID


def max_age() -> datetime.timedelta:
    return datetime.timedelta(days=settings.SIGNED_LINK_MAX_AGE_DAYS)


def make_link_token(requirement: Requirement) -> str:
    """A signed, timestamped token naming the requirement, its person and its version."""
    payload = {"r": requirement.pk, "p": requirement.person_id, "v": requirement.version_id}
    return signing.dumps(payload, salt=SALT, compress=True)


def link_url(requirement: Requirement) -> str:
    """The absolute link, on the installation's base address, as it goes into an email."""
    base_url = (settings.WAGTAILADMIN_BASE_URL or "").rstrip("/")
    return f"{base_url}{reverse('signed_link', args=[make_link_token(requirement)])}"


def link_expires_on(sent_at: datetime.datetime) -> datetime.date:
    return timezone.localdate(sent_at + max_age())


def check_link(token: str, *, day: datetime.date | None = None) -> LinkCheck:
    """Read a token and say what the link may still do: one query.

    A link already used says so even once it has expired, so that whoever opens it again learns
    that their acknowledgment was recorded rather than that they were too late.
    """
    expired = False
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        expired = True
        # The signature is good (only then is the age checked): read what it names.
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return LinkCheck(LinkState.FORGED)
    try:
        requirement_id, person_id, version_id = (int(payload[key]) for key in ("r", "p", "v"))
    except (KeyError, TypeError, ValueError):
        return LinkCheck(LinkState.FORGED)
    requirement = (
        Requirement.objects.select_related(
            "person", "version__page", "organisation", "acknowledgment"
        )
        .filter(pk=requirement_id, person_id=person_id, version_id=version_id)
        .first()
    )
    if requirement is None:
        return LinkCheck(LinkState.FORGED)
    acknowledgment = getattr(requirement, "acknowledgment", None)
    if acknowledgment is not None:
        return LinkCheck(LinkState.USED, requirement, acknowledgment)
    if requirement.version.superseded_at is not None:
        return LinkCheck(LinkState.SUPERSEDED, requirement)
    if not requirement.person.is_active_on(day or timezone.localdate()):
        return LinkCheck(LinkState.LEFT, requirement)
    if expired:
        return LinkCheck(LinkState.EXPIRED, requirement)
    return LinkCheck(LinkState.VALID, requirement)


# --- Sending in bulk --------------------------------------------------------------------------


def link_candidates(*, version_id: int, organisation_ids) -> list[Requirement]:
    """Outstanding requirements of a version for people in post, with the last link sent to each.

    One query however many people: the latest dispatch is annotated, not fetched per person.
    """
    latest = SignedLinkDispatch.objects.filter(requirement=OuterRef("pk")).order_by("-sent_on")
    return list(
        outstanding_requirements()
        .filter(version_id=version_id, organisation_id__in=organisation_ids)
        .select_related("person__division")
        .annotate(
            last_sent_on=Subquery(latest.values("sent_on")[:1]),
            last_status=Subquery(latest.values("status")[:1]),
        )
        .order_by("person__division__name", "person__employee_number")
    )


def signed_links_send(*, requirement_ids: list[int], sent_by_id: int | None = None) -> int:
    """Email each requirement's person their signed link; return how many emails left.

    Only outstanding requirements of people in post with an email address are sent. At most
    one email per requirement a day: a requirement already sent today is skipped, one that
    failed today is tried again. Each attempt is logged with its outcome.
    """
    today = timezone.localdate()
    requirements = (
        outstanding_requirements()
        .filter(pk__in=requirement_ids)
        .exclude(person__email="")
        .select_related("person", "organisation", "version__page")
        .order_by("pk")
    )
    publications = {}
    sent = 0
    for requirement in requirements:
        with transaction.atomic():
            dispatch, _created = SignedLinkDispatch.objects.get_or_create(
                requirement=requirement, sent_on=today, defaults={"sent_by_id": sent_by_id}
            )
            # Two workers on the same requirement wait for each other here, and the second
            # finds the first one's email sent.
            dispatch = SignedLinkDispatch.objects.select_for_update().get(pk=dispatch.pk)
            if dispatch.status == DispatchStatus.SENT:
                continue
            if requirement.version_id not in publications:
                publications[requirement.version_id] = latest_publication(requirement.version_id)
            message = signed_link_email(
                requirement=requirement, publication=publications[requirement.version_id]
            )
            dispatch.email = requirement.person.email
            dispatch.sent_by_id = sent_by_id or dispatch.sent_by_id
            try:
                message.send()
            except Exception as error:  # any failure of the mail server is logged, not raised
                dispatch.status = DispatchStatus.FAILED
                dispatch.error = f"{type(error).__name__}: {error}"[:2000]
            else:
                dispatch.status = DispatchStatus.SENT
                dispatch.sent_at = timezone.now()
                dispatch.error = ""
                sent += 1
            dispatch.save()
    return sent


def signed_link_email(
    *, requirement: Requirement, publication: VersionPublication | None
) -> EmailMessage:
    """The email, in Thai with English beside it, carrying one person's link for one version."""
    person = requirement.person
    organisation = requirement.organisation
    now = timezone.now()
    context = {
        "person": person,
        "organisation": organisation,
        "title": (publication.revision.object_str if publication else "")
        or requirement.version.page.title,
        "version": requirement.version,
        "due_date": requirement.due_date,
        "link": link_url(requirement),
        "expires_on": link_expires_on(now),
        "valid_days": settings.SIGNED_LINK_MAX_AGE_DAYS,
    }
    # The email is written in the register's language, whatever language HR works in.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("training/email/signed_link_subject.txt", context)
        body = render_to_string("training/email/signed_link_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        to=[person.email],
        reply_to=[organisation.email] if organisation.email else None,
    )
