"""Spreadsheets fit for a Thai office: every .xlsx export of the product is written here.

An .xlsx export is one sheet laid out the way a Thai government office files it:

- a Thai sheet name (at most 31 characters, none of ``[]:*?/\\``);
- a title in row 1, then summary rows (label in column A, value in column B), a blank row, and
  the table: a bold, shaded heading row that stays in view (frozen) when scrolling, repeats on
  every printed page and carries an autofilter;
- dates and times as real date cells (they sort, filter and compute) shown in the Buddhist era
  with Thai month names, e.g. "15 ม.ค. 2568" (`BE_DATE_FORMAT`, `BE_DATETIME_FORMAT`);
- column widths from the content (Thai vowel and tone marks take no width);
- a file name that says what and when, in B.E.: ``export_filename("ทะเบียนบุคลากร-เทศบาลตำบลพระแท่น",
  day, "xlsx")`` is "ทะเบียนบุคลากร-เทศบาลตำบลพระแท่น-2569-12-01.xlsx", sent with
  `attachment_headers` (UTF-8 names are encoded for Content-Disposition).

A .csv export stays plain: a heading row then the data, UTF-8 with a byte order mark so that Excel
opens the Thai text correctly (`CSV_BOM`).

The API, in one place:

- ``thai_workbook(sheet_title=, title=, summary=, headings=, rows=, widths=None)``: a write-only
  openpyxl Workbook with one such sheet; ``add_thai_sheet(workbook, ...)`` adds another sheet to
  it. Save it once (``workbook_bytes``, ``xlsx_response``).
- ``Formatted(value, number_format)``: a cell with its own number format (e.g. ``"0.0%"``).
- ``export_filename(what, day, ext)`` and ``attachment_headers(filename)``.
- ``xlsx_response(workbook, filename)``: the HttpResponse for a download.
- ``ThaiSpreadsheetExportMixin``: for Wagtail listings with ``list_export`` (ReportView,
  IndexView); put it before the Wagtail view class. Its .xlsx gets the layout above (title from
  ``get_export_title``, summary rows from ``get_export_summary``) and its .csv the BOM.

A leaf helper: it imports nothing of the project but `home.thai_dates`.
"""

import datetime
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from home.thai_dates import buddhist_year, numeric_date

# Excel's locale prefix [$-NNCCLLLL]: NN 01 = Western digits, CC 07 = the Thai Buddhist calendar,
# LLLL 041E = Thai (so month names are Thai). Excel and LibreOffice show the year in B.E.
BE_DATE_FORMAT = "[$-107041E]d mmm yyyy"
BE_DATETIME_FORMAT = "[$-107041E]d mmm yyyy hh:mm"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
CSV_BOM = "\ufeff"

SHEET_TITLE_MAX = 31
PAPER_A4 = "9"  # Excel's paper size code for A4
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FILENAME_UNSAFE = re.compile(r'[\s\\/:*?"<>|\x00-\x1f\x7f]+')
FILENAME_WHAT_MAX = 120

MIN_WIDTH = 6
MAX_WIDTH = 60
WIDTH_PADDING = 2
DATE_WIDTH = 14
DATETIME_WIDTH = 19

TITLE_FONT = Font(bold=True, size=14)
LABEL_FONT = Font(bold=True)
HEADING_FONT = Font(bold=True)
HEADING_FILL = PatternFill("solid", fgColor="D9E1F2")
HEADING_BORDER = Border(bottom=Side(style="thin"))
HEADING_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left")


class Formatted(NamedTuple):
    """A value written with its own Excel number format, e.g. Formatted(0.875, "0.0%")."""

    value: object
    number_format: str


