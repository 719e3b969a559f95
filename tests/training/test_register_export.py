"""Exporting the personnel register to .xlsx and .csv, in the format import reads back."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from home.spreadsheets import BE_DATE_FORMAT
from tests.factories import DivisionFactory, OrganisationFactory, PersonFactory
from tests.spreadsheet_helpers import buddhist_date, download_filename
from tests.training.register_helpers import user_with_role
from training.register import roles
from training.register.files import COLUMNS, export_register
from training.register.models import Person, PersonnelGroup, StaffType
from training.register.services import register_import

pytestmark = pytest.mark.django_db

HEADINGS = [column.heading for column in COLUMNS]


@pytest.fixture
def register(organisation):
    """A small register: a mayor, an official in a division, and someone who has left."""
    finance = DivisionFactory(organisation=organisation, name="กองคลัง")
    mayor = PersonFactory(
        organisation=organisation,
        employee_number="0001",
        title="นางสาว",
        first_name="ศรีสุดา",
        last_name="รักษ์ไทย",
        position="นายกเทศมนตรีตำบลพระแท่น",
        staff_type=StaffType.MAYOR,
        active_from=datetime.date(2023, 5, 1),
    )
    official = PersonFactory(
        organisation=organisation,
        employee_number="1001",
        first_name="สมชาย",
        staff_type=StaffType.MUNICIPAL_OFFICIAL,
        division=finance,
        email="somchai@example.org",
        phone="0812345678",
        active_from=datetime.date(2020, 1, 15),
    )
    left = PersonFactory(
        organisation=organisation,
        employee_number="1002",
        staff_type=StaffType.GENERAL_CONTRACT,
        active_from=datetime.date(2019, 1, 1),
        active_until=datetime.date(2024, 9, 30),
    )
    PersonFactory(organisation=OrganisationFactory(), employee_number="X-OTHER")
    return [mayor, official, left]


def xlsx_rows(data: bytes) -> list[tuple]:
    """The heading row and the rows under it (a title and summary rows sit above)."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    return rows[HEADING_ROW - 1 :]


# A title, three summary rows and a blank row above the headings.
HEADING_ROW = 6


def test_xlsx_export_has_thai_headings_thai_labels_and_date_cells(organisation, register):
    data = export_register(organisation=organisation, file_format="xlsx")

    rows = xlsx_rows(data)
    assert list(rows[0]) == HEADINGS
    assert [row[0] for row in rows[1:]] == ["0001", "1001", "1002"]  # this organisation only
    by_number = {row[0]: dict(zip(HEADINGS, row, strict=True)) for row in rows[1:]}
    assert by_number["0001"]["กลุ่มบุคลากร"] == "ฝ่ายการเมือง"
    assert by_number["0001"]["ประเภทบุคลากร"] == "นายกเทศมนตรี"
    assert by_number["1001"]["ประเภทบุคลากร"] == "พนักงานเทศบาล"
    assert by_number["1001"]["ส่วนราชการ"] == "กองคลัง"
    assert by_number["1001"]["เริ่มปฏิบัติงาน"] == datetime.datetime(2020, 1, 15)
    assert by_number["1002"]["พ้นจากตำแหน่ง"] == datetime.datetime(2024, 9, 30)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    date_cell = sheet.cell(row=HEADING_ROW + 2, column=HEADINGS.index("เริ่มปฏิบัติงาน") + 1)
    assert date_cell.is_date
    assert date_cell.number_format == BE_DATE_FORMAT


