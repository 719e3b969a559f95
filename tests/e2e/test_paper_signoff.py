"""HR on a phone records a paper sign-off: the document at the top, errors summed up above the
list with a link to each, and a review step before the record is written."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from wagtail.models import Page as WagtailPage
from wagtail.models import Site

from ethics.models import EthicsIndexPage
from home.models import HomePage
from home.thai_dates import numeric_date
from tests.factories import DivisionFactory, OrganisationFactory, PersonFactory
from tests.pages import add_code
from tests.training.register_helpers import user_with_role
from training.acknowledgment.models import Acknowledgment, AcknowledgmentChannel, Requirement
from training.acknowledgment.publishing import requirements_assign_for_version
from training.register import roles

pytestmark = pytest.mark.e2e

PASSWORD = "correct-horse-battery"  # UserFactory's
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "ประมวลจริยธรรมของพนักงานเทศบาล"


@pytest.fixture
def paper(context) -> dict:
    home = WagtailPage.get_first_root_node().add_child(
        instance=HomePage(title="เทศบาลตำบลพระแท่น", slug="e2e-paper-home")
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    organisation = OrganisationFactory(site=site, name_th="เทศบาลตำบลพระแท่น")
    ethics = home.add_child(instance=EthicsIndexPage(title="ประมวลจริยธรรม", slug="ethics"))
    division = DivisionFactory(organisation=organisation, name="สำนักปลัดเทศบาล")
    people = [
        PersonFactory(organisation=organisation, division=division, first_name=name)
        for name in ("สมหญิง", "ประเสริฐ")
    ]
    code = add_code(ethics, title=TITLE)
    requirements_assign_for_version(version=code.current_version)
    hr = user_with_role(roles.HR_OFFICER, organisation, employee_number="HR-1")
    return {"version": code.current_version, "people": people, "hr": hr}


def log_in(page: Page, user) -> None:
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).not_to_have_url("/admin/login/")


def test_hr_records_paper_on_a_phone_through_a_confirmation(page: Page, paper, axe_check):
    log_in(page, paper["hr"])
    page.goto(f"/admin/signoffs/{paper['version'].pk}/paper/")

    # The document and its version are the first thing on the page, above the list.
    heading = page.get_by_role("heading", name=TITLE, exact=True)
    expect(heading).to_be_visible()
    expect(page.get_by_text("ฉบับที่ 1 · มีผลตั้งแต่วันที่")).to_be_visible()
    assert heading.bounding_box()["y"] < page.locator("table.listing").bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    axe_check(page)

    # Ticked, but no scan: the error is summed up at the top and links to the field.
    page.get_by_label("นายสมหญิง", exact=False).check()
    page.get_by_role("button", name="ตรวจสอบก่อนบันทึก").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    assert summary.bounding_box()["y"] < page.locator("table.listing").bounding_box()["y"]
    summary.get_by_role("link", name="โปรดแนบใบลงนามที่สแกน").click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#id_scan")
    axe_check(page)

    # "Select all" ticks every row; untick it again to choose one person.
    select_all = page.get_by_label("เลือกทั้งหมด")
    select_all.check()
    expect(page.locator('input[name="requirement"]:checked')).to_have_count(2)
    select_all.uncheck()
    expect(page.locator('input[name="requirement"]:checked')).to_have_count(0)

    # With the scan: a review page first, then the record.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("นายสมหญิง", exact=False).check()
    page.locator("#id_scan").set_input_files(
        {"name": "sheet.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.locator("#id_signed_on").fill(numeric_date(yesterday))
    page.get_by_role("button", name="ตรวจสอบก่อนบันทึก").click()
    expect(page.get_by_role("heading", name="ตรวจสอบก่อนบันทึก")).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE, exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="นายสมหญิง", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="เปิดดู sheet.pdf", exact=False)).to_be_visible()
    assert not Acknowledgment.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    axe_check(page)

    page.get_by_role("button", name="ยืนยันบันทึกการลงนาม").click()
    expect(page.get_by_text("บันทึกการลงนามรับทราบแล้ว 1 คน")).to_be_visible()
    acknowledgment = Acknowledgment.objects.get()
    assert acknowledgment.channel == AcknowledgmentChannel.PAPER
    assert acknowledgment.person == paper["people"][0]
    assert Requirement.objects.filter(fulfilled_at__isnull=True).count() == 1


def test_hr_copies_a_link_and_shows_its_qr_code_on_a_phone(page: Page, context, paper, axe_check):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, paper["hr"])
    page.goto(f"/admin/signoffs/{paper['version'].pk}/links/")

    expect(page.get_by_role("heading", name=TITLE, exact=True)).to_be_visible()
    expect(page.get_by_text("ใช้ได้ 14 วันนับจากวันที่สร้างหรือส่ง", exact=False)).to_be_visible()
    link = page.get_by_role("textbox", name="ลิงก์รับทราบของ นายสมหญิง", exact=False)
    page.get_by_role("button", name="คัดลอกลิงก์ นายสมหญิง", exact=False).click()
    expect(page.locator("#copy-status")).to_contain_text("คัดลอกลิงก์ของ นายสมหญิง")
    assert page.evaluate("navigator.clipboard.readText()") == link.input_value()
    page.get_by_text("แสดงคิวอาร์โค้ด").first.click()
    expect(page.get_by_role("img", name="คิวอาร์โค้ดลิงก์รับทราบของ", exact=False).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    axe_check(page)
