"""An organisation is a tenant: its editors, approvers and HR act on its own pages, documents,
images and moderation only, and `manage.py add_organisation` makes one end to end."""

import io

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    GroupPagePermission,
    Page,
    Site,
    TaskState,
    WorkflowState,
)

from circulars.models import CircularAttachment, CircularIndexPage, Visibility
from ethics.models import EthicsIndexPage, GuidelinesPage
from tests.factories import PersonFactory, UserFactory
from tests.pages import add_circular
from training import tenants
from training.figures.pages import TransparencyPage
from training.register import roles
from training.register.models import Organisation, OrganisationRole, Person

pytestmark = pytest.mark.django_db

UNPUBLISH = "/admin/api/main/pages/{}/action/unpublish/"


def tenant(slug: str, hostname: str) -> Organisation:
    return tenants.organisation_add(
        slug=slug,
        name_th=f"เทศบาลตำบล{slug}",
        organisation_type="subdistrict_municipality",
        province="กาญจนบุรี",
        district="ท่ามะกา",
        hostname=hostname,
    ).organisation


def login(organisation: Organisation, role: str) -> tuple[Client, object]:
    user = UserFactory()
    PersonFactory(organisation=organisation, user=user)
    roles.roles_grant(user, organisation, role)
    client = Client()
    client.force_login(user)
    return client, user


@pytest.fixture
def a():
    return tenant("tenant-a", "a.example.org")


@pytest.fixture
def b():
    return tenant("tenant-b", "b.example.org")


def document_in(organisation: Organisation, title: str):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4 test", name=f"{title}.pdf"),
        collection=organisation.collection,
    )


def image_in(organisation: Organisation, title: str):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(), collection=organisation.collection
    )


# --- Pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [roles.EDITOR, roles.APPROVER])
def test_editors_and_approvers_open_their_own_pages_but_not_another_organisations(a, b, role):
    client, _user = login(a, role)
    for page_id in [
        a.site.root_page_id,
        CircularIndexPage.objects.child_of(a.site.root_page).get().pk,
    ]:
        assert client.get(reverse("wagtailadmin_pages:edit", args=[page_id])).status_code == 200
    for page_id in [
        b.site.root_page_id,
        CircularIndexPage.objects.child_of(b.site.root_page).get().pk,
    ]:
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page_id]))
        assert response.status_code == 302, page_id  # the admin's refusal: back to its dashboard
        assert response.url == reverse("wagtailadmin_home")


def test_an_approver_cannot_unpublish_another_organisations_page_through_the_admin_api(a, b):
    client, _user = login(a, roles.APPROVER)
    theirs = add_circular(CircularIndexPage.objects.child_of(b.site.root_page).get())
    own = add_circular(CircularIndexPage.objects.child_of(a.site.root_page).get())

    refused = client.post(UNPUBLISH.format(theirs.pk), content_type="application/json")

    assert refused.status_code in (403, 404)
    theirs.refresh_from_db()
    assert theirs.live
    # Their own they may.
    assert client.post(UNPUBLISH.format(own.pk), content_type="application/json").status_code == 200
    own.refresh_from_db()
    assert not own.live


def chooser_html(client: Client, url: str, query: dict | None = None) -> str:
    """The chooser's HTML, whether it answers a modal's JSON or a results fragment."""
    response = client.get(url, query or {})
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


@pytest.mark.parametrize("role", [roles.EDITOR, roles.APPROVER])
def test_the_page_chooser_offers_only_the_organisations_own_pages(a, b, role):
    client, _user = login(a, role)
    theirs = add_circular(
        CircularIndexPage.objects.child_of(b.site.root_page).get(), title="gift policy beta"
    )
    own = add_circular(
        CircularIndexPage.objects.child_of(a.site.root_page).get(), title="gift policy alpha"
    )

    browsed = chooser_html(client, reverse("wagtailadmin_choose_page"))
    found = chooser_html(client, reverse("wagtailadmin_choose_page_search"), {"q": "gift"})
    inside_theirs = chooser_html(
        client, reverse("wagtailadmin_choose_page_child", args=[b.site.root_page_id])
    )

    assert a.name_th in browsed and b.name_th not in browsed
    assert own.title in found and theirs.title not in found
    assert theirs.title not in inside_theirs
    # A superuser links to any organisation's pages.
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    found = chooser_html(client, reverse("wagtailadmin_choose_page_search"), {"q": "gift"})
    assert own.title in found and theirs.title in found


def test_page_grants_sit_on_each_organisations_home_page_not_the_root(a, b):
    pages = set(GroupPagePermission.objects.values_list("page_id", flat=True))
    assert pages == {a.site.root_page_id, b.site.root_page_id}
    assert not GroupPagePermission.objects.filter(page__depth=1).exists()


# --- Documents and images -------------------------------------------------------------------------


