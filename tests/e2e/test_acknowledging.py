"""A member of staff acknowledges a circular on a phone, once, and sees it in their history."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from training.acknowledgment.models import Acknowledgment
from training.demo import DEMO_PASSWORD
from training.register.models import Person

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(context):
    call_command("load_demo", verbosity=0)


def log_in(page: Page, username: str):
    page.goto("/accounts/login/?next=/portal/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def test_staff_acknowledges_the_outstanding_circular_once(page: Page, demo, axe_check):
    staff = Person.objects.get(user__username="staff")
    log_in(page, "staff")
    expect(page.get_by_role("heading", level=1)).to_have_text("รายการที่ต้องรับทราบ")
    axe_check(page)
    items = page.locator(".todo")
    outstanding_before = items.count()
    assert outstanding_before > 0
    badge = page.locator(".count-badge").first
    expect(badge).to_contain_text(str(outstanding_before))

    first = page.locator(".todo__title").first
    title = first.inner_text()
    first.click()
    # At the top of a long document: when it is due, and a jump to the box at its end.
    banner = page.locator(".acknowledge-banner")
    expect(banner).to_contain_text("กำหนดรับทราบภายใน")
    assert banner.bounding_box()["y"] < 740
    page.get_by_role("link", name="ไปที่ช่องรับทราบท้ายเอกสาร").click()
    expect(page.get_by_role("button", name="รับทราบ", exact=True)).to_be_in_viewport()
    expect(page.locator(".acknowledge-statement")).to_contain_text("ได้อ่านและรับทราบ")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Keep the form to submit it a second time, as a resubmitted form or second tab would.
    form_action = page.locator("form.acknowledge-form").get_attribute("action")
    publication = page.locator("form.acknowledge-form input[name=publication]").get_attribute(
        "value"
    )
    page.get_by_role("button", name="รับทราบ", exact=True).click()
    # Straight on to the next item still to acknowledge.
    expect(page.locator(".messages")).to_contain_text("บันทึกการรับทราบ")
    expect(page.locator(".messages")).to_contain_text("รายการถัดไป")
    expect(page.locator(".acknowledge-banner")).to_be_visible()
    axe_check(page)
    assert Acknowledgment.objects.filter(person=staff).count() == 1
    page.goto("/portal/history/")
    expect(page.locator("table.history")).to_contain_text(title)

    csrf = page.context.cookies()
    token = next(c["value"] for c in csrf if c["name"] == "csrftoken")
    response = page.request.post(
        form_action,
        form={"publication": publication, "csrfmiddlewaretoken": token},
        headers={"Referer": page.url},
    )
    assert response.ok
    assert "ท่านได้รับทราบเอกสารนี้แล้ว" in response.text()
    assert Acknowledgment.objects.filter(person=staff).count() == 1

    page.goto("/portal/")
    expect(page.locator(".todo")).to_have_count(outstanding_before - 1)


def test_logging_out_lands_on_the_home_page_and_says_so(page: Page, demo, axe_check):
    log_in(page, "staff")
    expect(page.get_by_role("heading", level=1)).to_have_text("รายการที่ต้องรับทราบ")
    page.get_by_role("button", name="ออกจากระบบ").click()
    expect(page.locator(".messages")).to_contain_text("ออกจากระบบแล้ว")
    assert page.url.rstrip("/").endswith(page.url.split("/")[2])  # the home page
    axe_check(page)
    page.goto("/portal/")
    expect(page.get_by_label("ชื่อผู้ใช้")).to_be_visible()
