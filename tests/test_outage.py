"""Redis is not needed to read the site or to publish (issue 9, part 3).

"Redis stopped" is the cache and the broker pointed at a loopback port nobody listens on: every
connection is refused, as with Redis down on the same host. Nothing is mocked.
"""

import datetime
import functools
import logging
import os
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager, suppress

import pytest
import redis
import time_machine
from celery.app.defaults import DEFAULTS as CELERY_DEFAULTS
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from kombu import Exchange, Queue
from wagtail.models import Page

from config.celery_app import app as celery_app
from ethics.models import CodeOfEthicsPage
from home.queueing import queue_task
from tests.factories import PersonFactory, UserFactory, document_page
from tests.home.test_celery import base_settings
from tests.pages import add_circular, build_site, code_form_data, code_of_ethics
from tests.training.register_helpers import user_with_role
from tests.training.test_requirements import make_people
from tests.worker import WORKER_START_TIMEOUT, reroute, worker_database_url
from training.acknowledgment.models import (
    ChangeKind,
    DocumentVersion,
    Requirement,
    VersionPublication,
)
from training.acknowledgment.tasks import assign_requirements, recover_requirements
from training.register.roles import APPROVER, HR_OFFICER, roles_grant

STOPPED_REDIS = "redis://127.0.0.1:1/0"
HOST = "outage.example.org"
PEOPLE = 20
NEW_CLAUSE = "<p>ต้องเปิดเผยผลประโยชน์ทับซ้อนต่อผู้บังคับบัญชาทันทีที่ทราบ</p>"


def _forget_celery_connections():
    """Celery keeps its broker pools and result backend once made; the next send makes new ones
    from the configuration as it now is."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._backend_cache = None
    celery_app._local.__dict__.pop("backend", None)


@functools.cache
def production_settings(redis_url: str) -> dict:
    """config.settings.base as production computes it with this REDIS_URL."""
    saved = {name: os.environ.get(name) for name in ("REDIS_URL", "CELERY_TASK_ALWAYS_EAGER")}
    os.environ["REDIS_URL"] = redis_url
    os.environ.pop("CELERY_TASK_ALWAYS_EAGER", None)
    try:
        return runpy.run_path(str(settings.BASE_DIR / "config" / "settings" / "base.py"))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def redis_stopped(cache_backend=None):
    """The site configured as production configures it with Redis (its cache, its broker and
    result settings), with Redis stopped. `cache_backend` replaces the cache's backend."""
    production = production_settings(STOPPED_REDIS)
    caches = {"default": dict(production["CACHES"]["default"])}
    if cache_backend:
        caches["default"]["BACKEND"] = cache_backend
    celery = {
        name: production.get(f"CELERY_{name.upper()}", CELERY_DEFAULTS.get(name))
        for name in (
            "broker_url",
            "result_backend",
            "task_always_eager",
            "task_publish_retry",
            "task_publish_retry_policy",
            "broker_connection_timeout",
            "broker_transport_options",
        )
    }
    assert celery["broker_url"] == STOPPED_REDIS and celery["task_always_eager"] is False
    conf = celery_app.conf
    previous = {name: conf[name] for name in celery}
    conf.update(celery)
    _forget_celery_connections()
    try:
        with override_settings(CACHES=caches):
            yield
    finally:
        conf.update(previous)
        _forget_celery_connections()


def make_approver(organisation):
    approver = UserFactory(username=f"approver-{uuid.uuid4().hex[:6]}")
    roles_grant(approver, organisation, APPROVER)
    return approver


# --- Settings -------------------------------------------------------------------------------------