@pytest.mark.parametrize("role", [roles.EDITOR, roles.APPROVER])
def test_documents_of_another_organisation_are_not_listed_chosen_or_served_by_the_admin_api(
    a, b, role
):
    client, _user = login(a, role)
    own, theirs = document_in(a, "doc-of-tenant-a"), document_in(b, "doc-of-tenant-b")

    listing = client.get(reverse("wagtaildocs:index")).content.decode()
    chooser = client.get(reverse("wagtaildocs_chooser:choose")).content.decode()
    api = {row["id"] for row in client.get("/admin/api/main/documents/").json()["items"]}

    assert "doc-of-tenant-a" in listing and "doc-of-tenant-a" in chooser and own.pk in api
    assert "doc-of-tenant-b" not in listing
    assert "doc-of-tenant-b" not in chooser
    assert theirs.pk not in api
    assert client.get(f"/admin/api/main/documents/{theirs.pk}/").status_code == 404
    edit = client.get(reverse("wagtaildocs:edit", args=[theirs.pk]))
    assert edit.status_code in (302, 403)


def test_hr_sees_no_other_organisations_documents_either(a, b):
    client, _user = login(b, roles.HR_OFFICER)
    theirs = document_in(a, "doc-of-tenant-a")
    api = {row["id"] for row in client.get("/admin/api/main/documents/").json()["items"]}
    assert theirs.pk not in api
    chooser = client.get(reverse("wagtaildocs_chooser:choose")).content.decode()
    assert "doc-of-tenant-a" not in chooser


@pytest.mark.parametrize("role", [roles.EDITOR, roles.APPROVER])
def test_images_of_another_organisation_are_not_listed_or_chosen(a, b, role):
    client, _user = login(a, role)
    image_in(a, "our-picture")
    theirs = image_in(b, "their-picture")

    listing = client.get(reverse("wagtailimages:index")).content.decode()
    chooser = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    api = {row["id"] for row in client.get("/admin/api/main/images/").json()["items"]}

    assert "our-picture" in listing and "our-picture" in chooser
    assert "their-picture" not in listing and "their-picture" not in chooser
    assert theirs.pk not in api
    assert client.get(reverse("wagtailimages:edit", args=[theirs.pk])).status_code in (302, 403)


def test_an_internal_attachment_of_another_organisation_is_not_downloaded(a, b):
    editor, _user = login(a, roles.EDITOR)
    own_editor, _own = login(b, roles.EDITOR)
    document = document_in(b, "internal-form")
    circular = add_circular(
        CircularIndexPage.objects.child_of(b.site.root_page).get(),
        visibility=Visibility.INTERNAL,
    )
    circular = circular.get_latest_revision_as_object()
    circular.attachments = [CircularAttachment(document=document)]
    circular.save_revision().publish()

    assert editor.get(document.url).status_code == 403
    assert own_editor.get(document.url).status_code == 200


# --- Moderation -----------------------------------------------------------------------------------


def test_an_organisations_moderation_goes_to_its_own_approvers_only(a, b):
    editor_b, _user = login(b, roles.EDITOR)
    approver_a, _a = login(a, roles.APPROVER)
    approver_b, _b = login(b, roles.APPROVER)
    index = CircularIndexPage.objects.child_of(b.site.root_page).get()
    page = add_circular(index, publish=False)
    assert page.get_workflow() == b.workflow

    page.save_revision(user=_user)
    workflow_state = page.get_workflow().start(page, _user)
    task_state = TaskState.objects.get(workflow_state=workflow_state)
    assert set(task_state.task.specific.groups.all()) == {roles.role_group(b, roles.APPROVER)}

    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    refused = approver_a.post(url)
    assert refused.status_code in (302, 403)
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    approver_b.post(url)
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    assert editor_b  # the editor of B submitted; nobody of A took part


# --- add_organisation -----------------------------------------------------------------------------

OPTIONS = {
    "slug": "nong-bua",
    "name": "องค์การบริหารส่วนตำบลหนองบัว",
    "type": "subdistrict_administration",
    "province": "กาญจนบุรี",
    "district": "เมืองกาญจนบุรี",
    "hostname": "nong-bua.example.org",
    "hr_email": "hr@nongbua.example.org",
    "hr_first_name": "พิมพ์ชนก",
    "hr_last_name": "แก้วมณี",
}


def add_organisation(**options) -> str:
    out = io.StringIO()
    call_command("add_organisation", stdout=out, **{**OPTIONS, **options})
    return out.getvalue()


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in [Organisation, Site, Page, Collection, OrganisationRole, Person]
    }


