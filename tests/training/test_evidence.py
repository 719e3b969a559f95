"""Acknowledgments are evidence: nothing changes or removes one unnoticed."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from tests.factories import (
    AcknowledgmentFactory,
    DocumentVersionFactory,
    OrganisationFactory,
    RequirementFactory,
)
from training.acknowledgment.models import Acknowledgment, EvidenceIsImmutable

pytestmark = pytest.mark.django_db
TABLE = "training_acknowledgment"


@pytest.fixture
def acknowledged():
    organisation = OrganisationFactory()
    version = DocumentVersionFactory(organisation=organisation)
    requirements = [RequirementFactory(version=version) for _ in range(4)]
    for requirement in requirements:
        AcknowledgmentFactory(requirement=requirement)
    return organisation, [requirement.person for requirement in requirements]


def verify(organisation):
    call_command("verify_acknowledgments", organisation=organisation.slug)


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def disable_update_guard():
    """What someone with direct database access as a superuser would do first."""
    if connection.vendor == "postgresql":
        raw("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending before ALTER TABLE
        raw(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
    else:
        raw(f"DROP TRIGGER {TABLE}_no_update")
        raw(f"DROP TRIGGER {TABLE}_no_delete")


def test_the_orm_refuses_to_change_or_delete(acknowledged):
    acknowledgment = Acknowledgment.objects.first()
    acknowledgment.note = "แก้ไขย้อนหลัง"
    with pytest.raises(EvidenceIsImmutable):
        acknowledgment.save()
    with pytest.raises(EvidenceIsImmutable):
        acknowledgment.delete()
    with pytest.raises(EvidenceIsImmutable):
        Acknowledgment.objects.filter(pk=acknowledgment.pk).update(note="x")
    with pytest.raises(EvidenceIsImmutable):
        Acknowledgment.objects.all().delete()
    assert Acknowledgment.objects.count() == 4
    assert Acknowledgment.objects.get(pk=acknowledgment.pk).note == ""


def test_the_database_refuses_an_update_from_any_client(acknowledged):
    with pytest.raises(DatabaseError), transaction.atomic():
        raw(f"UPDATE {TABLE} SET note = 'x'")


def test_an_intact_chain_is_reported_intact(acknowledged, capsys):
    organisation, _people = acknowledged
    verify(organisation)
    assert "intact" in capsys.readouterr().out


def test_a_changed_row_is_named(acknowledged, capsys):
    organisation, _people = acknowledged
    disable_update_guard()
    raw(
        f"UPDATE {TABLE} SET channel = 'paper' WHERE sequence = 3 AND organisation_id = %s",
        [organisation.pk],
    )
    with pytest.raises(CommandError):
        verify(organisation)
    assert "record 3" in capsys.readouterr().err


def test_a_removed_row_in_the_middle_is_named(acknowledged, capsys):
    organisation, _people = acknowledged
    disable_update_guard()
    raw(f"DELETE FROM {TABLE} WHERE sequence = 2 AND organisation_id = %s", [organisation.pk])
    with pytest.raises(CommandError):
        verify(organisation)
    assert "record 2" in capsys.readouterr().err


def test_a_removed_last_row_is_noticed(acknowledged, capsys):
    organisation, _people = acknowledged
    disable_update_guard()
    raw(f"DELETE FROM {TABLE} WHERE sequence = 4 AND organisation_id = %s", [organisation.pk])
    with pytest.raises(CommandError):
        verify(organisation)
    assert "missing" in capsys.readouterr().err


def test_each_record_links_to_the_previous_one(acknowledged):
    organisation, _people = acknowledged
    rows = list(Acknowledgment.objects.filter(organisation=organisation).order_by("sequence"))
    assert [r.sequence for r in rows] == [1, 2, 3, 4]
    for previous, current in zip(rows, rows[1:], strict=False):
        assert current.previous_hash == previous.record_hash
