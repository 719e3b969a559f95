"""Logins with a role, and what the register announces, as the register's tests need them."""

from contextlib import contextmanager

from django.contrib.auth.models import Group

from tests.factories import PersonFactory, UserFactory
from training.register.signals import people_changed

PASSWORD = "correct-horse-battery"


def user_with_role(role: str | None, organisation=None, **person_fields):
    """A login in a role group; with an organisation, also that organisation's register entry."""
    user = UserFactory()
    if role:
        user.groups.add(Group.objects.get(name=role))
    if organisation is not None:
        PersonFactory(organisation=organisation, user=user, **person_fields)
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