def test_production_settings_survive_an_outage(monkeypatch):
    """With Redis: a cache that degrades, no result backend, one quick try to reach the broker,
    minutes (not an hour) before the task of a killed worker is handed out again, a recovery
    sweep every few minutes, and database connections checked before reuse."""
    base = base_settings(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/5")

    assert base["CACHES"]["default"]["BACKEND"] == "home.cache.DegradingRedisCache"
    assert base["CELERY_RESULT_BACKEND"] is None
    assert base["CELERY_TASK_PUBLISH_RETRY_POLICY"]["max_retries"] <= 1
    assert base["CELERY_BROKER_CONNECTION_TIMEOUT"] <= 2
    assert 60 <= base["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"] <= 15 * 60
    recovery = base["CELERY_BEAT_SCHEDULE"]["requirements-recovery"]
    assert recovery["task"] == "training.tasks.recover_requirements"
    assert recovery["schedule"] <= datetime.timedelta(minutes=5)
    assert base["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


# --- Reading the site -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_with_redis_stopped_home_circular_search_and_login_answer(client):
    organisation, home, _ethics, circulars = build_site(hostname=HOST)
    circular = add_circular(circulars)
    UserFactory(username="somchai")

    with redis_stopped():
        pages = {
            "home": client.get("/", HTTP_HOST=HOST),
            "circular": client.get(circular.relative_url(organisation.site), HTTP_HOST=HOST),
            "search": client.get("/search/", {"q": "ประมวลจริยธรรม"}, HTTP_HOST=HOST),
            "login": client.get("/accounts/login/", HTTP_HOST=HOST),
        }
        signed_in = client.post(
            "/accounts/login/",
            {"username": "somchai", "password": "correct-horse-battery"},
            HTTP_HOST=HOST,
        )

    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(
        pages, 200
    )
    assert circular.title in pages["circular"].content.decode()
    assert signed_in.status_code == 302, signed_in.content.decode()[:500]
    assert "_auth_user_id" in client.session


# --- Publishing -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_with_redis_stopped_an_approver_publishes_a_new_version_quickly_and_recovery_fans_it_out(
    client, capsys, committed
):
    organisation, _home, ethics, _circulars = build_site(hostname=HOST)
    make_people(organisation, PEOPLE)
    client.force_login(make_approver(organisation))
    add_url = reverse("wagtailadmin_pages:add", args=["ethics", "codeofethicspage", ethics.pk])
    with committed():
        response = client.post(add_url, {**code_form_data(), "action-publish": "publish"})
    assert response.status_code == 302
    page = CodeOfEthicsPage.objects.child_of(ethics).get()
    first = DocumentVersion.objects.get(page=page)
    assert first.requirements.count() == PEOPLE

    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = code_form_data(
        clauses=(("1", "<p>ยึดมั่นในความซื่อสัตย์สุจริต</p>"), ("5/1", NEW_CLAUSE)),
        change_kind=ChangeKind.NEW_VERSION,
    )
    path = page.relative_url(organisation.site)
    with redis_stopped():
        started = time.monotonic()
        with committed():  # the commit hands the fan-out to the broker, which is down
            response = client.post(edit_url, {**data, "action-publish": "publish"})
        elapsed = time.monotonic() - started
        public = client.get(path, HTTP_HOST=HOST)
    with capsys.disabled():
        print(f"\n[outage] publish of a new version with Redis stopped: {elapsed:.2f} s")

    assert response.status_code == 302, response.content.decode()[:500]
    assert elapsed < 2
    page.refresh_from_db()
    assert page.live
    second = DocumentVersion.objects.get(page=page, number=2)
    assert VersionPublication.objects.filter(version=second, revision=page.live_revision).exists()
    assert second.fanned_out_at is None
    assert second.requirements.count() == 0  # the fan-out could not be handed to the broker
    assert public.status_code == 200
    assert "ต้องเปิดเผยผลประโยชน์ทับซ้อน" in public.content.decode()

    # Redis is back. The next recovery tick (every 5 minutes) finds the version, a minute old or
    # more, and fans it out; the one after finds nothing to do.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2), tick=False):
        assert recover_requirements.delay().get() == {
            "versions_recorded": 0,
            "versions_fanned_out": 1,
            "requirements_created": PEOPLE,
        }
        assert recover_requirements.delay().get() == {
            "versions_recorded": 0,
            "versions_fanned_out": 0,
            "requirements_created": 0,
        }
        # The fan-out a publication queues, arriving late, adds nothing either.
        assert assign_requirements.delay(second.pk).get() == 0
    assert second.requirements.count() == PEOPLE
    assert second.requirements.values("person").distinct().count() == PEOPLE


@pytest.mark.django_db
def test_recovery_leaves_a_version_younger_than_a_minute_to_its_own_fan_out(committed):
    organisation, _home, ethics, _ = build_site(hostname=HOST)
    make_people(organisation, 3)
    with redis_stopped(), committed():
        page = ethics.add_child(instance=code_of_ethics())
        page.save_revision().publish()
    version = DocumentVersion.objects.get(page=page)
    assert version.requirements.count() == 0

    assert recover_requirements.delay().get()["versions_fanned_out"] == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61), tick=False):
        assert recover_requirements.delay().get()["requirements_created"] == 3


