"""Who may read a circular, and where it shows up: page, listing, search, sitemap and feed.

Two organisations, each on its own Site (host). An internal circular is for logged-in staff of its
own organisation only; everything public (listing for anonymous visitors, search, the sitemap, the
feed) must never reveal it.
"""

import datetime
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from circulars.models import CircularAttachment, Visibility
from tests.factories import PersonFactory, UserFactory
from tests.pages import add_circular, build_site

pytestmark = pytest.mark.django_db

HOST_A = "phrathaen.example.org"
HOST_B = "thamaka.example.org"

PUBLIC_TITLE = "แจ้งเวียนประมวลจริยธรรมให้บุคลากรในสังกัดรับทราบ"
INTERNAL_TITLE = "ซักซ้อมแนวทางการเบิกจ่ายเงินสวัสดิการของพนักงาน"
INTERNAL_BODY = (
    "<p>ขอให้เจ้าหน้าที่การเงินตรวจสอบเอกสารประกอบการเบิกจ่ายเงินสวัสดิการให้ถูกต้องตามระเบียบก่อนเสนอผู้บังคับบัญชา</p>"
)
INTERNAL_SENTENCE = "ตรวจสอบเอกสารประกอบการเบิกจ่ายเงินสวัสดิการ"
# A word that sits inside the internal circular's body and nowhere else on either site.
INTERNAL_WORD = "สวัสดิการ"


@pytest.fixture
def sites():
    org_a, home_a, _ethics_a, index_a = build_site(hostname=HOST_A, name="เทศบาลตำบลพระแท่น")
    org_b, home_b, _ethics_b, index_b = build_site(hostname=HOST_B, name="เทศบาลตำบลท่ามะกา")
    public = add_circular(index_a, title=PUBLIC_TITLE)
    internal = add_circular(
        index_a,
        title=INTERNAL_TITLE,
        body=INTERNAL_BODY,
        visibility=Visibility.INTERNAL,
        number="ที่ กจ ๕๒๙๐๑/ว ๑๒๔",
    )
    return {
        "org_a": org_a,
        "org_b": org_b,
        "index_a": index_a,
        "index_b": index_b,
        "public": public,
        "internal": internal,
    }


def path_of(page) -> str:
    return page.get_url_parts()[2]


def staff_of(organisation):
    user = UserFactory()
    PersonFactory(organisation=organisation, user=user)
    return user


def get(client, url, host=HOST_A, **params):
    return client.get(url, params, HTTP_HOST=host)


def sitemap_lists(client, page, host=HOST_A) -> bool:
    sitemap = get(client, "/sitemap.xml", host).text
    return f"<loc>http://{host}{path_of(page)}</loc>" in sitemap


def publish(page, **changes):
    page = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def save_draft(page, **changes):
    page = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision()
    page.refresh_from_db()
    return page


# --- Reading the circular itself --------------------------------------------------------------


def test_internal_circular_sends_anonymous_visitors_to_the_login_page(client, sites):
    url = path_of(sites["internal"])
    response = get(client, url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url)}"


