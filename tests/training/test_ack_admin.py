"""The acknowledgment admin (การรับทราบ): progress per version, the report and its exports, and
the evidence listing that nobody can change."""

import csv
import datetime
import io
import json
import re
import zoneinfo

import openpyxl
import pytest
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from home.spreadsheets import BE_DATE_FORMAT, BE_DATETIME_FORMAT, export_filename
from tests.factories import DivisionFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.pages import add_code, build_site
from tests.spreadsheet_helpers import download_filename
from tests.training.register_helpers import user_with_role
from training.acknowledgment.models import (
    Acknowledgment,
    AcknowledgmentChannel,
    DocumentVersion,
    Requirement,
)
from training.acknowledgment.publishing import requirements_assign_for_version
from training.acknowledgment.services import Evidence, acknowledgments_record
from training.register import roles
from training.register.models import GROUP_OF_STAFF_TYPE, Person, StaffType

pytestmark = pytest.mark.django_db

BE_FORMATS = (BE_DATE_FORMAT, BE_DATETIME_FORMAT)

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
ACKNOWLEDGED_AT = datetime.datetime(2025, 1, 15, 10, 30, tzinfo=BANGKOK)
VERSIONS = reverse("acknowledgment_progress:index")
RECORDS = reverse("acknowledgment:index")
THAI_HEADINGS = [
    "เลขประจำตัว",
    "ชื่อ-นามสกุล",
    "ตำแหน่ง",
    "กลุ่มบุคลากร",
    "ส่วนราชการ",
    "สถานะ",
    "กำหนดรับทราบ",
    "รับทราบเมื่อ",
    "ช่องทาง",
    "ผู้บันทึก",
    "รีวิชัน",
    "SHA-256 ของข้อความ",
    "หมายเลข IP",
]


def report_url(version, **params) -> str:
    url = reverse("acknowledgment_progress:report", args=[version.pk])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in params.items())}" if params else url


@pytest.fixture
def scene(committed, client):
    """Five permanent officials in two divisions must acknowledge a code; two have done so."""
    organisation, _home, ethics, _ = build_site(hostname="phrathaen.example.org")
    finance = DivisionFactory(organisation=organisation, name="กองคลัง")
    works = DivisionFactory(organisation=organisation, name="กองช่าง")
    people = [
        PersonFactory(organisation=organisation, division=finance, employee_number=f"F-{n}")
        for n in range(1, 4)
    ] + [
        PersonFactory(organisation=organisation, division=works, employee_number=f"W-{n}")
        for n in range(1, 3)
    ]
    PersonFactory(organisation=organisation, staff_type=StaffType.COUNCIL_MEMBER)  # not addressed
    # HR is on the executive side, outside the code's audience.
    hr = user_with_role(
        roles.HR_OFFICER,
        organisation,
        employee_number="HR-1",
        staff_type=StaffType.MUNICIPAL_CLERK,
        personnel_group=GROUP_OF_STAFF_TYPE[StaffType.MUNICIPAL_CLERK],
    )
    hr.first_name, hr.last_name = "สมศรี", "งานบุคคล"
    hr.save()
    with committed():
        code = add_code(ethics, title="ประมวลจริยธรรมของพนักงานเทศบาล")
    version = DocumentVersion.objects.get(page=code)

    def requirement(person):
        return Requirement.objects.get(person=person, version=version)

    acknowledgments_record(
        requirements=[requirement(people[0])],
        evidence=Evidence(ip_address="10.1.2.3", user_agent="TestPhone/1.0"),
        at=ACKNOWLEDGED_AT,
    )
    acknowledgments_record(
        requirements=[requirement(people[3])],
        evidence=Evidence(channel=AcknowledgmentChannel.PAPER, recorded_by_id=hr.pk),
        at=ACKNOWLEDGED_AT,
    )
    # F-2 is late; the others still have time.
    Requirement.objects.filter(pk=requirement(people[1]).pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(hr)
    return {
        "organisation": organisation,
        "ethics": ethics,
        "people": people,
        "finance": finance,
        "works": works,
        "hr": hr,
        "code": code,
        "version": version,
    }


def report_rows(response) -> dict[str, str]:
    """Employee number -> the row's cells joined with " | ", from the report's listing table."""
    html = response.content.decode()
    start = html.find('<table class="listing')
    if start < 0:
        return {}
    table = html[start : html.index("</table>", start)]
    rows = {}
    for chunk in table[table.index("<tbody") :].split("<tr")[1:]:
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", f"<td{cell}").split())
            for cell in chunk.split("<td")[1:]
        ]
        if cells:
            rows[cells[0]] = " | ".join(cells)
    return rows


def admin_menu(response) -> str:
    html = response.content.decode()
    start = html.index(">", html.index('id="wagtail-sidebar-props"')) + 1
    props = json.loads(html[start : html.index("</script>", start)])
    return json.dumps(props, ensure_ascii=False)


