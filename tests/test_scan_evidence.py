"""Scans are evidence: a scanned sign-off sheet is seen only by its organisation's HR, and nobody
(editors, HR, superusers) replaces, moves or deletes one that an acknowledgment refers to.

Every refusal is tried where a user would try it: Wagtail's document views, the chooser, the bulk
actions, the admin API, the file's own address and the plain /media/ address.
"""

import datetime
import importlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection

from config import urls as site_urls
from home.thai_dates import numeric_date
from tests.factories import DivisionFactory, PersonFactory, UserFactory
from tests.pages import add_code, build_site
from tests.training.register_helpers import user_with_role
from training.acknowledgment.models import Acknowledgment, EvidenceIsImmutable, Requirement
from training.register import roles
from training.register.roles import SCAN_COLLECTION

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORGED_BYTES = b"%PDF-1.4\n% someone else's sheet\n%%EOF\n"
LOCKED = "ใบลงนามที่สแกนนี้เป็นหลักฐานการรับทราบ จึงแก้ไข เปลี่ยนไฟล์ ย้าย หรือลบไม่ได้"
NOT_YOURS = "ใบลงนามที่สแกนนี้เปิดได้เฉพาะเจ้าหน้าที่งานบุคคลของหน่วยงานเจ้าของ"
USER_KEPT = "ไม่ได้ เพราะหลักฐานการรับทราบอ้างถึงบัญชีนี้"

