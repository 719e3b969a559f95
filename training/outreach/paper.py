"""Paper sign-offs: HR records, for many people at once, that they signed a sheet for a version.

Every record carries the scanned sheet (a Wagtail document in a collection only HR can open),
the HR user who recorded it, an optional note and the date signed. Either everyone chosen is
recorded or, if anyone cannot be, nobody is and each problem is named.
"""

import dataclasses
import datetime
import secrets
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from training.acknowledgment.models import AcknowledgmentChannel, DocumentVersion, Requirement
from training.acknowledgment.services import AcknowledgmentRefused, Evidence, acknowledgments_record
from training.register import roles
from training.register.files import (
    COLUMN_BY_KEY,
    RegisterError,
    RegisterFileError,
    cell_text,
    csv_rows,
    file_format_of,
    heading_column,
    xlsx_rows,
)
from training.register.models import Organisation, Person

SCAN_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
SCAN_COLLECTION = "ใบลงนามรับทราบ"
LIST_HEADING_SEARCH_ROWS = 10
# The sheet was signed during the day; the record shows noon unless that is still to come.
SIGNED_AT = datetime.time(12, 0)


class PaperSignoffRefused(Exception):
    """Why nothing was recorded: one message per person or row, Thai with English beside it."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


@dataclasses.dataclass
class PaperResult:
    recorded: int
    already: int
    scan: object


def earliest_signing_date(version: DocumentVersion) -> datetime.date:
    """A sheet cannot be signed before the version existed: its effective date or its first
    publication, whichever came first (sheets signed before the system was used count too)."""
    return min(version.effective_date, timezone.localdate(version.created_at))


def signed_at(day: datetime.date) -> datetime.datetime:
    """Noon of the day signed, local time, or now if the sheet was signed this morning."""
    moment = datetime.datetime.combine(day, SIGNED_AT, tzinfo=timezone.get_current_timezone())
    return min(moment, timezone.now())


def version_requirements(
    *, version: DocumentVersion, organisation_ids: QuerySet | list[int]
) -> QuerySet[Requirement]:
    """Every requirement of a version in the given organisations, whatever its state."""
    return Requirement.objects.filter(version=version, organisation_id__in=organisation_ids)


# --- A list of employee numbers (.xlsx or .csv) -----------------------------------------------


@dataclasses.dataclass
class ListRow:
    row: int
    employee_number: str


def read_employee_numbers(data: bytes, filename: str) -> list[ListRow]:
    """Employee numbers from a list: the column headed เลขประจำตัว (or employee_number) if there is
    one in the first rows, else the first column. Rows are numbered as Excel shows them.

    Raises RegisterFileError when the file cannot be read or holds no numbers.
    """
    suffix = file_format_of(filename)
    if suffix == "xlsx":
        rows = xlsx_rows(data)
    elif suffix == "csv":
        rows = csv_rows(data)
    else:
        raise RegisterFileError(
            gettext("รองรับเฉพาะไฟล์ .xlsx และ .csv"), "only .xlsx and .csv files are supported"
        )
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
        raise RegisterFileError(
            gettext("ไม่พบเลขประจำตัวในไฟล์"), "the file holds no employee numbers"
        )
    return numbers


def requirements_from_list(
    rows: list[ListRow], *, version: DocumentVersion, organisation_ids
) -> tuple[list[int], list[RegisterError]]:
    """The requirements of the version for the people a list names, and an error for every row
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
        if number not in known:
            errors.append(
                RegisterError(
                    gettext("ไม่พบเลขประจำตัว %(number)s ในทะเบียนบุคลากร") % {"number": number},
                    f"no one with the employee number {number} is in the register",
                    row=row.row,
                )
            )
        elif number not in requirement_of:
            errors.append(
                RegisterError(
                    gettext("เลขประจำตัว %(number)s ไม่อยู่ในกลุ่มที่ต้องรับทราบเอกสารฉบับนี้")
                    % {"number": number},
                    f"{number} is not in the audience of this version",
                    row=row.row,
                )
            )
        else:
            ids.append(requirement_of[number])
    return ids, errors


# --- Recording --------------------------------------------------------------------------------


def scan_collection(organisation: Organisation) -> Collection:
    """The organisation's collection of scanned sheets, under one that only HR (and superusers)
    may open: the sheets carry people's signatures."""
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name=SCAN_COLLECTION).first()
    if parent is None:
        parent = root.add_child(name=SCAN_COLLECTION)
        restriction = CollectionViewRestriction.objects.create(
            collection=parent, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name=roles.HR_OFFICER))
    name = f"{organisation.name_th} ({organisation.slug})"
    collection = parent.get_children().filter(name=name).first()
    return collection or parent.add_child(name=name)


def _store_scan(*, upload, version: DocumentVersion, signed_on, recorded_by) -> object:
    Document = get_document_model()
    extension = PurePath(upload.name).suffix.lower()
    # A name nobody can guess: the file's address is all Wagtail asks before its restriction.
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
    """Record, in one transaction, that the chosen people signed the scanned sheet on a day.

    People who already acknowledged the version are counted and skipped. Raises
    PaperSignoffRefused, recording nothing and keeping no scan, if anyone chosen was not in post
    on the day signed or cannot acknowledge the version, or if nobody is left to record.
    """
    at = signed_at(signed_on)
    document = None
    try:
        with transaction.atomic():
            requirements = list(
                Requirement.objects.filter(pk__in=set(requirement_ids), version=version)
                .select_related("person")
                .order_by("person__employee_number")
            )
            errors = [
                gettext("%(name)s (%(number)s) ไม่ได้ปฏิบัติงานในวันที่ลงนาม")
                % {"name": r.person.full_name, "number": r.person.employee_number}
                + f" ({r.person.full_name} was not in post on the day signed)"
                for r in requirements
                if not r.person.is_active_on(signed_on)
            ]
            if errors:
                raise PaperSignoffRefused(errors)
            if not requirements or all(r.fulfilled_at for r in requirements):
                raise PaperSignoffRefused(
                    [
                        gettext("ทุกคนที่เลือกได้รับทราบฉบับนี้แล้ว")
                        + " (everyone chosen has already acknowledged this version)"
                    ]
                )
            document = _store_scan(
                upload=scan, version=version, signed_on=signed_on, recorded_by=recorded_by
            )
            created, already = acknowledgments_record(
                requirements=requirements,
                at=at,
                evidence=Evidence(
                    channel=AcknowledgmentChannel.PAPER,
                    recorded_by_id=recorded_by.pk,
                    paper_scan_id=document.pk,
                    note=note,
                ),
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


def scan_is_acceptable(upload) -> str | None:
    """Why an uploaded scan cannot be kept, or None."""
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    if extension not in SCAN_EXTENSIONS:
        return gettext("ใบลงนามต้องเป็นไฟล์ PDF, JPG หรือ PNG") + " (the scan must be PDF, JPG or PNG)"
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if limit and upload.size > limit:
        return gettext("ไฟล์ใบลงนามใหญ่เกิน %(size)d MB") % {"size": limit // (1024 * 1024)} + (
            f" (the scan is larger than {limit // (1024 * 1024)} MB)"
        )
    return None
