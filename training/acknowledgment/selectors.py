"""Reads of versions and requirements: who must acknowledge what, and what is still outstanding."""

import datetime

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Page

from home.sites import sites_of_page
from training.acknowledgment.models import (
    Acknowledgment,
    ChainSeal,
    DocumentVersion,
    Requirement,
    VersionPublication,
)
from training.register.models import Organisation, Person


def organisation_of_page(page: Page) -> Organisation | None:
    """The organisation of the site the page belongs to (the site `page.get_site()` names): one
    indexed query, however many sites the installation serves."""
    site = sites_of_page(page).select_related("organisation").first()
    return getattr(site, "organisation", None) if site is not None else None


def acknowledgeable_page_models() -> list[type[Page]]:
    """The page types that carry versions. The page they inherit lives above this layer
    (training.pages), so they are known by the method it gives them."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and callable(getattr(model, "acknowledgment_text", None))
    ]


def live_pages_without_publication() -> list[Page]:
    """Live pages that need acknowledgment whose live revision was never recorded as a publication
    (a publish that failed half-way before versions were written as the page went live)."""
    recorded = VersionPublication.objects.values("revision_id")
    pages = {}
    for model in acknowledgeable_page_models():
        for page in (
            model.objects.live()
            .filter(requires_acknowledgment=True, live_revision__isnull=False)
            .exclude(live_revision_id__in=recorded)
            .select_related("live_revision")
        ):
            pages.setdefault(page.pk, page)
    return list(pages.values())


def audience_of(version: DocumentVersion, *, day: datetime.date | None = None) -> QuerySet[Person]:
    """Who must acknowledge a version: people of its organisation in post on `day`, in the groups
    and divisions it was published for (none = all). The one place this is decided."""
    if version.organisation_id is None:
        return Person.objects.none()
    groups, division_ids = version.audience_groups, version.audience_division_ids
    if groups is None or division_ids is None:
        groups, division_ids = page_audience(version.page.specific)
    people = Person.objects.filter(organisation_id=version.organisation_id).active_on(
        day or timezone.localdate()
    )
    if groups:
        people = people.filter(personnel_group__in=groups)
    if division_ids:
        people = people.filter(Q(division_id__in=division_ids))
    return people


def page_audience(page: Page) -> tuple[list[str], list[int]]:
    """The groups and division ids a page addresses now, as a version keeps them."""
    return list(page.audience_groups or []), [d.pk for d in page.audience_divisions.all()]


def outstanding_requirements(*, day: datetime.date | None = None) -> models.QuerySet[Requirement]:
    return Requirement.objects.outstanding(day)


def latest_publication(version_id: int) -> VersionPublication:
    return (
        VersionPublication.objects.filter(version_id=version_id).order_by("-published_at").first()
    )


def outstanding_for_person(person: Person):
    """A person's requirements still to acknowledge, soonest due first (none once they left)."""

    return (
        outstanding_requirements()
        .filter(person=person)
        .select_related("version__page")
        .order_by("due_date", "pk")
    )


def acknowledged_before(requirement: Requirement):
    """The person's acknowledgment of the latest earlier version of the same document, if any:
    what they knew before this version, to show what changed since."""
    return (
        Acknowledgment.objects.filter(
            person_id=requirement.person_id,
            version__page_id=requirement.version.page_id,
            version__number__lt=requirement.version.number,
        )
        .select_related("version")
        .order_by("-version__number")
        .first()
    )


def acknowledgments_of_person(person: Person):
    return person.acknowledgments.select_related("version__page", "recorded_by").order_by(
        "-acknowledged_at"
    )


def outstanding_count_for_user(user) -> int:
    """How many items the logged-in user still has to acknowledge: one COUNT query."""

    if not user.is_authenticated:
        return 0
    return outstanding_requirements().filter(person__user=user).count()


def outstanding_on_page_for_user(user, *, page):
    """The user's unfulfilled requirement on the page's current version, with the text to show."""

    requirement = (
        outstanding_requirements()
        .filter(person__user=user, version__page_id=page.pk)
        .select_related("person", "version")
        .first()
    )
    if requirement is not None:
        requirement.shown_publication = latest_publication(requirement.version_id)
    return requirement


# --- What evidence refers to ----------------------------------------------------------------------


def evidence_of_document(document_id=None) -> QuerySet[Acknowledgment]:
    """The acknowledgments whose scanned sheet is the document (an OuterRef works too)."""
    return Acknowledgment.objects.filter(paper_scan=document_id)


def is_evidence_document(document_id: int | None) -> bool:
    """Whether an acknowledgment refers to the document: then nobody changes or deletes it."""
    return document_id is not None and evidence_of_document(document_id).exists()


def is_evidence_user(user_id: int | None) -> bool:
    """Whether evidence names the login: it recorded an acknowledgment, or its person gave one.

    Such a login is deactivated, never deleted, so the evidence keeps saying who.
    """
    return (
        user_id is not None
        and Acknowledgment.objects.filter(Q(recorded_by=user_id) | Q(person__user=user_id)).exists()
    )


PUBLIC_SEALS = 7


def recent_seals(organisation_id: int, *, limit: int = PUBLIC_SEALS) -> list[ChainSeal]:
    """The organisation's latest chain seals, newest first (what its transparency page shows)."""
    return list(
        ChainSeal.objects.filter(organisation_id=organisation_id).order_by("-sealed_at", "-pk")[
            :limit
        ]
    )
