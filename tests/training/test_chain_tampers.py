"""A database superuser cannot quietly rewrite the chain of acknowledgments (issue 9, item 2).

Each tamper of the issue is tried on a sealed chain, directly in the database, the way someone
with database access but without the application's environment (so without the chain key) would:
with the triggers in place where the tamper does not need them gone, else as a superuser who
disables them. Each must be refused by the database or named by `verify_acknowledgments`, against
the seals on record or the seal the auditor was e-mailed when the seals were rewritten too.
"""

import datetime
import types

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from tests.factories import (
    AcknowledgmentFactory,
    DocumentVersionFactory,
    OrganisationFactory,
    RequirementFactory,
    UserFactory,
)
from training.acknowledgment.keys import signing_key_id
from training.acknowledgment.models import Acknowledgment, ChainSeal
from training.acknowledgment.services import chain_seal_write
from training.outreach.services import paper_signoffs_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="triggers and roles as PostgreSQL has them"
    ),
]
ACKS = "training_acknowledgment"
SEALS = "training_chainseal"
REQUIREMENTS = "training_requirement"
PDF = b"%PDF-1.4\n% the signed sheet\n"


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def as_superuser_without_triggers(*tables):
    """A superuser (or the tables' owner) drops the guard first."""
    raw("SET CONSTRAINTS ALL IMMEDIATE")
    for table in tables:
        raw(f"ALTER TABLE {table} DISABLE TRIGGER USER")


def attacker_hash(row: Acknowledgment) -> str:
    """The link recomputed by someone who knows the code and the key id, not the secret."""
    with override_settings(ACKNOWLEDGMENT_CHAIN_KEYS={row.key_id: "a guess at the secret" * 3}):
        return row.compute_hash()


@pytest.fixture
def chain():
    """Four acknowledgments (the last a paper sign-off with its scan), sealed; a fifth person
    still to acknowledge."""
    organisation = OrganisationFactory(auditor_email="auditor@example.org")
    version = DocumentVersionFactory(organisation=organisation)
    requirements = [RequirementFactory(version=version) for _ in range(5)]
    for requirement in requirements[:3]:
        AcknowledgmentFactory(requirement=requirement)
    paper_signoffs_record(
        version=version,
        requirement_ids=[requirements[3].pk],
        scan=SimpleUploadedFile("sheet.pdf", PDF, content_type="application/pdf"),
        signed_on=timezone.localdate(),
        recorded_by=UserFactory(),
    )
    seal = chain_seal_write(organisation_id=organisation.pk)
    return types.SimpleNamespace(
        organisation=organisation,
        version=version,
        requirements=requirements,
        token=seal.token,
        rows=list(Acknowledgment.objects.filter(organisation=organisation).order_by("sequence")),
    )


def verdict(chain, tamper, capsys, *, auditor_seal=False) -> str:
    """'refused' if the database refused the tamper, 'named: ...' if verify names it, else
    'missed'."""
    try:
        with transaction.atomic():
            tamper(chain)
    except DatabaseError:
        return "refused"
    seals = [chain.token] if auditor_seal else []
    capsys.readouterr()
    try:
        call_command("verify_acknowledgments", organisation=chain.organisation.slug, seal=seals)
    except CommandError:
        return "named: " + capsys.readouterr().err.strip()
    return "missed"


# --- with the triggers in place --------------------------------------------------------------


def forged_insert(chain):
    """A row appended for the fifth person, its link recomputed, the requirement marked done."""
    last, requirement = chain.rows[-1], chain.requirements[4]
    forged = Acknowledgment(
        organisation=chain.organisation,
        sequence=last.sequence + 1,
        person_id=requirement.person_id,
        version=chain.version,
        requirement=requirement,
        revision_id=last.revision_id,
        text_sha256=last.text_sha256,
        acknowledged_at=timezone.now(),
        channel="online",
        previous_hash=last.record_hash,
        key_id=signing_key_id(),
    )
    forged.record_hash = attacker_hash(forged)
    Acknowledgment.objects.bulk_create([forged])
    raw(f"UPDATE {REQUIREMENTS} SET fulfilled_at = now() WHERE id = %s", [requirement.pk])


