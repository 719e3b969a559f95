"""A council member without a login acknowledges a code through the link emailed to them."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect
from wagtail.models import Page as WagtailPage
from wagtail.models import Site

from ethics.models import EthicsIndexPage
from home.models import HomePage
from tests.factories import OrganisationFactory, PersonFactory
from tests.pages import add_code
from training.acknowledgment.models import Acknowledgment, AcknowledgmentChannel, Requirement
from training.acknowledgment.publishing import requirements_assign_for_version
from training.outreach.signed_links import make_link_token
from training.register.models import StaffType

pytestmark = pytest.mark.e2e


@pytest.fixture
def link(context) -> str:
    home = WagtailPage.get_first_root_node().add_child(
        instance=HomePage(title="เทศบาลตำบลพระแท่น", slug="e2e-link-home")
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    organisation = OrganisationFactory(site=site, name_th="เทศบาลตำบลพระแท่น")
    ethics = home.add_child(instance=EthicsIndexPage(title="ประมวลจริยธรรม", slug="ethics"))
    PersonFactory(
        organisation=organisation,
        staff_type=StaffType.COUNCIL_MEMBER,
        first_name="สมศรี",
        last_name="สภาดี",
    )
    code = add_code(ethics, title="ประมวลจริยธรรมของสมาชิกสภาท้องถิ่น", groups=("political",))
    requirements_assign_for_version(version=code.current_version)
    return f"/ack/{make_link_token(Requirement.objects.get())}/"


def test_a_council_member_acknowledges_on_a_phone_through_the_link(page: Page, link, axe_check):
    page.goto(link)
    expect(page.get_by_text("ข้าพเจ้า นายสมศรี สภาดี")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="รับทราบ").click()
    expect(page.get_by_role("heading", name="บันทึกการรับทราบเรียบร้อยแล้ว")).to_be_visible()
    axe_check(page)
    assert Acknowledgment.objects.get().channel == AcknowledgmentChannel.SIGNED_LINK

    page.goto(link)
    expect(page.get_by_role("heading", name="ลิงก์นี้ใช้แล้ว")).to_be_visible()


def test_an_expired_link_says_so_on_a_page_of_the_site(page: Page, link, axe_check):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30), tick=True):
        page.goto(link)
    expect(page.get_by_role("heading", name="ลิงก์หมดอายุแล้ว")).to_be_visible()
    axe_check(page)


def test_the_link_page_can_be_read_in_english(page: Page, link):
    page.goto(link)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("button", name="Acknowledge")).to_be_visible()
    # In English the statement is said once, not followed by an English gloss of itself.
    expect(page.locator(".acknowledge-statement-en")).to_have_count(0)
