import pytest

from tests.factories import DivisionFactory, OrganisationFactory
from tests.worker import worker  # noqa: F401  (a fixture shared by the worker tests)


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def division(organisation):
    return DivisionFactory(organisation=organisation)
