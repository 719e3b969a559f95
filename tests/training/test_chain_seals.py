"""The daily seal of each organisation's chain: stored signed, logged, e-mailed to the auditor and
shown on the transparency page; the chain key setting; the seal of records chained before keys;
and test databases that can still be emptied although the database refuses to remove evidence."""

import datetime
import os
import subprocess
import sys

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from home.thai_dates import format_thai_date
from tests.factories import (
    AcknowledgmentFactory,
    DocumentVersionFactory,
    OrganisationFactory,
    RequirementFactory,
    organisation_home,
)
from tests.training.register_helpers import user_with_role
from training.acknowledgment.chain import acknowledgment_chain_verify
from training.acknowledgment.models import Acknowledgment, ChainSeal
from training.acknowledgment.services import chain_seal_write
from training.figures.pages import TransparencyPage
from training.register import roles
from training.tasks import seal_acknowledgment_chains

pytestmark = pytest.mark.django_db


@pytest.fixture
def acknowledged():
    organisation = OrganisationFactory(auditor_email="auditor@example.org")
    version = DocumentVersionFactory(organisation=organisation)
    for _ in range(3):
        AcknowledgmentFactory(requirement=RequirementFactory(version=version))
    return organisation


def test_each_record_is_signed_with_the_first_key_and_keeps_its_key_id(acknowledged, settings):
    rows = list(Acknowledgment.objects.filter(organisation=acknowledged).order_by("sequence"))
    assert {row.key_id for row in rows} == {next(iter(settings.ACKNOWLEDGMENT_CHAIN_KEYS))}


def test_a_rotated_key_still_verifies_old_records_and_signs_new_ones(acknowledged, settings):
    old = dict(settings.ACKNOWLEDGMENT_CHAIN_KEYS)
    settings.ACKNOWLEDGMENT_CHAIN_KEYS = {"2027": "a new secret of more than 32 characters", **old}
    version = DocumentVersionFactory(organisation=acknowledged)
    AcknowledgmentFactory(requirement=RequirementFactory(version=version))
    keys = Acknowledgment.objects.filter(organisation=acknowledged).order_by("sequence")
    assert [row.key_id for row in keys][-1] == "2027"
    assert acknowledgment_chain_verify(organisation=acknowledged).intact
    # A key dropped while records signed with it are kept: verify names the first such record.
    settings.ACKNOWLEDGMENT_CHAIN_KEYS = {"2027": "a new secret of more than 32 characters"}
    report = acknowledgment_chain_verify(organisation=acknowledged)
    assert report.first_broken_sequence == 1
    assert "not configured" in report.problem


def test_the_daily_task_seals_logs_and_mails_the_auditor_once_a_day(
    acknowledged, committed, caplog
):
    with caplog.at_level("INFO", logger="training.chain"), committed():
        seal_acknowledgment_chains.delay()
    seal = ChainSeal.objects.get(organisation=acknowledged)
    assert (seal.count, seal.last_sequence) == (3, 3)
    head = Acknowledgment.objects.get(organisation=acknowledged, sequence=3).record_hash
    assert seal.head_hash == head
    assert seal.token in caplog.text
    [message] = [m for m in mail.outbox if m.to == ["auditor@example.org"]]
    assert seal.token in message.body
    assert f"--organisation {acknowledged.slug} --seal {seal.token}" in message.body
    with committed():
        seal_acknowledgment_chains.delay()
    assert ChainSeal.objects.filter(organisation=acknowledged).count() == 1
    assert len([m for m in mail.outbox if m.to == ["auditor@example.org"]]) == 1


def test_seals_run_daily_at_half_past_midnight_bangkok_time():
    entry = settings.CELERY_BEAT_SCHEDULE["acknowledgment-chain-seals"]
    assert entry["task"] == "training.tasks.seal_acknowledgment_chains"
    assert entry["schedule"] == crontab(hour=0, minute=30)
    assert settings.CELERY_TIMEZONE == "Asia/Bangkok"


def test_the_auditors_seal_token_verifies_and_a_wrong_one_is_named(acknowledged, capsys):
    seal = chain_seal_write(organisation_id=acknowledged.pk)
    call_command("verify_acknowledgments", organisation=acknowledged.slug, seal=[seal.token])
    assert "intact" in capsys.readouterr().out
    wrong = f"3:3:{'0' * 64}"
    with pytest.raises(Exception, match="not intact"):
        call_command("verify_acknowledgments", organisation=acknowledged.slug, seal=[wrong])
    assert "record 3" in capsys.readouterr().err