def test_internal_circular_versions_are_no_way_round_the_login(client, sites):
    response = get(client, f"{path_of(sites['internal'])}version/1/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_of_the_same_organisation_read_an_internal_circular(client, sites):
    client.force_login(staff_of(sites["org_a"]))
    response = get(client, path_of(sites["internal"]))
    assert response.status_code == 200
    assert INTERNAL_SENTENCE in response.text


def test_staff_of_another_organisation_are_refused_an_internal_circular(client, sites):
    client.force_login(staff_of(sites["org_b"]))
    response = get(client, path_of(sites["internal"]))
    assert response.status_code == 403
    assert INTERNAL_SENTENCE not in response.text


def test_a_login_without_a_register_entry_is_refused_an_internal_circular(client, sites):
    client.force_login(UserFactory())
    response = get(client, path_of(sites["internal"]))
    assert response.status_code == 403
    assert INTERNAL_SENTENCE not in response.text


def test_superuser_reads_an_internal_circular(client, sites):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = get(client, path_of(sites["internal"]))
    assert response.status_code == 200
    assert INTERNAL_SENTENCE in response.text


def test_anyone_reads_a_public_circular(client, sites):
    response = get(client, path_of(sites["public"]))
    assert response.status_code == 200
    # Typed in Thai digits, shown in the site's one digit style (Arabic unless set otherwise).
    assert "กจ 52901/ว 123" in response.text


# --- Listing, search, sitemap and feed ---------------------------------------------------------


def test_anonymous_listing_shows_public_circulars_only(client, sites):
    html = get(client, path_of(sites["index_a"])).text
    assert PUBLIC_TITLE in html
    assert INTERNAL_TITLE not in html


def test_staff_listing_includes_internal_circulars(client, sites):
    client.force_login(staff_of(sites["org_a"]))
    html = get(client, path_of(sites["index_a"])).text
    assert PUBLIC_TITLE in html
    assert INTERNAL_TITLE in html


def test_staff_of_another_organisation_see_only_public_circulars_listed(client, sites):
    client.force_login(staff_of(sites["org_b"]))
    html = get(client, path_of(sites["index_a"])).text
    assert PUBLIC_TITLE in html
    assert INTERNAL_TITLE not in html


def test_anonymous_search_does_not_find_an_internal_circular(client, sites):
    html = get(client, "/search/", q=INTERNAL_WORD).text
    assert INTERNAL_TITLE not in html
    assert INTERNAL_SENTENCE not in html


def test_staff_search_finds_an_internal_circular_by_a_word_inside_its_body(client, sites):
    client.force_login(staff_of(sites["org_a"]))
    html = get(client, "/search/", q=INTERNAL_WORD).text
    assert INTERNAL_TITLE in html
    assert path_of(sites["internal"]) in html


def test_staff_of_another_organisation_do_not_find_an_internal_circular(client, sites):
    client.force_login(staff_of(sites["org_b"]))
    on_its_site = get(client, "/search/", q=INTERNAL_WORD).text
    on_their_own_site = get(client, "/search/", host=HOST_B, q=INTERNAL_WORD).text
    assert INTERNAL_TITLE not in on_its_site
    assert INTERNAL_TITLE not in on_their_own_site


def test_sitemap_lists_public_circulars_only(client, sites):
    assert sitemap_lists(client, sites["public"])
    assert not sitemap_lists(client, sites["internal"])


def test_sitemap_lists_the_pages_of_the_site_asked_for(client, sites):
    assert sitemap_lists(client, sites["index_b"], host=HOST_B)
    assert not sitemap_lists(client, sites["public"], host=HOST_B)


def test_feed_lists_public_circulars_with_thai_titles_and_dates(client, sites):
    older = add_circular(
        sites["index_a"],
        title="ประกาศเจตนารมณ์การป้องกันการทุจริต",
        date=datetime.date(2024, 10, 1),
        number="ที่ กจ ๕๒๙๐๑/ว ๐๙๙",
    )
    response = get(client, f"{path_of(sites['index_a'])}feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    xml = response.text
    assert "<language>th</language>" in xml
    assert PUBLIC_TITLE in xml and older.title in xml
    assert xml.index(PUBLIC_TITLE) < xml.index(older.title), "newest first"
    assert "15 มกราคม 2568" in xml
    assert f"http://{HOST_A}{path_of(sites['public'])}" in xml
    assert INTERNAL_TITLE not in xml


def test_feed_descriptions_keep_paragraphs_apart(client, sites):
    add_circular(
        sites["index_a"],
        title="ประกาศเจตนารมณ์การป้องกันการทุจริต",
        body="<p>ย่อหน้าที่หนึ่งว่าด้วยเจตนารมณ์</p><p>ย่อหน้าที่สองว่าด้วยการปฏิบัติ</p>",
        number="ที่ กจ ๕๒๙๐๑/ว ๐๙๙",
    )
    xml = get(client, f"{path_of(sites['index_a'])}feed/").text
    descriptions = [
        item.findtext("description") for item in ElementTree.fromstring(xml).iter("item")
    ]
    assert "<p>ย่อหน้าที่หนึ่งว่าด้วยเจตนารมณ์</p><p>ย่อหน้าที่สองว่าด้วยการปฏิบัติ</p>" in descriptions[0]
    assert descriptions[0].startswith("<p>ที่ กจ ๕๒๙๐๑/ว ๐๙๙ ลงวันที่ 15 มกราคม 2568 เรียน ")


def test_feed_never_carries_internal_circulars_even_for_staff(client, sites):
    client.force_login(staff_of(sites["org_a"]))
    xml = get(client, f"{path_of(sites['index_a'])}feed/").text
    assert PUBLIC_TITLE in xml
    assert INTERNAL_TITLE not in xml
    assert INTERNAL_SENTENCE not in xml


def test_feed_belongs_to_its_own_index(client, sites):
    add_circular(sites["index_b"], title="หนังสือเวียนของเทศบาลตำบลท่ามะกา")
    xml = get(client, f"{path_of(sites['index_b'])}feed/", host=HOST_B).text
    assert "หนังสือเวียนของเทศบาลตำบลท่ามะกา" in xml
    assert PUBLIC_TITLE not in xml


def test_index_page_links_its_feed(client, sites):
    html = get(client, path_of(sites["index_a"])).text
    feed_url = f"{path_of(sites['index_a'])}feed/"
    link = (
        '<link rel="alternate" type="application/rss+xml" '
        f'title="หนังสือเวียน (RSS)" href="{feed_url}">'
    )
    assert link in html


# --- Changing visibility -----------------------------------------------------------------------


def test_publishing_an_internal_circular_as_public_opens_it_to_everyone(client, sites):
    publish(sites["internal"], visibility=Visibility.PUBLIC)
    assert get(client, path_of(sites["internal"])).status_code == 200
    assert INTERNAL_TITLE in get(client, path_of(sites["index_a"])).text
    assert INTERNAL_TITLE in get(client, "/search/", q=INTERNAL_WORD).text
    assert sitemap_lists(client, sites["internal"])
    assert INTERNAL_TITLE in get(client, f"{path_of(sites['index_a'])}feed/").text
    assert not PageViewRestriction.objects.filter(page=sites["internal"]).exists()


def test_publishing_a_public_circular_as_internal_hides_it_again(client, sites):
    publish(sites["public"], visibility=Visibility.INTERNAL)
    assert get(client, path_of(sites["public"])).status_code == 302
    assert PUBLIC_TITLE not in get(client, path_of(sites["index_a"])).text
    assert PUBLIC_TITLE not in get(client, "/search/", q="เคร่งครัด").text
    assert not sitemap_lists(client, sites["public"])
    assert PUBLIC_TITLE not in get(client, f"{path_of(sites['index_a'])}feed/").text


def test_a_draft_making_a_public_circular_internal_leaves_the_live_page_public(client, sites):
    save_draft(sites["public"], visibility=Visibility.INTERNAL)
    assert get(client, path_of(sites["public"])).status_code == 200
    assert PUBLIC_TITLE in get(client, path_of(sites["index_a"])).text
    assert PUBLIC_TITLE in get(client, f"{path_of(sites['index_a'])}feed/").text


def test_a_draft_making_an_internal_circular_public_leaves_the_live_page_internal(client, sites):
    save_draft(sites["internal"], visibility=Visibility.PUBLIC)
    assert get(client, path_of(sites["internal"])).status_code == 302
    assert INTERNAL_TITLE not in get(client, path_of(sites["index_a"])).text
    assert INTERNAL_TITLE not in get(client, "/search/", q=INTERNAL_WORD).text
    assert INTERNAL_TITLE not in get(client, f"{path_of(sites['index_a'])}feed/").text


# --- The index: fiscal years and filters -------------------------------------------------------


@pytest.fixture
def two_fiscal_years():
    _org, _home, _ethics, index = build_site(hostname=HOST_A)
    last_day = add_circular(
        index,
        title="สรุปผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรม",
        date=datetime.date(2024, 9, 30),
        publish=False,
    )
    last_day.audience_groups = ["political"]
    last_day.save_revision().publish()
    first_day = add_circular(
        index,
        title="แผนการเสริมสร้างมาตรฐานทางจริยธรรมประจำปี",
        date=datetime.date(2024, 10, 1),
        publish=False,
    )
    first_day.audience_groups = ["permanent"]
    first_day.save_revision().publish()
    return path_of(index), last_day.title, first_day.title


def test_index_groups_circulars_by_fiscal_year_newest_first(client, two_fiscal_years):
    url, fy2567, fy2568 = two_fiscal_years
    html = get(client, url).text
    heading_2567 = html.index('<h2 id="fy-2567">ปีงบประมาณ พ.ศ. 2567</h2>')
    heading_2568 = html.index('<h2 id="fy-2568">ปีงบประมาณ พ.ศ. 2568</h2>')
    assert heading_2568 < html.index(fy2568) < heading_2567 < html.index(fy2567)


def test_index_year_filter_shows_that_fiscal_year_only(client, two_fiscal_years):
    url, fy2567, fy2568 = two_fiscal_years
    html = get(client, url, year="2568").text
    assert fy2568 in html
    assert fy2567 not in html
    assert '<option value="2568" selected>' in html


def test_index_group_filter_shows_circulars_for_that_personnel_group(client, two_fiscal_years):
    url, fy2567, fy2568 = two_fiscal_years
    html = get(client, url, group="political").text
    assert fy2567 in html
    assert fy2568 not in html


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "1999"},
        {"year": "-1"},
        {"year": "99999999999999999999"},
        {"group": "nobody"},
        {"year": "2568'; DROP TABLE", "group": "<script>"},
    ],
)
def test_index_ignores_filter_values_it_does_not_know(client, two_fiscal_years, params):
    url, fy2567, fy2568 = two_fiscal_years
    response = get(client, url, **params)
    assert response.status_code == 200
    html = response.text
    assert fy2567 in html and fy2568 in html


