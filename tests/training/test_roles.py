"""The role groups that migrations create, and what each role may reach."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from tests.training.register_helpers import user_with_role
from training.register import roles

pytestmark = pytest.mark.django_db

PEOPLE = reverse("person:index")


def permission_names(role: str) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=role).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_every_role_exists_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        roles.EMPLOYEE,
        roles.DIVISION_HEAD,
        roles.HR_OFFICER,
        roles.EDITOR,
        roles.APPROVER,
    }


def test_each_role_has_exactly_its_intended_model_permissions():
    for role, names in roles.MODEL_PERMISSIONS.items():
        assert permission_names(role) == set(names), role


def test_employees_and_division_heads_have_no_admin_permissions():
    assert permission_names(roles.EMPLOYEE) == set()
    assert permission_names(roles.DIVISION_HEAD) == set()


def test_hr_keeps_the_register_but_deletes_nobody():
    names = permission_names(roles.HR_OFFICER)
    assert {"wagtailadmin.access_admin", "training.view_person", "training.add_person"} <= names
    assert {"training.change_person", "training.add_division", "training.change_organisation"} <= (
        names
    )
    # People who leave get an end date; their acknowledgments stay evidence.
    assert not {name for name in names if name.startswith("training.delete_")}
    assert "training.add_organisation" not in names


def test_editors_and_approvers_do_not_touch_the_register():
    # Editors schedule briefings and write quizzes (issue 11); nothing else of the tracker.
    briefings = {"training.view_briefing", "training.add_briefing", "training.change_briefing"}
    quizzes = {"training.view_quiz", "training.add_quiz", "training.change_quiz"}
    assert briefings | quizzes <= permission_names(roles.EDITOR)
    assert quizzes <= permission_names(roles.HR_OFFICER)
    for role in [roles.EDITOR, roles.APPROVER]:
        training = {name for name in permission_names(role) if name.startswith("training.")}
        assert not training - briefings - quizzes


def test_only_approvers_may_publish_pages():
    def page_permissions(role):
        return set(
            GroupPagePermission.objects.filter(group__name=role).values_list(
                "permission__codename", flat=True
            )
        )

    assert page_permissions(roles.EDITOR) == {"add_page", "change_page"}
    assert "publish_page" in page_permissions(roles.APPROVER)
    assert page_permissions(roles.HR_OFFICER) == set()
    assert page_permissions(roles.EMPLOYEE) == set()


def test_editors_and_hr_may_upload_documents_to_the_root_collection():
    def collection_permissions(role):
        return set(
            GroupCollectionPermission.objects.filter(group__name=role).values_list(
                "permission__codename", flat=True
            )
        )

    assert "add_document" in collection_permissions(roles.HR_OFFICER)
    assert {"add_document", "add_image"} <= collection_permissions(roles.EDITOR)


def test_running_the_role_sync_again_changes_nothing():
    from django.apps import apps

    before = {role: permission_names(role) for role in roles.MODEL_PERMISSIONS}
    page_permissions = GroupPagePermission.objects.count()

    roles.sync_roles(apps)

    assert {role: permission_names(role) for role in roles.MODEL_PERMISSIONS} == before
    assert GroupPagePermission.objects.count() == page_permissions


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