@pytest.mark.django_db
def test_a_page_does_not_go_live_unless_its_version_is_written():
    """Before: Wagtail saved (and committed) the live page, then the cache raised inside the
    page_published receiver (finding the page's site through Wagtail's cached list of every
    site), leaving the page live with no version; then the publication failed as a whole. Now
    the publication does not read the cache at all (home.sites): with a cache that raises
    (Django's own Redis backend, Redis stopped) the page goes live with its version."""
    _organisation, _home, ethics, _ = build_site(hostname=HOST)
    page = ethics.add_child(instance=code_of_ethics())
    revision = page.save_revision()

    with redis_stopped(cache_backend="django.core.cache.backends.redis.RedisCache"):
        revision.publish()

    page.refresh_from_db()
    assert page.live
    assert DocumentVersion.objects.filter(page=page).exists()


@pytest.mark.django_db
def test_recovery_records_the_version_of_a_live_page_that_has_none():
    """A page left live without a version (as the old publish could) gets its version and its
    fan-out from the next recovery sweep, once."""
    organisation, home, _ethics, _ = build_site(hostname=HOST)
    make_people(organisation, 4)
    page = document_page(organisation, parent=home)  # live, with a revision, never recorded

    assert recover_requirements.delay().get() == {
        "versions_recorded": 1,
        "versions_fanned_out": 1,
        "requirements_created": 4,
    }
    version = DocumentVersion.objects.get(page=page)
    assert version.number == 1
    assert version.publications.get().revision_id == page.live_revision_id
    assert recover_requirements.delay().get()["versions_recorded"] == 0
    assert Requirement.objects.filter(version=version).count() == 4


# --- Every other task sent from a request ---------------------------------------------------------


def test_with_the_broker_down_queueing_a_task_fails_quickly_and_is_logged(caplog):
    with redis_stopped():
        started = time.monotonic()
        with caplog.at_level(logging.ERROR, logger="home.queueing"):
            sent = queue_task(assign_requirements, 1)
        elapsed = time.monotonic() - started

    assert sent is False
    assert elapsed < 1
    assert "training.tasks.assign_requirements could not be queued" in caplog.text


@pytest.mark.django_db
def test_with_the_broker_down_hr_sending_invitations_still_answers(client, committed):
    organisation, *_ = build_site(hostname=HOST)
    person = PersonFactory(organisation=organisation, email="somsri@example.go.th")
    client.force_login(user_with_role(HR_OFFICER, organisation, employee_number="HR-1"))

    with redis_stopped():
        started = time.monotonic()
        with committed():
            response = client.post(reverse("person:invite_many"), {"person": [person.pk]})
        elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 2


# --- A worker killed mid fan-out ------------------------------------------------------------------


def _start_worker(queue, key, visibility_timeout, folder, name, redis_url=None):
    database_url = worker_database_url()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "tests.outage_worker_settings",
        "OUTAGE_KEY": key,
        "OUTAGE_VISIBILITY_TIMEOUT": str(visibility_timeout),
        "REDIS_URL": redis_url or settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATABASE_URL": database_url or f"sqlite:///{folder / 'worker.sqlite3'}",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--pool=solo", "--queues", queue, "--hostname", f"{name}-{queue}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--loglevel=INFO", "--include", "tests.outage_tasks",
    ]  # fmt: skip
    log_path = folder / f"{name}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    return process, log_path