# --- The menu and who reaches it ---------------------------------------------------------------


def test_hr_sees_the_acknowledgment_menu_and_an_editor_only_its_briefings(client, scene):
    menu = admin_menu(client.get("/admin/"))
    assert "การรับทราบ" in menu
    assert f'"{VERSIONS}"' in menu and f'"{RECORDS}"' in menu

    client.force_login(user_with_role(roles.EDITOR, scene["organisation"]))
    menu = admin_menu(client.get("/admin/"))
    assert "การประชุมชี้แจง" in menu  # editors schedule briefings (issue 11)
    assert f'"{VERSIONS}"' not in menu and f'"{RECORDS}"' not in menu
    assert client.get(VERSIONS).status_code in (302, 403)
    assert client.get(report_url(scene["version"])).status_code in (302, 403, 404)
    assert client.get(RECORDS).status_code in (302, 403)


def test_hr_of_another_organisation_sees_neither_the_version_nor_its_report(client, scene):
    other, _home, other_ethics, _ = build_site(hostname="other.example.org", name="เทศบาลอื่น")
    client.force_login(user_with_role(roles.HR_OFFICER, other, employee_number="HR-9"))

    listing = client.get(VERSIONS)
    assert listing.status_code == 200
    assert scene["code"].title not in listing.content.decode()
    assert client.get(report_url(scene["version"])).status_code == 404
    assert client.get(report_url(scene["version"], export="xlsx")).status_code == 404
    acknowledgment = Acknowledgment.objects.first()
    assert client.get(reverse("acknowledgment:inspect", args=[acknowledgment.pk])).status_code == (
        404
    )
    assert scene["people"][0].full_name not in client.get(RECORDS).content.decode()


# --- Progress per version ----------------------------------------------------------------------


def test_the_version_list_shows_fan_out_and_acknowledgment_progress(client, scene):
    version = scene["version"]
    assert (version.audience_size, version.fanned_out_at is not None) == (5, True)

    html = client.get(VERSIONS).content.decode()

    assert scene["code"].title in html
    assert "มอบหมายแล้ว 5 จาก 5 คน" in html
    assert "2 คน (40.0%)" in html
    assert "ฉบับปัจจุบัน" in html
    assert report_url(version) in html


def test_a_leaver_drops_out_of_the_progress_but_their_acknowledgment_stays_in_the_report(
    client, scene
):
    acknowledged_leaver, outstanding_leaver = scene["people"][0], scene["people"][2]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Person.objects.filter(pk__in=[acknowledged_leaver.pk, outstanding_leaver.pk]).update(
        active_until=yesterday
    )

    html = client.get(VERSIONS).content.decode()
    assert "มอบหมายแล้ว 3 จาก 5 คน" in html  # the audience is recounted by the next sweep
    assert "1 คน (33.3%)" in html

    rows = report_rows(client.get(report_url(scene["version"])))
    assert "F-1" in rows and "รับทราบแล้ว" in rows["F-1"]
    assert "F-3" not in rows
    assert Acknowledgment.objects.filter(person=acknowledged_leaver).count() == 1


# --- The report --------------------------------------------------------------------------------


def test_the_report_lists_everyone_required_with_their_status_and_evidence(client, scene):
    response = client.get(report_url(scene["version"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "รายงานการรับทราบ" in html
    assert "ประมวลจริยธรรมของพนักงานเทศบาล ฉบับที่ 1" in html

    rows = report_rows(response)
    assert set(rows) == {"F-1", "F-2", "F-3", "W-1", "W-2"}
    assert "รับทราบแล้ว" in rows["F-1"]
    assert "15 ม.ค. 2568 เวลา 10:30 น." in rows["F-1"]
    assert "ออนไลน์" in rows["F-1"] and "10.1.2.3" in rows["F-1"]
    assert "เกินกำหนด" in rows["F-2"]
    assert "ยังไม่รับทราบ" in rows["F-3"]
    assert "ลงนามในเอกสาร" in rows["W-1"] and "สมศรี งานบุคคล" in rows["W-1"]
    acknowledgment = Acknowledgment.objects.get(person=scene["people"][0])
    assert acknowledgment.text_sha256[:12] in rows["F-1"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "acknowledged"}, {"F-1", "W-1"}),
        ({"status": "outstanding"}, {"F-3", "W-2"}),
        ({"status": "overdue"}, {"F-2"}),
        ({"personnel_group": "political"}, set()),
        ({"personnel_group": "permanent"}, {"F-1", "F-2", "F-3", "W-1", "W-2"}),
    ],
)
def test_the_report_filters_by_status_and_group(client, scene, params, expected):
    response = client.get(report_url(scene["version"], **params))
    assert set(report_rows(response)) == expected


