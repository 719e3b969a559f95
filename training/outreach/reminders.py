"""Reminders: a daily digest to each person with items to acknowledge, and escalation to heads.

A person is reminded on the days one of their items is `REMINDER_DAYS_BEFORE_DUE` days from its
due date, on the due date, and every `REMINDER_OVERDUE_EVERY_DAYS` days after it; the digest lists
all of their outstanding items, so nobody gets more than one a day however many they have. From
`ESCALATE_AFTER_DAYS_OVERDUE` days overdue, on the same rhythm, the division head gets one email
listing their staff who are that late.

Planning a day writes one `ReminderLog` row per email with two INSERT ... SELECT statements,
whatever the head count; the unique constraint on (person, kind, day) makes a second run of the
same day write nothing, and a worker sends each log once (`reminder_send`).
"""

import dataclasses
import datetime
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, models, transaction
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from training.acknowledgment.models import Requirement
from training.acknowledgment.selectors import outstanding_requirements
from training.outreach import signed_links
from training.outreach.models import ReminderKind, ReminderLog, ReminderStatus
from training.register.models import Person

# Errors of the mail transport that are worth trying again (SMTPException is an OSError too).
MAIL_ERRORS = (smtplib.SMTPException, OSError)
# Stored as data, for HR to read in the log; Thai first with the English beside it.
NO_EMAIL_ADDRESS = "ไม่มีอีเมลในทะเบียนบุคลากร (no email address)"


@dataclasses.dataclass(frozen=True)
class ReminderPlan:
    """What planning a day did: the emails it added to the log and the ones now waiting to go."""

    day: datetime.date
    digests: int
    escalations: int
    pending_ids: list[int]


# --- Which days a due date asks for a reminder -------------------------------------------------


def digest_due_dates(
    *, day: datetime.date, due_dates: Iterable[datetime.date]
) -> set[datetime.date]:
    """The due dates that make their person due a digest on `day`."""
    before = set(settings.REMINDER_DAYS_BEFORE_DUE)
    every = settings.REMINDER_OVERDUE_EVERY_DAYS
    chosen = set()
    for due_date in due_dates:
        days_left = (due_date - day).days
        overdue = -days_left
        if (
            days_left in before
            or days_left == 0
            or (overdue > 0 and every > 0 and overdue % every == 0)
        ):
            chosen.add(due_date)
    return chosen


def escalation_due_dates(
    *, day: datetime.date, due_dates: Iterable[datetime.date]
) -> set[datetime.date]:
    """The due dates that make a head due an escalation on `day`: late enough, on the rhythm."""
    first = settings.ESCALATE_AFTER_DAYS_OVERDUE
    every = settings.REMINDER_OVERDUE_EVERY_DAYS
    chosen = set()
    for due_date in due_dates:
        late_by = (day - due_date).days - first
        if late_by == 0 or (late_by > 0 and every > 0 and late_by % every == 0):
            chosen.add(due_date)
    return chosen


# --- Reads --------------------------------------------------------------------------------------


def _no_email(person_path: str) -> Q:
    """Whether a person (reached through `person_path`) has no address, of their own or login's."""
    return Q(**{f"{person_path}__email": ""}) & (
        Q(**{f"{person_path}__user__isnull": True}) | Q(**{f"{person_path}__user__email": ""})
    )


def overdue_staff_requirements(*, day: datetime.date) -> models.QuerySet[Requirement]:
    """Outstanding items overdue long enough to tell the person's division head, who is in post.

    A head's own items are not escalated to themselves.
    """
    latest_due = day - datetime.timedelta(days=settings.ESCALATE_AFTER_DAYS_OVERDUE)
    return (
        outstanding_requirements(day=day)
        .filter(
            due_date__lte=latest_due,
            person__division__head__isnull=False,
            person__division__head__active_from__lte=day,
        )
        .filter(
            Q(person__division__head__active_until__isnull=True)
            | Q(person__division__head__active_until__gte=day)
        )
        .exclude(person_id=F("person__division__head_id"))
    )


def digest_requirements(*, person: Person, day: datetime.date) -> models.QuerySet[Requirement]:
    """Everything a person still has to acknowledge on a day, soonest due first."""
    return (
        outstanding_requirements(day=day)
        .filter(person=person)
        .select_related("version__page")
        .order_by("due_date", "pk")
    )