def test_xlsx_export_is_laid_out_for_the_office(organisation, register):
    data = export_register(organisation=organisation, file_format="xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "ทะเบียนบุคลากร"
    assert sheet["A1"].value == f"ทะเบียนบุคลากร {organisation.name_th}"
    summary = {sheet.cell(row, 1).value: sheet.cell(row, 2) for row in range(2, HEADING_ROW - 1)}
    assert summary["ข้อมูล ณ วันที่"].is_date
    assert summary["ข้อมูล ณ วันที่"].number_format == BE_DATE_FORMAT
    assert summary["จำนวนบุคลากรทั้งหมด (คน)"].value == 3
    assert summary["ยังปฏิบัติงานอยู่ (คน)"].value == 2  # one left in 2024
    assert sheet.freeze_panes == f"A{HEADING_ROW + 1}"
    assert all(cell.font.b for cell in sheet[HEADING_ROW])
    widths = {column: sheet.column_dimensions[column].width for column in "CE"}
    assert widths["E"] > widths["C"]  # the longest position is longer than the longest name


def test_csv_export_is_utf8_with_bom_and_buddhist_era_dates(organisation, register):
    data = export_register(organisation=organisation, file_format="csv")

    assert data.startswith(b"\xef\xbb\xbf")  # so that Excel opens Thai correctly
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == HEADINGS
    official = dict(zip(HEADINGS, rows[2], strict=True))
    assert official["ชื่อ"] == "สมชาย"
    assert official["กลุ่มบุคลากร"] == "ฝ่ายข้าราชการประจำ"
    assert official["เริ่มปฏิบัติงาน"] == "15/01/2563"
    assert official["พ้นจากตำแหน่ง"] == ""


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_exporting_then_importing_changes_nothing(organisation, register, file_format):
    data = export_register(organisation=organisation, file_format=file_format)
    before = list(Person.objects.order_by("pk").values())

    result = register_import(
        organisation=organisation, data=data, filename=f"r.{file_format}", dry_run=False
    )

    assert result.is_valid, [str(error) for error in result.errors]
    assert (result.new_count, result.updated_count, result.unchanged_count) == (0, 0, 3)
    assert list(Person.objects.order_by("pk").values()) == before


def test_a_buddhist_era_date_typed_into_the_exported_csv_imports_as_the_day_it_names(
    organisation, register
):
    """HR exports, types a leaving date the way the file writes dates, and imports it again;
    the preview shows the change in B.E. too."""
    data = export_register(organisation=organisation, file_format="csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    until = HEADINGS.index("พ้นจากตำแหน่ง")
    official = next(row for row in rows if row[0] == "1001")
    official[until] = "30/09/2568"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    edited = ("\ufeff" + out.getvalue()).encode("utf-8")

    preview = register_import(
        organisation=organisation, data=edited, filename="r.csv", dry_run=True
    )

    assert preview.is_valid, [str(error) for error in preview.errors]
    (changed,) = [row for row in preview.rows if row.status == "updated"]
    assert [(c.column, c.old, c.new) for c in changed.changes] == [
        ("พ้นจากตำแหน่ง", "", "30/09/2568")
    ]
    register_import(organisation=organisation, data=edited, filename="r.csv", dry_run=False)
    person = Person.objects.get(organisation=organisation, employee_number="1001")
    assert (person.active_from, person.active_until) == (
        datetime.date(2020, 1, 15),
        datetime.date(2025, 9, 30),
    )


def test_an_exported_file_imports_into_an_empty_organisation_as_the_same_people(
    organisation, register
):
    data = export_register(organisation=organisation, file_format="xlsx")
    copy = OrganisationFactory()
    DivisionFactory(organisation=copy, name="กองคลัง")

    result = register_import(organisation=copy, data=data, filename="r.xlsx", dry_run=False)

    assert result.new_count == 3
    fields = [
        "employee_number",
        "title",
        "first_name",
        "last_name",
        "position",
        "personnel_group",
        "staff_type",
        "division__name",
        "email",
        "phone",
        "active_from",
        "active_until",
    ]
    assert list(
        Person.objects.filter(organisation=copy).order_by("employee_number").values(*fields)
    ) == list(
        Person.objects.filter(organisation=organisation).order_by("employee_number").values(*fields)
    )
    assert Person.objects.get(organisation=copy, employee_number="0001").personnel_group == (
        PersonnelGroup.POLITICAL
    )


def test_export_queries_do_not_grow_with_the_register(
    organisation, register, django_assert_max_num_queries
):
    PersonFactory.create_batch(30, organisation=organisation, division=register[1].division)
    with django_assert_max_num_queries(1):
        export_register(organisation=organisation, file_format="xlsx")


def test_export_people_command_writes_the_file_import_reads_back(organisation, register, tmp_path):
    path = tmp_path / "register.xlsx"

    call_command("export_people", str(path), "--organisation", organisation.slug)

    assert list(xlsx_rows(path.read_bytes())[0]) == HEADINGS
    result = register_import(
        organisation=organisation, data=path.read_bytes(), filename=path.name, dry_run=True
    )
    assert result.unchanged_count == 3


def test_export_people_command_refuses_other_extensions(organisation, tmp_path):
    with pytest.raises(CommandError, match="ต้องลงท้ายด้วย .xlsx หรือ .csv"):
        call_command("export_people", str(tmp_path / "register.pdf"))


# --- The admin export buttons -----------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_hr_downloads_their_organisations_register(client, organisation, register, file_format):
    client.force_login(user_with_role(roles.HR_OFFICER, organisation, employee_number="HR01"))

    response = client.get(reverse("training_register:export", args=[file_format]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename")
    filename = download_filename(response)
    assert filename.startswith(f"ทะเบียนบุคลากร-{organisation.name_th.replace(' ', '-')}-")
    assert filename.endswith(f"-{buddhist_date(timezone.localdate())}.{file_format}")
    if file_format == "csv":
        assert response.content.startswith(b"\xef\xbb\xbf")
    result = register_import(
        organisation=organisation,
        data=response.content,
        filename=f"r.{file_format}",
        dry_run=True,
    )
    assert result.unchanged_count == 4  # the register and the HR officer


def test_the_import_page_offers_the_export_buttons(client, organisation):
    client.force_login(user_with_role(roles.HR_OFFICER, organisation))

    response = client.get(reverse("training_register:import"))

    assert reverse("training_register:export", args=["xlsx"]) in response.content.decode()


def test_hr_of_another_organisation_cannot_export_this_one(client, organisation, register):
    client.force_login(user_with_role(roles.HR_OFFICER, OrganisationFactory()))

    response = client.get(
        reverse("training_register:export", args=["xlsx"]), {"organisation": organisation.pk}
    )

    assert response.status_code in (302, 403)
    assert "attachment" not in response.get("Content-Disposition", "")
    own = client.get(reverse("training_register:export", args=["csv"]))
    assert "ศรีสุดา" not in own.content.decode("utf-8-sig")


def test_an_employee_cannot_export(client, organisation, register):
    client.force_login(user_with_role(roles.EMPLOYEE, organisation))

    response = client.get(reverse("training_register:export", args=["xlsx"]))

    assert response.status_code in (302, 403)
    assert "attachment" not in response.get("Content-Disposition", "")
