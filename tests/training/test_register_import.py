"""Importing the personnel register from HR's Excel and CSV files."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from tests.factories import DivisionFactory, OrganisationFactory, PersonFactory
from tests.pages import add_code, build_site
from tests.training.register_helpers import people_changed_announcements, user_with_role
from training.acknowledgment.models import Requirement
from training.register import roles
from training.register.import_views import SESSION_KEY
from training.register.models import (
    REGISTER_IMPORT_ACTION,
    Division,
    Person,
    PersonnelGroup,
    RegisterLogEntry,
    StaffType,
)
from training.register.services import register_import

pytestmark = pytest.mark.django_db

HEADINGS = [
    "เลขประจำตัว",
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "ตำแหน่ง",
    "กลุ่มบุคลากร",
    "ประเภทบุคลากร",
    "ส่วนราชการ",
    "อีเมล",
    "โทรศัพท์",
    "เริ่มปฏิบัติงาน",
    "พ้นจากตำแหน่ง",
]


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def csv_bytes(rows: list[list], encoding: str) -> bytes:
    stream = io.StringIO(newline="")
    csv.writer(stream).writerows(rows)
    return stream.getvalue().encode(encoding)


def somchai(division_name: str = "", **changes) -> list:
    row = {
        "เลขประจำตัว": "1001",
        "คำนำหน้า": "นาย",
        "ชื่อ": "สมชาย",
        "นามสกุล": "ใจดี",
        "ตำแหน่ง": "นักจัดการงานทั่วไป",
        "กลุ่มบุคลากร": "ฝ่ายข้าราชการประจำ",
        "ประเภทบุคลากร": "พนักงานเทศบาล",
        "ส่วนราชการ": division_name,
        "อีเมล": "somchai@example.org",
        "โทรศัพท์": "0812345678",
        "เริ่มปฏิบัติงาน": "2020-01-15",
        "พ้นจากตำแหน่ง": "",
    }
    row.update(changes)
    return [row[heading] for heading in HEADINGS]


def mayor(**changes) -> list:
    return somchai(
        **{
            "เลขประจำตัว": "0001",
            "คำนำหน้า": "นางสาว",
            "ชื่อ": "ศรีสุดา",
            "นามสกุล": "รักษ์ไทย",
            "ตำแหน่ง": "นายกเทศมนตรีตำบลพระแท่น",
            "กลุ่มบุคลากร": "ฝ่ายการเมือง",
            "ประเภทบุคลากร": "นายกเทศมนตรี",
            "อีเมล": "",
            "โทรศัพท์": "",
            "เริ่มปฏิบัติงาน": "2023-05-01",
            **changes,
        }
    )


def in_english(message, **params) -> str:
    """A message as the English interface words it: the English once the catalogue has it."""
    with translation.override("en"):
        return str(message) % params if params else str(message)


WHERE = _("แถวที่ %(row)s คอลัมน์ '%(column)s': %(problem)s")


def test_xlsx_register_with_thai_names_creates_people(organisation, division):
    data = xlsx_bytes(
        [
            HEADINGS,
            somchai(division.name, **{"เริ่มปฏิบัติงาน": datetime.datetime(2020, 1, 15)}),
            mayor(),
        ]
    )

    result = register_import(
        organisation=organisation, data=data, filename="ทะเบียน.xlsx", dry_run=False
    )

    assert result.is_valid and result.written
    assert (result.new_count, result.updated_count, result.unchanged_count) == (2, 0, 0)
    person = Person.objects.get(organisation=organisation, employee_number="1001")
    assert person.full_name == "นายสมชาย ใจดี"
    assert person.personnel_group == PersonnelGroup.PERMANENT
    assert person.staff_type == StaffType.MUNICIPAL_OFFICIAL
    assert person.division == division
    assert person.active_from == datetime.date(2020, 1, 15)
    assert person.active_until is None
    mayor_person = Person.objects.get(organisation=organisation, employee_number="0001")
    assert mayor_person.staff_type == StaffType.MAYOR
    assert mayor_person.division is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"])
def test_csv_with_thai_names_imports_in_each_encoding_hr_saves(organisation, division, encoding):
    data = csv_bytes([HEADINGS, somchai(division.name), mayor()], encoding)

    result = register_import(
        organisation=organisation, data=data, filename="register.csv", dry_run=False
    )

    assert result.is_valid, [str(error) for error in result.errors]
    names = set(
        Person.objects.filter(organisation=organisation).values_list("first_name", "last_name")
    )
    assert names == {("สมชาย", "ใจดี"), ("ศรีสุดา", "รักษ์ไทย")}
    assert Person.objects.get(employee_number="1001").division == division


def test_cp874_csv_from_thai_excel_is_not_mistaken_for_utf8(organisation):
    data = csv_bytes([HEADINGS, somchai()], "cp874")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    result = register_import(organisation=organisation, data=data, filename="r.csv", dry_run=False)

    assert result.written
    assert Person.objects.get(employee_number="1001").position == "นักจัดการงานทั่วไป"


def test_semicolon_and_tab_separated_files_are_read_too(organisation):
    for delimiter in (";", "\t"):
        stream = io.StringIO(newline="")
        csv.writer(stream, delimiter=delimiter).writerows([HEADINGS, somchai(), mayor()])

        result = register_import(
            organisation=organisation,
            data=stream.getvalue().encode("utf-8"),
            filename="r.csv",
            dry_run=True,
        )

        assert result.is_valid, [str(error) for error in result.errors]
        assert result.new_count == 2


def test_one_bad_row_writes_nothing_and_names_its_row_and_column(organisation):
    existing = PersonFactory(organisation=organisation, employee_number="1001", position="เดิม")
    data = xlsx_bytes(
        [
            HEADINGS,
            somchai(),  # an update of the existing person: must not be written either
            mayor(),
            somchai(**{"เลขประจำตัว": "1002", "กลุ่มบุคลากร": "xyz"}),
        ]
    )

    result = register_import(organisation=organisation, data=data, filename="r.xlsx", dry_run=False)

    assert not result.written
    assert len(result.errors) == 1
    error = str(result.errors[0])
    assert error.startswith("แถวที่ 4 คอลัมน์ 'กลุ่มบุคลากร': ไม่รู้จักค่า 'xyz' (")
    english = in_english(WHERE, row=4, column="กลุ่มบุคลากร", problem="Unknown value 'xyz'")
    assert error.endswith(f"({english})")
    assert Person.objects.filter(organisation=organisation).count() == 1
    existing.refresh_from_db()
    assert existing.position == "เดิม"


def test_an_english_interface_shows_the_error_once_in_english(organisation):
    data = xlsx_bytes([HEADINGS, somchai(**{"กลุ่มบุคลากร": "xyz", "อีเมล": "bad"})])

    with translation.override("en"):
        result = register_import(
            organisation=organisation, data=data, filename="r.xlsx", dry_run=True
        )
        errors = [str(error) for error in result.errors]

    assert errors == [
        in_english(WHERE, row=2, column="กลุ่มบุคลากร", problem="Unknown value 'xyz'"),
        in_english(WHERE, row=2, column="อีเมล", problem="Enter a valid email address."),
    ]
    assert not any("ไม่รู้จักค่า" in error or "(" in error for error in errors)


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        (
            {"กลุ่มบุคลากร": "ฝ่ายการเมือง"},
            "ประเภทบุคลากร",
            "ประเภทบุคลากรนี้ไม่อยู่ในกลุ่มบุคลากรที่เลือก",
        ),
        (
            {"พ้นจากตำแหน่ง": "2019-12-31"},
            "พ้นจากตำแหน่ง",
            "วันที่พ้นจากตำแหน่งต้องไม่ก่อนวันที่เริ่มปฏิบัติงาน",
        ),
        ({"อีเมล": "not-an-email"}, "อีเมล", "Enter a valid email address."),
        ({"ชื่อ": ""}, "ชื่อ", "This field cannot be blank."),
        ({"ประเภทบุคลากร": "ภารโรง"}, "ประเภทบุคลากร", "ไม่รู้จักค่า 'ภารโรง'"),
        ({"เริ่มปฏิบัติงาน": "เมื่อวาน"}, "เริ่มปฏิบัติงาน", "อ่านวันที่ 'เมื่อวาน' ไม่ได้"),
        ({"ส่วนราชการ": "กองที่ไม่มี"}, "ส่วนราชการ", "ไม่รู้จักค่า 'กองที่ไม่มี'"),
    ],
)
def test_the_models_rules_become_errors_naming_row_and_column(
    organisation, changes, column, message
):
    data = xlsx_bytes([HEADINGS, mayor(), somchai(**changes)])

    result = register_import(organisation=organisation, data=data, filename="r.xlsx", dry_run=False)

    assert len(result.errors) == 1
    error = str(result.errors[0])
    assert error.startswith(f"แถวที่ 3 คอลัมน์ '{column}': ")
    assert message in error
    assert in_english(WHERE, row=3, column=column, problem="") in error
    assert not Person.objects.exists()


def test_an_unknown_division_is_an_error_and_no_division_is_created(organisation, division):
    data = xlsx_bytes([HEADINGS, somchai("กองคลงั")])  # a typo of กองคลัง

    result = register_import(organisation=organisation, data=data, filename="r.xlsx", dry_run=False)

    assert "คอลัมน์ 'ส่วนราชการ'" in str(result.errors[0])
    assert list(Division.objects.filter(organisation=organisation)) == [division]


def test_a_division_of_another_organisation_is_unknown_here(organisation):
    other = DivisionFactory(organisation=OrganisationFactory(), name="กองช่าง")
    data = xlsx_bytes([HEADINGS, somchai(other.name)])

    result = register_import(organisation=organisation, data=data, filename="r.xlsx", dry_run=True)

    assert "ไม่รู้จักค่า 'กองช่าง'" in str(result.errors[0])


def test_updates_are_detected_with_their_changed_fields_and_others_left_alone(organisation):
    finance = DivisionFactory(organisation=organisation, name="กองคลัง")
    works = DivisionFactory(organisation=organisation, name="กองช่าง")
    somchai_before = PersonFactory(
        organisation=organisation,
        employee_number="1001",
        title="นาย",
        first_name="สมชาย",
        last_name="ใจดี",
        position="นักจัดการงานทั่วไป",
        staff_type=StaffType.MUNICIPAL_OFFICIAL,
        division=finance,
        email="somchai@example.org",
        phone="0812345678",
        active_from=datetime.date(2020, 1, 15),
    )
    PersonFactory(
        organisation=organisation,
        employee_number="0001",
        title="นางสาว",
        first_name="ศรีสุดา",
        last_name="รักษ์ไทย",
        position="นายกเทศมนตรีตำบลพระแท่น",
        staff_type=StaffType.MAYOR,
        active_from=datetime.date(2023, 5, 1),
    )
    not_in_file = PersonFactory(organisation=organisation, employee_number="9999")
    data = xlsx_bytes([HEADINGS, somchai("กองช่าง", **{"ตำแหน่ง": "นายช่างโยธา"}), mayor()])

    preview = register_import(organisation=organisation, data=data, filename="r.xlsx", dry_run=True)

    assert (preview.new_count, preview.updated_count, preview.unchanged_count) == (0, 1, 1)
    updated = next(row for row in preview.rows if row.status == "updated")
    assert (updated.row, updated.employee_number) == (2, "1001")
    assert [(c.column, c.old, c.new) for c in updated.changes] == [
        ("ตำแหน่ง", "นักจัดการงานทั่วไป", "นายช่างโยธา"),
        ("ส่วนราชการ", "กองคลัง", "กองช่าง"),
    ]
    somchai_before.refresh_from_db()
    assert somchai_before.position == "นักจัดการงานทั่วไป"  # a dry run writes nothing

    result = register_import(organisation=organisation, data=data, filename="r.xlsx", dry_run=False)

    assert result.written
    somchai_before.refresh_from_db()
    assert (somchai_before.position, somchai_before.division) == ("นายช่างโยธา", works)
    assert Person.objects.filter(pk=not_in_file.pk).exists()


def test_the_same_employee_number_in_another_organisation_is_a_different_person(organisation):
    elsewhere = PersonFactory(organisation=OrganisationFactory(), employee_number="1001")

    result = register_import(
        organisation=organisation,
        data=xlsx_bytes([HEADINGS, somchai()]),
        filename="r.xlsx",
        dry_run=False,
    )

    assert result.new_count == 1
    elsewhere.refresh_from_db()
    assert elsewhere.first_name != "สมชาย"


def test_duplicate_employee_numbers_in_the_file_are_refused(organisation):
    data = xlsx_bytes([HEADINGS, somchai(), mayor(), somchai(**{"ชื่อ": "สมศักดิ์"})])

    result = register_import(organisation=organisation, data=data, filename="r.xlsx", dry_run=False)

    assert len(result.errors) == 1
    error = str(result.errors[0])
    assert error.startswith("แถวที่ 4 คอลัมน์ 'เลขประจำตัว': เลขประจำตัว '1001' ซ้ำกับแถวที่ 2 (")
    duplicate = in_english(_("เลขประจำตัว '%(number)s' ซ้ำกับแถวที่ %(row)s"), number="1001", row=2)
    assert error.endswith(f"({in_english(WHERE, row=4, column='เลขประจำตัว', problem=duplicate)})")
    assert not Person.objects.exists()


def test_english_keys_choice_keys_and_buddhist_era_dates_are_accepted(organisation):
    rows = [
        ["Employee Number", "first_name", "LAST NAME", "position", "staff_type", "Active from"],
        ["E1", "สมชาย", "ใจดี", "ปลัดเทศบาล", "municipal_clerk", "1/10/2567"],
        ["E2", "สมหญิง", "ใจงาม", "ครู", "ครูเทศบาล", "2567-10-02"],
        ["E3", "สมศรี", "มีสุข", "ผู้อำนวยการกองช่าง", "ผู้อำนวยการกอง/หัวหน้าสำนัก", 45566],
    ]

    result = register_import(
        organisation=organisation, data=xlsx_bytes(rows), filename="r.xlsx", dry_run=False
    )

    assert result.written, [str(error) for error in result.errors]
    people = {p.employee_number: p for p in Person.objects.filter(organisation=organisation)}
    assert people["E1"].active_from == datetime.date(2024, 10, 1)
    assert people["E2"].active_from == datetime.date(2024, 10, 2)
    assert people["E3"].active_from == datetime.date(2024, 10, 1)  # an Excel serial number
    # The personnel group follows from the staff type when the file leaves it out.
    assert people["E1"].personnel_group == PersonnelGroup.EXECUTIVE
    assert people["E2"].personnel_group == PersonnelGroup.PERMANENT
    assert people["E3"].staff_type == StaffType.DIVISION_DIRECTOR


def test_a_title_above_the_heading_row_keeps_excel_row_numbers(organisation):
    rows = [
        ["ทะเบียนบุคลากร เทศบาลตำบลพระแท่น ปีงบประมาณ 2568"],
        HEADINGS,
        mayor(),
        [],
        somchai(**{"ประเภทบุคลากร": "???"}),
    ]

    result = register_import(
        organisation=organisation, data=xlsx_bytes(rows), filename="r.xlsx", dry_run=True
    )

    assert [error.row for error in result.errors] == [5]
    assert [row.row for row in result.rows] == [3, 5]


def test_blank_lines_in_a_csv_keep_the_row_numbers_excel_shows(organisation):
    data = (
        csv_bytes([HEADINGS, mayor()], "utf-8")
        + b"\r\n"
        + csv_bytes([somchai(**{"อีเมล": "bad"})], "utf-8")
    )

    result = register_import(organisation=organisation, data=data, filename="r.csv", dry_run=True)

    assert [error.row for error in result.errors] == [4]


def test_columns_left_out_of_the_file_leave_those_fields_alone(organisation):
    person = PersonFactory(
        organisation=organisation,
        employee_number="1001",
        email="keep@example.org",
        active_from=datetime.date(2015, 6, 1),
    )
    rows = [
        ["เลขประจำตัว", "ชื่อ", "นามสกุล", "ตำแหน่ง", "ประเภทบุคลากร", "หมายเหตุ"],
        ["1001", person.first_name, person.last_name, "ตำแหน่งใหม่", "พนักงานเทศบาล", "x"],
    ]

    result = register_import(
        organisation=organisation, data=xlsx_bytes(rows), filename="r.xlsx", dry_run=False
    )

    assert result.ignored_headings == ["หมายเหตุ"]
    assert [row.changed_columns for row in result.rows] == [["ตำแหน่ง"]]
    person.refresh_from_db()
    assert (person.email, person.active_from) == ("keep@example.org", datetime.date(2015, 6, 1))


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("register.pdf", b"%PDF-1.4", "รองรับเฉพาะไฟล์ .xlsx และ .csv"),
        ("register.xls", b"\xd0\xcf\x11\xe0", "ไฟล์ .xls แบบเก่าไม่รองรับ"),
        ("register.xlsx", b"name,surname\n", "อ่านไฟล์ Excel (.xlsx) นี้ไม่ได้"),
        ("register.csv", b"", "ไฟล์ว่างเปล่า"),
        ("register.csv", b"\xff\xff\xff\xfc", "อ่านตัวอักษรในไฟล์ CSV ไม่ได้"),
        ("register.csv", "ชื่อ,นามสกุล\nก,ข\n".encode(), "ไม่พบแถวหัวตาราง"),
        ("register.csv", "เลขประจำตัว,ชื่อ\n1,ก\n".encode(), "ไม่พบคอลัมน์ที่ต้องมี"),
        ("register.csv", ",".join(HEADINGS).encode(), "ไม่มีรายชื่อบุคลากรในไฟล์"),
    ],
)
def test_a_file_that_is_not_a_register_gets_a_clear_message(organisation, filename, data, message):
    result = register_import(organisation=organisation, data=data, filename=filename, dry_run=False)

    assert not result.written
    assert len(result.errors) == 1
    error = str(result.errors[0])
    assert error.startswith(message)
    assert error.endswith(")")  # English in brackets
    assert not Person.objects.exists()


def test_import_queries_do_not_grow_with_the_number_of_rows(
    organisation, division, django_assert_max_num_queries
):
    def register(count: int) -> bytes:
        rows = [
            somchai(division.name, **{"เลขประจำตัว": f"N{number:04d}"}) for number in range(count)
        ]
        return xlsx_bytes([HEADINGS, *rows])

    PersonFactory.create_batch(5, organisation=organisation, division=division)
    # Lock, two reads, the writes, up to four for the history entry (Wagtail looks up the
    # content type once and checks that the entry's keys exist) and one marking the figures as
    # changed: none of them per row.
    with django_assert_max_num_queries(12):
        register_import(
            organisation=organisation, data=register(5), filename="r.xlsx", dry_run=False
        )
    with django_assert_max_num_queries(12):
        register_import(
            organisation=organisation, data=register(200), filename="r.xlsx", dry_run=False
        )
    assert Person.objects.filter(organisation=organisation).count() == 205


def test_imported_joiners_and_movers_get_the_current_codes_to_acknowledge(
    committed,
):
    organisation, _home, ethics, _circulars = build_site()
    code = add_code(ethics, groups=["permanent"])
    PersonFactory(organisation=organisation, employee_number="0001", staff_type=StaffType.MAYOR)
    PersonFactory(organisation=organisation, employee_number="0002", staff_type=StaffType.MAYOR)
    moved = mayor(**{"กลุ่มบุคลากร": "ฝ่ายข้าราชการประจำ", "ประเภทบุคลากร": "พนักงานเทศบาล"})
    data = xlsx_bytes([HEADINGS, somchai(), moved])

    with committed():
        register_import(organisation=organisation, data=data, filename="r.xlsx", dry_run=False)

    assert set(
        Requirement.objects.filter(version__page=code).values_list(
            "person__employee_number", flat=True
        )
    ) == {"1001", "0001"}


# --- The import_people command ----------------------------------------------------------------


def test_import_people_command_dry_run_prints_the_preview_and_writes_nothing(
    organisation, tmp_path, capsys
):
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx_bytes([HEADINGS, somchai(), mayor()]))

    call_command("import_people", str(path), "--dry-run")

    output = capsys.readouterr().out
    assert "ใหม่ 2 · ปรับปรุง 0 · ไม่เปลี่ยนแปลง 0" in output
    assert "ทดลองนำเข้าเท่านั้น ยังไม่ได้บันทึก" in output
    assert not Person.objects.exists()

    call_command("import_people", str(path), "--organisation", organisation.slug)

    assert Person.objects.filter(organisation=organisation).count() == 2


def test_the_command_speaks_the_interface_language_once(organisation, tmp_path, capsys):
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx_bytes([HEADINGS, somchai(), mayor()]))

    with translation.override("en"):
        call_command("import_people", str(path), "--dry-run")

    output = capsys.readouterr().out
    counts = in_english(
        _("ใหม่ %(new)s · ปรับปรุง %(updated)s · ไม่เปลี่ยนแปลง %(unchanged)s"),
        new=2,
        updated=0,
        unchanged=0,
    )
    assert output.splitlines()[0] == counts


def test_the_command_writes_its_import_to_the_organisations_history(organisation, tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx_bytes([HEADINGS, somchai(), mayor()]))

    call_command("import_people", str(path), "--dry-run")
    assert not RegisterLogEntry.objects.filter(action=REGISTER_IMPORT_ACTION).exists()
    call_command("import_people", str(path))

    entry = RegisterLogEntry.objects.get(action=REGISTER_IMPORT_ACTION)
    assert (entry.object_id, entry.user) == (str(organisation.pk), None)
    counts = {"new": 2, "updated": 0, "unchanged": 0, "left": 0}
    assert entry.data == {"file": "register.xlsx", **counts}


def test_import_people_command_reports_errors_on_stderr_and_fails(organisation, tmp_path, capsys):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes([HEADINGS, mayor(**{"กลุ่มบุคลากร": "xyz"})], "cp874"))

    with pytest.raises(CommandError, match="ไม่ได้บันทึกข้อมูลใดเลย"):
        call_command("import_people", str(path))

    assert "แถวที่ 2 คอลัมน์ 'กลุ่มบุคลากร'" in capsys.readouterr().err
    assert not Person.objects.exists()


def test_import_people_command_needs_organisation_when_there_are_several(organisation, tmp_path):
    other = OrganisationFactory()
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx_bytes([HEADINGS, somchai()]))

    with pytest.raises(CommandError, match="--organisation"):
        call_command("import_people", str(path))
    with pytest.raises(CommandError, match="ไม่พบหน่วยงานรหัสย่อ 'nowhere'"):
        call_command("import_people", str(path), "--organisation", "nowhere")

    call_command("import_people", str(path), "--organisation", other.slug)
    assert Person.objects.get().organisation == other


# --- The admin: upload, preview, confirm ------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_uploads(media) -> list:
    directory = media / "register-imports"
    return list(directory.iterdir()) if directory.exists() else []


def upload(client, data: bytes, filename: str, **fields):
    file = io.BytesIO(data)
    file.name = filename
    return client.post(reverse("training_register:import"), {"file": file, **fields})


def test_hr_uploads_previews_and_confirms_an_import(client, organisation, division, media):
    hr = user_with_role(roles.HR_OFFICER, organisation, employee_number="HR01")
    client.force_login(hr)
    assert client.get(reverse("training_register:import")).status_code == 200

    response = upload(client, xlsx_bytes([HEADINGS, somchai(division.name), mayor()]), "r.xlsx")

    assert response.status_code == 302
    preview_url = response["Location"]
    preview = client.get(preview_url)
    assert preview.status_code == 200
    content = preview.content.decode()
    assert 'data-count="new">2<' in content
    assert "สมชาย ใจดี" in content
    assert "ยืนยันการนำเข้า" in content
    assert Person.objects.filter(organisation=organisation).count() == 1  # only the HR officer

    confirmed = client.post(preview_url, {"confirm": "1"})

    assert confirmed.status_code == 302
    assert Person.objects.filter(organisation=organisation).count() == 3
    assert stored_uploads(media) == []
    assert client.post(preview_url, {"confirm": "1"}).status_code == 302  # a second click
    assert Person.objects.filter(organisation=organisation).count() == 3


def test_the_preview_lists_errors_and_offers_no_confirm_button(client, organisation, media):
    client.force_login(user_with_role(roles.HR_OFFICER, organisation))

    response = upload(client, xlsx_bytes([HEADINGS, somchai(**{"กลุ่มบุคลากร": "xyz"})]), "r.xlsx")
    preview = client.get(response["Location"])

    content = preview.content.decode()
    assert "แถวที่ 2 คอลัมน์ &#x27;กลุ่มบุคลากร&#x27;" in content
    assert "ยืนยันการนำเข้า" not in content
    client.post(response["Location"], {"confirm": "1"})
    assert Person.objects.filter(organisation=organisation).count() == 1


def test_cancelling_deletes_the_uploaded_file(client, organisation, media):
    client.force_login(user_with_role(roles.HR_OFFICER, organisation))
    response = upload(client, xlsx_bytes([HEADINGS, somchai()]), "r.xlsx")
    assert len(stored_uploads(media)) == 1

    client.post(response["Location"], {"cancel": "1"})

    assert stored_uploads(media) == []
    assert Person.objects.filter(organisation=organisation).count() == 1


def test_the_upload_form_refuses_other_file_types(client, organisation, media):
    client.force_login(user_with_role(roles.HR_OFFICER, organisation))

    response = upload(client, b"%PDF-1.4", "register.pdf")

    assert response.status_code == 200
    assert "รองรับเฉพาะไฟล์ .xlsx และ .csv" in response.content.decode()
    assert stored_uploads(media) == []


def test_an_employee_without_permission_cannot_import(client, organisation, media):
    client.force_login(user_with_role(roles.EMPLOYEE, organisation))

    response = upload(client, xlsx_bytes([HEADINGS, somchai()]), "r.xlsx")

    assert response.status_code in (302, 403)
    assert client.get(reverse("training_register:import")).status_code in (302, 403)
    assert Person.objects.filter(organisation=organisation).count() == 1
    assert stored_uploads(media) == []


def test_hr_of_another_organisation_cannot_import_into_this_one(client, organisation, media):
    other = OrganisationFactory()
    client.force_login(user_with_role(roles.HR_OFFICER, other))

    response = upload(
        client, xlsx_bytes([HEADINGS, somchai()]), "r.xlsx", organisation=organisation.pk
    )
    client.post(response["Location"], {"confirm": "1"})

    # The organisation field is not even offered to them: the file goes to their own register.
    assert not Person.objects.filter(organisation=organisation).exists()
    assert Person.objects.filter(organisation=other, employee_number="1001").exists()


def test_a_preview_token_is_only_good_in_the_session_that_uploaded_it(client, organisation, media):
    client.force_login(user_with_role(roles.HR_OFFICER, organisation))
    preview_url = upload(client, xlsx_bytes([HEADINGS, somchai()]), "r.xlsx")["Location"]
    other = OrganisationFactory()
    client.force_login(user_with_role(roles.HR_OFFICER, other))

    response = client.post(preview_url, {"confirm": "1"})

    assert response.status_code == 302
    assert not Person.objects.filter(employee_number="1001").exists()


def test_a_superuser_chooses_the_organisation(client, organisation, admin_user, media):
    other = OrganisationFactory()
    client.force_login(admin_user)

    response = upload(client, xlsx_bytes([HEADINGS, somchai()]), "r.xlsx")
    assert response.status_code == 200  # the organisation is required
    response = upload(client, xlsx_bytes([HEADINGS, somchai()]), "r.xlsx", organisation=other.pk)
    assert client.session[SESSION_KEY]
    client.post(response["Location"], {"confirm": "1"})

    assert Person.objects.get(employee_number="1001").organisation == other


# --- What an import tells the rest of the tracker, and the trace it leaves ---------------------


@pytest.fixture
def announced():
    with people_changed_announcements() as received:
        yield received


def test_an_import_announces_joiners_movers_and_leavers_once_committed(
    organisation, division, announced, committed, django_capture_on_commit_callbacks
):
    first = xlsx_bytes([HEADINGS, somchai(), mayor(), somchai(**{"เลขประจำตัว": "1002"})])
    with committed():
        register_import(organisation=organisation, data=first, filename="r.xlsx", dry_run=False)
    announced.clear()
    second = xlsx_bytes(
        [
            HEADINGS,
            somchai(division.name),  # moves into a division
            mayor(**{"พ้นจากตำแหน่ง": "2024-12-31"}),  # leaves
            somchai(**{"เลขประจำตัว": "1002", "โทรศัพท์": "0899999999"}),  # a new phone only
            somchai(**{"เลขประจำตัว": "1003"}),  # joins
        ]
    )

    with django_capture_on_commit_callbacks() as on_commit:
        register_import(organisation=organisation, data=second, filename="r.xlsx", dry_run=False)
        assert announced == []
    for callback in on_commit:
        callback()

    by_number = dict(
        Person.objects.filter(organisation=organisation).values_list("employee_number", "pk")
    )
    assert announced == [sorted([by_number["1001"], by_number["0001"], by_number["1003"]])]


def test_a_confirmed_import_is_in_the_organisations_history_with_its_counts(
    client, organisation, media
):
    hr = user_with_role(roles.HR_OFFICER, organisation, employee_number="HR01")
    PersonFactory(organisation=organisation, employee_number="0001", staff_type=StaffType.MAYOR)
    client.force_login(hr)
    data = xlsx_bytes([HEADINGS, somchai(), mayor(**{"พ้นจากตำแหน่ง": "2024-12-31"})])
    preview_url = upload(client, data, "ทะเบียน.xlsx")["Location"]
    client.get(preview_url)
    assert not RegisterLogEntry.objects.filter(action=REGISTER_IMPORT_ACTION).exists()

    client.post(preview_url, {"confirm": "1"})

    entry = RegisterLogEntry.objects.get(action=REGISTER_IMPORT_ACTION)
    assert (entry.object_id, entry.organisation, entry.user) == (
        str(organisation.pk),
        organisation,
        hr,
    )
    assert entry.data == {"file": "ทะเบียน.xlsx", "new": 1, "updated": 1, "unchanged": 0, "left": 1}
    history = client.get(reverse("organisation:history", args=[organisation.pk]))
    assert history.status_code == 200
    assert (
        escape(
            "นำเข้าทะเบียนบุคลากรจากไฟล์ ทะเบียน.xlsx: ใหม่ 1 คน ปรับปรุง 1 คน ไม่เปลี่ยนแปลง 0 คน "
            "พ้นจากตำแหน่ง 1 คน"
        )
        in history.content.decode()
    )


def test_a_refused_import_leaves_no_trace(client, organisation, media):
    client.force_login(user_with_role(roles.HR_OFFICER, organisation))
    bad = xlsx_bytes([HEADINGS, somchai(**{"กลุ่มบุคลากร": "xyz"})])

    client.post(upload(client, bad, "r.xlsx")["Location"], {"confirm": "1"})

    assert not RegisterLogEntry.objects.filter(action=REGISTER_IMPORT_ACTION).exists()
