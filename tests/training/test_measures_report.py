"""The measures report: page, PDF and .xlsx show the six headings, seven rows and measure 6's
figures from the known data set (tests/figures_data.py); another organisation's HR is refused."""

import io
import unicodedata

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from home.thai_dates import FiscalYear, format_thai_date
from tests.factories import OrganisationFactory
from tests.figures_data import build_known
from tests.training.register_helpers import user_with_role
from training.acknowledgment.models import DocumentVersion
from training.figures.measures import measure_six
from training.figures.report_models import MeasuresReport
from training.register import roles

pytestmark = pytest.mark.django_db

HEADINGS = [
    "ขั้นตอนหรือวิธีการปฏิบัติ",
    "ช่วงระยะเวลาในการดำเนินการ",
    "ผู้รับผิดชอบ",
    "ผลการดำเนินการ (Output)",
    "ผลลัพธ์หรือผลสัมฤทธิ์ในการดำเนินการ (outcome/result)",
    "มาตรการ โครงการ หรือกิจกรรมที่ดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
]
# Hand-counted FY 2569 (tests/figures_data.py): 6 of 7 acknowledged, 4 on time.
FIGURES = [
    "รับทราบ 6 จาก 7 รายการ (ร้อยละ 85.7)",
    "ฝ่ายข้าราชการประจำ: รับทราบ 4 จาก 5 รายการ (ร้อยละ 80.0)",
    "ฝ่ายบริหาร: รับทราบ 1 จาก 1 รายการ (ร้อยละ 100.0)",
    "ฝ่ายการเมือง: รับทราบ 1 จาก 1 รายการ (ร้อยละ 100.0)",
    "กองคลัง: รับทราบ 3 จาก 3 รายการ (ร้อยละ 100.0)",
    "กองช่าง: รับทราบ 2 จาก 3 รายการ (ร้อยละ 66.7)",
    "รับทราบภายในกำหนด ร้อยละ 57.1",
]


@pytest.fixture
def known():
    return build_known()


@pytest.fixture
def report(known):
    return MeasuresReport.objects.create(
        organisation=known["organisation"],
        fiscal_year=2569,
        signatory_name="นางสาวทดสอบ รายงานดี",
        signatory_position="นักทรัพยากรบุคคล",
        m1_measure="<p>๑. มาตรการ การปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ</p>",
        m6_measure="<p>๖. กระบวนการควบคุม ตรวจสอบการใช้อำนาจและบริหารงานบุคคล</p>",
        m6_steps="<p>๑. มีการดำเนินการจัดทำประมวลจริยธรรม</p>",
        m7_outcome="<p>เจ้าหน้าที่ทราบข้อมูลเกี่ยวกับงบประมาณ</p>",
    )


@pytest.fixture
def hr(known):
    return user_with_role(roles.HR_OFFICER, known["organisation"], employee_number="HR-1")


def url(name, report):
    return reverse(f"wagtailsnippets_training_measuresreport:{name}", args=[report.pk])


def squash(text: str) -> str:
    return " ".join(text.split())


def test_the_page_shows_the_headings_seven_rows_and_the_counted_figures(client, hr, report):
    client.force_login(hr)
    response = client.get(url("report", report))
    assert response.status_code == 200
    html = squash(response.content.decode())
    for heading in HEADINGS:
        assert heading in html
    for number in range(1, 8):
        assert f'id="measure-{number}"' in html
    for figure in FIGURES:
        assert figure in html
    assert "เผยแพร่เอกสารในปีงบประมาณ พ.ศ. 2569 จำนวน 1 ฉบับ" in html
    assert "ปีงบประมาณ พ.ศ. 2568 ไม่มีข้อมูลการรับทราบให้เปรียบเทียบ" in html
    assert "นางสาวทดสอบ รายงานดี" in html
    assert "เจ้าหน้าที่ทราบข้อมูลเกี่ยวกับงบประมาณ" in html
    assert "บรรยาย" not in html  # briefings come later; the report says nothing of them


def test_the_change_from_the_previous_year(client, hr, known):
    later = MeasuresReport.objects.create(organisation=known["organisation"], fiscal_year=2570)
    client.force_login(hr)
    html = squash(client.get(url("report", later)).content.decode())
    # FY 2570: 1 of 2 (50.0%) against 85.7% the year before.
    assert "รับทราบ 1 จาก 2 รายการ (ร้อยละ 50.0)" in html
    assert "เทียบกับปีงบประมาณ พ.ศ. 2569 (ร้อยละ 85.7): ลดลง 35.7 จุด" in html


def test_the_pdf_has_the_headings_thai_numerals_and_the_figures(client, hr, report):
    client.force_login(hr)
    response = client.get(url("pdf", report))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert "2569" in disposition and ".pdf" in disposition
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    text = squash(
        unicodedata.normalize("NFKC", "".join(page.extract_text() for page in reader.pages))
    )
    compact = text.replace(" ", "")
    for heading in HEADINGS:
        assert unicodedata.normalize("NFKC", heading).replace(" ", "") in compact
    assert "๘๕.๗" in text and "๖จาก๗รายการ" in compact
    assert "ร้อยละ๘๐.๐" in compact  # the permanent officials' side
    assert "ร้อยละ๖๖.๗" in compact  # กองช่าง
    assert "85.7" not in text
    assert "ผู้รายงาน" in text and "นักทรัพยากรบุคคล" in text


