"""The public transparency page in a real browser at phone width: axe passes, and nothing on it
names anyone from the register."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from wagtail.models import Site

from tests.factories import organisation_home
from tests.figures_data import build_known
from training.acknowledgment.services import chain_seal_write
from training.figures.pages import TransparencyPage

pytestmark = pytest.mark.e2e


@pytest.fixture
def known_page(context):
    """The known data set's organisation, its site the one that serves localhost."""
    data = build_known()
    home = organisation_home(data["organisation"])
    site = Site.objects.get(pk=data["organisation"].site_id)
    # The migrations' site serves "localhost" by name; move it aside so that ours answers.
    Site.objects.exclude(pk=site.pk).update(is_default_site=False, hostname="elsewhere.example.org")
    site.is_default_site = True
    site.save()
    data["page"] = home.add_child(instance=TransparencyPage(title="เปิดเผยข้อมูล", slug="open"))
    return data


def test_the_transparency_page_is_accessible_and_names_nobody(page: Page, known_page, axe_check):
    page.goto("/open/2569/")
    expect(page.get_by_role("heading", level=1)).to_have_text("เปิดเผยข้อมูล")
    expect(page.get_by_role("table").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page)
    text = page.content()
    for person in known_page["people"].values():
        assert person.employee_number not in text
        assert person.first_name not in text
        assert person.last_name not in text
    assert known_page["finance"].name not in text


def test_the_chain_seals_are_shown_at_phone_width_and_pass_axe(page: Page, known_page, axe_check):
    """The last seven seals of the organisation's chain, their 64-digit hashes wrapped to fit."""
    organisation = known_page["organisation"]
    now = timezone.now()
    for back in range(8, -1, -1):
        chain_seal_write(organisation_id=organisation.pk, at=now - datetime.timedelta(days=back))
    page.goto("/open/")
    section = page.locator("section[aria-labelledby=seals]")
    expect(section.get_by_role("heading", level=2)).to_be_visible()
    expect(section.locator("tbody tr")).to_have_count(7)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page)
