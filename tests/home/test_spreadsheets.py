"""home.spreadsheets: every .xlsx laid out for a Thai office, every .csv plain UTF-8 with a BOM."""

import datetime
import io
import zoneinfo
from urllib.parse import quote

import openpyxl
import pytest
from django.utils import timezone

from home.spreadsheets import (
    BE_DATE_FORMAT,
    BE_DATETIME_FORMAT,
    CSV_BOM,
    MAX_WIDTH,
    XLSX_CONTENT_TYPE,
    Formatted,
    add_thai_sheet,
    attachment_headers,
    csv_text_with_bom,
    display_width,
    export_filename,
    safe_sheet_title,
    thai_workbook,
    workbook_bytes,
    xlsx_response,
)
from tests.spreadsheet_helpers import download_filename

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
HEADINGS = ["เลขประจำตัว", "ชื่อ-นามสกุล", "เริ่มปฏิบัติงาน", "รับทราบเมื่อ", "จำนวน"]
ROWS = [
    ["0001", "นางสาวศรีสุดา รักษ์ไทย", datetime.date(2020, 1, 15), None, 3],
    [
        "1001",
        '=HYPERLINK("http://example.org")',
        datetime.date(2024, 10, 1),
        datetime.datetime(2025, 1, 15, 3, 30, tzinfo=datetime.UTC),
        "",
    ],
]


def sheet_of(**overrides):
    arguments = {
        "sheet_title": "รายงานการรับทราบ",
        "title": "รายงานการรับทราบ ประมวลจริยธรรม ฉบับที่ 2",
        "summary": [
            ("ข้อมูล ณ วันที่", datetime.date(2025, 1, 20)),
            ("จำนวนรายการ", 2),
            ("อัตราการรับทราบ", Formatted(0.5, "0.0%")),
        ],
        "headings": HEADINGS,
        "rows": ROWS,
        **overrides,
    }
    data = workbook_bytes(thai_workbook(**arguments))
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_a_sheet_has_a_thai_name_a_title_summary_rows_and_a_bold_frozen_heading():
    sheet = sheet_of()

    assert sheet.title == "รายงานการรับทราบ"
    assert sheet["A1"].value == "รายงานการรับทราบ ประมวลจริยธรรม ฉบับที่ 2"
    assert sheet["A1"].font.b
    assert [(sheet.cell(row, 1).value, sheet.cell(row, 2).value) for row in (2, 3, 4)] == [
        ("ข้อมูล ณ วันที่", datetime.datetime(2025, 1, 20)),
        ("จำนวนรายการ", 2),
        ("อัตราการรับทราบ", 0.5),
    ]
    assert sheet["B4"].number_format == "0.0%"
    assert sheet["A5"].value is None  # a blank row before the table
    assert [cell.value for cell in sheet[6]] == HEADINGS
    assert all(cell.font.b for cell in sheet[6])
    assert sheet.freeze_panes == "A7"
    assert sheet.print_title_rows == "$6:$6"  # the heading on every printed page
    assert sheet.auto_filter.ref == "A6:E8"
    assert sheet.page_setup.orientation == "landscape"


def test_dates_are_date_cells_shown_in_the_buddhist_era_and_times_are_local():
    sheet = sheet_of()

    started, acknowledged = sheet["C8"], sheet["D8"]
    assert started.is_date and started.value == datetime.datetime(2024, 10, 1)
    assert started.number_format == BE_DATE_FORMAT
    assert acknowledged.is_date
    assert acknowledged.value == datetime.datetime(2025, 1, 15, 10, 30)  # 03:30 UTC in Bangkok
    assert acknowledged.number_format == BE_DATETIME_FORMAT
    assert sheet["B2"].is_date and sheet["B2"].number_format == BE_DATE_FORMAT
    # Excel's locale prefix for Western digits (01), the Thai Buddhist calendar (07), Thai (041E).
    assert BE_DATE_FORMAT.startswith("[$-107041E]")


