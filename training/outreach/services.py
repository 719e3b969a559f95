"""Outreach writes: asking for and sending signed links, recording paper sign-offs, planning and
sending reminders.

Each write that changes evidence or says what was asked of the system is atomic and leaves a log
entry on the organisation (its register history): links queued, paper signed. Mail is sent one
email at a time, each in its own transaction with its own row (`SignedLinkDispatch`,
`ReminderLog`), so that a retry or a second worker emails nobody twice.
"""

import dataclasses
import datetime
import secrets
import smtplib
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.log_actions import log

from home.bilingual import bilingual
from home.bulk import insert_from_select
from training.acknowledgment.models import AcknowledgmentChannel, DocumentVersion, Requirement
from training.acknowledgment.selectors import latest_publication
from training.acknowledgment.services import AcknowledgmentRefused, Evidence, acknowledgments_record
from training.outreach.emails import reminder_email, signed_link_email
from training.outreach.models import (
    DispatchStatus,
    ReminderKind,
    ReminderLog,
    ReminderStatus,
    SignedLinkDispatch,
)
from training.outreach.selectors import (
    LOG_COLUMNS,
    NO_EMAIL_ADDRESS,
    links_to_queue,
    mailable_requirements,
    not_in_post_on,
    open_due_dates,
    pending_reminder_ids,
    reminder_log_rows,
)
from training.register.scans import scan_collection

SIGNED_LINKS_QUEUED = "training.signed_links_queued"
PAPER_SIGNOFF = "training.paper_signoff"
# The sheet was signed during the day; the record shows noon unless that is still to come.
SIGNED_AT = datetime.time(12, 0)
# Errors of the mail transport that are worth trying again (SMTPException is an OSError too).
MAIL_ERRORS = (smtplib.SMTPException, OSError)


# --- Signed links -------------------------------------------------------------------------------


def _version_for_history(version: DocumentVersion) -> dict:
    """What a history line needs to name the version to a reader, not only its database id."""
    return {"version": version.pk, "document": version.page.title, "number": version.number}


@transaction.atomic
def signed_links_request(
    *, version: DocumentVersion, requirement_ids: list[int], acting_user
) -> list[int]:
    """Record that HR asked for the chosen people's links to be emailed; return the requirement
    ids to send (the caller queues them once this commits).

    Each gets a pending dispatch for today (one that failed earlier today is pending again), so
    the page shows them waiting until the worker has sent them; anyone whose link already went
    out today is left out. The request is logged on the organisation with its count.
    """
    today = timezone.localdate()
    ids = links_to_queue(version=version, requirement_ids=requirement_ids, day=today)
    if not ids:
        return []
    SignedLinkDispatch.objects.bulk_create(
        [SignedLinkDispatch(requirement_id=pk, sent_on=today, sent_by=acting_user) for pk in ids],
        ignore_conflicts=True,
    )
    SignedLinkDispatch.objects.filter(requirement_id__in=ids, sent_on=today).exclude(
        status=DispatchStatus.SENT
    ).update(status=DispatchStatus.PENDING, sent_by=acting_user)
    log(
        version.organisation,
        SIGNED_LINKS_QUEUED,
        user=acting_user,
        data={**_version_for_history(version), "count": len(ids)},
    )
    return ids


def signed_links_send(*, requirement_ids: list[int], sent_by_id: int | None = None) -> int:
    """Email each requirement's person their signed link; return how many emails left.

    Only outstanding requirements of people in post with a mail address are sent. At most
    one email per requirement a day: a requirement already sent today is skipped, one that
    failed today is tried again. Each attempt is logged with its outcome.
    """
    today = timezone.localdate()
    publications = {}
    sent = 0
    for requirement in mailable_requirements(requirement_ids=requirement_ids, day=today):
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
            dispatch.email = requirement.person.mail_address
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


# --- Paper sign-offs ------------------------------------------------------------------------------


class PaperSignoffRefused(Exception):
    """Why nothing was recorded: one message per person, Thai with English beside it, and the
    requirement each message is about (None when it is about the record as a whole)."""

    def __init__(self, errors: list[str], requirement_ids: list[int | None] | None = None):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors
        self.requirement_ids = requirement_ids or [None] * len(errors)


@dataclasses.dataclass
class PaperResult:
    recorded: int
    already: int
    scan: object