def forged_insert_unkeyed(chain):
    """The same with the old, unkeyed SHA-256 link, which anyone can compute."""
    last, requirement = chain.rows[-1], chain.requirements[4]
    forged = Acknowledgment(
        organisation=chain.organisation,
        sequence=last.sequence + 1,
        person_id=requirement.person_id,
        version=chain.version,
        requirement=requirement,
        revision_id=last.revision_id,
        text_sha256=last.text_sha256,
        acknowledged_at=timezone.now(),
        channel="online",
        previous_hash=last.record_hash,
        key_id="",
    )
    forged.record_hash = forged.compute_hash()
    Acknowledgment.objects.bulk_create([forged])
    raw(f"UPDATE {REQUIREMENTS} SET fulfilled_at = now() WHERE id = %s", [requirement.pk])


def update_with_trigger(chain):
    raw(f"UPDATE {ACKS} SET channel = 'paper' WHERE id = %s", [chain.rows[1].pk])


def delete_with_trigger(chain):
    raw(f"DELETE FROM {ACKS} WHERE id = %s", [chain.rows[-1].pk])


def truncate_with_trigger(chain):
    raw(f"TRUNCATE {ACKS} CASCADE")


def delete_seal_with_trigger(chain):
    raw(f"DELETE FROM {SEALS}")


def update_seal_with_trigger(chain):
    raw(f"UPDATE {SEALS} SET count = 3, last_sequence = 3")


def truncate_seals_with_trigger(chain):
    raw(f"TRUNCATE {SEALS}")


