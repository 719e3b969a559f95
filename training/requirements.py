"""Who must acknowledge what: requirements are written in bulk, one statement per version."""

import dataclasses
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import DocumentVersion, Person, Requirement, in_post
from .versions import audience_of


def _insert_requirements(people: models.QuerySet, *, version: DocumentVersion, due_date) -> int:
    """INSERT ... SELECT the people's requirements for a version, skipping those that exist.

    One statement whatever the head count, and idempotent through the unique constraint, so a
    fan-out that runs twice (or a publish that is repeated) creates nothing more.
    """
    rows = (
        people.order_by()
        .annotate(
            r_organisation=models.F("organisation_id"),
            r_version=Value(version.pk, output_field=models.BigIntegerField()),
            r_assigned_at=Value(timezone.now(), output_field=models.DateTimeField()),
            r_due_date=Value(due_date, output_field=models.DateField()),
        )
        .values_list("pk", "r_organisation", "r_version", "r_assigned_at", "r_due_date")
    )
    select_sql, params = rows.query.sql_with_params()
    table = Requirement._meta.db_table
    columns = ", ".join(
        connection.ops.quote_name(Requirement._meta.get_field(name).column)
        for name in ("person", "organisation", "version", "assigned_at", "due_date")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) {select_sql} "
            "ON CONFLICT DO NOTHING",
            params,
        )
        return cursor.rowcount


def _record_audience(*, version: DocumentVersion, audience: models.QuerySet, fanned_out: bool):
    """Store the audience's size on the version (one COUNT, one UPDATE), for progress listings."""
    fields = {"audience_size": audience.count()}
    if fanned_out:
        fields["fanned_out_at"] = version.fanned_out_at = timezone.now()
    DocumentVersion.objects.filter(pk=version.pk).update(**fields)
    version.audience_size = fields["audience_size"]


@transaction.atomic
def requirements_assign_for_version(*, version: DocumentVersion) -> int:
    """Give everyone in post in the version's audience a requirement due after its period.

    Also records when the version was fanned out and how many people its audience had.
    """
    if not version.is_current:
        return 0
    page = version.page.specific
    today = timezone.localdate()
    due_date = today + datetime.timedelta(days=page.acknowledgment_days)
    audience = audience_of(page, day=today)
    created = _insert_requirements(audience, version=version, due_date=due_date)
    _record_audience(version=version, audience=audience, fanned_out=True)
    return created


@transaction.atomic
def requirements_assign_for_people(*, person_ids: list[int]) -> int:
    """New joiners and people who moved into an audience get the current versions that apply.

    Their due date is the new-joiner period from today. Existing requirements are untouched.
    """
    if not person_ids:
        return 0
    today = timezone.localdate()
    due_date = today + datetime.timedelta(days=settings.NEW_JOINER_ACKNOWLEDGMENT_DAYS)
    organisation_ids = Person.objects.filter(pk__in=person_ids).values("organisation_id")
    created = 0
    versions = DocumentVersion.objects.filter(
        superseded_at__isnull=True, organisation_id__in=organisation_ids
    ).select_related("page")
    for version in versions:
        page = version.page.specific
        if not (page.live and page.requires_acknowledgment):
            continue
        audience = audience_of(page, day=today)
        people = audience.filter(pk__in=person_ids)
        created += _insert_requirements(people, version=version, due_date=due_date)
        # Joiners, movers and leavers change the audience's size that progress is shown against.
        _record_audience(version=version, audience=audience, fanned_out=False)
    return created


