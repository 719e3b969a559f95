"""Outreach reads: whom to send a link, what a paper list names, whom to remind on a day.

Every "still to acknowledge" here is `Requirement.objects.outstanding(day)`, every "in post" is
`in_post`, and every "has somewhere to send mail" is `Person.mail_address` (as SQL below), so that
the link page, the paper page, the sheet and the reminders count the same people.
"""

import dataclasses
import datetime
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection

from home.bilingual import bilingual
from training.acknowledgment.models import DocumentVersion, Requirement
from training.acknowledgment.selectors import evidence_of_document
from training.outreach.models import (
    DispatchStatus,
    ReminderKind,
    ReminderLog,
    ReminderStatus,
    SignedLinkDispatch,
)
from training.register.files import (
    COLUMN_BY_KEY,
    cell_text,
    csv_rows,
    file_format_of,
    heading_column,
    xlsx_rows,
)
from training.register.models import Person, in_post
from training.register.scans import scan_collection_ids
from training.register.selectors import organisations_for_user

SCAN_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
LIST_HEADING_SEARCH_ROWS = 10
# Stored as data in the reminder log, for HR to read; Thai first with the English beside it.
NO_EMAIL_ADDRESS = "ไม่มีอีเมลในทะเบียนบุคลากร (no email address)"


def without_mail_address(prefix: str = "") -> Q:
    """`Person.mail_address` is empty, as SQL: no address in the register and none on a login.

    `prefix` reaches the person through a relation ("person__", "person__division__head__").
    """
    return Q(**{f"{prefix}email": ""}) & (
        Q(**{f"{prefix}user__isnull": True}) | Q(**{f"{prefix}user__email": ""})
    )


# --- Signed links -------------------------------------------------------------------------------


def link_candidates(*, version_id: int, organisation_ids) -> list[Requirement]:
    """Outstanding requirements of a version for people in post, with the last link sent to each.

    One query however many people: the latest dispatch is annotated, not fetched per person.
    """
    latest = SignedLinkDispatch.objects.filter(requirement=OuterRef("pk")).order_by("-sent_on")
    return list(
        Requirement.objects.outstanding()
        .filter(version_id=version_id, organisation_id__in=organisation_ids)
        .select_related("person__division", "person__user")
        .annotate(
            last_sent_on=Subquery(latest.values("sent_on")[:1]),
            last_status=Subquery(latest.values("status")[:1]),
        )
        .order_by("person__division__name", "person__employee_number")
    )


def mailable_requirements(
    *, requirement_ids: Iterable[int], day: datetime.date
) -> QuerySet[Requirement]:
    """The requirements among the ids that a link may still be emailed for on a day."""
    return (
        Requirement.objects.outstanding(day)
        .filter(pk__in=list(requirement_ids))
        .exclude(without_mail_address("person__"))
        .select_related("person__user", "organisation", "version__page")
        .order_by("pk")
    )


def links_to_queue(
    *, version: DocumentVersion, requirement_ids: Iterable[int], day: datetime.date
) -> list[int]:
    """Of the chosen requirements of a version, those whose link has not gone out today."""
    sent_today = SignedLinkDispatch.objects.filter(
        requirement=OuterRef("pk"), sent_on=day, status=DispatchStatus.SENT
    )
    return list(
        mailable_requirements(requirement_ids=requirement_ids, day=day)
        .filter(version=version)
        .exclude(models.Exists(sent_today))
        .values_list("pk", flat=True)
    )


# --- Paper sign-offs ------------------------------------------------------------------------------


def signoff_versions(*, organisation_ids, day: datetime.date) -> list[DocumentVersion]:
    """The current versions of the organisations' documents, each with how many people are still
    to acknowledge it and how many of those have no login: two queries."""
    versions = list(
        DocumentVersion.objects.filter(
            superseded_at__isnull=True, organisation__in=organisation_ids
        )
        .select_related("page", "organisation")
        .order_by("organisation__name_th", "page__title")
    )
    counts = {
        row["version"]: row
        for row in Requirement.objects.outstanding(day)
        .filter(version__in=[version.pk for version in versions])
        .order_by()
        .values("version")
        .annotate(
            outstanding=Count("pk"), without_login=Count("pk", filter=Q(person__user__isnull=True))
        )
    }
    for version in versions:
        row = counts.get(version.pk, {})
        version.outstanding = row.get("outstanding", 0)
        version.outstanding_without_login = row.get("without_login", 0)
    return versions


