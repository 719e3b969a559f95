"""The page editor fills an empty slug from the page (no Thai: Django's slug validator refuses Thai
vowel and tone marks) and names the fields that stop a page from being saved."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from circulars.models import CircularPage
from ethics.models import CodeOfEthicsPage
from tests.factories import UserFactory
from tests.pages import build_site, code_form_data

pytestmark = pytest.mark.django_db

THAI_TITLE = "แจ้งเวียนประมวลจริยธรรมให้บุคลากรในสังกัดรับทราบ"


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def site():
    return build_site()


def circular_form_data(**overrides):
    fields = {
        "title": THAI_TITLE,
        "slug": "",
        "circular_number": "ที่ กจ ๕๒๙๐๑/ว ๑๒๓",
        "date": "15/01/2568",
        "addressee": "พนักงานเทศบาลทุกท่าน",
        "body": rich_text("<p>ขอให้บุคลากรทุกคนถือปฏิบัติ</p>"),
        "signatory": "",
        "visibility": "public",
        "attachments": inline_formset([]),
        "requires_acknowledgment": "",
        "acknowledgment_days": "30",
        "change_kind": "",
        "change_summary": "",
        **overrides,
    }
    return nested_form_data(fields)


def add_url(model, parent) -> str:
    meta = model._meta
    return reverse("wagtailadmin_pages:add", args=(meta.app_label, meta.model_name, parent.pk))


def create(client, model, parent, data, action="action-publish"):
    return client.post(add_url(model, parent), {**data, action: action})


def test_a_circular_with_a_thai_title_and_no_slug_is_named_by_its_year_and_number(editor, site):
    _organisation, _home, _ethics, circulars = site

    response = create(editor, CircularPage, circulars, circular_form_data())

    assert response.status_code == 302, response.context["form"].errors
    page = CircularPage.objects.child_of(circulars).get()
    assert page.slug == "2568-w123"
    assert page.live


def test_a_second_circular_of_the_same_number_gets_a_suffix(editor, site):
    _organisation, _home, _ethics, circulars = site
    create(editor, CircularPage, circulars, circular_form_data())

    create(editor, CircularPage, circulars, circular_form_data(title="อีกฉบับหนึ่ง"))

    slugs = sorted(CircularPage.objects.child_of(circulars).values_list("slug", flat=True))
    assert slugs == ["2568-w123", "2568-w123-2"]


def test_a_thai_slug_from_the_title_sync_is_replaced(editor, site):
    _organisation, _home, _ethics, circulars = site

    create(editor, CircularPage, circulars, circular_form_data(slug="แจ้งเวียนประมวลจริยธรรม"))

    assert CircularPage.objects.child_of(circulars).get().slug == "2568-w123"


def test_a_code_of_ethics_is_named_by_its_kind_and_year(editor, site):
    _organisation, _home, ethics, _circulars = site

    response = create(editor, CodeOfEthicsPage, ethics, {**code_form_data(), "slug": ""})

    assert response.status_code == 302, response.context["form"].errors
    # In force from 1 October 2024, that is B.E. 2567.
    assert CodeOfEthicsPage.objects.child_of(ethics).get().slug == "code-of-ethics-2567"


def test_a_page_that_cannot_be_saved_says_which_fields_failed(editor, site):
    _organisation, _home, _ethics, circulars = site

    response = create(editor, CircularPage, circulars, circular_form_data(date="", addressee=""))

    assert response.status_code == 200
    assert not CircularPage.objects.exists()
    message = " ".join(str(m.message) for m in get_messages(response.wsgi_request))
    assert "ลงวันที่" in message and "เรียน" in message
    assert "ยังบันทึกไม่ได้ โปรดแก้ไขช่อง: ลงวันที่, เรียน" in response.content.decode()