# The site's addresses with the plain /media/ ones a development server (DEBUG) adds.
urlpatterns = [*site_urls.media_urlpatterns(), *site_urls.urlpatterns]


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sheet(content=PDF_BYTES, name="sheet.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def organisation_with_a_code(committed, *, hostname, name):
    organisation, _home, ethics, _circulars = build_site(hostname=hostname, name=name)
    division = DivisionFactory(organisation=organisation)
    people = PersonFactory.create_batch(2, organisation=organisation, division=division)
    with committed():
        code = add_code(ethics)
    hr_user = user_with_role(roles.HR_OFFICER, organisation)
    return {
        "organisation": organisation,
        "people": people,
        "version": code.current_version,
        "hr_user": hr_user,
        "hr": login(hr_user),
    }


def record_paper(place, person) -> object:
    """HR records, through the paper sign-off page, that the person signed yesterday."""
    requirement = Requirement.objects.get(person=person, version=place["version"])
    review = place["hr"].post(
        f"/admin/signoffs/{place['version'].pk}/paper/",
        {
            "signed_on": numeric_date(timezone.localdate() - datetime.timedelta(days=1)),
            "note": "",
            "record": "1",
            "requirement": [requirement.pk],
            "scan": sheet(),
        },
    )
    # The form answers with a review page; the record is made when HR confirms it.
    assert review.status_code == 200 and "token" in review.context, review.content
    response = place["hr"].post(
        f"/admin/signoffs/{place['version'].pk}/paper/confirm/",
        {"token": review.context["token"]},
    )
    assert response.status_code == 302, response.content
    return Acknowledgment.objects.get(person=person).paper_scan


@pytest.fixture
def scans(committed):
    a = organisation_with_a_code(committed, hostname="a.example.org", name="เทศบาลตำบลพระแท่น")
    b = organisation_with_a_code(committed, hostname="b.example.org", name="เทศบาลตำบลหนองขาว")
    a["scan"] = record_paper(a, a["people"][0])
    b["scan"] = record_paper(b, b["people"][0])
    editor = user_with_role(roles.EDITOR, a["organisation"])
    superuser = UserFactory(is_superuser=True)
    return {"a": a, "b": b, "editor": login(editor), "superuser": login(superuser)}


def fresh(document):
    return get_document_model().objects.get(pk=document.pk)


def content_of(document) -> bytes:
    with fresh(document).file.open("rb") as handle:
        return handle.read()


def served(client, document):
    return client.get(document.url)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- The happy path ---------------------------------------------------------------------------


def test_hr_records_paper_into_their_organisations_own_collection_and_downloads_it(scans):
    a, b = scans["a"], scans["b"]
    collection = fresh(a["scan"]).collection
    assert collection.scan_organisation == a["organisation"]
    assert collection.get_parent().name == SCAN_COLLECTION
    assert fresh(b["scan"]).collection.scan_organisation == b["organisation"]
    assert fresh(b["scan"]).collection != collection

    response = served(a["hr"], a["scan"])
    assert response.status_code == 200
    assert body(response) == PDF_BYTES


def test_hr_sees_their_own_scans_in_the_chooser_and_the_admin_api_and_not_anothers(scans):
    a, b = scans["a"], scans["b"]
    chooser = a["hr"].get(reverse("wagtaildocs_chooser:choose"))
    assert chooser.status_code == 200
    assert reverse("wagtaildocs_chooser:chosen", args=[a["scan"].pk]) in chooser.text
    assert reverse("wagtaildocs_chooser:chosen", args=[b["scan"].pk]) not in chooser.text

    listed = {row["id"] for row in a["hr"].get("/admin/api/main/documents/").json()["items"]}
    assert a["scan"].pk in listed and b["scan"].pk not in listed


# --- Seeing: an editor and another organisation's HR ------------------------------------------


@pytest.fixture(params=["editor of the same organisation", "HR of another organisation"])
def outsider(request, scans):
    if request.param.startswith("editor"):
        return scans["editor"]
    return scans["b"]["hr"]


def test_an_outsider_is_not_served_the_scan_file(scans, outsider):
    response = served(outsider, scans["a"]["scan"])
    assert response.status_code == 403
    assert NOT_YOURS in response.content.decode()


def test_nobody_logged_out_is_served_the_scan_file(scans):
    response = served(Client(), scans["a"]["scan"])
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_outsider_does_not_find_the_scan_in_the_chooser_or_the_listing(scans, outsider):
    scan = scans["a"]["scan"]
    for query in ({}, {"q": "ใบลงนาม"}):
        chooser = outsider.get(reverse("wagtaildocs_chooser:choose"), query)
        assert chooser.status_code == 200
        assert reverse("wagtaildocs_chooser:chosen", args=[scan.pk]) not in chooser.text
        listing = outsider.get(reverse("wagtaildocs:index"), query)
        assert reverse("wagtaildocs:edit", args=[scan.pk]) not in listing.text
    chosen = outsider.get(reverse("wagtaildocs_chooser:chosen", args=[scan.pk]))
    assert scan.url not in chosen.text


def test_an_outsider_does_not_find_the_scan_in_the_admin_api(scans, outsider):
    scan = scans["a"]["scan"]
    listed = {row["id"] for row in outsider.get("/admin/api/main/documents/").json()["items"]}
    assert scan.pk not in listed
    assert outsider.get(f"/admin/api/main/documents/{scan.pk}/").status_code == 404


# --- Replacing, moving, deleting --------------------------------------------------------------


def refused(client, url, data=None):
    """Post as a user would; whatever the answer, it is not a server error."""
    response = client.post(url, data or {})
    assert response.status_code < 500
    return response


def edit_form(document, **changes) -> dict:
    data = {"title": document.title, "collection": document.collection_id, "tags": ""}
    data.update(changes)
    return data


@pytest.fixture(
    params=["editor", "HR of another organisation", "HR of its organisation", "superuser"]
)
def anyone(request, scans):
    return {
        "editor": scans["editor"],
        "HR of another organisation": scans["b"]["hr"],
        "HR of its organisation": scans["a"]["hr"],
        "superuser": scans["superuser"],
    }[request.param]


def test_nobody_replaces_the_scan_file(scans, anyone):
    scan = scans["a"]["scan"]
    name = fresh(scan).file.name
    refused(
        anyone,
        reverse("wagtaildocs:edit", args=[scan.pk]),
        edit_form(scan, file=sheet(FORGED_BYTES)),
    )
    assert fresh(scan).file.name == name
    assert content_of(scan) == PDF_BYTES


def test_nobody_moves_the_scan_to_the_root_collection(scans, anyone):
    scan = scans["a"]["scan"]
    root = Collection.get_first_root_node()
    collection_id = fresh(scan).collection_id
    refused(
        anyone, reverse("wagtaildocs:edit", args=[scan.pk]), edit_form(scan, collection=root.pk)
    )
    bulk = reverse("wagtail_bulk_action", args=("wagtaildocs", "document", "add_to_collection"))
    refused(anyone, f"{bulk}?id={scan.pk}", {"collection": root.pk})
    assert fresh(scan).collection_id == collection_id


def test_nobody_deletes_the_scan(scans, anyone):
    scan = scans["a"]["scan"]
    refused(anyone, reverse("wagtaildocs:delete", args=[scan.pk]))
    bulk = reverse("wagtail_bulk_action", args=("wagtaildocs", "document", "delete"))
    refused(anyone, f"{bulk}?id={scan.pk}")
    assert get_document_model().objects.filter(pk=scan.pk).exists()


@pytest.mark.parametrize("who", ["HR of its organisation", "superuser"])
def test_those_who_may_see_the_scan_are_told_why_it_cannot_be_changed(scans, who):
    client = scans["a"]["hr"] if who.startswith("HR") else scans["superuser"]
    scan = scans["a"]["scan"]
    for url in (
        reverse("wagtaildocs:edit", args=[scan.pk]),
        reverse("wagtaildocs:delete", args=[scan.pk]),
    ):
        response = client.post(url, edit_form(scan, file=sheet(FORGED_BYTES)), follow=True)
        assert response.status_code == 200
        assert LOCKED in response.text


def test_a_scan_not_yet_evidence_stays_editable_by_wagtails_rules(scans):
    """Only evidence is locked: a document an editor uploaded is still theirs to change."""
    editor = scans["editor"]
    root = Collection.get_first_root_node()
    response = editor.post(
        reverse("wagtaildocs:add"), {"title": "แผนผัง", "file": sheet(), "collection": root.pk}
    )
    assert response.status_code == 302
    document = get_document_model().objects.get(title="แผนผัง")
    response = editor.post(
        reverse("wagtaildocs:edit", args=[document.pk]), edit_form(document, title="แผนผังใหม่")
    )
    assert fresh(document).title == "แผนผังใหม่"


def test_the_code_cannot_replace_move_or_delete_a_scan_either(scans):
    scan = fresh(scans["a"]["scan"])
    scan.collection = Collection.get_first_root_node()
    with pytest.raises(EvidenceIsImmutable):
        scan.save()
    scan = fresh(scans["a"]["scan"])
    scan.file = sheet(FORGED_BYTES, name="forged.pdf")
    with pytest.raises(EvidenceIsImmutable):
        scan.save()
    with pytest.raises(ProtectedError):
        fresh(scans["a"]["scan"]).delete()


def test_a_scan_moved_to_the_root_behind_the_admins_back_is_still_only_for_its_hr(scans):
    """The rule follows the acknowledgment, not only the collection (the issue's exposure)."""
    scan = scans["a"]["scan"]
    get_document_model().objects.filter(pk=scan.pk).update(
        collection=Collection.get_first_root_node()
    )
    assert served(scans["editor"], scan).status_code == 403
    refused = served(scans["b"]["hr"], scan)
    assert refused.status_code == 403
    # The site's own page (Thai font, the site's layout), saying why in Thai and English.
    page = refused.content.decode()
    assert refused["Content-Type"].startswith("text/html") and '<html lang="th"' in page
    assert "ใบลงนามที่สแกนนี้เปิดได้เฉพาะเจ้าหน้าที่งานบุคคลของหน่วยงานเจ้าของ" in page
    assert served(scans["a"]["hr"], scan).status_code == 200


# --- The plain /media/ address --------------------------------------------------------------


@override_settings(ROOT_URLCONF=__name__)
def test_the_scan_is_not_served_from_its_plain_media_address(scans, settings):
    scan = fresh(scans["a"]["scan"])
    plain = settings.MEDIA_URL + scan.file.name
    for client in (Client(), scans["editor"], scans["a"]["hr"], scans["superuser"]):
        assert client.get(plain).status_code == 404
    assert served(scans["a"]["hr"], scan).status_code == 200


def test_documents_are_served_through_wagtails_view(settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


# --- Deleting a user that evidence names ------------------------------------------------------


def test_a_user_who_recorded_evidence_is_not_deleted_and_is_told_to_deactivate(scans):
    hr_user = scans["a"]["hr_user"]
    response = scans["superuser"].post(
        reverse("wagtailusers_users:delete", args=[hr_user.pk]), follow=True
    )
    assert response.status_code == 200
    assert USER_KEPT in response.text
    assert get_user_model().objects.filter(pk=hr_user.pk).exists()


def test_a_user_whose_person_acknowledged_is_not_deleted_in_bulk_either(scans):
    person = scans["a"]["people"][0]
    person.user = UserFactory()
    person.save()
    model = get_user_model()._meta
    bulk = reverse("wagtail_bulk_action", args=(model.app_label, model.model_name, "delete"))
    response = scans["superuser"].post(f"{bulk}?id={person.user.pk}&id={scans['a']['hr_user'].pk}")
    assert response.status_code in (200, 302)
    assert (
        get_user_model().objects.filter(pk__in=[person.user.pk, scans["a"]["hr_user"].pk]).count()
        == 2
    )


def test_a_user_no_evidence_names_is_still_deleted(scans):
    stranger = UserFactory()
    scans["superuser"].post(reverse("wagtailusers_users:delete", args=[stranger.pk]))
    assert not get_user_model().objects.filter(pk=stranger.pk).exists()


# --- Where scans may be put -------------------------------------------------------------------


def collection_options(client) -> set[int]:
    form = client.get(reverse("wagtaildocs:add")).context["form"]
    return {collection.pk for collection in form.collections}


def test_hr_uploads_only_into_their_own_scan_collection_and_editors_not_into_any(scans):
    a, b = scans["a"], scans["b"]
    a_collection = fresh(a["scan"]).collection_id
    b_collection = fresh(b["scan"]).collection_id
    assert a_collection in collection_options(a["hr"])
    assert b_collection not in collection_options(a["hr"])
    editor_options = collection_options(scans["editor"])
    # Editors upload into their own organisation's collection, not the root (issue 12).
    a["organisation"].refresh_from_db()
    assert a["organisation"].collection_id in editor_options
    assert Collection.get_first_root_node().pk not in editor_options
    assert not editor_options & {
        a_collection,
        b_collection,
        fresh(a["scan"]).collection.get_parent().pk,
    }


# --- The migration, on an installation that had scans before it ------------------------------


def test_the_migration_gives_each_organisation_its_collection_and_takes_hr_off_the_root(scans):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from wagtail.models import GroupCollectionPermission

    from training.register.models import Organisation

    migration = importlib.import_module("training.migrations.0019_scan_collections")
    a, b = scans["a"], scans["b"]
    root = Collection.get_first_root_node()
    named = fresh(a["scan"]).collection_id
    # As before the migration: no links, a scan moved to the root, HR's grants on the root.
    Organisation.objects.update(scan_collection=None)
    get_document_model().objects.filter(pk=a["scan"].pk).update(collection=root)
    # The global HR group of the installations before migration 0030.
    hr_group, _created = Group.objects.get_or_create(name=roles.HR_OFFICER)
    GroupCollectionPermission.objects.create(
        group=hr_group,
        collection=root,
        permission=Permission.objects.get(codename="choose_document"),
    )
    state = MigrationExecutor(connection).loader.project_state(
        ("training", "0019_scan_collections")
    )

    migration.make_scan_collections(state.apps, None)

    a_org = Organisation.objects.get(pk=a["organisation"].pk)
    assert a_org.scan_collection_id == named
    assert fresh(a["scan"]).collection_id == named
    assert Organisation.objects.get(pk=b["organisation"].pk).scan_collection_id is not None
    assert not GroupCollectionPermission.objects.filter(group=hr_group, collection=root).exists()
    parent = a_org.scan_collection.get_parent()
    assert parent.name == SCAN_COLLECTION
    assert set(
        GroupCollectionPermission.objects.filter(group=hr_group, collection=parent).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_document", "choose_document"}


def test_hr_of_an_organisation_without_scans_yet_is_not_offered_an_upload_form(committed):
    organisation, *_pages = build_site(hostname="c.example.org", name="เทศบาลตำบลใหม่")
    hr = login(user_with_role(roles.HR_OFFICER, organisation))
    response = hr.get(reverse("wagtaildocs:add"))
    assert response.status_code == 302  # Wagtail's "no permission", not a server error
    assert hr.get(reverse("wagtaildocs_chooser:choose")).status_code == 200
