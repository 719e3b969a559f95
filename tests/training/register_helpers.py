"""Logins with a role, and what the register announces, as the register's tests need them."""

from contextlib import contextmanager

from django.contrib.auth.models import Permission

from tests.factories import PersonFactory, UserFactory
from training.register import roles
from training.register.signals import people_changed

PASSWORD = "correct-horse-battery"


def user_with_role(role: str | None, organisation=None, **person_fields):
    """A login with a role in an organisation: its register entry there and the organisation's
    group for the role. Without an organisation, a login with the role's model permissions that
    belongs to no organisation at all."""
    user = UserFactory()
    if organisation is not None:
        PersonFactory(organisation=organisation, user=user, **person_fields)
        if role:
            roles.roles_grant(user, organisation, role)
    elif role:
        for name in roles.MODEL_PERMISSIONS[role]:
            app_label, codename = name.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    return user


@contextmanager
def people_changed_announcements():
    """The person_ids of every `people_changed` the register sends meanwhile, in order."""
    received = []

    def listen(sender, *, person_ids, **kwargs):
        received.append(sorted(person_ids))

    people_changed.connect(listen)
    try:
        yield received
    finally:
        people_changed.disconnect(listen)
