"""A circular on a phone reads as a Thai official letter, and an editor creates one with a Thai
title without touching the Promote tab."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from circulars.models import CircularIndexPage, CircularPage, Visibility
from home.thai_dates import thai_numerals
from training.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

ARABIC_DIGIT = re.compile(r"[0-9]")


@pytest.fixture
def demo(context):
    call_command("load_demo", verbosity=0)


def test_a_circular_reads_as_a_thai_letter_on_a_phone(page: Page, demo, axe_check):
    circular = CircularPage.objects.live().filter(visibility=Visibility.PUBLIC).first()
    # Its path on its own site: the demo has two sites, so `url` names the host.
    page.goto(circular.get_url_parts()[2])

    parts = [
        page.locator(".circular__number"),
        page.locator(".circular__office"),
        page.locator(".circular__date"),
        page.get_by_role("heading", level=1),
        page.locator(".circular__addressee"),
        page.locator(".circular__body"),
        page.locator(".circular__signature"),
    ]
    for part in parts:
        expect(part).to_be_visible()
    tops = [part.bounding_box()["y"] for part in parts]
    assert tops == sorted(tops), "ที่ and ส่วนราชการ, date, เรื่อง, เรียน, body, signature"
    expect(parts[0]).to_have_text(re.compile(r"^ที่ กจ ๕๒๙๐๑/ว [๐-๙]+$"))
    expect(parts[3]).to_have_text(f"เรื่อง {thai_numerals(circular.title)}")
    expect(parts[6]).to_contain_text("ขอแสดงความนับถือ")
    # One digit style on the page, Thai in the demo; the letter fits the phone.
    assert not ARABIC_DIGIT.search(page.locator("main").inner_text())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page)


def test_an_editor_creates_a_circular_with_a_thai_title_without_typing_a_slug(page: Page, demo):
    index = CircularIndexPage.objects.live().first()
    page.goto("/admin/login/")
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    page.goto(f"/admin/pages/add/circulars/circularpage/{index.pk}/")

    page.locator("#id_title").fill("ซักซ้อมการปฏิบัติตามประมวลจริยธรรมในการรับของขวัญ")
    page.locator("#id_circular_number").fill("ที่ กจ ๕๒๙๐๑/ว ๔๐๐")
    page.locator("#id_date").fill("03/03/2568")
    page.locator(".Draftail-Editor [contenteditable=true]").first.click()
    page.keyboard.type("ขอให้บุคลากรทุกคนถือปฏิบัติ")
    # No axe check on this admin form: Wagtail's own Draftail editor fails aria-input-field-name.
    page.get_by_role("button", name=re.compile("บันทึกฉบับร่าง|Save draft")).click()

    expect(page.locator(".messages")).to_contain_text(re.compile("สร้าง|created"))
    created = CircularPage.objects.child_of(index).get(circular_number="ที่ กจ ๕๒๙๐๑/ว ๔๐๐")
    assert created.slug == "2568-w400"