def test_add_organisation_makes_a_tenant_end_to_end(committed):
    with committed():
        output = add_organisation()

    organisation = Organisation.objects.get(slug="nong-bua")
    site = organisation.site
    assert (site.hostname, site.port, site.site_name) == (
        "nong-bua.example.org",
        80,
        "องค์การบริหารส่วนตำบลหนองบัว",
    )
    home = site.root_page
    assert home.title == "องค์การบริหารส่วนตำบลหนองบัว" and home.live
    assert EthicsIndexPage.objects.child_of(home).live().exists()
    assert CircularIndexPage.objects.child_of(home).live().exists()
    assert GuidelinesPage.objects.descendant_of(home).exists()
    # Measure 6's public page: the national assessor finds it on every organisation's site.
    transparency = TransparencyPage.objects.child_of(home).live().get()
    assert Client().get(transparency.url, HTTP_HOST=site.hostname).status_code == 200
    assert set(organisation.roles.values_list("role", flat=True)) == set(roles.MODEL_PERMISSIONS)
    assert organisation.collection is not None and organisation.scan_collection is not None
    assert home.specific.get_workflow() == organisation.workflow
    # The first HR officer: a register entry, the HR role there, an invitation to set a password
    # that links to the organisation's own site.
    hr = Person.objects.get(organisation=organisation, email="hr@nongbua.example.org")
    assert hr.user.groups.filter(organisation_role__role=roles.HR_OFFICER).exists()
    assert not hr.user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["hr@nongbua.example.org"]
    assert "http://nong-bua.example.org/accounts/set-password/" in message.body
    assert "หน่วยงาน / Organisation: องค์การบริหารส่วนตำบลหนองบัว" in output
    assert "hr@nongbua.example.org" in output


def test_running_add_organisation_again_changes_nothing_and_says_so(committed):
    with committed():
        add_organisation()
    before = counts()

    with committed():
        output = add_organisation()

    assert counts() == before
    assert len(mail.outbox) == 1
    assert "ไม่มีอะไรเปลี่ยนแปลง / Already there: nothing changed." in output


def test_a_host_name_another_site_has_is_refused_and_nothing_is_made(a):
    before = counts()

    with pytest.raises(CommandError, match="a.example.org:80"):
        add_organisation(hostname="a.example.org")

    assert counts() == before
    assert not mail.outbox


def test_a_host_name_in_other_letters_case_is_the_same_host_and_refused(a):
    before = counts()

    with pytest.raises(CommandError, match="a.example.org:80"):
        add_organisation(hostname="A.Example.ORG")

    assert counts() == before
    assert not mail.outbox


def test_without_a_port_the_site_listens_where_the_default_site_does(committed):
    """On a development server every site is on :8000, so a new one must be too."""
    Site.objects.filter(is_default_site=True).update(port=8000)
    with committed():
        output = add_organisation()
    assert Organisation.objects.get(slug="nong-bua").site.port == 8000
    assert "http://nong-bua.example.org:8000/" in output


def test_a_new_host_name_is_kept_in_lower_case(committed):
    with committed():
        add_organisation(hostname="Nong-Bua.Example.org")
    assert Organisation.objects.get(slug="nong-bua").site.hostname == "nong-bua.example.org"


def test_a_missing_name_is_refused_with_a_clear_message_and_nothing_is_made():
    before = counts()

    with pytest.raises(CommandError, match="ต้องระบุชื่อหน่วยงาน"):
        add_organisation(name="")

    assert counts() == before


def test_an_existing_slug_on_another_host_is_refused(a):
    before = counts()

    with pytest.raises(CommandError, match="tenant-a"):
        add_organisation(slug="tenant-a", hostname="elsewhere.example.org")

    assert counts() == before


def test_a_wrong_email_or_kind_is_refused():
    with pytest.raises(CommandError) as refused:
        add_organisation(hr_email="not-an-address", type="village")
    assert "not-an-address" in str(refused.value) and "village" in str(refused.value)
    assert not Organisation.objects.exists()


# --- Existing installations -----------------------------------------------------------------------


def test_migration_0030_moves_the_global_groups_members_to_their_organisations_groups():
    import importlib

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from wagtail.models import Workflow, WorkflowPage

    from tests.pages import build_site

    migration = importlib.import_module("training.migrations.0030_organisation_roles")
    state = MigrationExecutor(connection).loader.project_state(
        ("training", "0029_organisation_tenancy")
    )
    root = Page.get_first_root_node()
    # As before the migration: global role groups with their grants on the whole tree, one
    # workflow on the root page, an uploaded document in the root collection.
    roles._sync_global_roles(state.apps)
    organisation, home, _ethics, _circulars = build_site(hostname="old.example.org")
    editor = UserFactory()
    PersonFactory(organisation=organisation, user=editor)
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    stray = UserFactory()  # a role but no register entry
    stray.groups.add(Group.objects.get(name=roles.APPROVER))
    assert GroupPagePermission.objects.filter(page=root).exists()
    document = get_document_model().objects.create(
        title="old", file=ContentFile(b"%PDF-1.4", name="old.pdf")
    )
    old_workflow = Workflow.objects.create(name="อนุมัติก่อนเผยแพร่", active=True)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": old_workflow})

    migration.forwards(state.apps, None)

    organisation.refresh_from_db()
    assert set(editor.groups.all()) == {roles.role_group(organisation, roles.EDITOR)}
    assert not stray.groups.exists()
    assert not Group.objects.filter(name__in=list(roles.MODEL_PERMISSIONS)).exists()
    assert not GroupPagePermission.objects.filter(page=root).exists()
    assert not WorkflowPage.objects.filter(page=root).exists()
    old_workflow.refresh_from_db()
    assert not old_workflow.active
    assert home.get_workflow() == organisation.workflow
    document.refresh_from_db()
    assert document.collection_id == organisation.collection_id
