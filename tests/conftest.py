import pytest

from tests.factories import DivisionFactory, OrganisationFactory
from tests.worker import worker, worker_process  # noqa: F401  (fixtures of the worker tests)


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def division(organisation):
    return DivisionFactory(organisation=organisation)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block queued on commit, as a real commit would.

    A test runs inside a transaction that is never committed, so the work the code hands to
    `transaction.on_commit` (the fan-out after a publication, mail, queued tasks) would never
    happen; inside the block it happens when the block ends, in this process.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)
