import pytest

from tests.factories import DivisionFactory, OrganisationFactory
from tests.worker import worker, worker_process  # noqa: F401  (fixtures of the worker tests)


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def division(organisation):
    return DivisionFactory(organisation=organisation)