def version_outstanding(*, version: DocumentVersion, organisation_ids) -> list[Requirement]:
    """The people still to acknowledge a version: one query however many they are."""
    return list(
        Requirement.objects.outstanding()
        .filter(version=version, organisation_id__in=organisation_ids)
        .select_related("person__division", "person__user")
        .order_by("person__division__name", "person__employee_number")
    )


def version_requirements(
    *, version: DocumentVersion, organisation_ids: QuerySet | list[int]
) -> QuerySet[Requirement]:
    """Every requirement of a version in the given organisations, whatever its state."""
    return Requirement.objects.filter(version=version, organisation_id__in=organisation_ids)


def sheet_requirements(
    *, version: DocumentVersion, everyone: bool = False, division_id: int | None = None
) -> QuerySet:
    """Who goes on a version's sign-off sheet, by division then employee number.

    By default only those still to acknowledge; with `everyone`, the whole audience in post;
    with `division_id`, only that division's people.
    """
    if everyone:
        requirements = Requirement.objects.filter(version=version).of_people_in_post(
            timezone.localdate()
        )
    else:
        requirements = Requirement.objects.outstanding().filter(version=version)
    if division_id is not None:
        requirements = requirements.filter(person__division_id=division_id)
    return requirements.select_related("person__division", "acknowledgment").order_by(
        F("person__division__name").asc(nulls_last=True), "person__employee_number"
    )


def divisions_of(requirements: Iterable[Requirement]) -> list:
    """The divisions of the people in a list already fetched (with person__division), in the
    list's order, each once: to print a sheet per division without another query."""
    seen = {}
    for requirement in requirements:
        division = requirement.person.division
        if division is not None and division.pk not in seen:
            seen[division.pk] = division
    return list(seen.values())


def paper_review_requirements(
    *, version: DocumentVersion, requirement_ids: Iterable[int], organisation_ids
) -> list[Requirement]:
    """The chosen requirements of a version, as the confirmation step lists them: one query."""
    return list(
        version_requirements(version=version, organisation_ids=organisation_ids)
        .filter(pk__in=list(requirement_ids))
        .select_related("person__division")
        .order_by(F("person__division__name").asc(nulls_last=True), "person__employee_number")
    )


def not_in_post_on(requirements: Iterable[Requirement], day: datetime.date) -> list[Requirement]:
    """Those among the requirements whose person was not in post on the day a sheet was signed:
    nobody can sign for them, so a paper record naming them is refused as a whole."""
    return [r for r in requirements if not r.person.is_active_on(day)]


def earliest_signing_date(version: DocumentVersion) -> datetime.date:
    """A sheet cannot be signed before the version existed: its effective date or its first
    publication, whichever came first (sheets signed before the system was used count too)."""
    return min(version.effective_date, timezone.localdate(version.created_at))