# --- Attachments -------------------------------------------------------------------------------


def attach(circular, caption="แบบรายงาน (ไฟล์ PDF)"):
    document = get_document_model().objects.create(
        title="แบบรายงานผลการรับทราบ",
        file=ContentFile(b"%PDF-1.4 test", name="acknowledgment-form.pdf"),
    )
    circular = circular.get_latest_revision_as_object()
    circular.attachments = [CircularAttachment(document=document, caption=caption)]
    circular.save_revision().publish()
    return document


def test_circular_shows_a_link_to_its_attached_document(client, sites):
    document = attach(sites["public"])
    html = get(client, path_of(sites["public"])).text
    assert f'<a href="{document.url}">แบบรายงาน (ไฟล์ PDF)</a> (PDF)' in html
    assert get(client, document.url).status_code == 200


def test_an_internal_circulars_attachment_is_for_its_staff_only(client, sites):
    document = attach(sites["internal"])
    anonymous = get(client, document.url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    client.force_login(staff_of(sites["org_b"]))
    assert get(client, document.url).status_code == 403
    client.force_login(staff_of(sites["org_a"]))
    response = get(client, document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_an_attachment_also_sent_with_a_public_circular_is_public(client, sites):
    document = attach(sites["internal"])
    public = sites["public"].get_latest_revision_as_object()
    public.attachments = [CircularAttachment(document=document)]
    public.save_revision().publish()
    assert get(client, document.url).status_code == 200
