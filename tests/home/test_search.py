"""Site search in Thai: a word inside a sentence without spaces is found, on SQLite and PostgreSQL.

The code of ethics built by tests/pages.py carries the clause
"เจ้าหน้าที่ต้องยึดมั่นในความซื่อสัตย์สุจริตและรับผิดชอบต่อหน้าที่"; the circulars below carry
their own real sentences. Pages are indexed by Wagtail as they are published, with nothing special
in the test settings: the index update runs through django_tasks' immediate backend.
"""

import copy

import pytest

from circulars.models import Visibility
from tests.factories import PersonFactory, UserFactory
from tests.pages import SAMPLE_CHAPTERS, add_circular, add_code, build_site

pytestmark = pytest.mark.django_db

HOST = "phrathaen.example.org"
OTHER_HOST = "thamaka.example.org"
CODE_TITLE = "ประมวลจริยธรรมของพนักงานเทศบาล"
CIRCULAR_TITLE = "ขอให้จัดการประชุมชี้แจงมาตรฐานทางจริยธรรม"
CIRCULAR_BODY = (
    "<p>ขอให้ทุกส่วนราชการจัดประชุมชี้แจงมาตรฐานทางจริยธรรมแก่บุคลากรในสังกัด"
    "และรายงานผลต่อสำนักปลัดเทศบาลภายในสิ้นเดือน เพื่อประกอบการประเมิน ITA "
    "(Integrity and Transparency Assessment)</p>"
)
INTERNAL_TITLE = "แจ้งกำหนดการตรวจสุขภาพประจำปีของพนักงาน"
INTERNAL_BODY = "<p>ขอเชิญพนักงานทุกคนเข้ารับการตรวจสุขภาพประจำปีที่โรงพยาบาลส่งเสริมสุขภาพตำบล</p>"


@pytest.fixture
def site_pages():
    organisation, _home, ethics, circulars = build_site(hostname=HOST)
    code = add_code(ethics, title=CODE_TITLE)
    circular = add_circular(circulars, title=CIRCULAR_TITLE, body=CIRCULAR_BODY)
    internal = add_circular(
        circulars,
        title=INTERNAL_TITLE,
        body=INTERNAL_BODY,
        visibility=Visibility.INTERNAL,
        number="ที่ กจ ๕๒๙๐๑/ว ๑๒๕",
    )
    return {"organisation": organisation, "code": code, "circular": circular, "internal": internal}


def search(client, query, host=HOST):
    response = client.get("/search/", {"q": query}, HTTP_HOST=host)
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize("word", ["สุจริต", "ซื่อสัตย์", "รับผิดชอบ", "ยึดมั่น", "ประโยชน์ส่วนตน"])
def test_a_thai_word_inside_a_clause_finds_the_code_of_ethics(client, site_pages, word):
    assert CODE_TITLE in search(client, word)


@pytest.mark.parametrize("word", ["ชี้แจง", "บุคลากร", "สังกัด", "สำนักปลัดเทศบาล"])
def test_a_thai_word_inside_a_circular_body_finds_the_circular(client, site_pages, word):
    html = search(client, word)
    assert CIRCULAR_TITLE in html
    assert site_pages["circular"].get_url_parts()[2] in html


def test_a_query_of_several_words_finds_the_page_holding_all_of_them(client, site_pages):
    assert CODE_TITLE in search(client, "ความซื่อสัตย์ หน้าที่")
    assert CODE_TITLE in search(client, "ซื่อสัตย์สุจริต")


def test_a_query_of_several_words_needs_all_of_them(client, site_pages):
    html = search(client, "ซื่อสัตย์ ทุเรียน")
    assert CODE_TITLE not in html
    assert "พบ 0 รายการ" in html


def test_a_word_found_in_no_page_finds_nothing(client, site_pages):
    html = search(client, "ทุเรียน")
    assert "พบ 0 รายการ" in html
    assert "ไม่พบผลลัพธ์สำหรับ “ทุเรียน”" in html
    assert CODE_TITLE not in html and CIRCULAR_TITLE not in html


@pytest.mark.parametrize("word", ["ITA", "ita", "Integrity", "transparency assessment"])
def test_latin_words_are_found_too(client, site_pages, word):
    html = search(client, word)
    assert CIRCULAR_TITLE in html
    assert CODE_TITLE not in html


def test_an_empty_query_shows_the_form_and_no_results(client, site_pages):
    html = search(client, "   ")
    assert 'name="q"' in html
    assert "รายการ" not in html
    assert 'class="search-results"' not in html