def test_text_that_looks_like_a_formula_stays_text_and_empty_cells_are_empty():
    sheet = sheet_of()

    assert sheet["B8"].value == '=HYPERLINK("http://example.org")'
    assert sheet["B8"].data_type == "s"
    assert sheet["D7"].value is None
    assert sheet["E8"].value is None
    assert sheet["E7"].value == 3


def test_columns_are_as_wide_as_their_content_thai_marks_taking_no_width():
    assert display_width("ศรีสุดา") == 5  # ศ ร ส ด า: the vowel marks above take no width
    assert display_width("ปีงบประมาณ") == 9  # ี takes none, ะ and า take one each
    sheet = sheet_of(rows=[*ROWS, ["2", "ก" * 200, None, None, None]])

    widths = {column: sheet.column_dimensions[column].width for column in "ABCDE"}
    assert widths["B"] == MAX_WIDTH
    assert widths["C"] >= 14  # a B.E. date fits without "####"
    assert widths["D"] >= 19
    assert widths["A"] >= display_width("อัตราการรับทราบ")  # the summary labels fit
    assert sheet_of(widths=[None, 25]).column_dimensions["B"].width == 25


@pytest.mark.parametrize(
    "title, expected",
    [
        ("รายงาน[ประจำปี]: 2568/2569?", "รายงาน ประจำปี 2568 2569"),
        ("ก" * 40, "ก" * 31),
        ("'ทะเบียน'", "ทะเบียน"),
        ("*?", "ข้อมูล"),
    ],
)
def test_sheet_names_are_ones_excel_accepts(title, expected):
    assert safe_sheet_title(title) == expected
    assert sheet_of(sheet_title=title).title == expected


def test_a_workbook_can_hold_more_sheets_laid_out_alike():
    workbook = thai_workbook(
        sheet_title="สรุป", title="สรุป", summary=[], headings=["ก"], rows=[["1"]]
    )
    add_thai_sheet(
        workbook,
        sheet_title="รายละเอียด",
        title="รายละเอียด",
        summary=[("ปีงบประมาณ", 2568)],
        headings=["ข"],
        rows=[],
    )
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook)))

    assert book.sheetnames == ["สรุป", "รายละเอียด"]
    assert book["สรุป"].freeze_panes == "A4"  # no summary: title, blank, heading
    assert book["รายละเอียด"]["A4"].value == "ข"  # title, one summary row, blank, heading


def test_the_file_name_says_what_and_when_in_the_buddhist_era():
    day = datetime.date(2026, 12, 1)

    assert (
        export_filename("ทะเบียนบุคลากร-เทศบาลตำบลพระแท่น", day, "xlsx")
        == "ทะเบียนบุคลากร-เทศบาลตำบลพระแท่น-2569-12-01.xlsx"
    )
    assert (
        export_filename('รายงาน ประมวล/จริยธรรม: "ฉบับที่ 2"', day, ".csv")
        == "รายงาน-ประมวล-จริยธรรม-ฉบับที่-2-2569-12-01.csv"
    )
    # A moment is named by its day in Bangkok: 30 Sep 2025 18:00 UTC is 1 Oct there.
    moment = datetime.datetime(2025, 9, 30, 18, 0, tzinfo=datetime.UTC)
    with timezone.override(BANGKOK):
        assert export_filename("x", moment, "xlsx") == "x-2568-10-01.xlsx"


def test_a_download_carries_its_thai_name_encoded_for_the_header():
    name = "ทะเบียนบุคลากร-2569-12-01.xlsx"
    workbook = thai_workbook(sheet_title="ก", title="ก", summary=[], headings=["ก"], rows=[])

    response = xlsx_response(workbook, name)

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    assert attachment_headers(name) == {"Content-Disposition": response["Content-Disposition"]}
    assert download_filename(response) == name
    assert openpyxl.load_workbook(io.BytesIO(response.content)).active.title == "ก"


def test_csv_text_starts_with_the_utf8_byte_order_mark():
    text = "".join(csv_text_with_bom(["เลขประจำตัว,ชื่อ\r\n", "0001,สมชาย\r\n"]))

    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert text.startswith(CSV_BOM + "เลขประจำตัว")