def safe_sheet_title(title: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\, no leading or trailing apostrophe, 31 characters."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub(" ", str(title))
    cleaned = " ".join(cleaned.split()).strip("'")[:SHEET_TITLE_MAX].strip()
    return cleaned or gettext("ข้อมูล")


def export_filename(what: str, day: datetime.date, ext: str) -> str:
    """ "ทะเบียนบุคลากร-เทศบาลตำบลพระแท่น-2569-12-01.xlsx": what it is, then the B.E. date.

    Spaces and characters a file system or a header would choke on become hyphens; Thai stays.
    """
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    name = _FILENAME_UNSAFE.sub("-", str(what))
    name = re.sub(r"-{2,}", "-", name).strip("-.")[:FILENAME_WHAT_MAX].rstrip("-.")
    date = f"{buddhist_year(day)}-{day.month:02d}-{day.day:02d}"
    return f"{name}-{date}.{ext.lstrip('.')}" if name else f"{date}.{ext.lstrip('.')}"


def attachment_headers(filename: str) -> dict[str, str]:
    """The Content-Disposition of a download; a Thai name is sent as RFC 6266 filename*."""
    return {"Content-Disposition": content_disposition_header(True, filename)}


def display_width(value: object) -> int:
    """How many character widths a value takes in a cell: Thai vowel and tone marks above or below
    a letter, and invisible characters, take none."""
    if isinstance(value, Formatted):
        value = value.value
    if isinstance(value, datetime.datetime):
        return DATETIME_WIDTH
    if isinstance(value, datetime.date):
        return DATE_WIDTH
    if value is None:
        return 0
    text = force_str(value)
    longest = 0
    for line in text.splitlines() or [""]:
        width = sum(
            1
            for char in line
            if not unicodedata.combining(char) and unicodedata.category(char) not in ("Mn", "Cf")
        )
        longest = max(longest, width)
    return longest


def _excel_value(value: object) -> tuple[object, str | None]:
    """A value as openpyxl writes it, and the number format it needs (B.E. for dates)."""
    if isinstance(value, Formatted):
        inner, _format = _excel_value(value.value)
        return inner, value.number_format
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)  # the local time, as people read it
        return value.replace(microsecond=0), BE_DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return value, BE_DATE_FORMAT
    if value is None or value == "":
        return None, None
    if isinstance(value, bool | int | float):
        return value, None
    return force_str(value), None


def _cell(worksheet, value: object, **style) -> WriteOnlyCell:
    value, number_format = _excel_value(value)
    cell = WriteOnlyCell(worksheet, value)
    if cell.data_type == "f":
        # Text that starts with "=" stays text: a name cannot become a formula in Excel.
        cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def column_widths(
    headings: Sequence[str],
    rows: Sequence[Sequence],
    summary: Sequence[tuple[str, object]] = (),
) -> list[float]:
    """Each column as wide as its widest cell (heading included), within MIN_WIDTH..MAX_WIDTH.

    The summary's labels sit in column A, so they widen it; its values in column B widen it
    when they are dates or numbers (Excel shows "####" for those when they do not fit; text
    runs on into the empty cells to its right).
    """
    widths = [display_width(heading) for heading in headings]
    for row in rows:
        for index, value in enumerate(row):
            if index < len(widths):
                widths[index] = max(widths[index], display_width(value))
    for label, value in summary:
        if widths:
            widths[0] = max(widths[0], display_width(label))
        if len(widths) > 1 and not isinstance(value, str):
            widths[1] = max(widths[1], display_width(value))
    return [min(MAX_WIDTH, max(MIN_WIDTH, width + WIDTH_PADDING)) for width in widths]


def add_thai_sheet(
    workbook: Workbook,
    *,
    sheet_title: str,
    title: str,
    summary: Iterable[tuple[str, object]],
    headings: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[float | None] | None = None,
):
    """Add a sheet laid out for a Thai office to a write-only workbook; returns the sheet.

    Dates and datetimes anywhere (rows or summary) become date cells shown in B.E.; aware
    datetimes are written in the current time zone. ``widths`` overrides the computed width of
    a column where it is not None.
    """
    rows = [list(row) for row in rows]
    summary = [
        (force_str(label), force_str(value) if isinstance(value, Promise) else value)
        for label, value in summary
    ]
    headings = [force_str(heading) for heading in headings]
    worksheet = workbook.create_sheet(title=safe_sheet_title(sheet_title))

    computed = column_widths(headings, rows, summary)
    for index, width in enumerate(computed):
        if widths is not None and index < len(widths) and widths[index] is not None:
            width = widths[index]
        worksheet.column_dimensions[get_column_letter(index + 1)].width = width

    heading_row = 1 + len(summary) + 2  # title, summary rows, a blank row
    last_column = get_column_letter(max(len(headings), 1))
    worksheet.freeze_panes = f"A{heading_row + 1}"
    worksheet.print_title_rows = f"{heading_row}:{heading_row}"
    worksheet.auto_filter.ref = f"A{heading_row}:{last_column}{heading_row + len(rows)}"
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = PAPER_A4
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True

    worksheet.append([_cell(worksheet, force_str(title), font=TITLE_FONT)])
    for label, value in summary:
        worksheet.append(
            [_cell(worksheet, label, font=LABEL_FONT), _cell(worksheet, value, alignment=LEFT)]
        )
    worksheet.append([])
    worksheet.append(
        [
            _cell(
                worksheet,
                heading,
                font=HEADING_FONT,
                fill=HEADING_FILL,
                border=HEADING_BORDER,
                alignment=HEADING_ALIGNMENT,
            )
            for heading in headings
        ]
    )
    for row in rows:
        worksheet.append([_cell(worksheet, value) for value in row])
    return worksheet


