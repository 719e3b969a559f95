"""Celery: in-process without Redis, and through a real worker with it."""

import runpy
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from config.celery_app import app as celery_app
from home.tasks import HEARTBEAT_CACHE_KEY, heartbeat
from tests.factories import OrganisationFactory
from tests.home.celery_tasks import organisation_name


def base_settings(monkeypatch, **environ: str) -> dict:
    """config.settings.base as a fresh process with this environment would compute it."""
    monkeypatch.delenv("CELERY_TASK_ALWAYS_EAGER", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(settings.BASE_DIR / "config" / "settings" / "base.py"))


@pytest.fixture
def eager():
    """Tasks run in-process, as the test settings and a setup without REDIS_URL have it."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


# --- Settings ------------------------------------------------------------------------------------


def test_without_redis_tasks_run_in_process(monkeypatch):
    computed = base_settings(monkeypatch, REDIS_URL="")

    assert computed["CELERY_TASK_ALWAYS_EAGER"] is True
    assert computed["CELERY_BROKER_URL"] == "memory://localhost/"


def test_with_redis_tasks_go_through_the_broker(monkeypatch):
    computed = base_settings(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/5")

    assert computed["CELERY_TASK_ALWAYS_EAGER"] is False
    assert computed["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/5"
    # Nothing reads a task's result in production (tests/test_outage.py says why there is none).
    assert computed["CELERY_RESULT_BACKEND"] is None


def test_every_beat_entry_names_a_registered_task():
    schedule = celery_app.conf.beat_schedule
    celery_app.loader.import_default_modules()

    assert schedule["health-heartbeat"]["task"] == "home.tasks.heartbeat"
    unknown = {name: e["task"] for name, e in schedule.items() if e["task"] not in celery_app.tasks}
    assert not unknown, f"beat would send tasks that no worker knows: {unknown}"


# --- In-process (eager) --------------------------------------------------------------------------


def test_without_a_broker_the_task_runs_in_this_process(eager):
    cache.delete(HEARTBEAT_CACHE_KEY)

    result = heartbeat.delay()

    assert result.successful()
    assert cache.get(HEARTBEAT_CACHE_KEY) == result.get()


# --- A real worker -------------------------------------------------------------------------------


@pytest.mark.worker
def test_a_real_worker_runs_the_heartbeat_and_sends_back_its_result(worker):
    sent_at = timezone.now()

    result = heartbeat.apply_async(queue=worker.queue)

    ran_at = datetime.fromisoformat(worker.result_of(result))
    assert sent_at - timedelta(seconds=1) <= ran_at <= timezone.now()
    assert result.status == "SUCCESS"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_reads_the_test_database(worker):
    """What the worker tests of the tracker rely on: the worker sees the rows a test commits."""
    if not worker.shares_test_database:
        pytest.skip("the test database is SQLite in memory, which a worker process cannot open")
    organisation = OrganisationFactory(name_th="เทศบาลตำบลพระแท่น")

    result = organisation_name.apply_async((organisation.pk,), queue=worker.queue)

    assert worker.result_of(result) == "เทศบาลตำบลพระแท่น"
