"""A real Celery worker on Redis fans a published version out to its audience (CI)."""

import time

import pytest

from config.celery_app import app as celery_app
from tests.pages import add_code, build_site
from tests.training.test_requirements import make_people
from tests.worker import reroute
from training.acknowledgment.models import DocumentVersion, Requirement

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def routed_to(worker):
    """Send the tracker's tasks to the test worker's own queue while the test runs."""
    previous = celery_app.conf.task_routes
    reroute({"training.tasks.*": {"queue": worker.queue}})
    yield worker
    reroute(previous)


def test_publishing_hands_the_fan_out_to_the_worker(routed_to):
    if not routed_to.shares_test_database:
        pytest.skip("the test database is SQLite in memory, which a worker process cannot open")
    organisation, _home, ethics, _ = build_site(hostname="worker.example.org")
    make_people(organisation, 300)

    code = add_code(ethics)  # publishing commits, then queues the fan-out for the worker

    version = DocumentVersion.objects.get(page=code)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if Requirement.objects.filter(version=version).count() == 300:
            break
        if routed_to.process.poll() is not None:
            pytest.fail(f"the worker exited:\n{routed_to.log()}")
        time.sleep(0.5)
    assert Requirement.objects.filter(version=version).count() == 300, routed_to.log()
    assert "training.tasks.assign_requirements" in routed_to.log()
