"""Progress of versions and the acknowledgment report, counted the way every figure counts."""

import dataclasses
import datetime
from collections.abc import Iterable

from django.db import models
from django.db.models import Case, Count, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training.acknowledgment.models import ACKNOWLEDGED, DocumentVersion, Requirement, past_due
from training.register.models import in_post


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
    rows = (
        Requirement.objects.filter(version_id__in=list(version_ids))
        .values("version_id")
        .order_by()
        .annotate(
            assigned=Count("pk", filter=current),
            acknowledged=Count("pk", filter=current & ACKNOWLEDGED),
            overdue=Count("pk", filter=current & past_due(day)),
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
        .filter(ACKNOWLEDGED | in_post(day, prefix="person__"))
        .select_related("person__division", "acknowledgment__recorded_by")
        .annotate(
            status=Case(
                When(ACKNOWLEDGED, then=Value(RequirementStatus.ACKNOWLEDGED)),
                When(past_due(day), then=Value(RequirementStatus.OVERDUE)),
                default=Value(RequirementStatus.OUTSTANDING),
                output_field=models.CharField(),
            )
        )
    )