def test_the_xlsx_has_a_thai_sheet_the_headings_and_the_figures(client, hr, report):
    client.force_login(hr)
    response = client.get(url("xlsx", report))
    assert response.status_code == 200
    assert ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "มาตรการส่งเสริมคุณธรรม 2569"
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    heading_row = next(
        index
        for index, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        if row[0] == HEADINGS[-1]
    )
    assert sheet.freeze_panes == f"A{heading_row + 1}"
    assert sheet.cell(heading_row, 1).font.bold
    assert list(sheet.iter_rows(min_row=heading_row, max_row=heading_row, values_only=True))[0][
        1:
    ] == tuple(HEADINGS[:5])
    text = "\n".join(str(value) for value in values)
    for figure in FIGURES:
        assert figure in text
    assert len(list(sheet.iter_rows(min_row=heading_row + 1))) == 7


def test_hr_of_another_organisation_can_neither_see_nor_edit_the_report(client, report):
    other = OrganisationFactory()
    client.force_login(user_with_role(roles.HR_OFFICER, other, employee_number="HR-9"))
    for name in ("report", "pdf", "xlsx", "edit", "delete"):
        assert client.get(url(name, report)).status_code == 404, name
    response = client.post(url("edit", report), {"fiscal_year": 2569, "signatory_name": "x"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.signatory_name == "นางสาวทดสอบ รายงานดี"
    listing = client.get(reverse("wagtailsnippets_training_measuresreport:list"))
    assert listing.status_code == 200
    assert url("report", report) not in listing.content.decode()


def test_hr_edits_the_report_of_their_organisation(client, hr, report, known):
    client.force_login(hr)
    assert client.get(url("edit", report)).status_code == 200
    listing = client.get(reverse("wagtailsnippets_training_measuresreport:list"))
    assert url("report", report) in listing.content.decode()
    # When it was last edited, in the Buddhist era like every date the product shows.
    edited = format_thai_date(report.updated_at, "short", with_time=True)
    assert str(report.updated_at.year + 543) in edited
    assert edited in listing.content.decode()
    data = {
        "organisation": known["organisation"].pk,
        "fiscal_year": 2569,
        "signatory_name": "นายแก้ไข แล้ว",
        "signatory_position": "ปลัดเทศบาล",
    }
    response = client.post(url("edit", report), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    report.refresh_from_db()
    assert report.signatory_name == "นายแก้ไข แล้ว"
    assert not hasattr(report, "m6_output") and not hasattr(report, "m6_outcome")


def test_a_new_years_report_starts_from_last_years_typed_cells(client, hr, report, known):
    client.force_login(hr)

    response = client.get(reverse("wagtailsnippets_training_measuresreport:add"))

    page = response.content.decode()
    assert "คัดลอกข้อความจากรายงานปีงบประมาณ พ.ศ. 2569 แล้ว" in page
    assert 'value="2570"' in page
    assert "นางสาวทดสอบ รายงานดี" in page
    # The rich-text boxes (Draftail's state is JSON in the page) hold last year's cells.
    form = response.context["form"]
    assert form["m1_measure"].value() == report.m1_measure
    assert form["m7_outcome"].value() == report.m7_outcome
    # HR of another organisation starts from nothing of it.
    client.force_login(user_with_role(roles.HR_OFFICER, OrganisationFactory()))
    other = client.get(reverse("wagtailsnippets_training_measuresreport:add"))
    assert not other.context["form"]["m7_outcome"].value()
    assert "คัดลอกข้อความ" not in other.content.decode()


def test_the_page_takes_as_many_queries_for_many_people_as_for_few(
    client, hr, report, known, django_assert_max_num_queries
):
    from tests.factories import AcknowledgmentFactory, PersonFactory, RequirementFactory
    from tests.figures_data import at
    from training.register.models import StaffType

    client.force_login(hr)
    client.get(url("report", report))  # warm the site root paths and the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url("report", report))
    for _n in range(15):
        someone = PersonFactory(
            organisation=known["organisation"],
            staff_type=StaffType.MUNICIPAL_OFFICIAL,
            division=known["finance"],
        )
        requirement = RequirementFactory(
            version=known["first"], person=someone, assigned_at=at(2025, 11, 3)
        )
        AcknowledgmentFactory(requirement=requirement, at=at(2025, 11, 20))
    with django_assert_max_num_queries(len(few)):
        response = client.get(url("report", report))
    assert "รับทราบ 21 จาก 22 รายการ" in squash(response.content.decode())
    with django_assert_max_num_queries(len(few)):
        client.get(url("xlsx", report))


def test_an_internal_circular_is_counted_as_circulated_not_as_published_on_the_website(known):
    page = known["first"].page
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    six = measure_six(known["organisation"].pk, FiscalYear(2569))
    text = [line.text for line in six.output]

    assert "แจ้งเวียนภายในหน่วยงาน 1 ฉบับ (ไม่เผยแพร่ต่อสาธารณะ)" in text
    assert not any("ทางเว็บไซต์" in line for line in text)
    assert all(not line.url for line in six.output)


def test_a_circular_is_reported_as_sent_to_whom_it_went_to_that_year(known):
    # Its audience today is larger (people joined or moved in since): the year's figures say
    # whom it went to in FY 2569, as the dashboard counts them: p1..p8, p5 who left included.
    DocumentVersion.objects.filter(pk=known["first"].pk).update(audience_size=20)
    six = measure_six(known["organisation"].pk, FiscalYear(2569))
    sent = [line.text for line in six.output if line.text.startswith("แจ้งเวียน ")]
    assert sent == [f"แจ้งเวียน {known['first'].page.title} ให้บุคลากรในสังกัดรับทราบ 8 คน"]
    assert any("ยังไม่รับทราบ 1 รายการ" in line.text for line in six.output)
