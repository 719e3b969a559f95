"""The public site of the demo municipality in a phone-width Chromium: readable and accessible."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from wagtail.models import Site

from circulars.models import CircularIndexPage, CircularPage, Visibility
from ethics.models import CodeOfEthicsPage

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(context, django_capture_on_commit_callbacks):
    call_command("load_demo", verbosity=0)


def municipality_path() -> str:
    """The tree path of the demo municipality's home page (the second demo organisation's site
    is on another host name)."""
    return Site.objects.get(is_default_site=True).root_page.path


def path_of(page) -> str:
    """The page's path on its own site (the demo has two sites, so `url` names the host)."""
    return page.specific.get_url_parts()[2]


@pytest.mark.parametrize(
    "which",
    ["home", "code_of_ethics", "circular_index", "public_circular"],
)
def test_public_pages_pass_axe_and_fit_a_phone(page: Page, demo, axe_check, which):
    paths = {
        "home": "/",
        "code_of_ethics": path_of(CodeOfEthicsPage.objects.live().first()),
        "circular_index": path_of(
            CircularIndexPage.objects.live().filter(path__startswith=municipality_path()).first()
        ),
        "public_circular": path_of(
            CircularPage.objects.live().filter(visibility=Visibility.PUBLIC).first()
        ),
    }
    page.goto(paths[which])
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page)


def test_a_clause_can_be_linked_and_cited(page: Page, demo):
    code = CodeOfEthicsPage.objects.live().first()
    page.goto(path_of(code) + "#clause-1")
    clause = page.locator("#clause-1")
    expect(clause).to_be_visible()
    expect(clause.get_by_role("link")).to_have_attribute("href", "#clause-1")
