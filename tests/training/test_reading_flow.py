"""Reading and acknowledging on a phone, as first-time users tripped over it: logging out, the
banner at the top of a long document, the next item after acknowledging, and what changed in a
new version since the one a person acknowledged."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from ethics.models import CodeOfEthicsPage
from tests.factories import PersonFactory, UserFactory
from tests.pages import add_circular, build_site, code_form_data
from training.acknowledgment.changes import has_changes, text_changes
from training.acknowledgment.models import ChangeKind, DocumentVersion, Requirement
from training.acknowledgment.services import Evidence, acknowledgments_record
from training.register.roles import APPROVER, roles_grant

pytestmark = pytest.mark.django_db

FIRST_CLAUSE = "<p>ไม่รับของขวัญหรือประโยชน์อื่นใด</p>"
NEW_CLAUSE = "<p>ไม่รับของขวัญหรือประโยชน์อื่นใดจากผู้มาติดต่อราชการ</p>"
SUMMARY = "ข้อ 5/1 ห้ามรับของขวัญจากผู้มาติดต่อราชการโดยชัดแจ้ง"


def clauses(text):
    return (("1", "<p>ยึดมั่นในความซื่อสัตย์สุจริต</p>"), ("5/1", text))


@pytest.fixture
def site(committed):
    organisation, home, ethics, circulars = build_site(hostname="phrathaen.example.org")
    return {"organisation": organisation, "ethics": ethics, "circulars": circulars}


@pytest.fixture
def reader(client, site):
    user = UserFactory(username="malee")
    person = PersonFactory(organisation=site["organisation"], user=user)
    client.force_login(user)
    return person


def host_get(client, url):
    return client.get(url, HTTP_HOST="phrathaen.example.org")


# --- Logging out ---


def test_logging_out_lands_on_the_home_page_and_says_so(client, reader):
    response = client.post(reverse("logout"))
    assert (response.status_code, response.url) == (302, "/")
    home = client.get("/", HTTP_HOST="phrathaen.example.org")
    assert home.status_code == 200
    assert "ออกจากระบบแล้ว" in home.content.decode()
    assert client.get(reverse("portal")).status_code == 302  # back to the login page


# --- The banner and the next item ---


def test_a_long_document_says_at_the_top_when_it_is_due_and_where_to_acknowledge(
    client, reader, site, committed
):
    with committed():
        circular = add_circular(site["circulars"], title="หนังสือเวียนฉบับยาว")
    requirement = Requirement.objects.get(person=reader)
    html = host_get(client, reverse("portal_acknowledge", args=[requirement.pk])).content.decode()
    banner = html.index("เอกสารนี้รอการรับทราบจากท่าน")
    assert (
        banner
        < html.index("ด้วยเทศบาลได้ประกาศใช้ประมวลจริยธรรม")
        < html.index('id="acknowledge-title"')
    )
    top = html[banner : html.index("</aside>", banner)]
    assert "กำหนดรับทราบภายใน" in top and "ท้ายเอกสาร" in top
    assert 'href="#acknowledge-title"' in top
    assert circular.title in html


def test_after_acknowledging_the_next_item_opens_and_after_the_last_the_portal_says_done(
    client, reader, site, committed
):
    with committed():
        first = add_circular(site["circulars"], title="หนังสือเวียนที่หนึ่ง")
        second = add_circular(site["circulars"], title="หนังสือเวียนที่สอง")
    requirements = {
        r.version.page_id: r
        for r in Requirement.objects.filter(person=reader).select_related("version")
    }
    one, two = requirements[first.pk], requirements[second.pk]
    Requirement.objects.filter(pk=two.pk).update(due_date=one.due_date.replace(day=28))

    def acknowledge(requirement):
        page = host_get(client, reverse("portal_acknowledge", args=[requirement.pk])).content
        publication = re.search(rb'name="publication" value="(\d+)"', page).group(1).decode()
        return client.post(
            reverse("portal_acknowledge", args=[requirement.pk]),
            {"publication": publication},
            HTTP_HOST="phrathaen.example.org",
        )

    done_first = min((one, two), key=lambda r: (r.due_date, r.pk))
    then = two if done_first == one else one
    response = acknowledge(done_first)
    assert response.url == reverse("portal_acknowledge", args=[then.pk])
    following = host_get(client, response.url).content.decode()
    assert "รายการถัดไป" in following

    response = acknowledge(then)
    assert response.url == reverse("portal")
    assert "ท่านรับทราบเอกสารครบทุกรายการแล้ว" in host_get(client, response.url).content.decode()


def test_an_item_whose_occasion_is_over_is_not_offered_for_acknowledgment(
    client, reader, site, committed
):
    import datetime

    with committed():
        add_circular(site["circulars"])
    requirement = Requirement.objects.get(person=reader)
    DocumentVersion.objects.filter(pk=requirement.version_id).update(
        occasion_ends_on=datetime.date(2020, 1, 1)
    )
    response = host_get(client, reverse("portal_acknowledge", args=[requirement.pk]))
    assert response.status_code == 302 and response.url == reverse("portal")


# --- What changed since the version a person acknowledged ---


@pytest.fixture
def code_in_two_versions(client, site, committed):
    """A code acknowledged by the reader in version 1, then published as version 2 in the admin."""
    approver = UserFactory(username="approver")
    roles_grant(approver, site["organisation"], APPROVER)
    admin = Client()
    admin.force_login(approver)
    add_url = reverse(
        "wagtailadmin_pages:add", args=["ethics", "codeofethicspage", site["ethics"].pk]
    )
    with committed():
        response = admin.post(
            add_url, {**code_form_data(clauses=clauses(FIRST_CLAUSE)), "action-publish": "publish"}
        )
    assert response.status_code == 302
    page = CodeOfEthicsPage.objects.child_of(site["ethics"]).get()
    return admin, page


def publish_new_version(admin, page, committed, *, summary):
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = code_form_data(
        clauses=clauses(NEW_CLAUSE), change_kind=ChangeKind.NEW_VERSION, change_summary=summary
    )
    with committed():
        return admin.post(edit_url, {**data, "action-publish": "publish"})


def test_a_new_version_needs_a_summary_of_what_changed(code_in_two_versions, committed):
    admin, page = code_in_two_versions
    response = publish_new_version(admin, page, committed, summary="")
    assert response.status_code == 200
    assert "โปรดสรุปสิ่งที่เปลี่ยนจากฉบับก่อน" in response.content.decode()
    assert DocumentVersion.objects.filter(page=page).count() == 1

    response = publish_new_version(admin, page, committed, summary=SUMMARY)
    assert response.status_code == 302
    version = DocumentVersion.objects.get(page=page, number=2)
    assert version.change_summary == SUMMARY


def test_who_acknowledged_version_one_sees_what_changed_and_can_compare_the_texts(
    client, reader, code_in_two_versions, committed
):
    admin, page = code_in_two_versions
    acknowledgments_record(
        requirements=[Requirement.objects.get(person=reader)], evidence=Evidence()
    )
    assert publish_new_version(admin, page, committed, summary=SUMMARY).status_code == 302
    requirement = Requirement.objects.get(person=reader, version__number=2)

    html = host_get(client, reverse("portal_acknowledge", args=[requirement.pk])).content.decode()
    assert "ท่านรับทราบฉบับที่ 1 ไว้แล้วเมื่อ" in html
    assert SUMMARY in html
    compare = re.search(r'href="([^"]*version/2/changes/1/)"', html).group(1)

    changes = host_get(client, compare)
    assert changes.status_code == 200
    text = changes.content.decode()
    assert SUMMARY in text
    assert "<ins>จากผู้มาติดต่อราชการ</ins>" in text
    assert "ยึดมั่นในความซื่อสัตย์สุจริต" in text or "ข้อความที่ไม่เปลี่ยน" in text

    # Someone who never acknowledged version 1 has no "since" to be shown.
    newcomer = PersonFactory(organisation=reader.organisation, user=UserFactory(username="new"))
    Requirement.objects.create(
        organisation=reader.organisation,
        person=newcomer,
        version=requirement.version,
        due_date=requirement.due_date,
    )
    client.force_login(newcomer.user)
    fresh = Requirement.objects.get(person=newcomer)
    html = host_get(client, reverse("portal_acknowledge", args=[fresh.pk])).content.decode()
    assert "เอกสารนี้รอการรับทราบจากท่าน" in html
    assert "ท่านรับทราบฉบับที่" not in html


def test_comparing_needs_two_versions_of_the_document_in_order(client, code_in_two_versions):
    _admin, page = code_in_two_versions
    for url in (f"{page.url}version/1/changes/1/", f"{page.url}version/2/changes/1/"):
        assert host_get(client, url).status_code == 404


def test_an_internal_circulars_changes_are_refused_to_the_public(site, committed):
    with committed():
        circular = add_circular(site["circulars"], visibility="internal")
        draft = circular.get_latest_revision_as_object()
        draft.body = "<p>ข้อความใหม่ของหนังสือเวียนภายใน</p>"
        draft.change_kind = ChangeKind.NEW_VERSION
        draft.change_summary = "แก้เนื้อความ"
        draft.save_revision().publish()
    circular.refresh_from_db()
    response = Client().get(
        f"{circular.url}version/2/changes/1/", HTTP_HOST="phrathaen.example.org"
    )
    assert response.status_code in (302, 403, 404)
    assert "ข้อความใหม่ของหนังสือเวียนภายใน" not in response.content.decode()


# --- The comparison itself ---


def test_changed_thai_text_is_marked_within_the_line_and_unchanged_text_is_folded():
    old = "\n".join(["ชื่อเรื่อง", "ข้อ 1 ซื่อสัตย์", "ข้อ 2 โปร่งใส", "ข้อ 3 เป็นกลาง", "ข้อ 4 ไม่รับของขวัญ"])
    new = "\n".join(
        ["ชื่อเรื่อง", "ข้อ 1 ซื่อสัตย์", "ข้อ 2 โปร่งใส", "ข้อ 3 เป็นกลาง", "ข้อ 4 ไม่รับของขวัญทุกชนิด", "ข้อ 5 ใหม่"]
    )
    lines = text_changes(old, new)
    assert has_changes(lines)
    kinds = [line.kind for line in lines]
    assert kinds[0] == "folded" and kinds[-2:] == ["changed", "added"]
    changed = lines[-2]
    assert [(p.text, p.kind) for p in changed.pieces if p.kind != "same"] == [("ทุกชนิด", "added")]
    assert not has_changes(text_changes(old, old))