def signed_at(day: datetime.date) -> datetime.datetime:
    """Noon of the day signed, local time, or now if the sheet was signed this morning."""
    moment = datetime.datetime.combine(day, SIGNED_AT, tzinfo=timezone.get_current_timezone())
    return min(moment, timezone.now())


def _store_scan(*, upload, version: DocumentVersion, signed_on, recorded_by) -> object:
    Document = get_document_model()
    extension = PurePath(upload.name).suffix.lower()
    # A name nobody can guess and that says nothing of whom the sheet concerns.
    upload.name = f"signoff-v{version.pk}-{signed_on.isoformat()}-{secrets.token_hex(8)}{extension}"
    document = Document(
        title=gettext("ใบลงนามรับทราบ %(title)s ฉบับที่ %(number)s ลงนาม %(day)s")
        % {"title": version.page.title, "number": version.number, "day": signed_on.isoformat()},
        file=upload,
        collection=scan_collection(version.organisation),
        uploaded_by_user=recorded_by,
    )
    document._set_document_file_metadata()
    document.save()
    return document


def paper_signoffs_record(
    *,
    version: DocumentVersion,
    requirement_ids: list[int],
    scan,
    signed_on: datetime.date,
    recorded_by,
    note: str = "",
) -> PaperResult:
    """Record, in one transaction, that the chosen people signed the scanned sheet on a day, and
    log it on the organisation (version, how many, the scan).

    People who already acknowledged the version are counted and skipped. Raises
    PaperSignoffRefused, recording nothing and keeping no scan, if anyone chosen was not in post
    on the day signed or cannot acknowledge the version, or if nobody is left to record.
    """
    document = None
    try:
        with transaction.atomic():
            # Locked, so that a confirmation sent twice at once waits here and then finds the
            # first one's acknowledgments: it stores no second scan and logs nothing.
            requirements = list(
                Requirement.objects.select_for_update(of=("self",))
                .filter(pk__in=set(requirement_ids), version=version)
                .select_related("person")
                .order_by("person__employee_number")
            )
            absent = not_in_post_on(requirements, signed_on)
            if absent:
                raise PaperSignoffRefused(
                    [
                        bilingual(
                            _("%(name)s (%(number)s) ไม่ได้ปฏิบัติงานในวันที่ลงนาม"),
                            name=r.person.full_name,
                            number=r.person.employee_number,
                        )
                        for r in absent
                    ],
                    [r.pk for r in absent],
                )
            if not requirements or all(r.fulfilled_at for r in requirements):
                raise PaperSignoffRefused([_("ทุกคนที่เลือกได้รับทราบฉบับนี้แล้ว")])
            document = _store_scan(
                upload=scan, version=version, signed_on=signed_on, recorded_by=recorded_by
            )
            created, already = acknowledgments_record(
                requirements=requirements,
                at=signed_at(signed_on),
                evidence=Evidence(
                    channel=AcknowledgmentChannel.PAPER,
                    recorded_by_id=recorded_by.pk,
                    paper_scan_id=document.pk,
                    note=note,
                ),
            )
            log(
                version.organisation,
                PAPER_SIGNOFF,
                user=recorded_by,
                data={
                    **_version_for_history(version),
                    "count": len(created),
                    "already": len(already),
                    "scan": document.pk,
                    "signed_on": signed_on.isoformat(),
                },
            )
    except AcknowledgmentRefused as refusal:
        _discard(document)
        raise PaperSignoffRefused([str(refusal.message)]) from refusal
    except BaseException:
        _discard(document)
        raise
    return PaperResult(recorded=len(created), already=len(already), scan=document)


def _discard(document) -> None:
    """The transaction rolled back the document's row; its file on disk goes too."""
    if document is not None:
        document.file.delete(save=False)


# --- Scans waiting for confirmation ---------------------------------------------------------------

# Under documents/, which is never served as plain files: the sheets carry signatures.
PENDING_SCANS = "documents/pending-signoffs"
PENDING_SCAN_MAX_AGE = datetime.timedelta(days=1)


def pending_scan_store(upload) -> str:
    """Keep an uploaded scan until HR confirms the record; return its unguessable key (the file
    name under PENDING_SCANS). A scan never confirmed is swept after PENDING_SCAN_MAX_AGE."""
    extension = PurePath(upload.name).suffix.lower()
    key = f"{secrets.token_urlsafe(18)}{extension}"
    upload.seek(0)
    default_storage.save(f"{PENDING_SCANS}/{key}", upload)
    return key