def escalation_requirements(*, head: Person, day: datetime.date) -> models.QuerySet[Requirement]:
    """The overdue items of a head's staff, by division and person, oldest first."""
    return (
        overdue_staff_requirements(day=day)
        .filter(person__division__head=head)
        .select_related("person__division", "version__page")
        .order_by(
            "person__division__name",
            "person__last_name",
            "person__first_name",
            "person_id",
            "due_date",
            "pk",
        )
    )


def recipient_of(person: Person) -> str:
    """Where a person's reminders go: the register's address, or else their login's."""
    if person.email:
        return person.email
    return person.user.email if person.user_id else ""


# --- Planning a day -----------------------------------------------------------------------------

_LOG_COLUMNS = (
    "organisation",
    "person",
    "kind",
    "day",
    "status",
    "error",
    "attempts",
    "items",
    "recipient",
    "created_at",
)


def _log_rows(rows: models.QuerySet, *, organisation: str, person: str, kind: str, day, no_email):
    """One log row per recipient, in `_LOG_COLUMNS` order; `rows` is grouped by the recipient."""
    return (
        rows.order_by()
        .values(l_organisation=F(organisation), l_person=F(person))
        .annotate(
            l_kind=Value(kind, output_field=CharField()),
            l_day=Value(day, output_field=models.DateField()),
            l_status=Case(
                When(no_email, then=Value(ReminderStatus.FAILED.value)),
                default=Value(ReminderStatus.PENDING.value),
                output_field=CharField(),
            ),
            l_error=Case(
                When(no_email, then=Value(NO_EMAIL_ADDRESS)),
                default=Value(""),
                output_field=CharField(),
            ),
            l_attempts=Value(0, output_field=models.IntegerField()),
            l_items=Count("pk"),
            l_recipient=Value("", output_field=CharField()),
            l_created_at=Value(timezone.now(), output_field=models.DateTimeField()),
        )
        .values_list(
            "l_organisation",
            "l_person",
            "l_kind",
            "l_day",
            "l_status",
            "l_error",
            "l_attempts",
            "l_items",
            "l_recipient",
            "l_created_at",
        )
    )


def _insert_logs(rows: models.QuerySet) -> int:
    """INSERT ... SELECT the rows into the log, skipping (person, kind, day) already there."""
    select_sql, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(ReminderLog._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(ReminderLog._meta.get_field(name).column) for name in _LOG_COLUMNS
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) {select_sql} ON CONFLICT DO NOTHING", params
        )
        return cursor.rowcount


