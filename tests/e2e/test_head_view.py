"""A division head, as in the demo (the "head" login, director of กองคลัง, not an admin user),
follows their division from the portal on a phone and on a desktop: they see who in กองคลัง has
not acknowledged, nobody of กองช่าง, remind one of them and see it confirmed."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from wagtail.models import Page as WagtailPage
from wagtail.models import Site

from home.models import HomePage
from tests.factories import (
    DivisionFactory,
    DocumentVersionFactory,
    OrganisationFactory,
    PersonFactory,
    RequirementFactory,
    UserFactory,
)
from training.demo import DEMO_PASSWORD
from training.outreach.models import ReminderLog, ReminderStatus
from training.register import roles
from training.register.models import StaffType

pytestmark = pytest.mark.e2e


@pytest.fixture
def office(context) -> dict:
    home = WagtailPage.get_first_root_node().add_child(
        instance=HomePage(title="เทศบาลตำบลพระแท่น", slug="e2e-head-home")
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    organisation = OrganisationFactory(site=site, name_th="เทศบาลตำบลพระแท่น")
    finance = DivisionFactory(organisation=organisation, name="กองคลัง")
    works = DivisionFactory(organisation=organisation, name="กองช่าง")
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
    people = {
        "staff": PersonFactory(
            organisation=organisation,
            division=finance,
            title="นาง",
            first_name="จิราพร",
            last_name="ธรรมรักษ์",
            position="นักวิชาการเงินและบัญชีชำนาญการ",
            email="m-10@phrathaen.example.org",
            user=UserFactory(username="staff"),
        ),
        "assistant": PersonFactory(
            organisation=organisation,
            division=finance,
            title="นาง",
            first_name="เพ็ญศรี",
            last_name="ภู่ระหงษ์",
            position="ผู้ช่วยเจ้าพนักงานจัดเก็บรายได้",
            staff_type=StaffType.MISSION_CONTRACT,
            email="c-06@phrathaen.example.org",
        ),
        "engineer": PersonFactory(
            organisation=organisation,
            division=works,
            title="นาย",
            first_name="นพดล",
            last_name="สุดใจ",
            position="ผู้ช่วยนายช่างโยธา",
            staff_type=StaffType.MISSION_CONTRACT,
            email="c-08@phrathaen.example.org",
        ),
    }
    today = timezone.localdate()
    version = DocumentVersionFactory(organisation=organisation)
    version.page.title = "แจ้งเวียนประมวลจริยธรรมของพนักงานเทศบาล"
    version.page.save()
    for name, due in [
        ("staff", today - datetime.timedelta(days=3)),
        ("assistant", today + datetime.timedelta(days=10)),
        ("engineer", today - datetime.timedelta(days=3)),
    ]:
        RequirementFactory(version=version, person=people[name], due_date=due)
    return {"finance": finance, "works": works, **people}


def log_in(page: Page, username: str):
    page.goto("/accounts/login/?next=/portal/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


@pytest.mark.parametrize("width", [360, 1280])
def test_a_head_sees_their_stragglers_and_reminds_one(page: Page, office, axe_check, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, "head")
    expect(page.get_by_role("heading", level=1)).to_have_text("รายการที่ต้องรับทราบ")
    page.get_by_role("link", name="ความคืบหน้าของส่วนราชการ").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("ความคืบหน้าการรับทราบของกองคลัง")
    stragglers = page.locator(".stragglers")
    expect(stragglers).to_contain_text("นางจิราพร ธรรมรักษ์")
    expect(stragglers).to_contain_text("นางเพ็ญศรี ภู่ระหงษ์")
    expect(stragglers).to_contain_text("เกินกำหนด")
    expect(page.locator("main")).not_to_contain_text("นพดล")
    expect(page.locator("table.division-figures")).to_contain_text(
        "แจ้งเวียนประมวลจริยธรรมของพนักงานเทศบาล"
    )
    expect(page.get_by_text("วันละหนึ่งครั้ง")).to_be_visible()
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("button", name="เตือน นางจิราพร ธรรมรักษ์").click()
    expect(page.locator(".messages")).to_contain_text("ส่งอีเมลเตือนแล้ว 1 คน: นางจิราพร ธรรมรักษ์")
    expect(page.get_by_role("button", name="เตือน นางจิราพร ธรรมรักษ์")).to_have_count(0)
    expect(stragglers).to_contain_text("ได้รับการเตือนแล้ววันนี้")
    axe_check(page)
    assert [email.to for email in mail.outbox] == [["m-10@phrathaen.example.org"]]
    assert ReminderLog.objects.get().status == ReminderStatus.SENT

    # Another division is not theirs to see.
    response = page.goto(f"/portal/division/{office['works'].pk}/")
    assert response.status == 404