def test_the_transparency_page_shows_the_last_seven_seals(acknowledged):
    now = timezone.now()
    days = [now - datetime.timedelta(days=back) for back in range(8, -1, -1)]
    for at in days:
        chain_seal_write(organisation_id=acknowledged.pk, at=at)
    home = organisation_home(acknowledged)
    page = home.add_child(instance=TransparencyPage(title="เปิดเผยข้อมูล", slug="open"))
    html = Client().get(page.url, HTTP_HOST=acknowledged.site.hostname).content.decode()
    shown = [format_thai_date(timezone.localdate(at), "short") for at in days[2:]]
    hidden = [format_thai_date(timezone.localdate(at), "short") for at in days[:2]]
    assert all(day in html for day in shown)
    assert not any(day in html for day in hidden)
    assert html.count(ChainSeal.objects.first().head_hash) == 7


def test_hr_names_the_auditors_address_in_the_organisations_admin(acknowledged):
    client = Client()
    client.force_login(user_with_role(roles.HR_OFFICER, acknowledged))
    response = client.get(reverse("organisation:edit", args=[acknowledged.pk]))
    assert response.status_code == 200
    assert 'name="auditor_email"' in response.content.decode()


def production_settings(**overrides) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "ethics.example.org",
    }
    environment.pop("ACKNOWLEDGMENT_CHAIN_KEYS", None)
    environment.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


@pytest.mark.parametrize(
    "keys",
    [
        None,
        "",
        settings.DEV_ACKNOWLEDGMENT_CHAIN_KEYS,
        "2026:too-short-a-secret",
        f"2027:{'k' * 40},2026:short",
    ],
    ids=["missing", "empty", "development key", "short", "an old key short"],
)
def test_production_refuses_to_start_without_a_real_chain_key(keys):
    overrides = {} if keys is None else {"ACKNOWLEDGMENT_CHAIN_KEYS": keys}
    result = production_settings(**overrides)
    assert result.returncode != 0
    assert "ACKNOWLEDGMENT_CHAIN_KEYS" in result.stderr


def test_production_starts_with_real_chain_keys():
    result = production_settings(ACKNOWLEDGMENT_CHAIN_KEYS=f"2027:{'k' * 40},2026:{'o' * 32}")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_test_database_can_still_be_emptied_of_evidence():
    organisation = OrganisationFactory()
    AcknowledgmentFactory(
        requirement=RequirementFactory(version=DocumentVersionFactory(organisation=organisation))
    )
    chain_seal_write(organisation_id=organisation.pk)
    # As the test runner flushes between tests (sequences kept, no post_migrate).
    call_command(
        "flush",
        interactive=False,
        verbosity=0,
        inhibit_post_migrate=True,
        reset_sequences=False,
    )
    assert not Acknowledgment.objects.exists()
    assert not ChainSeal.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_records_chained_before_keys_are_pinned_by_a_legacy_seal(capsys):
    """The migration that keys the chain seals each organisation's unkeyed records as they stand;
    verify accepts them up to that seal, and an unkeyed record after it is named."""
    organisation = OrganisationFactory()
    version = DocumentVersionFactory(organisation=organisation)
    requirements = [RequirementFactory(version=version) for _ in range(3)]
    for requirement in requirements[:2]:
        AcknowledgmentFactory(requirement=requirement)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE training_acknowledgment DISABLE TRIGGER USER")
        # As the records stood before 0023: unkeyed links, no scan hash.
        previous = "0" * 64
        for row in Acknowledgment.objects.filter(organisation=organisation).order_by("sequence"):
            row.key_id, row.previous_hash = "", previous
            previous = row.compute_hash()
            cursor.execute(
                "UPDATE training_acknowledgment SET key_id = '', previous_hash = %s, "
                "record_hash = %s WHERE id = %s",
                [row.previous_hash, previous, row.pk],
            )
        cursor.execute("ALTER TABLE training_acknowledgment ENABLE TRIGGER USER")
    executor = MigrationExecutor(connection)
    executor.migrate([("training", "0022_merge_scan_collections_change_summary")])
    # Forward to every leaf, not just 0023: the later tables (briefings, quizzes) must be back
    # for this test and for every test after it in this process.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    seal = ChainSeal.objects.get(organisation=organisation)
    assert (seal.legacy, seal.count, seal.head_hash) == (True, 2, previous)
    AcknowledgmentFactory(requirement=requirements[2])  # keyed, linked to the legacy head
    call_command("verify_acknowledgments", organisation=organisation.slug)
    assert "intact" in capsys.readouterr().out
