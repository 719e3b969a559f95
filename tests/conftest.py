import pytest

from tests.factories import DivisionFactory, OrganisationFactory


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def division(organisation):
    return DivisionFactory(organisation=organisation)
