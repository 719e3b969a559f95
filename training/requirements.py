"""Who must acknowledge what: requirements are written in bulk, one statement per version."""

import datetime

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q, Value
from django.utils import timezone

from .models import DocumentVersion, Person, Requirement
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


@transaction.atomic
def requirements_assign_for_version(*, version: DocumentVersion) -> int:
    """Give everyone in post in the version's audience a requirement due after its period."""
    if not version.is_current:
        return 0
    page = version.page.specific
    today = timezone.localdate()
    due_date = today + datetime.timedelta(days=page.acknowledgment_days)
    return _insert_requirements(audience_of(page, day=today), version=version, due_date=due_date)


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
        people = audience_of(page, day=today).filter(pk__in=person_ids)
        created += _insert_requirements(people, version=version, due_date=due_date)
    return created


def outstanding_requirements(*, day: datetime.date | None = None) -> models.QuerySet[Requirement]:
    """Unfulfilled requirements of people in post, on versions still current."""
    day = day or timezone.localdate()
    return Requirement.objects.filter(
        fulfilled_at__isnull=True,
        version__superseded_at__isnull=True,
        person__active_from__lte=day,
    ).filter(Q(person__active_until__isnull=True) | Q(person__active_until__gte=day))