def test_a_very_long_query_is_cut_with_a_notice_and_does_not_fail(client, site_pages):
    html = search(client, "ซื่อสัตย์สุจริต" * 100)
    assert "คำค้นยาวเกิน 200 ตัวอักษร" in html
    assert "The search" not in html, "a notice speaks the user's language only"


def test_a_query_within_the_limit_has_no_notice(client, site_pages):
    assert "คำค้นยาวเกิน" not in search(client, "สุจริต")


@pytest.mark.parametrize(
    "query",
    ['"สุจริต', "สุจริต*", "(หน้าที่", "AND", "OR NOT", "title:สุจริต", "-", "'; --", "ค่า%_"],
)
def test_queries_with_search_syntax_characters_do_not_fail(client, site_pages, query):
    search(client, query)


def test_a_newly_published_revision_is_searchable_at_once(client, site_pages):
    chapters = copy.deepcopy(SAMPLE_CHAPTERS)
    chapters[0]["value"]["clauses"][0]["text"] = (
        "<p>เจ้าหน้าที่ต้องปฏิบัติหน้าที่ด้วยความโปร่งใสและตรวจสอบได้</p>"
    )
    code = site_pages["code"].get_latest_revision_as_object()
    code.body = chapters
    code.save_revision().publish()
    assert CODE_TITLE in search(client, "โปร่งใส")
    assert CODE_TITLE not in search(client, "รับผิดชอบ")


def test_a_draft_is_not_searchable_until_published(client, site_pages):
    circular = site_pages["circular"].get_latest_revision_as_object()
    circular.body = "<p>ร่างหนังสือเรื่องการจัดซื้อจัดจ้างอย่างโปร่งใส</p>"
    circular.save_revision()
    assert CIRCULAR_TITLE not in search(client, "จัดซื้อจัดจ้าง")
    assert CIRCULAR_TITLE in search(client, "ชี้แจง")


def test_anonymous_search_never_shows_internal_pages(client, site_pages):
    html = search(client, "สุขภาพ")
    assert INTERNAL_TITLE not in html
    assert "พบ 0 รายการ" in html


def test_staff_search_shows_internal_pages_of_their_organisation(client, site_pages):
    user = UserFactory()
    PersonFactory(organisation=site_pages["organisation"], user=user)
    client.force_login(user)
    assert INTERNAL_TITLE in search(client, "สุขภาพ")


def test_search_stays_within_the_site_asked_for(client, site_pages):
    _organisation, _home, ethics, _circulars = build_site(hostname=OTHER_HOST, name="ท่ามะกา")
    add_code(ethics, title="ประมวลจริยธรรมของเทศบาลตำบลท่ามะกา")
    html = search(client, "สุจริต", host=OTHER_HOST)
    assert "ประมวลจริยธรรมของเทศบาลตำบลท่ามะกา" in html
    assert CODE_TITLE not in html


# --- What a result shows -------------------------------------------------------------------------


def result_of(html: str, title: str) -> str:
    """The <li> of the search result titled `title`."""
    end = html.index(title)
    return html[html.rindex("<li", 0, end) : html.index("</li>", end)]


def test_a_result_shows_its_type_date_and_an_excerpt_with_the_words_marked(client, site_pages):
    html = search(client, "ชี้แจง")
    circular = result_of(html, CIRCULAR_TITLE)
    assert '<span class="search-result__kind">หนังสือเวียน</span>' in circular
    # Dated 15 January 2025, B.E. 2568.
    assert '<span class="search-result__date">15 มกราคม 2568</span>' in circular
    assert "จัดประชุม<mark>ชี้แจง</mark>มาตรฐานทางจริยธรรม" in circular


def test_a_code_of_ethics_result_says_so_with_its_date_in_force(client, site_pages):
    code = result_of(search(client, "สุจริต"), CODE_TITLE)
    assert '<span class="search-result__kind">ประมวลจริยธรรม</span>' in code
    assert '<span class="search-result__date">1 ตุลาคม 2567</span>' in code
    assert "<mark>สุจริต</mark>" in code


@pytest.mark.parametrize("word", ["ethics", "Ethics", "code of ethics"])
def test_an_english_word_finds_the_code_of_ethics_by_its_english_type(client, site_pages, word):
    html = search(client, word)
    assert CODE_TITLE in html
    assert CIRCULAR_TITLE not in html


def test_an_english_word_finds_circulars(client, site_pages):
    assert CIRCULAR_TITLE in search(client, "circular")
