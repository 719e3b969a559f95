"""A real Celery worker process on the real Redis, for tests that need one (CI sets REDIS_URL)."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from celery.exceptions import TimeoutError as ResultTimeout
from celery.result import AsyncResult
from django.conf import settings
from django.db import connection
from kombu import Exchange, Queue

from config.celery_app import app as celery_app

WORKER_START_TIMEOUT = 90  # seconds: Django set-up and checks in a fresh process on a busy CI


@dataclass
class Worker:
    """A `celery -A config worker` process that consumes only its own queue."""

    process: subprocess.Popen
    queue: str
    log_path: Path
    shares_test_database: bool

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def result_of(self, result: AsyncResult, timeout: float = WORKER_START_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited with {self.process.returncode}:\n{self.log()}")
            with suppress(ResultTimeout):
                return result.get(timeout=1)
        pytest.fail(f"the worker sent no result within {timeout}s:\n{self.log()}")


def worker_database_url() -> str | None:
    """A DATABASE_URL naming the test database, for a server database a process can reach."""
    if connection.vendor != "postgresql":
        return None
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture(scope="session")
def worker_process(django_db_setup, tmp_path_factory):
    """A worker process on the real Redis, reading the test database when it is PostgreSQL.

    The worker gets a queue of its own, so that a developer's `make worker` on the same Redis, or
    the worker of another xdist process, never takes the tests' tasks (and runs them against
    another database).
    """
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: a real worker needs Redis (.ci/run sets it)")
    folder = tmp_path_factory.mktemp("celery-worker")
    # Named per process: under pytest-xdist each test process (gw0, gw1, ...) starts a worker of its
    # own, on its own test database, and two workers must never take each other's tasks.
    process_name = os.environ.get("PYTEST_XDIST_WORKER", "main")
    queue = f"test-{process_name}-{uuid.uuid4().hex[:12]}"
    database_url = worker_database_url()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # An in-memory SQLite test database cannot be shared; the worker then gets a scratch one.
        "DATABASE_URL": database_url or f"sqlite:///{folder / 'worker.sqlite3'}",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--pool=solo", "--queues", queue, "--hostname", f"{queue}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--loglevel=INFO", "--include", "tests.home.celery_tasks",
    ]  # fmt: skip
    log_path = folder / "worker.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        yield Worker(process, queue, log_path, shares_test_database=database_url is not None)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        # The Redis transport forgets only the bindings its own connection declared.
        with celery_app.connection_for_write() as conn:
            bound = Queue(queue, Exchange(queue), routing_key=queue).bind(conn)
            bound.declare()
            bound.delete()


@pytest.fixture
def worker(worker_process):
    """The worker, with this test's tasks sent through Redis instead of run in-process.

    Only for the test that asks: every other test keeps in-process tasks (see the test settings).
    """
    previous_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield worker_process
    finally:
        celery_app.conf.task_always_eager = previous_eager


def reroute(routes) -> None:
    """Point the app's router at new task routes (Celery caches the router it first built)."""
    celery_app.conf.task_routes = routes
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)
