"""Publishing a version and fanning it out: requirements written in bulk, one statement each."""

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.db.models import Q, Value
from django.utils import timezone
from wagtail.models import Page, Revision

from home.bulk import insert_from_select
from training.acknowledgment.models import (
    ChangeKind,
    DocumentVersion,
    Requirement,
    VersionPublication,
    due_date_for,
    joiner_due_date,
    text_sha256,
    version_open_on,
)
from training.acknowledgment.selectors import (
    audience_of,
    live_pages_without_publication,
    organisation_of_page,
    page_audience,
)
from training.register.models import Person, figures_changed

logger = logging.getLogger(__name__)

# A version younger than this is left to the fan-out its publication queued.
RECOVERY_GRACE = datetime.timedelta(minutes=1)


@transaction.atomic
def document_version_publish(*, page: Page, revision: Revision) -> tuple[VersionPublication, bool]:
    """Record a publication: a new version when asked (or the first), else a minor correction.

    Publishing the same revision twice (or saving the live page again) records it once; the flag
    says whether this call recorded it, as `get_or_create` does.
    """
    existing = (
        VersionPublication.objects.filter(revision=revision).select_related("version").first()
    )
    if existing:
        return existing, False
    latest = (
        DocumentVersion.objects.select_for_update(no_key=True)
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
        groups, division_ids = page_audience(page)
        version = DocumentVersion.objects.create(
            page_id=page.pk,
            organisation=organisation_of_page(page),
            number=(latest.number + 1) if latest else 1,
            effective_date=page.version_effective_date(),
            created_at=now,
            audience_groups=groups,
            audience_division_ids=division_ids,
            occasion_ends_on=page.occasion_ends_on,
            change_summary=page.change_summary if latest is not None else "",
        )
    else:
        version = latest
        # The audience stays as published; when the occasion ends is the editor's to change
        # with any publication, and it touches only assignments and requests still to come.
        if version.occasion_ends_on != page.occasion_ends_on:
            version.occasion_ends_on = page.occasion_ends_on
            version.save(update_fields=["occasion_ends_on"])
    publication = VersionPublication.objects.create(
        version=version,
        revision=revision,
        text_sha256=text_sha256(page.acknowledgment_text()),
        change_kind=ChangeKind.NEW_VERSION if starts_version else ChangeKind.MINOR_CORRECTION,
        published_at=now,
    )
    return publication, True


def _insert_requirements(people: models.QuerySet, *, version: DocumentVersion, due_date) -> int:
    """The people's requirements for a version, skipping those that exist: one statement whatever
    the head count, and idempotent through the unique constraint, so a fan-out that runs twice
    (or a publish that is repeated) creates nothing more."""
    rows = people.order_by().annotate(
        r_organisation=models.F("organisation_id"),
        r_version=Value(version.pk, output_field=models.BigIntegerField()),
        r_assigned_at=Value(timezone.now(), output_field=models.DateTimeField()),
        r_due_date=Value(due_date, output_field=models.DateField()),
        r_group=models.F("personnel_group"),
        r_type=models.F("staff_type"),
        r_division=models.F("division_id"),
    )
    created = insert_from_select(
        Requirement,
        fields=(
            "person",
            "organisation",
            "version",
            "assigned_at",
            "due_date",
            "personnel_group",
            "staff_type",
            "division",
        ),
        rows=rows.values_list(
            "pk",
            "r_organisation",
            "r_version",
            "r_assigned_at",
            "r_due_date",
            "r_group",
            "r_type",
            "r_division",
        ),
    )
    if created:
        # Once committed: the UPDATE of the organisation's row would otherwise be held until the
        # fan-out commits, and every acknowledgment of the organisation would wait behind it.
        organisation_id = version.organisation_id
        transaction.on_commit(lambda: figures_changed([organisation_id]))
    return created


def _record_audience(*, version: DocumentVersion, audience: models.QuerySet, fanned_out: bool):
    """Store the audience's size on the version (one COUNT, one UPDATE), for progress listings."""
    fields = {"audience_size": audience.count()}
    if fanned_out:
        fields["fanned_out_at"] = version.fanned_out_at = timezone.now()
    DocumentVersion.objects.filter(pk=version.pk).update(**fields)
    version.audience_size = fields["audience_size"]


@transaction.atomic
def requirements_assign_for_version(
    *, version: DocumentVersion, day: datetime.date | None = None
) -> int:
    """Give everyone in post in the version's audience a requirement due after its period.

    Also records when the version was fanned out and how many people its audience had. A
    version published after its occasion ended (an old circular put on the site for the
    record) is assigned to nobody.
    """
    if not version.is_current:
        return 0
    page = version.page.specific
    day = day or timezone.localdate()
    audience = audience_of(version, day=day)
    created = 0
    if version.is_open_on(day):
        due_date = due_date_for(version, days=page.acknowledgment_days)
        created = _insert_requirements(audience, version=version, due_date=due_date)
    _record_audience(version=version, audience=audience, fanned_out=True)
    return created


@transaction.atomic
def requirements_assign_for_people(
    *, person_ids: list[int], day: datetime.date | None = None
) -> int:
    """New joiners and people who moved into an audience get the current versions that apply,
    except those whose occasion is over (last New Year's no-gift circular is not a new to-do).

    Their due date is the new-joiner period from `day` (today; see `due_date_for`). Existing
    requirements are untouched.
    """
    if not person_ids:
        return 0
    today = day or timezone.localdate()
    due_date = joiner_due_date(today)
    organisation_ids = Person.objects.filter(pk__in=person_ids).values("organisation_id")
    created = 0
    versions = DocumentVersion.objects.filter(
        version_open_on(today), organisation_id__in=organisation_ids
    ).select_related("page")
    for version in versions:
        page = version.page.specific
        if not (page.live and page.requires_acknowledgment):
            continue
        audience = audience_of(version, day=today)
        people = audience.filter(pk__in=person_ids)
        created += _insert_requirements(people, version=version, due_date=due_date)
        # Joiners, movers and leavers change the audience's size that progress is shown against.
        _record_audience(version=version, audience=audience, fanned_out=False)
    return created


def requirements_sweep() -> int:
    """Every open version: requirements for people now in its audience who have none yet.

    Celery beat runs this daily. It picks up people whose start date has just arrived, movers
    whose change came by a path that queued nothing, and versions whose fan-out never ran (those
    are fanned out as on publication, with the document's own period). Everyone else who is
    missing a requirement gets the new-joiner period from today. One INSERT ... SELECT per
    version, each in its own transaction; idempotent, so running it twice creates nothing more.
    """
    today = timezone.localdate()
    due_date = joiner_due_date(today)
    version_ids = list(
        DocumentVersion.objects.filter(
            Q(fanned_out_at__isnull=True, superseded_at__isnull=True) | version_open_on(today)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    created = 0
    for version_id in version_ids:
        with transaction.atomic():
            # Lock the version, so a sweep and a new version's publication cannot interleave.
            version = (
                DocumentVersion.objects.select_for_update(of=("self",), no_key=True)
                .select_related("page")
                .filter(pk=version_id, superseded_at__isnull=True)
                .first()
            )
            if version is None:
                continue
            page = version.page.specific
            if not (page.live and page.requires_acknowledgment):
                continue
            if version.fanned_out_at is None:
                created += requirements_assign_for_version(version=version, day=today)
                continue
            if not version.is_open_on(today):
                continue
            audience = audience_of(version, day=today)
            created += _insert_requirements(audience, version=version, due_date=due_date)
            _record_audience(version=version, audience=audience, fanned_out=False)
    return created


@dataclass
class Recovery:
    """What a recovery sweep did: versions it recorded and fanned out, requirements it created."""

    versions_recorded: int = 0
    versions_fanned_out: int = 0
    requirements_created: int = 0


def _fan_out_if_pending(version_id: int) -> int | None:
    """Fan out a current version of a live page that never was; None if there was nothing to do."""
    with transaction.atomic():
        # Locked as the daily sweep locks it: two sweeps fan a version out one after the other.
        version = (
            DocumentVersion.objects.select_for_update(of=("self",), no_key=True)
            .select_related("page")
            .filter(pk=version_id, superseded_at__isnull=True, fanned_out_at__isnull=True)
            .first()
        )
        if version is None:
            return None
        page = version.page.specific
        if not (page.live and page.requires_acknowledgment):
            return None
        return requirements_assign_for_version(version=version)


def requirements_recover(*, grace: datetime.timedelta = RECOVERY_GRACE) -> Recovery:
    """Make up what a publication left undone while Redis or the broker was down.

    Live pages that need acknowledgment but whose live revision has no publication get it (and
    their version); current versions of live pages never fanned out, and older than `grace`, are
    fanned out. Celery beat runs this every few minutes; idempotent, so running it twice (or beside
    the fan-out a publication queued) creates nothing more.
    """
    recovery = Recovery()
    version_ids = set()
    for page in live_pages_without_publication():
        revision = page.live_revision
        try:
            publication, _ = document_version_publish(page=revision.as_object(), revision=revision)
        except IntegrityError:
            # Published again meanwhile, and that publication recorded the version first.
            logger.warning("Page %s was published during recovery; left to that", page.pk)
            continue
        recovery.versions_recorded += 1
        logger.warning("Recorded the publication of page %s, missing since it went live", page.pk)
        version_ids.add(publication.version_id)
    cutoff = timezone.now() - grace
    version_ids.update(
        DocumentVersion.objects.filter(
            superseded_at__isnull=True,
            fanned_out_at__isnull=True,
            created_at__lt=cutoff,
            page__live=True,
        ).values_list("pk", flat=True)
    )
    for version_id in sorted(version_ids):
        created = _fan_out_if_pending(version_id)
        if created is not None:
            recovery.versions_fanned_out += 1
            recovery.requirements_created += created
    return recovery