@transaction.atomic
def reminders_plan(*, day: datetime.date | None = None) -> ReminderPlan:
    """Write the day's reminders to the log, one per person and kind; safe to run again.

    A constant number of queries whatever the head count: the distinct due dates still open, one
    INSERT ... SELECT for digests, one for escalations, and the ids now waiting to be sent. People
    without any email address are logged as failed at once, so that HR sees whom to ask.
    """
    day = day or timezone.localdate()
    outstanding = outstanding_requirements(day=day)
    due_dates = set(outstanding.order_by().values_list("due_date", flat=True).distinct())

    digests = 0
    digest_dates = digest_due_dates(day=day, due_dates=due_dates)
    if digest_dates:
        reminded = outstanding.filter(due_date__in=digest_dates).values("person_id")
        digests = _insert_logs(
            _log_rows(
                outstanding.filter(person_id__in=reminded),
                organisation="person__organisation_id",
                person="person_id",
                kind=ReminderKind.DIGEST.value,
                day=day,
                no_email=_no_email("person"),
            )
        )

    escalations = 0
    escalation_dates = escalation_due_dates(day=day, due_dates=due_dates)
    if escalation_dates:
        overdue = overdue_staff_requirements(day=day)
        heads = overdue.filter(due_date__in=escalation_dates).values("person__division__head_id")
        escalations = _insert_logs(
            _log_rows(
                overdue.filter(person__division__head_id__in=heads),
                organisation="person__division__head__organisation_id",
                person="person__division__head_id",
                kind=ReminderKind.ESCALATION.value,
                day=day,
                no_email=_no_email("person__division__head"),
            )
        )

    # Pending includes logs of an earlier run that never went; sending one twice is refused.
    pending_ids = list(
        ReminderLog.objects.filter(day=day, status=ReminderStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return ReminderPlan(
        day=day, digests=max(digests, 0), escalations=max(escalations, 0), pending_ids=pending_ids
    )


# --- Sending one reminder -----------------------------------------------------------------------


def _base_url() -> str:
    return (settings.WAGTAILADMIN_BASE_URL or "").rstrip("/")


def _item(requirement: Requirement, *, day: datetime.date, link: str = "") -> dict:
    days_overdue = (day - requirement.due_date).days
    return {
        "requirement": requirement,
        "title": requirement.version.page.title,
        "number": requirement.version.number,
        "due_date": requirement.due_date,
        "overdue": days_overdue > 0,
        "due_today": days_overdue == 0,
        "days_overdue": max(days_overdue, 0),
        "link": link,
    }


def _link_without_login(requirement: Requirement) -> str:
    """Someone without a login acknowledges through their own signed link (it works once)."""
    return signed_links.link_url(requirement)


def _digest_message(log: ReminderLog, *, recipient: str) -> tuple[EmailMessage | None, int]:
    person = log.person
    requirements = list(digest_requirements(person=person, day=log.day))
    if not requirements:
        return None, 0
    has_login = person.user_id is not None
    items = [
        _item(
            requirement,
            day=log.day,
            link="" if has_login else _link_without_login(requirement),
        )
        for requirement in requirements
    ]
    context = {
        "person": person,
        "organisation": person.organisation,
        "items": items,
        "count": len(items),
        "portal_url": f"{_base_url()}{reverse('portal')}" if has_login else "",
        "valid_days": settings.SIGNED_LINK_MAX_AGE_DAYS,
        "day": log.day,
    }
    return _message("digest", context, recipient=recipient), len(items)


def _escalation_message(log: ReminderLog, *, recipient: str) -> tuple[EmailMessage | None, int]:
    head = log.person
    staff: dict[int, dict] = {}
    for requirement in escalation_requirements(head=head, day=log.day):
        member = staff.setdefault(
            requirement.person_id,
            {"person": requirement.person, "division": requirement.person.division, "items": []},
        )
        member["items"].append(_item(requirement, day=log.day))
    if not staff:
        return None, 0
    members = list(staff.values())
    context = {
        "person": head,
        "organisation": head.organisation,
        "staff": members,
        "count": len(members),
        "items_count": sum(len(member["items"]) for member in members),
        "several_divisions": len({member["division"].pk for member in members}) > 1,
        "escalate_after": settings.ESCALATE_AFTER_DAYS_OVERDUE,
        "portal_url": f"{_base_url()}{reverse('portal')}",
        "day": log.day,
    }
    return _message("escalation", context, recipient=recipient), context["items_count"]


def _message(kind: str, context: dict, *, recipient: str) -> EmailMessage:
    # The email is written in the register's language, whatever language the worker runs in.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"training/email/reminder_{kind}_subject.txt", context)
        body = render_to_string(f"training/email/reminder_{kind}_body.txt", context)
    organisation = context["organisation"]
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        to=[recipient],
        reply_to=[organisation.email] if organisation.email else None,
    )


def reminder_send(*, log_id: int) -> str | None:
    """Send one logged reminder, unless it went already; return its status afterwards.

    The log row is locked while sending, so two workers given the same log send one email. A
    transport error is written to the log (status failed, with the error) and then raised, so
    that the task can try again later; nothing else is retried.
    """
    failure = None
    with transaction.atomic():
        log = (
            ReminderLog.objects.select_for_update(of=("self",))
            .select_related("person__organisation", "person__user")
            .filter(pk=log_id)
            .first()
        )
        if log is None or log.status in (ReminderStatus.SENT, ReminderStatus.SKIPPED):
            return log.status if log else None
        recipient = recipient_of(log.person)
        if not recipient:
            log.status, log.error = ReminderStatus.FAILED, NO_EMAIL_ADDRESS
            log.save(update_fields=["status", "error"])
            return log.status
        build = _digest_message if log.kind == ReminderKind.DIGEST else _escalation_message
        message, log.items = build(log, recipient=recipient)
        if message is None:
            # Acknowledged (or left) between planning and sending: nothing to remind about.
            log.status = ReminderStatus.SKIPPED
            log.save(update_fields=["status", "items"])
            return log.status
        log.attempts += 1
        log.recipient = recipient
        try:
            message.send()
        except MAIL_ERRORS as error:
            failure = error
            log.status = ReminderStatus.FAILED
            log.error = f"{type(error).__name__}: {error}"
        else:
            log.status, log.error, log.sent_at = ReminderStatus.SENT, "", timezone.now()
        log.save(update_fields=["status", "error", "attempts", "items", "recipient", "sent_at"])
    if failure is not None:
        raise failure
    return log.status
