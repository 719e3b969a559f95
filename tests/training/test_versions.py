import pytest
from django.test import Client

from tests.factories import DocumentVersionFactory, PersonFactory
from tests.pages import add_code, build_site
from training.acknowledgment.models import (
    ChangeKind,
    DocumentVersion,
    Requirement,
    VersionPublication,
    text_sha256,
)

pytestmark = pytest.mark.django_db


def publish_change(page, *, kind, new_text=None):
    page = page.get_latest_revision_as_object()
    if new_text:
        page.title = new_text
    page.change_kind = kind
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    return page, revision


def test_first_publication_is_version_one_with_revision_and_hash():
    _org, _home, ethics, _circulars = build_site()
    code = add_code(ethics)
    version = DocumentVersion.objects.get(page=code)
    publication = version.publications.get()
    assert version.number == 1 and version.is_current
    assert publication.revision == code.live_revision
    assert publication.text_sha256 == text_sha256(code.specific.acknowledgment_text())
    assert len(publication.text_sha256) == 64


def test_minor_correction_keeps_the_version_and_records_the_new_text_hash():
    _org, _home, ethics, _circulars = build_site()
    code = add_code(ethics)
    code, revision = publish_change(
        code, kind=ChangeKind.MINOR_CORRECTION, new_text="ประมวลจริยธรรมของพนักงานเทศบาล (แก้คำผิด)"
    )
    assert DocumentVersion.objects.filter(page=code).count() == 1
    publications = VersionPublication.objects.filter(version__page=code)
    assert publications.count() == 2
    assert len({p.text_sha256 for p in publications}) == 2


def test_new_version_increments_supersedes_and_keeps_the_old_one_readable():
    _org, _home, ethics, _circulars = build_site()
    code = add_code(ethics)
    code, _revision = publish_change(
        code, kind=ChangeKind.NEW_VERSION, new_text="ประมวลจริยธรรมของพนักงานเทศบาล ฉบับปรับปรุง"
    )
    versions = list(DocumentVersion.objects.filter(page=code).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].superseded_at is not None and versions[1].is_current

    client = Client(HTTP_HOST=code.get_site().hostname)
    current = client.get(code.url)
    assert "ฉบับปรับปรุง" in current.text
    old = client.get(code.url + "version/1/")
    assert old.status_code == 200
    assert "ฉบับปรับปรุง" not in old.text.split("<main")[1].split("ประวัติฉบับ")[0]
    assert "ฉบับเดิม" in old.text


def test_publishing_the_same_revision_twice_records_it_once():
    _org, _home, ethics, _circulars = build_site()
    code = add_code(ethics)
    code.live_revision.publish()
    assert VersionPublication.objects.filter(version__page=code).count() == 1


def test_saving_the_live_page_again_is_no_new_publication_and_fans_nothing_out(
    django_capture_on_commit_callbacks,
):
    """A version left for the recovery sweep stays so when its page is saved for another reason
    (a move, a field set in code): people get requirements from the fan-out, not from a save."""
    version = DocumentVersionFactory()
    PersonFactory(organisation=version.organisation)
    page = version.page.specific
    page.title = "แจ้งเวียนประมวลจริยธรรมของพนักงานเทศบาล"
    with django_capture_on_commit_callbacks(execute=True):
        page.save()
    assert VersionPublication.objects.filter(version__page=page).count() == 1
    assert not Requirement.objects.filter(version=version).exists()
