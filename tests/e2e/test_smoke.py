"""Smoke tests in a real browser: the public site speaks Thai, HR reaches the admin, axe passes."""

import re

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import Page, expect
from wagtail.models import Page as WagtailPage
from wagtail.models import Site

from home.models import HomePage
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from training.register.roles import HR_OFFICER, roles_grant

pytestmark = pytest.mark.e2e

ORGANISATION_NAME = "เทศบาลตำบลพระแท่น"
HOME_TITLE = "ประมวลจริยธรรมและการรับทราบของบุคลากร"
PASSWORD = "correct-horse-battery"  # UserFactory's


def sarabun_faces_loaded(page: Page) -> int:
    """How many Sarabun faces Chromium downloaded and used to draw the page's text."""
    return page.evaluate(
        """async () => {
            await document.fonts.ready;
            return [...document.fonts]
                .filter((face) => face.family.includes("Sarabun") && face.status === "loaded")
                .length;
        }"""
    )


@pytest.fixture
def home_page(context) -> HomePage:
    """A municipality's home page as the root of the default site, which serves localhost."""
    home = HomePage(
        title=HOME_TITLE,
        slug="e2e-home",
        intro="<p>ประมวลจริยธรรมของพนักงานเทศบาล เผยแพร่ให้ประชาชนทราบ</p>",
    )
    WagtailPage.get_first_root_node().add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    OrganisationFactory(site=site, name_th=ORGANISATION_NAME, name_en="Phra Thaen")
    return home


def test_home_page_is_thai_on_a_phone(page: Page, home_page):
    page.goto("/")

    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_TITLE)
    expect(page.locator(".site-header")).to_contain_text(ORGANISATION_NAME)
    expect(page.get_by_role("link", name="ข้ามไปยังเนื้อหา")).to_be_attached()
    # A phone-width page must not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_thai_text_is_drawn_with_the_sites_own_sarabun_font(page: Page, home_page):
    font = page.request.get("/static/fonts/sarabun-thai-400-normal.woff2")
    assert font.status == 200
    assert len(font.body()) > 1000

    page.goto("/")
    assert sarabun_faces_loaded(page) >= 1, "no Sarabun face drew the Thai heading"


def test_wagtail_admin_draws_thai_with_sarabun_too(page: Page, home_page):
    # Wagtail's own font stack has no Thai face: without ours, a machine with no Thai fonts
    # shows every admin label as boxes.
    page.goto("/admin/login/")
    assert sarabun_faces_loaded(page) >= 1, "no Sarabun face drew the Thai admin labels"


def test_home_page_has_no_serious_accessibility_violations(page: Page, home_page, axe_check):
    page.goto("/")
    axe_check(page)


def test_hr_officer_logs_in_and_reaches_the_wagtail_dashboard(page: Page, home_page):
    user = UserFactory(username="hr.officer")
    PersonFactory(organisation=home_page.get_site().organisation, user=user)
    roles_grant(user, home_page.get_site().organisation, HR_OFFICER)
    with translation.override("th"):
        dashboard_title = str(settings.WAGTAIL_SITE_NAME)

    page.goto("/admin/login/")
    page.locator("#id_username").fill("hr.officer")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator(".w-dashboard h1")).to_have_text(dashboard_title)


def test_admin_login_refuses_a_wrong_password(page: Page, home_page):
    UserFactory(username="hr.officer")

    page.goto("/admin/login/")
    page.locator("#id_username").fill("hr.officer")
    page.locator("#id_password").fill("not-the-password")
    page.locator("form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/admin/login/"))
    expect(page.locator(".messages .error")).to_be_visible()
    expect(page.locator(".w-dashboard")).to_have_count(0)


def test_axe_check_fails_on_an_image_without_a_text_alternative(page: Page, axe_check):
    page.set_content('<html lang="th"><body><main><img src="/x.png"></main></body></html>')

    with pytest.raises(AssertionError, match=r"image-alt \(critical\)"):
        axe_check(page)