def _wait_for(condition, timeout, what, logs):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} within {timeout}s:\n" + "\n".join(p.read_text()[-3000:] for p in logs))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_fan_out_whose_worker_was_killed_is_done_again_after_the_visibility_timeout(
    tmp_path, capsys
):
    """kill -9 of the worker's main process while it runs a (slow) fan-out; a new worker gets the
    task again once the visibility timeout has passed. Production waits 10 minutes, the test 5 s."""
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: a real worker needs Redis (.ci/run sets it)")
    from tests.outage_tasks import slow_fan_out

    version_id = None
    if worker_database_url():
        organisation, _home, ethics, _ = build_site(hostname=HOST)
        make_people(organisation, PEOPLE)
        with redis_stopped():  # published with the broker down, so not fanned out yet
            page = ethics.add_child(instance=code_of_ethics())
            page.save_revision().publish()
        version_id = DocumentVersion.objects.get(page=page).pk

    key = f"test-outage-{uuid.uuid4().hex[:12]}"
    queue = key
    visibility_timeout = 5
    client = redis.Redis.from_url(settings.REDIS_URL)
    first, first_log = _start_worker(queue, key, visibility_timeout, tmp_path, "first")
    second = None
    logs = [first_log]
    try:
        celery_app.conf.task_always_eager = False
        slow_fan_out.apply_async((key, version_id), queue=queue, ignore_result=True)
        _wait_for(
            lambda: client.get(f"{key}:runs") == b"1",
            WORKER_START_TIMEOUT,
            "the first worker did not start the task",
            logs,
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = time.monotonic()

        second, second_log = _start_worker(queue, key, visibility_timeout, tmp_path, "second")
        logs.append(second_log)
        _wait_for(
            lambda: client.get(f"{key}:done") is not None,
            WORKER_START_TIMEOUT + 30,
            "the killed worker's task was not done again",
            logs,
        )
        redone_after = time.monotonic() - killed_at
        runs = int(client.get(f"{key}:runs"))
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        with celery_app.connection_for_write() as conn:
            bound = Queue(queue, Exchange(queue), routing_key=queue).bind(conn)
            bound.declare()
            bound.delete()
        client.delete(f"{key}:runs", f"{key}:done", f"{key}:unacked", f"{key}:unacked_index")
    with capsys.disabled():
        print(
            f"\n[outage] task of a killed worker done again {redone_after:.1f} s after the kill "
            f"(visibility timeout {visibility_timeout} s, new worker's start included)"
        )

    assert runs == 2  # the killed run and the one that finished, nothing more
    if version_id is not None:
        assert Requirement.objects.filter(version_id=version_id).count() == PEOPLE


# --- PostgreSQL restarted -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_after_the_database_dropped_the_connection_still_answers():
    """A kept connection that PostgreSQL closed (as on a restart) is replaced before the next
    request's first query, instead of failing that request (CONN_HEALTH_CHECKS)."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's; SQLite has no server connection")
    build_site(hostname=HOST)
    handler = WSGIHandler()

    def get(path):
        environ = RequestFactory().get(path, HTTP_HOST=HOST).environ
        statuses = []
        response = handler(environ, lambda status, headers, *args: statuses.append(status))
        b"".join(response)
        response.close()  # request_finished: the connection is kept (CONN_MAX_AGE)
        return int(statuses[0].split()[0])

    assert connection.settings_dict["CONN_MAX_AGE"] > 0  # connections are kept between requests
    assert get("/") == 200
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()

    assert get("/") == 200
    assert connection.connection.info.backend_pid != pid


@pytest.mark.django_db
def test_publishing_without_a_broker_still_fans_out_in_process(committed):
    """The embedded setup (no Redis): tasks run in-process, so a publication is fanned out as it
    commits, as before."""
    organisation, _home, ethics, _ = build_site(hostname=HOST)
    make_people(organisation, 3)
    with committed():
        page = ethics.add_child(instance=code_of_ethics())
        page.save_revision().publish()

    version = DocumentVersion.objects.get(page=Page.objects.get(pk=page.pk))
    assert version.requirements.count() == 3


# --- Redis stopped and started again, with a real worker ------------------------------------------


class PrivateRedis:
    """A redis-server of the test's own, on a free port, that the test may stop and start again
    (the shared one serves other tests). Like a restart without persistence, it comes back empty."""

    def __init__(self, folder):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = folder
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with suppress(redis.exceptions.ConnectionError):
                if client.ping():
                    return
            time.sleep(0.1)
        pytest.fail("the test's redis-server did not start")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_when_redis_returns_a_real_worker_fans_out_what_was_published_meanwhile_once(
    client, tmp_path, capsys
):
    """Redis stopped under a running worker: the approver still publishes; Redis comes back, the
    worker reconnects by itself, and the recovery sweep (sent as beat sends it) fans the new
    version out, once."""
    if not worker_database_url():
        pytest.skip("the worker must share the test database, which needs PostgreSQL")
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    server = PrivateRedis(tmp_path)
    server.start()
    queue = key = f"test-outage-{uuid.uuid4().hex[:12]}"
    production = production_settings(server.url)
    worker, log_path = _start_worker(queue, key, 600, tmp_path, "steady", redis_url=server.url)
    conf = celery_app.conf
    celery = {
        "broker_url": server.url,
        "result_backend": None,
        "task_always_eager": False,
        "task_publish_retry": production["CELERY_TASK_PUBLISH_RETRY"],
        "task_publish_retry_policy": production["CELERY_TASK_PUBLISH_RETRY_POLICY"],
        "broker_connection_timeout": production["CELERY_BROKER_CONNECTION_TIMEOUT"],
        "broker_transport_options": production["CELERY_BROKER_TRANSPORT_OPTIONS"],
    }
    previous = {name: conf[name] for name in celery}
    previous_routes = conf.task_routes

    def fanned_out(version, count=PEOPLE, timeout=WORKER_START_TIMEOUT):
        _wait_for(
            lambda: Requirement.objects.filter(version=version).count() == count,
            timeout,
            f"version {version.number} was not fanned out to {count} people",
            [log_path],
        )

    try:
        conf.update(celery)
        _forget_celery_connections()
        reroute({"training.tasks.*": {"queue": queue}})
        with override_settings(CACHES=production["CACHES"]):
            organisation, _home, ethics, _ = build_site(hostname=HOST)
            make_people(organisation, PEOPLE)
            client.force_login(make_approver(organisation))
            add_url = reverse(
                "wagtailadmin_pages:add", args=["ethics", "codeofethicspage", ethics.pk]
            )
            client.post(add_url, {**code_form_data(), "action-publish": "publish"})
            page = CodeOfEthicsPage.objects.child_of(ethics).get()
            fanned_out(DocumentVersion.objects.get(page=page, number=1))

            server.stop()
            edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
            data = code_form_data(
                clauses=(("1", "<p>ยึดมั่นในความซื่อสัตย์สุจริต</p>"), ("5/1", NEW_CLAUSE)),
                change_kind=ChangeKind.NEW_VERSION,
            )
            started = time.monotonic()
            response = client.post(edit_url, {**data, "action-publish": "publish"})
            elapsed = time.monotonic() - started
            assert response.status_code == 302
            second = DocumentVersion.objects.get(page=page, number=2)
            assert second.requirements.count() == 0
            time.sleep(3)  # the worker, meanwhile, keeps trying to reach Redis

            server.start()
            back_at = time.monotonic()
            # What beat sends every few minutes (a minute's grace left out, to keep the test short).
            assert queue_task(recover_requirements, grace_seconds=0)
            fanned_out(second)
            recovered_after = time.monotonic() - back_at
            assert worker.poll() is None, "the worker gave up while Redis was down"
            assert queue_task(recover_requirements, grace_seconds=0)
            _wait_for(
                lambda: log_path.read_text().count("recover_requirements") >= 4,
                60,
                "the second recovery did not run",
                [log_path],
            )
    finally:
        conf.update(previous)
        reroute(previous_routes)
        _forget_celery_connections()
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        server.stop()
    with capsys.disabled():
        print(
            f"\n[outage] real worker, Redis stopped: publish {elapsed:.2f} s; Redis back: "
            f"recovery sweep done {recovered_after:.1f} s after the restart"
        )

    assert elapsed < 2
    assert second.requirements.count() == PEOPLE
    assert second.requirements.values("person").distinct().count() == PEOPLE


def test_the_cache_answers_empty_while_redis_is_down_and_is_used_again_when_it_returns(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    from home.cache import DegradingRedisCache

    server = PrivateRedis(tmp_path)
    server.start()
    cache = DegradingRedisCache(server.url, {"OPTIONS": {"DOWN_SECONDS": 0.5}})
    try:
        cache.set("figures", 42)
        assert cache.get("figures") == 42

        server.stop()
        started = time.monotonic()
        answers = [cache.get("figures", "computed afresh") for _ in range(100)]
        assert cache.set("figures", 43) is None
        assert cache.get_or_set("figures", 44) == 44
        elapsed = time.monotonic() - started
        assert set(answers) == {"computed afresh"}
        assert elapsed < 1  # one refused connection, then no more tries for DOWN_SECONDS

        server.start()  # empty, as a restarted Redis without persistence
        time.sleep(0.6)
        cache.set("figures", 45)
        assert cache.get("figures") == 45
    finally:
        server.stop()