def pending_scan_open(key: str, *, name: str) -> ContentFile | None:
    """The pending scan under its key, as an upload named `name`, or None once it is gone."""
    path = f"{PENDING_SCANS}/{PurePath(key).name}"
    try:
        with default_storage.open(path) as stored:
            return ContentFile(stored.read(), name=name)
    except FileNotFoundError:
        return None


def pending_scan_discard(key: str) -> None:
    default_storage.delete(f"{PENDING_SCANS}/{PurePath(key).name}")


def pending_scans_sweep(*, now: datetime.datetime | None = None) -> int:
    """Delete the pending scans older than PENDING_SCAN_MAX_AGE (never confirmed); return how
    many went. Safe to run twice or from two workers."""
    cutoff = (now or timezone.now()) - PENDING_SCAN_MAX_AGE
    try:
        _folders, names = default_storage.listdir(PENDING_SCANS)
    except FileNotFoundError:
        return 0
    swept = 0
    for name in names:
        path = f"{PENDING_SCANS}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                swept += 1
        except FileNotFoundError:
            continue
    return swept


# --- Reminders ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ReminderPlan:
    """What planning a day did: the emails it added to the log and the ones now waiting to go."""

    day: datetime.date
    digests: int
    escalations: int
    pending_ids: list[int]


def _insert_logs(rows) -> int:
    """Write the planned rows to the log, skipping (person, kind, day) already there."""
    if rows is None:
        return 0
    return max(insert_from_select(ReminderLog, fields=LOG_COLUMNS, rows=rows), 0)


@transaction.atomic
def reminders_plan(*, day: datetime.date | None = None) -> ReminderPlan:
    """Write the day's reminders to the log, one per person and kind; safe to run again.

    A constant number of queries whatever the head count: the distinct due dates still open, one
    INSERT ... SELECT for digests, one for escalations, and the ids now waiting to be sent. People
    without any mail address are logged as failed at once, so that HR sees whom to ask.
    """
    day = day or timezone.localdate()
    due_dates = open_due_dates(day=day)
    digests, escalations = (
        _insert_logs(reminder_log_rows(kind=kind.value, day=day, due_dates=due_dates))
        for kind in (ReminderKind.DIGEST, ReminderKind.ESCALATION)
    )
    return ReminderPlan(
        day=day,
        digests=digests,
        escalations=escalations,
        pending_ids=pending_reminder_ids(day=day),
    )


def reminder_send(*, log_id: int) -> str | None:
    """Send one logged reminder, unless it went already; return its status afterwards.

    The log row is locked while sending, so two workers given the same log send one email. A
    transport error is written to the log (status failed, with the error) and then raised, so
    that the task can try again later; nothing else is retried.
    """
    failure = None
    with transaction.atomic():
        log_row = (
            ReminderLog.objects.select_for_update(of=("self",))
            .select_related("person__organisation", "person__user")
            .filter(pk=log_id)
            .first()
        )
        if log_row is None or log_row.status in (ReminderStatus.SENT, ReminderStatus.SKIPPED):
            return log_row.status if log_row else None
        recipient = log_row.person.mail_address
        if not recipient:
            log_row.status, log_row.error = ReminderStatus.FAILED, NO_EMAIL_ADDRESS
            log_row.save(update_fields=["status", "error"])
            return log_row.status
        message, log_row.items = reminder_email(log_row)
        if message is None:
            # Acknowledged (or left) between planning and sending: nothing to remind about.
            log_row.status = ReminderStatus.SKIPPED
            log_row.save(update_fields=["status", "items"])
            return log_row.status
        log_row.attempts += 1
        log_row.recipient = recipient
        try:
            message.send()
        except MAIL_ERRORS as error:
            failure = error
            log_row.status = ReminderStatus.FAILED
            log_row.error = f"{type(error).__name__}: {error}"
        else:
            log_row.status, log_row.error, log_row.sent_at = (
                ReminderStatus.SENT,
                "",
                timezone.now(),
            )
        log_row.save(update_fields=["status", "error", "attempts", "items", "recipient", "sent_at"])
    if failure is not None:
        raise failure
    return log_row.status
