"""The role groups that migrations create, and what each role may reach."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from tests.training.register_helpers import user_with_role
from training.register import roles
from training.register.scans import scan_collection

pytestmark = pytest.mark.django_db

PEOPLE = reverse("person:index")


@pytest.fixture
def role_groups(organisation):
    return {role: roles.role_group(organisation, role) for role in roles.MODEL_PERMISSIONS}


def permission_names(group: Group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_no_global_role_group_is_left_after_migrate():
    # Roles are per organisation (migration 0030 moved the global groups' members and deleted
    # them): a global group would reach every organisation's pages.
    assert not Group.objects.filter(name__in=list(roles.MODEL_PERMISSIONS)).exists()


def test_an_organisation_has_a_group_for_every_role(organisation, role_groups):
    assert set(role_groups) == {
        roles.EMPLOYEE,
        roles.DIVISION_HEAD,
        roles.HR_OFFICER,
        roles.EDITOR,
        roles.APPROVER,
    }
    for role, group in role_groups.items():
        assert group.organisation_role.organisation == organisation
        assert group.organisation_role.role == role


def test_each_role_has_exactly_its_intended_model_permissions(role_groups):
    for role, names in roles.MODEL_PERMISSIONS.items():
        assert permission_names(role_groups[role]) == set(names), role


def test_employees_and_division_heads_have_no_admin_permissions(role_groups):
    assert permission_names(role_groups[roles.EMPLOYEE]) == set()
    assert permission_names(role_groups[roles.DIVISION_HEAD]) == set()


def test_hr_keeps_the_register_but_deletes_nobody(role_groups):
    names = permission_names(role_groups[roles.HR_OFFICER])
    assert {"wagtailadmin.access_admin", "training.view_person", "training.add_person"} <= names
    assert {"training.change_person", "training.add_division", "training.change_organisation"} <= (
        names
    )
    # People who leave get an end date; their acknowledgments stay evidence.
    assert not {name for name in names if name.startswith("training.delete_")}
    assert "training.add_organisation" not in names


def test_editors_and_approvers_do_not_touch_the_register(role_groups):
    # Editors schedule briefings and write quizzes (issue 11); nothing else of the tracker.
    briefings = {"training.view_briefing", "training.add_briefing", "training.change_briefing"}
    quizzes = {"training.view_quiz", "training.add_quiz", "training.change_quiz"}
    assert briefings | quizzes <= permission_names(role_groups[roles.EDITOR])
    assert quizzes <= permission_names(role_groups[roles.HR_OFFICER])
    for role in [roles.EDITOR, roles.APPROVER]:
        names = permission_names(role_groups[role])
        training = {name for name in names if name.startswith("training.")}
        assert not training - briefings - quizzes


def test_only_approvers_may_publish_pages_and_only_on_their_organisations_home(
    organisation, role_groups
):
    def page_permissions(role):
        grants = GroupPagePermission.objects.filter(group=role_groups[role])
        assert {grant.page_id for grant in grants} <= {organisation.site.root_page_id}
        return set(grants.values_list("permission__codename", flat=True))

    assert page_permissions(roles.EDITOR) == {"add_page", "change_page"}
    assert "publish_page" in page_permissions(roles.APPROVER)
    assert page_permissions(roles.HR_OFFICER) == set()
    assert page_permissions(roles.EMPLOYEE) == set()


def test_editors_upload_to_their_organisations_collection_and_hr_to_its_scans(
    organisation, role_groups
):
    def collection_permissions(role):
        return set(
            GroupCollectionPermission.objects.filter(group=role_groups[role]).values_list(
                "collection_id", "permission__codename"
            )
        )

    organisation.refresh_from_db()
    own = organisation.collection_id
    assert {(own, "add_document"), (own, "add_image")} <= collection_permissions(roles.EDITOR)
    assert collection_permissions(roles.HR_OFFICER) == set()
    scans = scan_collection(organisation)
    assert (scans.pk, "add_document") in collection_permissions(roles.HR_OFFICER)


def test_running_the_role_sync_again_changes_nothing(role_groups):
    from django.apps import apps

    before = {role: permission_names(group) for role, group in role_groups.items()}
    page_permissions = GroupPagePermission.objects.count()
    collection_permissions = GroupCollectionPermission.objects.count()

    roles.sync_roles(apps)

    assert {role: permission_names(group) for role, group in role_groups.items()} == before
    assert GroupPagePermission.objects.count() == page_permissions
    assert GroupCollectionPermission.objects.count() == collection_permissions


def test_hr_reaches_the_admin_and_the_register(client, organisation):
    client.force_login(user_with_role(roles.HR_OFFICER, organisation))

    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(PEOPLE).status_code == 200
    assert client.get(reverse("division:index")).status_code == 200
    assert client.get(reverse("organisation:index")).status_code == 200


@pytest.mark.parametrize("role", [roles.EDITOR, roles.APPROVER])
def test_editors_reach_the_admin_but_not_the_register(client, organisation, role):
    client.force_login(user_with_role(role, organisation))

    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(reverse("wagtailadmin_explore_root")).status_code == 200
    for url in [PEOPLE, reverse("division:index"), reverse("organisation:index")]:
        response = client.get(url)
        # The admin turns a refusal into a redirect to its dashboard with a message.
        assert response.status_code == 302, url
        assert response.url == reverse("wagtailadmin_home")


@pytest.mark.parametrize("role", [roles.EMPLOYEE, roles.DIVISION_HEAD])
def test_employees_and_division_heads_cannot_reach_the_admin(client, organisation, role):
    client.force_login(user_with_role(role, organisation))

    for url in [reverse("wagtailadmin_home"), PEOPLE]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("wagtailadmin_login"))


@pytest.mark.django_db
def test_only_the_products_roles_have_rights_over_pages():
    from django.contrib.auth.models import Group

    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