def flush_mark_by_the_application_role(chain):
    """The application's role (not the owner) sets the test backends' flush mark and deletes."""
    raw(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'chain_tamper_app') "
        "THEN CREATE ROLE chain_tamper_app NOLOGIN; END IF; END $$"
    )
    raw(f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON {ACKS} TO chain_tamper_app")
    raw("SET LOCAL ROLE chain_tamper_app")
    raw("SET LOCAL training.evidence_flush = 'on'")
    raw(f"DELETE FROM {ACKS} WHERE id = %s", [chain.rows[-1].pk])


def rewrite_revision_text(chain):
    """The text people were shown is changed in the revision the record names."""
    raw(
        "UPDATE wagtailcore_revision SET content = jsonb_set(content, '{title}', "
        "'\"ข้อความที่ถูกแก้ไข\"') WHERE id = %s",
        [chain.rows[0].revision_id],
    )


def swap_scan_file(chain):
    """The scanned sheet's bytes replaced behind the document (the file on disk)."""
    document = chain.rows[-1].paper_scan
    with open(document.file.path, "wb") as handle:
        handle.write(b"%PDF-1.4\n% another sheet\n")


def reset_a_requirement(chain):
    """The reverse: a requirement marked to be asked again although its record stays."""
    raw(f"UPDATE {REQUIREMENTS} SET fulfilled_at = NULL WHERE id = %s", [chain.requirements[0].pk])


# --- as a superuser who disables the triggers ---------------------------------------------------


def change_a_row_and_rehash_the_rest(chain):
    as_superuser_without_triggers(ACKS)
    rows = chain.rows
    rows[1].channel = "paper"
    previous = rows[0].record_hash
    for row in rows[1:]:
        row.previous_hash = previous
        row.record_hash = previous = attacker_hash(row)
        raw(
            f"UPDATE {ACKS} SET channel = %s, previous_hash = %s, record_hash = %s WHERE id = %s",
            [row.channel, row.previous_hash, row.record_hash, row.pk],
        )


def rewrite_everything_and_forge_the_seals(chain):
    """Every row and the seals rewritten consistently, signed with a guessed key."""
    change_a_row_and_rehash_the_rest(chain)
    as_superuser_without_triggers(SEALS)
    seal = ChainSeal.objects.get(organisation=chain.organisation)
    seal.head_hash = chain.rows[-1].record_hash
    with override_settings(ACKNOWLEDGMENT_CHAIN_KEYS={seal.key_id: "a guess at the secret" * 3}):
        signature = seal.compute_signature("")
    raw(
        f"UPDATE {SEALS} SET head_hash = %s, signature = %s WHERE id = %s",
        [seal.head_hash, signature, seal.pk],
    )


def rewrite_everything_and_delete_the_seals(chain):
    change_a_row_and_rehash_the_rest(chain)
    as_superuser_without_triggers(SEALS)
    raw(f"DELETE FROM {SEALS}")


def delete_the_last_row_and_reset_its_requirement(chain):
    as_superuser_without_triggers(ACKS)
    raw(f"DELETE FROM {ACKS} WHERE id = %s", [chain.rows[-1].pk])
    raw(f"UPDATE {REQUIREMENTS} SET fulfilled_at = NULL WHERE id = %s", [chain.requirements[3].pk])


def delete_the_last_row_reset_it_and_the_seals(chain):
    delete_the_last_row_and_reset_its_requirement(chain)
    as_superuser_without_triggers(SEALS)
    raw(f"DELETE FROM {SEALS}")


def truncate_and_reset(chain):
    as_superuser_without_triggers(ACKS, SEALS)
    raw(f"TRUNCATE {ACKS}, {SEALS}")
    raw(f"UPDATE {REQUIREMENTS} SET fulfilled_at = NULL")


REFUSED = [
    update_with_trigger,
    delete_with_trigger,
    truncate_with_trigger,
    delete_seal_with_trigger,
    update_seal_with_trigger,
    truncate_seals_with_trigger,
    flush_mark_by_the_application_role,
]
NAMED = {
    forged_insert: "record 5",
    forged_insert_unkeyed: "record 5",
    rewrite_revision_text: "record 1",
    swap_scan_file: "record 4",
    reset_a_requirement: "record 1",
    change_a_row_and_rehash_the_rest: "record 2",
    delete_the_last_row_and_reset_its_requirement: "records after 3 are missing",
}
# Rewrite-everything cases: the seals on record are gone or forged; the auditor's copy names them.
NAMED_AGAINST_THE_AUDITORS_SEAL = {
    rewrite_everything_and_forge_the_seals: "wrong signature (forged)",
    rewrite_everything_and_delete_the_seals: "record 2",
    delete_the_last_row_reset_it_and_the_seals: "records after 3 are missing",
    truncate_and_reset: "records after 0 are missing",
}


@pytest.mark.parametrize("tamper", REFUSED, ids=lambda t: t.__name__)
def test_the_database_refuses(chain, tamper, capsys):
    assert verdict(chain, tamper, capsys) == "refused"
    assert Acknowledgment.objects.filter(organisation=chain.organisation).count() == 4


@pytest.mark.parametrize("tamper,named", NAMED.items(), ids=lambda t: getattr(t, "__name__", ""))
def test_verify_names_the_tamper(chain, tamper, named, capsys):
    result = verdict(chain, tamper, capsys)
    assert result.startswith("named"), result
    assert named in result


@pytest.mark.parametrize(
    "tamper,named",
    NAMED_AGAINST_THE_AUDITORS_SEAL.items(),
    ids=lambda t: getattr(t, "__name__", ""),
)
def test_verify_names_a_rewrite_of_everything_against_the_auditors_seal(
    chain, tamper, named, capsys
):
    result = verdict(chain, tamper, capsys, auditor_seal=True)
    assert result.startswith("named"), result
    assert named in result


def test_an_untouched_sealed_chain_is_intact_against_every_seal(chain, capsys):
    call_command("verify_acknowledgments", organisation=chain.organisation.slug, seal=[chain.token])
    assert "intact" in capsys.readouterr().out


def test_the_seals_on_record_alone_catch_forged_seals(chain, capsys):
    """Without the auditor's copy, a seal rewritten with a guessed key is named by its signature."""
    result = verdict(chain, rewrite_everything_and_forge_the_seals, capsys)
    assert "wrong signature" in result


def test_a_record_chained_after_a_day_passed_is_checked_against_a_later_seal(chain, capsys):
    AcknowledgmentFactory(requirement=chain.requirements[4])
    later = chain_seal_write(
        organisation_id=chain.organisation.pk, at=timezone.now() + datetime.timedelta(days=1)
    )
    assert later.previous.token == chain.token
    assert later.count == 5
    call_command("verify_acknowledgments", organisation=chain.organisation.slug)
    assert "intact" in capsys.readouterr().out
