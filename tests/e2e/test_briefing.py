"""The issue's first "done when": at phone width a head schedules a briefing for their division
and shows its QR code; a member of staff, in a second browser, opens the code's URL, is checked
in, confirms the statement, and the version shows as acknowledged with channel "briefing"; a code
older than its rotation period is refused with a clear Thai message."""

import datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from wagtail.models import Page as WagtailPage
from wagtail.models import Site

from home.models import HomePage
from home.thai_dates import numeric_date
from tests.e2e.conftest import PHONE
from tests.factories import (
    DivisionFactory,
    DocumentVersionFactory,
    OrganisationFactory,
    PersonFactory,
    RequirementFactory,
    UserFactory,
)
from training.acknowledgment.models import Acknowledgment, AcknowledgmentChannel
from training.briefings.codes import CHECKIN_VALID_SECONDS, make_checkin_code
from training.briefings.models import Attendance, AttendanceStatus, Briefing
from training.demo import DEMO_PASSWORD
from training.register import roles
from training.register.models import StaffType

pytestmark = pytest.mark.e2e


@pytest.fixture
def office(context, live_server) -> dict:
    home = WagtailPage.get_first_root_node().add_child(
        instance=HomePage(title="เทศบาลตำบลพระแท่น", slug="e2e-briefing-home")
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    # The organisation's site is where the live server answers: the check-in QR code links there.
    address = urlsplit(live_server.url)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    organisation = OrganisationFactory(site=site, name_th="เทศบาลตำบลพระแท่น")
    finance = DivisionFactory(organisation=organisation, name="กองคลัง")
    head_login = UserFactory(username="head", password=DEMO_PASSWORD)
    roles.roles_grant(head_login, organisation, roles.DIVISION_HEAD)
    head = PersonFactory(
        organisation=organisation,
        division=finance,
        title="นาง",
        first_name="พรทิพย์",
        last_name="บุญประเสริฐ",
        position="ผู้อำนวยการกองคลัง",
        staff_type=StaffType.DIVISION_DIRECTOR,
        user=head_login,
    )
    finance.head = head
    finance.save()
    staff = PersonFactory(
        organisation=organisation,
        division=finance,
        title="นาง",
        first_name="จิราพร",
        last_name="ธรรมรักษ์",
        position="นักวิชาการเงินและบัญชีชำนาญการ",
        user=UserFactory(username="staff", password=DEMO_PASSWORD),
    )
    version = DocumentVersionFactory(organisation=organisation)
    version.page.title = "ประมวลจริยธรรมของพนักงานเทศบาล"
    version.page.save()
    RequirementFactory(version=version, person=staff)
    return {"head": head, "staff": staff, "version": version}


def log_in(page: Page, username: str):
    page.goto("/accounts/login/?next=/portal/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def fits_the_phone(page: Page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_head_briefs_and_staff_check_in_and_acknowledge_on_phones(
    page: Page, browser: Browser, live_server, office, axe_check
):
    log_in(page, "head")
    page.get_by_role("link", name="การประชุมชี้แจง").click()
    page.get_by_role("link", name="นัดหมายการประชุมชี้แจง").click()
    axe_check(page)
    fits_the_phone(page)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("หัวข้อ").fill("ชี้แจงประมวลจริยธรรม ปีงบประมาณ ๒๕๗๐")
    page.get_by_label("วันที่").fill(numeric_date(tomorrow))
    page.get_by_label("เวลาเริ่ม").fill("10:00")
    page.get_by_label("เวลาสิ้นสุด").fill("12:00")
    page.get_by_label("สถานที่").fill("ห้องประชุมสำนักปลัด")
    page.get_by_label("กองคลัง").check()
    page.get_by_label("ประมวลจริยธรรมของพนักงานเทศบาล ฉบับที่ 1").check()
    page.get_by_role("button", name="นัดหมายและส่งอีเมลเชิญ").click()

    expect(page.locator(".messages")).to_contain_text("นัดหมายการประชุมแล้ว")
    expect(page.locator(".qr__code svg")).to_be_visible()
    axe_check(page)
    fits_the_phone(page)
    code_url = page.locator(".qr__link").get_attribute("href")
    briefing = Briefing.objects.get()
    assert briefing.divisions.get().name == "กองคลัง"

    # A member of staff on their own phone scans the code (opens its URL).
    staff_context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="th-TH", timezone_id="Asia/Bangkok"
    )
    try:
        staff = staff_context.new_page()
        log_in(staff, "staff")
        staff.goto(code_url)
        expect(staff.locator(".messages")).to_contain_text("ลงชื่อเข้าร่วมประชุมแล้ว")
        statement = staff.locator(".acknowledge-statement")
        expect(statement).to_contain_text("ได้อ่านและรับทราบ “ประมวลจริยธรรมของพนักงานเทศบาล”")
        axe_check(staff)
        fits_the_phone(staff)
        staff.get_by_role("button", name="รับทราบ", exact=True).click()
        expect(staff.locator(".messages")).to_contain_text("บันทึกการรับทราบในการประชุมชี้แจง")
        staff.goto("/portal/history/")
        expect(staff.locator("table.history")).to_contain_text("ประมวลจริยธรรมของพนักงานเทศบาล")
        expect(staff.locator("table.history")).to_contain_text("ในการประชุมชี้แจง")
        axe_check(staff)

        # A code older than it lives (a photo sent home) is refused, in Thai.
        with time_machine.travel(
            timezone.now() - datetime.timedelta(seconds=CHECKIN_VALID_SECONDS + 1)
        ):
            old = make_checkin_code(briefing.pk)
        response = staff.goto(f"/check-in/{old}/")
        assert response.status == 410
        expect(staff.locator(".check-in-refused")).to_contain_text("คิวอาร์โค้ดนี้หมดอายุแล้ว")
        axe_check(staff)
    finally:
        staff_context.close()

    attendance = Attendance.objects.get()
    assert attendance.person == office["staff"]
    assert attendance.status == AttendanceStatus.PRESENT
    acknowledgment = Acknowledgment.objects.get()
    assert acknowledgment.channel == AcknowledgmentChannel.BRIEFING
    assert acknowledgment.version == office["version"]

    # The leader's list shows them checked in.
    page.reload()
    expect(page.locator(".attendance--present")).to_contain_text("นางจิราพร ธรรมรักษ์")
