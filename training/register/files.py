"""The personnel register as a spreadsheet (.xlsx or .csv): one column list for import and export.

HR keeps the register in Excel, so the file format is a contract: export writes exactly what import
reads back. The headings below are part of that contract rather than interface text, so they stay
Thai whatever the interface language; import also accepts each column's English key.

This module reads files and turns rows into unsaved `Person` objects without touching the database;
`training.register.services.register_import` loads the register and writes the result.
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from home.bilingual import bilingual
from home.spreadsheets import CSV_BOM, export_filename, thai_workbook, workbook_bytes
from home.thai_dates import christian_year, date_parts, numeric_date
from training.register.models import (
    GROUP_OF_STAFF_TYPE,
    Division,
    Organisation,
    Person,
    PersonnelGroup,
    StaffType,
)

TEXT = "text"
CHOICE = "choice"
DATE = "date"
DIVISION = "division"


@dataclass(frozen=True)
class Column:
    """One column of the register file: the Person field it fills and its Thai heading."""

    key: str
    heading: str
    kind: str = TEXT
    # Required columns must be in the heading row; the others may be left out of the file, and
    # a column left out leaves that field of existing people as it is.
    required: bool = False


COLUMNS = (
    Column("employee_number", "เลขประจำตัว", required=True),
    Column("title", "คำนำหน้า"),
    Column("first_name", "ชื่อ", required=True),
    Column("last_name", "นามสกุล", required=True),
    Column("position", "ตำแหน่ง", required=True),
    Column("personnel_group", "กลุ่มบุคลากร", kind=CHOICE),
    Column("staff_type", "ประเภทบุคลากร", kind=CHOICE, required=True),
    Column("division", "ส่วนราชการ", kind=DIVISION),
    Column("email", "อีเมล"),
    Column("phone", "โทรศัพท์"),
    Column("active_from", "เริ่มปฏิบัติงาน", kind=DATE),
    Column("active_until", "พ้นจากตำแหน่ง", kind=DATE),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
CHOICES = {"personnel_group": PersonnelGroup, "staff_type": StaffType}
# The fields that decide whether a person is in a document's audience.
AUDIENCE_FIELDS = {"personnel_group", "staff_type", "division", "active_from", "active_until"}
FILE_FORMATS = ("xlsx", "csv")
SHEET_TITLE = "ทะเบียนบุคลากร"

# A title or a note above the table is common in HR's sheets; the heading row is looked for in
# the first rows rather than assumed to be row 1.
HEADING_SEARCH_ROWS = 10
# Years above this are Buddhist era (B.E. 2400 is A.D. 1857, before anyone on a register).
BUDDHIST_ERA_THRESHOLD = 2400
# Excel's serial day numbers from 1900-01-01 to 9999-12-31.
EXCEL_SERIAL_RANGE = (1, 2958466)

_INSIGNIFICANT = re.compile(r"[\s_\-\u200b\u200c\u200d\ufeff]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff]")


def normalise(text: object) -> str:
    """The form in which headings, choices and division names are compared: case, spaces,
    underscores and hyphens do not count."""
    return _INSIGNIFICANT.sub("", str(text)).casefold()


HEADING_LOOKUP = {
    **{normalise(column.key): column for column in COLUMNS},
    **{normalise(column.heading): column for column in COLUMNS},
}


# --- Errors -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterError:
    """One problem with an import file: where it is as the user sees it in Excel, and what.

    `message` is a lazy msgid (ours in Thai, or Django's own) formatted with `params`; it is
    worded when shown, through `bilingual()`, so the same error reads right in either interface.
    """

    message: str
    params: dict = field(default_factory=dict)
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row is None:
            return bilingual(self.message, **self.params)
        what = _worded_later(self.message, self.params)
        if self.column is None:
            return bilingual(_("แถวที่ %(row)s: %(problem)s"), row=self.row, problem=what)
        return bilingual(
            _("แถวที่ %(row)s คอลัมน์ '%(column)s': %(problem)s"),
            row=self.row,
            column=self.column,
            problem=what,
        )


def _format(message, params: dict) -> str:
    return str(message) % params if params else str(message)


# A message worded in whatever language is active when it is turned into text, so that it can be
# a parameter of another message that bilingual() words once in Thai and once in English.
_worded_later = lazy(_format, str)


class RegisterFileError(Exception):
    """The file as a whole cannot be read as a register."""

    def __init__(self, message, **params):
        self.error = RegisterError(message, params)
        super().__init__(str(self.error))


def _validation_errors(error: ValidationError) -> list[tuple[str, dict]]:
    """Django's validation errors as lazy messages and their parameters, not yet worded."""
    return [(item.message, item.params or {}) for item in error.error_list]


# --- Reading files ----------------------------------------------------------------------------


@dataclass
class RegisterSheet:
    """The rows of an uploaded register, keyed by column, numbered as Excel shows them."""

    headings: dict[str, str]  # column key -> the heading as written in the file
    rows: list[tuple[int, dict[str, object]]]
    ignored_headings: list[str] = field(default_factory=list)


def read_register(data: bytes, filename: str) -> RegisterSheet:
    """Read an .xlsx or .csv register; a file that cannot be one raises RegisterFileError."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        rows = xlsx_rows(data)
    elif suffix == ".csv":
        rows = csv_rows(data)
    elif suffix == ".xls":
        raise RegisterFileError(_("ไฟล์ .xls แบบเก่าไม่รองรับ กรุณาบันทึกเป็น .xlsx หรือ .csv ใน Excel ก่อน"))
    else:
        raise RegisterFileError(_("รองรับเฉพาะไฟล์ .xlsx และ .csv"))
    return _sheet_from_rows(rows)


def xlsx_rows(data: bytes) -> list[list[object]]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _unreadable_xlsx()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            # Read-only sheets yield a row for every row number from 1, empty ones included, so
            # the index of a row here is its Excel row number minus one.
            rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception as error:
        # A damaged or foreign zip raises any of several exception types from zipfile, lxml or
        # openpyxl; to the user they all mean the same thing.
        raise _unreadable_xlsx() from error
    return rows


def _unreadable_xlsx() -> RegisterFileError:
    return RegisterFileError(_("อ่านไฟล์ Excel (.xlsx) นี้ไม่ได้ ไฟล์อาจเสียหายหรือไม่ใช่ไฟล์ .xlsx"))


def csv_rows(data: bytes) -> list[list[object]]:
    text = _decode_csv(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    # The csv module (which tablib also uses) keeps blank lines as empty rows, so row numbers
    # stay those Excel shows; tablib's loader drops them.
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise RegisterFileError(_("อ่านไฟล์ CSV นี้ไม่ได้")) from error


def _decode_csv(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), UTF-16 with BOM, or Thai Windows (cp874)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        # cp874 is Windows' superset of TIS-620, what Thai Excel saves "CSV" in.
        encodings = ("utf-8-sig", "cp874")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise RegisterFileError(_("อ่านตัวอักษรในไฟล์ CSV ไม่ได้ กรุณาบันทึกเป็น CSV UTF-8 หรือ .xlsx"))


def _sheet_from_rows(rows: list[list[object]]) -> RegisterSheet:
    if not any(_has_value(row) for row in rows):
        raise RegisterFileError(_("ไฟล์ว่างเปล่า"))
    heading_index = None
    for index, row in enumerate(rows[:HEADING_SEARCH_ROWS]):
        keys = [heading_column(cell) for cell in row]
        if COLUMN_BY_KEY["employee_number"] in keys:
            heading_index = index
            break
    if heading_index is None:
        expected = ", ".join(f"'{column.heading}'" for column in COLUMNS if column.required)
        raise RegisterFileError(_("ไม่พบแถวหัวตาราง ต้องมีคอลัมน์ %(columns)s"), columns=expected)

    positions: dict[str, int] = {}
    headings: dict[str, str] = {}
    ignored = []
    for position, cell in enumerate(rows[heading_index]):
        heading = cell_text(cell)
        column = heading_column(cell)
        if column is None:
            if heading:
                ignored.append(heading)
            continue
        if column.key in positions:
            raise RegisterFileError(_("คอลัมน์ '%(column)s' มีมากกว่าหนึ่งคอลัมน์"), column=heading)
        positions[column.key] = position
        headings[column.key] = heading
    missing = [
        column.heading for column in COLUMNS if column.required and column.key not in positions
    ]
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        raise RegisterFileError(_("ไม่พบคอลัมน์ที่ต้องมี: %(columns)s"), columns=names)

    data_rows = []
    for index, row in enumerate(rows[heading_index + 1 :], start=heading_index + 2):
        cells = {
            key: row[position] if position < len(row) else None
            for key, position in positions.items()
        }
        if _has_value(cells.values()):
            data_rows.append((index, cells))
    if not data_rows:
        raise RegisterFileError(_("ไม่มีรายชื่อบุคลากรในไฟล์ มีแต่แถวหัวตาราง"))
    return RegisterSheet(headings=headings, rows=data_rows, ignored_headings=ignored)


def heading_column(cell: object) -> Column | None:
    return HEADING_LOOKUP.get(normalise(cell_text(cell))) if cell is not None else None


def _has_value(cells: Iterable[object]) -> bool:
    return any(cell_text(cell) for cell in cells)


# --- Cell values ------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A cell as text: numbers Excel stored as 1001.0 read as "1001", invisible characters go."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    return _INVISIBLE.sub("", str(value)).strip()


def choice_lookup(choices: type) -> dict[str, str]:
    """Every accepted spelling of a choice (its key, Thai label and English label) -> its key."""
    lookup = {}
    for language in ("en", "th"):
        with translation.override(language):
            for value, label in choices.choices:
                lookup[normalise(label)] = value
    for value in choices.values:
        lookup[normalise(value)] = value
    return lookup


def parse_date(value: object) -> datetime.date | None:
    """An Excel date cell, an Excel serial number, yyyy-mm-dd or d/m/yyyy; years above 2400 are
    Buddhist era. Raises ValueError for anything else."""
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        # A date Excel stores as a number because the cell is not formatted as a date.
        if not EXCEL_SERIAL_RANGE[0] <= value < EXCEL_SERIAL_RANGE[1]:
            raise ValueError(value)
        day = from_excel(value).date()
    else:
        text = cell_text(value)
        if not text:
            return None
        parts = date_parts(text)
        if parts is None:
            raise ValueError(text)
        year, month, number = parts
        if year > BUDDHIST_ERA_THRESHOLD:
            year = christian_year(year)
        return datetime.date(year, month, number)
    if day.year > BUDDHIST_ERA_THRESHOLD:
        # A date typed as 1/1/2568 in an Excel that is not set to Thai becomes the year 2568.
        day = day.replace(year=christian_year(day.year))
    return day


# --- Rows into people -------------------------------------------------------------------------

NEW = "new"
UPDATED = "updated"
UNCHANGED = "unchanged"
ERROR = "error"
STATUS_LABELS = {
    NEW: _("ใหม่"),
    UPDATED: _("ปรับปรุง"),
    UNCHANGED: _("ไม่เปลี่ยนแปลง"),
    ERROR: _("ผิดพลาด"),
}


@dataclass(frozen=True)
class Change:
    """One field of an existing person that the file changes."""

    key: str
    column: str
    old: str
    new: str


@dataclass
class RowResult:
    """What importing one row of the file will do (or did)."""

    row: int
    employee_number: str
    name: str
    status: str
    changes: list[Change] = field(default_factory=list)
    errors: list[RegisterError] = field(default_factory=list)

    @property
    def changed_columns(self) -> list[str]:
        return [change.column for change in self.changes]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class ImportResult:
    """The preview of an import, and after a real import what was written."""

    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[RegisterError] = field(default_factory=list)
    ignored_headings: list[str] = field(default_factory=list)
    written: bool = False
    to_create: list[Person] = field(default_factory=list, repr=False)
    to_update: list[Person] = field(default_factory=list, repr=False)
    update_fields: set[str] = field(default_factory=set, repr=False)
    # Updated people whose group, type, division or dates changed: they may have joined the
    # audience of a document.
    audience_changed: list[Person] = field(default_factory=list, repr=False)
    # People in post until now whom the file records as having left (an end date now past).
    leavers: list[Person] = field(default_factory=list, repr=False)

    @property
    def errors(self) -> list[RegisterError]:
        return self.file_errors + [error for row in self.rows for error in row.errors]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def _count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new_count(self) -> int:
        return self._count(NEW)

    @property
    def updated_count(self) -> int:
        return self._count(UPDATED)

    @property
    def unchanged_count(self) -> int:
        return self._count(UNCHANGED)

    @property
    def left_count(self) -> int:
        return len(self.leavers)

    @property
    def error_row_count(self) -> int:
        return self._count(ERROR)

    @property
    def has_changes(self) -> bool:
        return bool(self.to_create or self.to_update)


def plan_import(
    sheet: RegisterSheet,
    *,
    organisation: Organisation,
    people: dict[str, Person],
    divisions: Sequence[Division],
) -> ImportResult:
    """Match each row to a person by employee number and validate it with the model's rules.

    `people` is the organisation's register by employee number; the Person objects of rows that
    change are modified in place and listed in the result for the caller to save.
    """
    planner = _Planner(sheet, organisation=organisation, divisions=divisions)
    result = ImportResult(ignored_headings=sheet.ignored_headings)
    today = timezone.localdate()
    first_row_of: dict[str, int] = {}
    for row_number, cells in sheet.rows:
        number = cell_text(cells["employee_number"])
        duplicate_of = first_row_of.get(number) if number else None
        if number and duplicate_of is None:
            first_row_of[number] = row_number
        existing = people.get(number) if duplicate_of is None else None
        was_in_post = existing is not None and existing.is_active_on(today)
        row, person = planner.plan_row(row_number, cells, number, existing)
        if duplicate_of is not None:
            row.errors.insert(
                0,
                planner.error(
                    row_number,
                    "employee_number",
                    _("เลขประจำตัว '%(number)s' ซ้ำกับแถวที่ %(row)s"),
                    {"number": number, "row": duplicate_of},
                ),
            )
            row.status = ERROR
        result.rows.append(row)
        if row.status == NEW:
            result.to_create.append(person)
        elif row.status == UPDATED:
            result.to_update.append(person)
            changed = {change.key for change in row.changes}
            result.update_fields.update(changed)
            if changed & AUDIENCE_FIELDS:
                result.audience_changed.append(person)
            if was_in_post and person.active_until is not None and person.active_until < today:
                result.leavers.append(person)
    return result


class _Planner:
    """Turns rows into validated Person objects for one sheet and one organisation."""

    def __init__(
        self, sheet: RegisterSheet, *, organisation: Organisation, divisions: Sequence[Division]
    ):
        self.sheet = sheet
        self.organisation = organisation
        self.divisions = {}
        for division in divisions:
            if division.name_en:
                self.divisions.setdefault(normalise(division.name_en), division)
        # Thai names win over an English name that happens to be spelled the same.
        self.divisions.update({normalise(division.name): division for division in divisions})
        self.division_by_pk = {division.pk: division for division in divisions}
        self.choices = {key: choice_lookup(choices) for key, choices in CHOICES.items()}

    def heading(self, key: str) -> str:
        if key in self.sheet.headings:
            return self.sheet.headings[key]
        if key in COLUMN_BY_KEY:
            return COLUMN_BY_KEY[key].heading
        return str(Person._meta.get_field(key).verbose_name)

    def error(
        self, row: int, key: str | None, message, params: dict | None = None
    ) -> RegisterError:
        column = self.heading(key) if key else None
        return RegisterError(message, params or {}, row=row, column=column)

    def plan_row(
        self, row_number: int, cells: dict[str, object], number: str, existing: Person | None
    ) -> tuple[RowResult, Person]:
        if existing is None:
            person = Person(organisation=self.organisation, employee_number=number)
        else:
            person = existing
            # Division objects from the one query that loaded them, so that neither comparing
            # nor Person.clean() fetches a division per row.
            person.division = self.division_by_pk.get(person.division_id)
        before = (
            {column.key: self.display(person, column.key) for column in COLUMNS}
            if existing is not None
            else {}
        )
        errors: list[RegisterError] = []
        failed: set[str] = set()

        for key, raw in cells.items():
            if key == "employee_number":
                continue
            try:
                self._apply(person, COLUMN_BY_KEY[key], raw)
            except ValueError:
                failed.add(key)
                text = cell_text(raw)
                column = COLUMN_BY_KEY[key]
                if column.kind == DATE:
                    errors.append(
                        self.error(
                            row_number,
                            key,
                            _("อ่านวันที่ '%(value)s' ไม่ได้ ใช้รูปแบบ ปปปป-ดด-วว หรือ วว/ดด/ปปปป"),
                            {"value": text},
                        )
                    )
                else:
                    errors.append(
                        self.error(row_number, key, _("ไม่รู้จักค่า '%(value)s'"), {"value": text})
                    )

        blank_group = not cell_text(cells.get("personnel_group"))
        if blank_group and "staff_type" not in failed and person.staff_type in GROUP_OF_STAFF_TYPE:
            # The personnel group follows from the staff type, so HR may leave it out.
            person.personnel_group = GROUP_OF_STAFF_TYPE[person.staff_type]

        try:
            person.full_clean(
                exclude=["organisation", "division", "user", *failed],
                # Uniqueness is the employee number, matched above; checking it per row would
                # cost a query a row.
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for key, field_errors in error.error_dict.items():
                if key in failed:
                    continue
                for field_error in field_errors:
                    for message, params in _validation_errors(field_error):
                        errors.append(
                            self.error(
                                row_number,
                                None if key == NON_FIELD_ERRORS else key,
                                message,
                                params,
                            )
                        )

        changes = []
        if existing is not None:
            for column in COLUMNS:
                after = self.display(person, column.key)
                if after != before[column.key]:
                    changes.append(
                        Change(column.key, self.heading(column.key), before[column.key], after)
                    )

        if errors:
            status = ERROR
        elif existing is None:
            status = NEW
        elif changes:
            status = UPDATED
        else:
            status = UNCHANGED
        name = " ".join(part for part in (person.first_name, person.last_name) if part)
        row = RowResult(
            row=row_number,
            employee_number=number,
            name=f"{person.title}{name}",
            status=status,
            changes=changes,
            errors=errors,
        )
        return row, person

    def _apply(self, person: Person, column: Column, raw: object) -> None:
        """Set one field from one cell; ValueError when the cell cannot be read."""
        if column.kind == TEXT:
            setattr(person, column.key, cell_text(raw))
        elif column.kind == CHOICE:
            text = cell_text(raw)
            if not text:
                setattr(person, column.key, "")
                return
            value = self.choices[column.key].get(normalise(text))
            if value is None:
                raise ValueError(text)
            setattr(person, column.key, value)
        elif column.kind == DIVISION:
            text = cell_text(raw)
            # An unknown name is an error rather than a new division, so a typo cannot create one.
            division = self.divisions.get(normalise(text)) if text else None
            if text and division is None:
                raise ValueError(text)
            person.division = division
        elif column.kind == DATE:
            day = parse_date(raw)
            # A blank start date keeps the one on record (or today's, the model default, for a
            # new person); a blank end date means still in post.
            if day is not None or column.key != "active_from":
                setattr(person, column.key, day)

    def display(self, person: Person, key: str) -> str:
        """A field's value as the register file writes it, to compare and to show changes."""
        if key == "division":
            division = self.division_by_pk.get(person.division_id)
            return division.name if division else ""
        value = getattr(person, key)
        if key in CHOICES:
            return str(CHOICES[key](value).label) if value in CHOICES[key].values else value
        if isinstance(value, datetime.date):
            return numeric_date(value)
        return "" if value is None else str(value)


# --- Writing files ----------------------------------------------------------------------------


def register_dataset(people: Iterable[Person]) -> tablib.Dataset:
    """The register as a table with Thai headings, Thai choice labels and real dates."""
    with translation.override("th"):
        labels = {
            key: {value: str(label) for value, label in choices.choices}
            for key, choices in CHOICES.items()
        }
    dataset = tablib.Dataset(headers=[column.heading for column in COLUMNS], title=SHEET_TITLE)
    for person in people:
        row = []
        for column in COLUMNS:
            if column.kind == CHOICE:
                value = getattr(person, column.key)
                row.append(labels[column.key].get(value, value))
            elif column.kind == DIVISION:
                row.append(person.division.name if person.division else "")
            else:
                value = getattr(person, column.key)
                row.append("" if value is None else value)
        dataset.append(row)
    return dataset


def register_file(
    people: Iterable[Person],
    file_format: str,
    *,
    organisation: Organisation | None = None,
    day: datetime.date | None = None,
) -> bytes:
    """The register as .xlsx or .csv (UTF-8 with a BOM, so Excel reads Thai, and nothing else).

    The .xlsx is laid out for an office (`home.spreadsheets`): a title naming the organisation
    and summary rows (as of when, how many people, how many still in post) above the heading
    row, which import finds within its first rows; dates are date cells shown in B.E.
    """
    dataset = register_dataset(people)
    if file_format == "xlsx":
        day = day or timezone.localdate()
        with translation.override("th"):
            return workbook_bytes(
                thai_workbook(
                    sheet_title=SHEET_TITLE,
                    title=register_title(organisation),
                    summary=register_summary(dataset, day),
                    headings=dataset.headers,
                    rows=dataset,
                )
            )
    if file_format == "csv":
        # Text, so written as HR types dates (15/01/2563), which import reads back as B.E.
        as_text = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            as_text.append([numeric_date(v) if isinstance(v, datetime.date) else v for v in row])
        return (CSV_BOM + as_text.export("csv")).encode("utf-8")
    raise ValueError(file_format)


def register_title(organisation: Organisation | None) -> str:
    return f"{SHEET_TITLE} {organisation.name_th}" if organisation else SHEET_TITLE


def register_summary(dataset: tablib.Dataset, day: datetime.date) -> list[tuple[str, object]]:
    """As of when, how many people, how many of them in post that day: counted from the rows."""
    until = dataset.headers.index(COLUMN_BY_KEY["active_until"].heading)
    in_post = sum(1 for row in dataset if not row[until] or row[until] >= day)
    return [
        (_("ข้อมูล ณ วันที่"), day),
        (_("จำนวนบุคลากรทั้งหมด (คน)"), len(dataset)),
        (_("ยังปฏิบัติงานอยู่ (คน)"), in_post),
    ]


def register_export_filename(organisation: Organisation, file_format: str) -> str:
    """ "ทะเบียนบุคลากร-เทศบาลตำบลพระแท่น-2569-12-01.xlsx" """
    return export_filename(
        f"{SHEET_TITLE}-{organisation.name_th}", timezone.localdate(), file_format
    )


def file_format_of(filename: str) -> str | None:
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    return suffix if suffix in FILE_FORMATS else None


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def export_register(*, organisation: Organisation, file_format: str) -> bytes:
    """An organisation's whole register, people who have left included, by employee number."""
    people = (
        Person.objects.filter(organisation=organisation)
        .select_related("division")
        .order_by("employee_number")
    )
    return register_file(people, file_format, organisation=organisation)
