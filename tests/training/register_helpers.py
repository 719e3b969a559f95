"""Logins with a role, as the register's admin tests need them."""

from django.contrib.auth.models import Group

from tests.factories import PersonFactory, UserFactory

PASSWORD = "correct-horse-battery"


def user_with_role(role: str | None, organisation=None, **person_fields):
    """A login in a role group; with an organisation, also that organisation's register entry."""
    user = UserFactory()
    if role:
        user.groups.add(Group.objects.get(name=role))
    if organisation is not None:
        PersonFactory(organisation=organisation, user=user, **person_fields)
    return user
