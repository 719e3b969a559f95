import pytest
from django.test import Client

from tests.factories import (
    DocumentVersionFactory,
    PersonFactory,
    RequirementFactory,
    UserFactory,
    document_page,
)
from tests.pages import build_site, circular_page, code_of_ethics
from training.acknowledgment.models import (
    Acknowledgment,
    AcknowledgmentChannel,
    ChangeKind,
    Requirement,
)

pytestmark = pytest.mark.django_db


def assigned(organisation, page, *people):
    """A current version of the page, as publishing makes it, with requirements for the people."""
    version = DocumentVersionFactory(organisation=organisation, page=page)
    for person in people:
        RequirementFactory(version=version, person=person)
    return version


@pytest.fixture
def setting():
    organisation, home, ethics, circulars = build_site(hostname="phrathaen.example.org")
    user = UserFactory(username="staff1")
    person = PersonFactory(organisation=organisation, user=user)
    colleague = PersonFactory(organisation=organisation)
    code = document_page(parent=ethics, page=code_of_ethics())
    notice = document_page(parent=circulars, page=circular_page())
    assigned(organisation, code, person, colleague)
    assigned(organisation, notice, person, colleague)
    client = Client(HTTP_HOST="phrathaen.example.org")
    client.force_login(user)
    return {
        "organisation": organisation,
        "person": person,
        "colleague": colleague,
        "client": client,
        "code": code,
        "circular": notice,
    }


def test_portal_lists_outstanding_items_and_the_header_counts_them(setting):
    response = setting["client"].get("/portal/")
    assert response.status_code == 200
    assert setting["code"].title in response.text
    assert setting["circular"].title in response.text
    assert 'class="count-badge">2' in response.text


def test_acknowledging_records_evidence_once_even_when_submitted_twice(setting):
    client, person, code = setting["client"], setting["person"], setting["code"]
    requirement = Requirement.objects.get(person=person, version__page=code)
    page = client.get(f"/portal/acknowledge/{requirement.pk}/")
    assert "ข้าพเจ้า" in page.text and "ได้อ่านและรับทราบ" in page.text
    publication = page.context["acknowledge_publication"]
    data = {"publication": publication.pk}
    first = client.post(
        f"/portal/acknowledge/{requirement.pk}/",
        data,
        HTTP_USER_AGENT="TestPhone/1.0",
        REMOTE_ADDR="10.1.2.3",
        follow=True,
    )
    assert "บันทึกการรับทราบ" in first.text
    second = client.post(f"/portal/acknowledge/{requirement.pk}/", data, follow=True)
    assert "ท่านได้รับทราบเอกสารนี้แล้ว" in second.text
    acknowledgment = Acknowledgment.objects.get(person=person)
    assert Acknowledgment.objects.count() == 1
    assert acknowledgment.channel == AcknowledgmentChannel.ONLINE
    assert acknowledgment.text_sha256 == publication.text_sha256
    assert acknowledgment.revision_id == publication.revision_id
    assert acknowledgment.user_agent == "TestPhone/1.0"
    assert acknowledgment.ip_address == "10.1.2.3"
    history = client.get("/portal/history/")
    assert code.title in history.text
    assert f'href="{code.url}version/1/"' in history.text  # the text acknowledged can be reread
    assert 'class="count-badge">1' in history.text


def test_someone_elses_requirement_is_refused_with_a_message(setting):
    theirs = Requirement.objects.get(version__page=setting["code"], person=setting["colleague"])
    response = setting["client"].post(
        f"/portal/acknowledge/{theirs.pk}/", {"publication": 1}, follow=True
    )
    assert "ไม่ได้มอบหมายให้ท่าน" in response.text
    assert not Acknowledgment.objects.exists()


def test_a_superseded_version_is_refused(setting, committed):
    client, person, code = setting["client"], setting["person"], setting["code"]
    old = Requirement.objects.get(person=person, version__page=code)
    draft = code.get_latest_revision_as_object()
    draft.change_kind = ChangeKind.NEW_VERSION
    with committed():
        draft.save_revision().publish()
    response = client.post(f"/portal/acknowledge/{old.pk}/", {"publication": 0}, follow=True)
    assert "ถูกแทนที่" in response.text
    assert not Acknowledgment.objects.exists()


def test_portal_needs_a_login(setting):
    response = Client(HTTP_HOST="phrathaen.example.org").get("/portal/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_portal_queries_do_not_grow_with_outstanding_items(setting, django_assert_max_num_queries):
    client = setting["client"]
    with django_assert_max_num_queries(20) as few:
        client.get("/portal/")
    ethics = setting["code"].get_parent()
    for n in range(5):
        more = document_page(parent=ethics, page=code_of_ethics(title=f"ประมวลจริยธรรมเพิ่มเติม {n}"))
        assigned(setting["organisation"], more, setting["person"], setting["colleague"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/portal/")
    assert response.text.count("todo__title") == 7
