"""Versions of acknowledgeable documents: which text people must acknowledge, and proof of it."""

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Page, Revision

from .models import (
    AcknowledgeablePage,
    ChangeKind,
    DocumentVersion,
    Organisation,
    Person,
    VersionPublication,
    text_sha256,
)
from .selectors import organisation_for_site


def organisation_of_page(page: Page) -> Organisation | None:
    return organisation_for_site(page.get_site())


def audience_of(page: AcknowledgeablePage, *, day: datetime.date | None = None) -> QuerySet[Person]:
    """People in post on `day` whom the page addresses: its groups and divisions (none = all)."""
    organisation = organisation_of_page(page)
    if organisation is None:
        return Person.objects.none()
    people = Person.objects.filter(organisation=organisation).active_on(day or timezone.localdate())
    if page.audience_groups:
        people = people.filter(personnel_group__in=page.audience_groups)
    division_ids = [division.pk for division in page.audience_divisions.all()]
    if division_ids:
        people = people.filter(Q(division_id__in=division_ids))
    return people


@transaction.atomic
def document_version_publish(
    *, page: AcknowledgeablePage, revision: Revision
) -> VersionPublication:
    """Record a publication: a new version when asked (or the first), else a minor correction.

    Publishing the same revision twice records it once.
    """
    existing = VersionPublication.objects.filter(revision=revision).first()
    if existing:
        return existing
    latest = (
        DocumentVersion.objects.select_for_update()
        .filter(page_id=page.pk)
        .order_by("-number")
        .first()
    )
    starts_version = latest is None or page.change_kind == ChangeKind.NEW_VERSION
    now = timezone.now()
    if starts_version:
        if latest is not None:
            DocumentVersion.objects.filter(page_id=page.pk, superseded_at__isnull=True).update(
                superseded_at=now
            )
        version = DocumentVersion.objects.create(
            page_id=page.pk,
            organisation=organisation_of_page(page),
            number=(latest.number + 1) if latest else 1,
            effective_date=page.version_effective_date(),
            created_at=now,
        )
    else:
        version = latest
    return VersionPublication.objects.create(
        version=version,
        revision=revision,
        text_sha256=text_sha256(page.acknowledgment_text()),
        change_kind=ChangeKind.NEW_VERSION if starts_version else ChangeKind.MINOR_CORRECTION,
        published_at=now,
    )