def test_the_report_filters_by_division(client, scene):
    response = client.get(report_url(scene["version"], division=scene["works"].pk))
    assert set(report_rows(response)) == {"W-1", "W-2"}


def test_the_xlsx_export_opens_with_openpyxl_and_has_thai_headings(client, scene):
    response = client.get(report_url(scene["version"], export="xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    heading_row = heading_row_of(sheet)
    assert list(rows[heading_row - 1]) == THAI_HEADINGS
    by_number = {row[0]: row for row in rows[heading_row:]}
    assert set(by_number) == {"F-1", "F-2", "F-3", "W-1", "W-2"}
    first = dict(zip(THAI_HEADINGS, by_number["F-1"], strict=True))
    acknowledgment = Acknowledgment.objects.get(person=scene["people"][0])
    assert first["สถานะ"] == "รับทราบแล้ว"
    # A date cell in Bangkok time, shown in B.E. ("15 ม.ค. 2568 10:30").
    assert first["รับทราบเมื่อ"] == datetime.datetime(2025, 1, 15, 10, 30)
    due = Requirement.objects.get(person=scene["people"][0]).due_date
    assert first["กำหนดรับทราบ"] == datetime.datetime.combine(due, datetime.time())
    for row in sheet.iter_rows(min_row=heading_row + 1):
        for cell in (row[6], row[7]):
            assert cell.value is None or (cell.is_date and cell.number_format in BE_FORMATS)
    assert first["ช่องทาง"] == "ออนไลน์"
    assert first["รีวิชัน"] == acknowledgment.revision_id
    assert first["SHA-256 ของข้อความ"] == acknowledgment.text_sha256
    assert first["หมายเลข IP"] == "10.1.2.3"
    assert by_number["F-2"][5] == "เกินกำหนด"
    assert by_number["W-1"][9] == "สมศรี งานบุคคล"


def heading_row_of(sheet) -> int:
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == THAI_HEADINGS[0])


def test_the_xlsx_export_is_laid_out_for_the_office_and_named_by_what_and_when(client, scene):
    version = scene["version"]
    response = client.get(report_url(version, export="xlsx", division=scene["finance"].pk))

    filename = download_filename(response)
    assert filename == export_filename(
        f"รายงานการรับทราบ-{scene['code'].title}-ฉบับที่ {version.number}",
        timezone.localdate(),
        "xlsx",
    )
    assert filename.endswith(
        f"-{timezone.localdate().year + 543}-{timezone.localdate():%m-%d}.xlsx"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "รายงานการรับทราบ"
    assert sheet["A1"].value == f"รายงานการรับทราบ {scene['code'].title} ฉบับที่ {version.number}"
    heading_row = heading_row_of(sheet)
    summary = {sheet.cell(row, 1).value: sheet.cell(row, 2) for row in range(2, heading_row - 1)}
    assert summary["ข้อมูล ณ วันที่"].is_date
    assert summary["ข้อมูล ณ วันที่"].number_format in BE_FORMATS
    assert summary["เอกสาร"].value == scene["code"].title
    assert summary["ฉบับที่"].value == version.number
    assert summary["ส่วนราชการ"].value == "กองคลัง"  # the filter in force
    # The counts of the rows in the file: F-1 acknowledged, F-2 late, F-3 still has time.
    assert summary["จำนวนรายการ"].value == 3
    assert summary["รับทราบแล้ว (คน)"].value == 1
    assert summary["เกินกำหนด (คน)"].value == 1
    assert summary["ยังไม่รับทราบ (คน)"].value == 1
    assert sheet.freeze_panes == f"A{heading_row + 1}"
    assert all(cell.font.b for cell in sheet[heading_row])
    # Widths from the content: the SHA-256 column is wider than the employee numbers'.
    assert sheet.column_dimensions["L"].width > sheet.column_dimensions["A"].width


def test_the_csv_export_has_a_bom_thai_headings_and_honours_the_filters(client, scene):
    response = client.get(report_url(scene["version"], export="csv", status="acknowledged"))

    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == THAI_HEADINGS
    assert sorted(row[0] for row in rows[1:]) == ["F-1", "W-1"]
    assert rows[1][7] == "15 ม.ค. 2568 เวลา 10:30 น."  # as the screen shows it
    assert download_filename(response).endswith(".csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    paper = next(row for row in rows if row[0] == "W-1")
    assert paper[8] == "ลงนามในเอกสาร (บันทึกโดยงานบุคคล)"


def test_report_and_listings_take_as_many_queries_for_200_people_as_for_10(client, scene):
    organisation, version = scene["organisation"], scene["version"]
    urls = [
        VERSIONS,
        RECORDS,
        report_url(version),
        report_url(version, status="acknowledged"),
        report_url(version, export="xlsx"),
        report_url(version, export="csv"),
    ]

    def queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
            assert response.status_code == 200, url
            counts.append(len(captured))
        return counts

    def grow(count):
        Person.objects.bulk_create(
            Person(
                organisation=organisation,
                division=scene["finance"],
                employee_number=f"X-{len(Person.objects.all())}-{n}",
                first_name=f"ชื่อ{n}",
                last_name="ทดสอบ",
                position="พนักงาน",
                staff_type=StaffType.MUNICIPAL_OFFICIAL,
                personnel_group=GROUP_OF_STAFF_TYPE[StaffType.MUNICIPAL_OFFICIAL],
                active_from=datetime.date(2020, 1, 1),
            )
            for n in range(count)
        )
        requirements_assign_for_version(version=version)
        pending = Requirement.objects.filter(version=version, fulfilled_at__isnull=True)
        acknowledgments_record(
            requirements=list(pending.order_by("pk")[: count // 2]),
            evidence=Evidence(channel=AcknowledgmentChannel.PAPER, recorded_by_id=scene["hr"].pk),
        )

    grow(5)  # 10 people
    few = queries()
    grow(190)  # 200 people
    many = queries()

    assert Requirement.objects.filter(version=version).count() == 200
    assert many == few, f"{few} queries for 10 people, {many} for 200"


# --- The evidence listing: read-only -----------------------------------------------------------


def test_the_records_listing_and_inspect_view_show_the_evidence(client, scene):
    acknowledgment = Acknowledgment.objects.get(person=scene["people"][3])

    html = client.get(RECORDS).content.decode()
    assert scene["people"][0].full_name in html and scene["people"][3].full_name in html
    inspect = reverse("acknowledgment:inspect", args=[acknowledgment.pk])
    assert inspect in html

    html = client.get(inspect).content.decode()
    assert acknowledgment.record_hash in html
    assert "15 ม.ค. 2568 เวลา 10:30 น." in html
    assert "สมศรี งานบุคคล" in html
    # No button leads anywhere that could change it.
    assert "/edit/" not in html.split("</header>")[0]


@pytest.mark.parametrize("as_superuser", [False, True])
def test_nobody_can_edit_or_delete_an_acknowledgment_through_the_admin(client, scene, as_superuser):
    if as_superuser:
        client.force_login(UserFactory(is_superuser=True))
    acknowledgment = Acknowledgment.objects.get(person=scene["people"][0])
    before = acknowledgment.record_hash

    for name in ["add", "edit", "delete", "history", "usage", "copy"]:
        for viewset in ["acknowledgment", "acknowledgment_progress"]:
            with pytest.raises(NoReverseMatch):
                reverse(f"{viewset}:{name}", args=[acknowledgment.pk] if name != "add" else [])
    for path in ["edit", "delete", "history", "usage", "copy"]:
        url = f"/admin/acknowledgments/records/{path}/{acknowledgment.pk}/"
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"note": "แก้ไขย้อนหลัง"}).status_code == 404, url
    assert client.get("/admin/acknowledgments/records/new/").status_code == 404

    urls = [
        RECORDS,
        reverse("acknowledgment:index_results"),
        reverse("acknowledgment:inspect", args=[acknowledgment.pk]),
        VERSIONS,
        report_url(scene["version"]),
        reverse("acknowledgment_progress:report_results", args=[scene["version"].pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
        response = client.post(url, {"note": "แก้ไขย้อนหลัง", "channel": "paper"})
        assert response.status_code in (403, 404, 405), url

    inspect_html = client.get(reverse("acknowledgment:inspect", args=[acknowledgment.pk])).text
    assert "ลบ" not in inspect_html.split('id="main"')[-1].split("<dl")[0]
    acknowledgment = Acknowledgment.objects.get(pk=acknowledgment.pk)
    assert (acknowledgment.record_hash, acknowledgment.note) == (before, "")
    assert Acknowledgment.objects.count() == 2


def test_a_person_with_acknowledgments_cannot_be_deleted(client, scene):
    person = scene["people"][0]
    with pytest.raises(ProtectedError):
        person.delete()

    client.force_login(UserFactory(is_superuser=True))
    response = client.post(reverse("person:delete", args=[person.pk]))

    assert response.status_code == 302
    assert Person.objects.filter(pk=person.pk).exists()
    assert Acknowledgment.objects.filter(person=person).count() == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("ลบไม่ได้" in message for message in messages)


def test_hr_role_has_view_permissions_on_versions_and_acknowledgments_only():
    names = set(
        roles.role_group(OrganisationFactory(), roles.HR_OFFICER).permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"view_documentversion", "view_acknowledgment"} <= names
    assert not names & {"change_acknowledgment", "delete_acknowledgment", "change_documentversion"}