def requirements_sweep() -> int:
    """Every current version: requirements for people now in its audience who have none yet.

    Celery beat runs this daily. It picks up people whose start date has just arrived, movers
    whose change came by a path that queued nothing, and versions whose fan-out never ran (those
    are fanned out as on publication, with the document's own period). Everyone else who is
    missing a requirement gets the new-joiner period from today. One INSERT ... SELECT per
    version, each in its own transaction; idempotent, so running it twice creates nothing more.
    """
    today = timezone.localdate()
    due_date = today + datetime.timedelta(days=settings.NEW_JOINER_ACKNOWLEDGMENT_DAYS)
    version_ids = list(
        DocumentVersion.objects.filter(superseded_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    created = 0
    for version_id in version_ids:
        with transaction.atomic():
            # Lock the version, so a sweep and a new version's publication cannot interleave.
            version = (
                DocumentVersion.objects.select_for_update(of=("self",))
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
                created += requirements_assign_for_version(version=version)
                continue
            audience = audience_of(page, day=today)
            created += _insert_requirements(audience, version=version, due_date=due_date)
            _record_audience(version=version, audience=audience, fanned_out=False)
    return created


def outstanding_requirements(*, day: datetime.date | None = None) -> models.QuerySet[Requirement]:
    """Unfulfilled requirements of people in post, on versions still current."""
    day = day or timezone.localdate()
    return Requirement.objects.filter(
        in_post(day, prefix="person__"),
        fulfilled_at__isnull=True,
        version__superseded_at__isnull=True,
    )


# --- Progress and the acknowledgment report -----------------------------------------------------


class RequirementStatus(models.TextChoices):
    """Where a requirement stands on a day, as the acknowledgment report shows it."""

    ACKNOWLEDGED = "acknowledged", _("รับทราบแล้ว")
    OUTSTANDING = "outstanding", _("ยังไม่รับทราบ")
    OVERDUE = "overdue", _("เกินกำหนด")


@dataclasses.dataclass(frozen=True)
class VersionProgress:
    """How far a version's fan-out and acknowledgments have come, counting people in post."""

    assigned: int = 0
    acknowledged: int = 0
    overdue: int = 0

    @property
    def outstanding(self) -> int:
        return self.assigned - self.acknowledged

    @property
    def rate(self) -> float | None:
        """Acknowledged as a percentage of assigned; None when nobody is assigned."""
        return 100 * self.acknowledged / self.assigned if self.assigned else None


def version_progress(
    *, version_ids: Iterable[int], day: datetime.date | None = None
) -> dict[int, VersionProgress]:
    """Progress of each version, by id: one GROUP BY query for any number of versions.

    Requirements of people who left no longer count, as in every denominator of the tracker.
    """
    day = day or timezone.localdate()
    current = in_post(day, prefix="person__")
    fulfilled = Q(fulfilled_at__isnull=False)
    rows = (
        Requirement.objects.filter(version_id__in=list(version_ids))
        .values("version_id")
        .order_by()
        .annotate(
            assigned=Count("pk", filter=current),
            acknowledged=Count("pk", filter=current & fulfilled),
            overdue=Count("pk", filter=current & ~fulfilled & Q(due_date__lt=day)),
        )
    )
    return {
        row["version_id"]: VersionProgress(row["assigned"], row["acknowledged"], row["overdue"])
        for row in rows
    }


def acknowledgment_report(
    *, version: DocumentVersion, day: datetime.date | None = None
) -> models.QuerySet[Requirement]:
    """A version's requirements with their person and acknowledgment, each with a `status`.

    Lists everyone in post who must acknowledge the version, done or not, and also the people
    who acknowledged it and have since left: their evidence stays in the report. One query
    whatever the head count (people, divisions, acknowledgments and recorders joined in).
    """
    day = day or timezone.localdate()
    return (
        Requirement.objects.filter(version=version)
        .filter(Q(fulfilled_at__isnull=False) | in_post(day, prefix="person__"))
        .select_related("person__division", "acknowledgment__recorded_by")
        .annotate(
            status=Case(
                When(fulfilled_at__isnull=False, then=Value(RequirementStatus.ACKNOWLEDGED)),
                When(due_date__lt=day, then=Value(RequirementStatus.OVERDUE)),
                default=Value(RequirementStatus.OUTSTANDING),
                output_field=models.CharField(),
            )
        )
    )