def scan_problem(upload) -> str | None:
    """Why an uploaded scan cannot be kept, or None."""
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    if extension not in SCAN_EXTENSIONS:
        return bilingual(_("ใบลงนามต้องเป็นไฟล์ PDF, JPG หรือ PNG"))
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if limit and upload.size > limit:
        return bilingual(_("ไฟล์ใบลงนามใหญ่เกิน %(size)d MB"), size=limit // (1024 * 1024))
    return None


class PeopleListError(Exception):
    """A list of employee numbers that cannot be used; the message is Thai with the English."""


@dataclasses.dataclass
class ListRow:
    row: int
    employee_number: str


def read_employee_numbers(data: bytes, filename: str) -> list[ListRow]:
    """Employee numbers from a list: the column headed เลขประจำตัว (or employee_number) if there is
    one in the first rows, else the first column. Rows are numbered as Excel shows them.

    Raises PeopleListError when the file holds no numbers or is not .xlsx/.csv, and the register's
    RegisterFileError when it cannot be read.
    """
    suffix = file_format_of(filename)
    if suffix == "xlsx":
        rows = xlsx_rows(data)
    elif suffix == "csv":
        rows = csv_rows(data)
    else:
        raise PeopleListError(bilingual(_("รองรับเฉพาะไฟล์ .xlsx และ .csv")))
    employee_number = COLUMN_BY_KEY["employee_number"]
    start, position = 0, 0
    for index, row in enumerate(rows[:LIST_HEADING_SEARCH_ROWS]):
        columns = [heading_column(cell) for cell in row]
        if employee_number in columns:
            start, position = index + 1, columns.index(employee_number)
            break
    numbers = []
    for index, row in enumerate(rows[start:], start=start + 1):
        text = cell_text(row[position]) if position < len(row) else ""
        if text:
            numbers.append(ListRow(index, text))
    if not numbers:
        raise PeopleListError(bilingual(_("ไม่พบเลขประจำตัวในไฟล์")))
    return numbers


def requirements_from_list(
    rows: list[ListRow], *, version: DocumentVersion, organisation_ids
) -> tuple[list[int], list[str]]:
    """The requirements of the version for the people a list names, and a message for every row
    that names nobody in the register or somebody outside the version's audience. Two queries."""
    numbers = {row.employee_number for row in rows}
    known = set(
        Person.objects.filter(
            organisation_id__in=organisation_ids, employee_number__in=numbers
        ).values_list("employee_number", flat=True)
    )
    requirement_of = dict(
        version_requirements(version=version, organisation_ids=organisation_ids)
        .filter(person__employee_number__in=numbers)
        .values_list("person__employee_number", "pk")
    )
    ids, errors = [], []
    for row in rows:
        number = row.employee_number
        if number in requirement_of:
            ids.append(requirement_of[number])
            continue
        if number not in known:
            message = _("แถวที่ %(row)s: ไม่พบเลขประจำตัว %(number)s ในทะเบียนบุคลากร")
        else:
            message = _("แถวที่ %(row)s: เลขประจำตัว %(number)s ไม่อยู่ในกลุ่มที่ต้องรับทราบเอกสารฉบับนี้")
        errors.append(bilingual(message, row=row.row, number=number))
    return ids, errors


# --- Reminders ------------------------------------------------------------------------------------


def _on_rhythm(late_by: int) -> bool:
    """Whether a day `late_by` days after a starting day is a reminder day: the day itself, then
    every REMINDER_OVERDUE_EVERY_DAYS days."""
    every = settings.REMINDER_OVERDUE_EVERY_DAYS
    return late_by == 0 or (late_by > 0 and every > 0 and late_by % every == 0)


def digest_due_dates(
    *, day: datetime.date, due_dates: Iterable[datetime.date]
) -> set[datetime.date]:
    """The due dates that make their person due a digest on `day`: some days before, on the due
    date, and on the rhythm after it."""
    before = set(settings.REMINDER_DAYS_BEFORE_DUE)
    return {
        due_date
        for due_date in due_dates
        if (due_date - day).days in before or _on_rhythm((day - due_date).days)
    }


def escalation_due_dates(
    *, day: datetime.date, due_dates: Iterable[datetime.date]
) -> set[datetime.date]:
    """The due dates that make a head due an escalation on `day`: late enough, on the rhythm."""
    first = settings.ESCALATE_AFTER_DAYS_OVERDUE
    return {due_date for due_date in due_dates if _on_rhythm((day - due_date).days - first)}


def overdue_staff_requirements(*, day: datetime.date) -> QuerySet[Requirement]:
    """Items overdue long enough to tell the person's division head, who is in post.

    A head's own items are not escalated to themselves.
    """
    latest_due = day - datetime.timedelta(days=settings.ESCALATE_AFTER_DAYS_OVERDUE)
    return (
        Requirement.objects.overdue(day)
        .filter(
            in_post(day, prefix="person__division__head__"),
            due_date__lte=latest_due,
            person__division__head__isnull=False,
        )
        .exclude(person_id=F("person__division__head_id"))
    )


def digest_requirements(*, person: Person, day: datetime.date) -> QuerySet[Requirement]:
    """Everything a person still has to acknowledge on a day, soonest due first."""
    return (
        Requirement.objects.outstanding(day)
        .filter(person=person)
        .select_related("version__page")
        .order_by("due_date", "pk")
    )


def escalation_requirements(*, head: Person, day: datetime.date) -> QuerySet[Requirement]:
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


# The columns `reminder_log_rows` selects, in order, for the INSERT ... SELECT that plans a day.
LOG_COLUMNS = (
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


def _log_rows(rows: QuerySet, *, recipient: str, kind: str, day: datetime.date) -> QuerySet:
    """One log row per recipient (reached by the `recipient` path), in LOG_COLUMNS order."""
    no_email = without_mail_address(f"{recipient}__")
    return (
        rows.order_by()
        .values(l_organisation=F(f"{recipient}__organisation_id"), l_person=F(f"{recipient}_id"))
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
        .values_list(*(f"l_{column}" for column in LOG_COLUMNS))
    )


def open_due_dates(*, day: datetime.date) -> set[datetime.date]:
    """The distinct due dates of everything still outstanding on a day."""
    outstanding = Requirement.objects.outstanding(day).order_by()
    return set(outstanding.values_list("due_date", flat=True).distinct())


def reminder_log_rows(
    *, kind: str, day: datetime.date, due_dates: set[datetime.date]
) -> QuerySet | None:
    """The log rows of the reminders of one kind due on a day (None if no due date asks for one).

    Digests go to each person with an item on the rhythm, listing all their outstanding items;
    escalations to each head with a member of staff on the rhythm, listing all who are late.
    """
    if kind == ReminderKind.DIGEST:
        dates = digest_due_dates(day=day, due_dates=due_dates)
        outstanding = Requirement.objects.outstanding(day)
        reminded = outstanding.filter(due_date__in=dates).values("person_id")
        rows, recipient = outstanding.filter(person_id__in=reminded), "person"
    else:
        dates = escalation_due_dates(day=day, due_dates=due_dates)
        overdue = overdue_staff_requirements(day=day)
        heads = overdue.filter(due_date__in=dates).values("person__division__head_id")
        rows = overdue.filter(person__division__head_id__in=heads)
        recipient = "person__division__head"
    if not dates:
        return None
    return _log_rows(rows, recipient=recipient, kind=kind, day=day)


def pending_reminder_ids(*, day: datetime.date) -> list[int]:
    """The reminders of a day still waiting to go, including any an earlier run never sent."""
    return list(
        ReminderLog.objects.filter(day=day, status=ReminderStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- Who sees which scanned sheet -----------------------------------------------------------------

# The permission of those who record paper sign-offs: their organisation's scans are theirs to see.
SCAN_READER_PERMISSION = "training.add_acknowledgment"


def scan_reader_organisation_ids(user) -> list[int]:
    """The organisations whose scans the user may see: those whose paper sign-offs they record."""
    if not getattr(user, "is_active", False) or not user.has_perm(SCAN_READER_PERMISSION):
        return []
    return list(organisations_for_user(user).values_list("pk", flat=True))


def documents_visible_to(user, documents: QuerySet) -> QuerySet:
    """The documents of a queryset the user may see at all, wherever Wagtail's grants say.

    A document in a scan collection is seen only by HR of the collection's organisation (and
    superusers); every other document is left to Wagtail's own rules. Scans that evidence refers
    to never leave their collection (see refuse_changing_evidence_document), so the collection
    says it here, in filters the search backends accept (the chooser and the listing search).
    """
    if getattr(user, "is_active", False) and user.is_superuser:
        return documents
    own = Collection.objects.filter(scan_organisation__in=scan_reader_organisation_ids(user))
    return documents.filter(
        ~Q(collection__in=scan_collection_ids()) | Q(collection__in=own.values("pk"))
    )


def document_visible_to(user, document) -> bool:
    """Whether the user may see this one document: by its collection as above, and, if evidence
    refers to it, only HR of the organisations whose acknowledgments do, wherever it sits."""
    if getattr(user, "is_active", False) and user.is_superuser:
        return True
    organisations = set(
        evidence_of_document(document.pk).values_list("organisation_id", flat=True).distinct()
    )
    if organisations:
        return organisations <= set(scan_reader_organisation_ids(user))
    documents = type(document)._default_manager.filter(pk=document.pk)
    return documents_visible_to(user, documents).exists()


def collections_visible_to(user, collections: QuerySet) -> QuerySet:
    """Collections less the scan collections of organisations the user is not HR of."""
    if getattr(user, "is_active", False) and user.is_superuser:
        return collections
    return collections.filter(
        ~Q(pk__in=scan_collection_ids())
        | Q(scan_organisation__in=scan_reader_organisation_ids(user))
    )
