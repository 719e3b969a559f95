"""Signed acknowledgment links for people without a login (council members, for example).

A link names one requirement (one person, one version), is signed with the project's secret key,
expires after SIGNED_LINK_MAX_AGE_DAYS and works once: the acknowledgment it records is unique
per person and version, so any later use finds it and says when it was given. Nothing about a
link is stored; what it may still do is read from the requirement each time it is opened.

Reads only: sending the links is `services.signed_links_send`, what the email says is
`emails.signed_link_email`.
"""

import dataclasses
import datetime
import enum

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from training.acknowledgment.models import Acknowledgment, Requirement
from training.register.selectors import organisation_base_url

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


def link_url(requirement: Requirement, *, base_url: str | None = None) -> str:
    """The absolute link, on the address of the requirement's organisation, as it goes into an
    email, a QR code or a slip (one query; a list passes the `base_url` that
    `organisation_base_urls` gave, once for all)."""
    if base_url is None:
        base_url = organisation_base_url(requirement.organisation_id)
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
