"""An HR officer opens last year's measures report in the admin and downloads its PDF."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.figures_data import build_known
from tests.training.register_helpers import user_with_role
from training.figures.report_models import MeasuresReport
from training.register import roles

pytestmark = pytest.mark.e2e

PASSWORD = "correct-horse-battery"  # UserFactory's


@pytest.mark.parametrize("width", [1280, 360])
def test_hr_reads_the_measures_report_with_measure_six_filled_in(page: Page, axe_check, width):
    known = build_known()
    hr = user_with_role(roles.HR_OFFICER, known["organisation"], employee_number="HR-1")
    MeasuresReport.objects.create(
        organisation=known["organisation"],
        fiscal_year=2569,
        signatory_name="นางสาวทดสอบ รายงานดี",
        signatory_position="นักทรัพยากรบุคคล",
        m6_measure="<p>๖. กระบวนการควบคุม ตรวจสอบการใช้อำนาจและบริหารงานบุคคล</p>",
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/admin/login/")
    page.locator("#id_username").fill(hr.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()

    page.goto(reverse("wagtailsnippets_training_measuresreport:list"))
    # The list fits the screen: a wide table scrolls inside itself, its last column reachable.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    table = page.locator("table.listing")
    last_edited = page.locator("table.listing tbody tr td").last
    table.evaluate("table => { table.scrollLeft = table.scrollWidth; }")
    cell = last_edited.bounding_box()
    assert cell["x"] + cell["width"] <= width + 1, "the last column is cut off"
    expect(last_edited).to_contain_text("2569")
    page.get_by_role("link", name="2569").first.click()
    expect(page.get_by_text("กระบวนการควบคุม ตรวจสอบการใช้อำนาจและบริหารงานบุคคล")).to_be_visible()
    expect(page.get_by_text("85.7").first).to_be_visible()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
