"""A division head chasing their staff from the portal: who in the division still has to
acknowledge what in a fiscal year, and the head's request to remind them.

A head's reminder is the person's ordinary reminder email (`emails.reminder_email`: everything
they still have to acknowledge, with a signed link per item for someone without a login), written
as that day's digest row of the reminder log and sent by the same task as the daily reminders. So
nobody gets two reminders on one day, whoever asked: the log's one row per person, kind and day is
the rate limit, and the head's page says so. Each request is logged on the organisation
(HEAD_REMINDER) with the division and the people reminded, and the caller queues the sends once
it commits (`tasks.send_head_reminders`).
"""

import dataclasses
import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from home.thai_dates import FiscalYear
from training.acknowledgment.models import Requirement
from training.figures.selectors import requirements_of_year
from training.outreach.models import ReminderKind, ReminderLog, ReminderStatus
from training.register.models import Division, Person

HEAD_REMINDER = "training.head_reminder"


class HeadReminderRefused(Exception):
    """Someone asked for is not in post in the head's division (or the head no longer heads it):
    nothing was written."""


@dataclasses.dataclass
class Straggler:
    """A member of the division with something of the year still to acknowledge."""

    person: Person
    requirements: list[Requirement]
    reminded_today: bool
    is_head: bool

    @property
    def overdue(self) -> bool:
        return any(requirement.overdue for requirement in self.requirements)

    @property
    def can_be_mailed(self) -> bool:
        return bool(self.person.mail_address)

    @property
    def can_be_reminded(self) -> bool:
        """Whether the head's page offers to remind them now (a head reminds others only)."""
        return not self.is_head and not self.reminded_today and self.can_be_mailed


def reminded_on(*, person_ids: Iterable[int], day: datetime.date) -> set[int]:
    """Those of these people who already have a reminder (sent, waiting or failed) on a day."""
    return set(
        ReminderLog.objects.filter(
            person_id__in=list(person_ids), kind=ReminderKind.DIGEST, day=day
        ).values_list("person_id", flat=True)
    )


def division_stragglers(
    *, division: Division, fiscal_year: FiscalYear, head: Person, day: datetime.date
) -> list[Straggler]:
    """The people now in the division who still have to acknowledge something assigned in the
    fiscal year (`Requirement.objects.outstanding`: current versions, people in post), each with
    those items soonest due first, and whether they were reminded on `day`. Two queries."""
    requirements = (
        requirements_of_year(division.organisation_id, fiscal_year)
        .outstanding(day)
        .filter(person__division=division)
        .select_related("person__user", "version__page")
        .order_by("person__first_name", "person__last_name", "person_id", "due_date", "pk")
    )
    by_person: dict[int, list[Requirement]] = {}
    people: dict[int, Person] = {}
    for requirement in requirements:
        requirement.overdue = requirement.is_overdue_on(day)
        by_person.setdefault(requirement.person_id, []).append(requirement)
        people[requirement.person_id] = requirement.person
    reminded = reminded_on(person_ids=people, day=day) if people else set()
    return [
        Straggler(
            person=people[pk],
            requirements=items,
            reminded_today=pk in reminded,
            is_head=pk == head.pk,
        )
        for pk, items in by_person.items()
    ]


@dataclasses.dataclass(frozen=True)
class HeadReminderResult:
    """What a head's request did: whom it reminds (their reminder-log rows, to send), and how
    many it left out because they were reminded today already or have no mail address."""

    reminded: list[Person]
    log_ids: list[int]
    already_reminded: int = 0
    without_address: int = 0


@transaction.atomic
def head_reminders_request(
    *,
    division: Division,
    head: Person,
    person_ids: Iterable[int],
    acting_user,
    day: datetime.date | None = None,
) -> HeadReminderResult:
    """Write today's reminder for each chosen member of the division who still owes something,
    has a mail address and was not reminded today, and log the request on the organisation.

    Raises HeadReminderRefused, writing nothing, if the head does not head the division or
    anyone chosen is not in post in it. The head's own name is skipped: they have their to-do
    list. Returns the log rows to send once this commits.
    """
    day = day or timezone.localdate()
    # Requests for one division wait for each other here, so that a double click reminds once.
    division = (
        Division.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=division.pk)
    )
    if division.head_id != head.pk or not head.is_active_on(day):
        raise HeadReminderRefused
    wanted = set(person_ids)
    members = list(
        Person.objects.filter(pk__in=wanted, division=division)
        .active_on(day)
        .select_related("user")
        .order_by("first_name", "last_name", "pk")
    )
    if len(members) != len(wanted):
        raise HeadReminderRefused
    owing = set(
        Requirement.objects.outstanding(day)
        .filter(person_id__in=wanted)
        .values_list("person_id", flat=True)
    )
    reminded = reminded_on(person_ids=wanted, day=day)
    chosen, already, without_address = [], 0, 0
    for member in members:
        if member.pk == head.pk or member.pk not in owing:
            continue
        if member.pk in reminded:
            already += 1
        elif not member.mail_address:
            without_address += 1
        else:
            chosen.append(member)
    if not chosen:
        return HeadReminderResult([], [], already, without_address)
    now = timezone.now()
    # A digest the daily plan wrote meanwhile wins: ignore_conflicts leaves it, and it is sent.
    ReminderLog.objects.bulk_create(
        [
            ReminderLog(
                organisation_id=division.organisation_id,
                person=member,
                kind=ReminderKind.DIGEST,
                day=day,
                created_at=now,
            )
            for member in chosen
        ],
        ignore_conflicts=True,
    )
    log_ids = list(
        ReminderLog.objects.filter(
            person__in=chosen, kind=ReminderKind.DIGEST, day=day, status=ReminderStatus.PENDING
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    log(
        division.organisation,
        HEAD_REMINDER,
        user=acting_user,
        data={
            "division": division.pk,
            "division_name": division.name,
            "head": head.pk,
            "day": day.isoformat(),
            "count": len(chosen),
            "people": [member.pk for member in chosen],
            "names": [member.full_name for member in chosen],
        },
    )
    return HeadReminderResult(chosen, log_ids, already, without_address)