def thai_workbook(
    *,
    sheet_title: str,
    title: str,
    summary: Iterable[tuple[str, object]],
    headings: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[float | None] | None = None,
) -> Workbook:
    """A write-only workbook with one sheet laid out by `add_thai_sheet`; save it once."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = force_str(title)
    add_thai_sheet(
        workbook,
        sheet_title=sheet_title,
        title=title,
        summary=summary,
        headings=headings,
        rows=rows,
        widths=widths,
    )
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(workbook: Workbook | bytes, filename: str) -> HttpResponse:
    data = workbook if isinstance(workbook, bytes) else workbook_bytes(workbook)
    return HttpResponse(data, content_type=XLSX_CONTENT_TYPE, headers=attachment_headers(filename))


def csv_text_with_bom(stream: Iterable[str]) -> Iterable[str]:
    yield CSV_BOM
    yield from stream


class ThaiSpreadsheetExportMixin:
    """Thai-office exports for a Wagtail view with SpreadsheetExportMixin (ReportView, IndexView).

    Put it before the Wagtail class. The .xlsx gets a title (`get_export_title`: the page title
    and subtitle), summary rows (`get_export_summary`: when it was exported, how many rows, the
    filters and search in force; extend it), real B.E. date cells in local time, widths and a
    frozen bold heading row; the .csv a BOM and local times. Both are named by
    `get_export_what` and today's B.E. date. Override `export_sheet_title` (Thai, 31 characters).
    """

    export_sheet_title = None  # defaults to the export title

    def get_export_title(self) -> str:
        title = force_str(self.get_page_title())
        subtitle = force_str(self.get_page_subtitle() or "")
        return f"{title} {subtitle}".strip()

    def get_export_sheet_title(self) -> str:
        return force_str(self.export_sheet_title or self.get_page_title())

    def get_export_what(self) -> str:
        return self.get_export_title()

    def get_export_filename(self, extension: str) -> str:
        return export_filename(self.get_export_what(), timezone.localdate(), extension)

    def get_filename(self):
        # Wagtail's name without the extension, for anything that still asks for it.
        return self.get_export_filename("xlsx").removesuffix(".xlsx")

    def get_export_summary(self, rows: list[list]) -> list[tuple[str, object]]:
        """The rows under the title: when, how many, and which filters and search made the list.

        ``rows`` are the exported rows (values in ``list_export`` order), so a summary can count
        them without another query.
        """
        summary = [
            (gettext("ข้อมูล ณ วันที่"), timezone.localtime()),
            (gettext("จำนวนรายการ"), len(rows)),
        ]
        for active in getattr(self, "active_filters", None) or []:
            summary.append((force_str(active.field_label), force_str(active.value)))
        search_query = getattr(self, "search_query", None)
        if search_query:
            summary.append((gettext("ค้นหา"), search_query))
        return summary

    def export_xlsx_value(self, field: str, value: object) -> object:
        """A value for the .xlsx: dates and times stay dates (Wagtail would write them as UTC)."""
        if self.FORMAT_XLSX in self.custom_field_preprocess.get(field, {}):
            return self.preprocess_field_value(field, value, self.FORMAT_XLSX)
        if isinstance(value, datetime.date | datetime.time):
            return value
        return self.preprocess_field_value(field, value, self.FORMAT_XLSX)

    def preprocess_field_value(self, field, value, export_format):
        """In a .csv, dates as a Thai office types them, B.E. (20/01/2568, 20/01/2568 08:00:00)."""
        if (
            export_format == self.FORMAT_CSV
            and isinstance(value, datetime.date)
            and self.FORMAT_CSV not in self.custom_field_preprocess.get(field, {})
        ):
            if not isinstance(value, datetime.datetime):
                return numeric_date(value)
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return f"{numeric_date(local.date())} {local:%H:%M:%S}"
        return super().preprocess_field_value(field, value, export_format)

    def export_rows(self, queryset) -> list[list]:
        row_value: Callable[[str, object], object] = self.export_xlsx_value
        return [
            [row_value(field, value) for field, value in self.to_row_dict(item).items()]
            for item in queryset
        ]

    def write_xlsx_response(self, queryset):
        rows = self.export_rows(queryset)
        workbook = thai_workbook(
            sheet_title=self.get_export_sheet_title(),
            title=self.get_export_title(),
            summary=self.get_export_summary(rows),
            headings=[self.get_heading(queryset, field) for field in self.list_export],
            rows=rows,
        )
        return xlsx_response(workbook, self.get_export_filename("xlsx"))

    def write_csv_response(self, queryset):
        return StreamingHttpResponse(
            csv_text_with_bom(self.stream_csv(queryset)),
            content_type=CSV_CONTENT_TYPE,
            headers=attachment_headers(self.get_export_filename("csv")),
        )
