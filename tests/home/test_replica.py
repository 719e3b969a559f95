"""Reports read from the read replica; writes, and reads inside a transaction, never do.

The test settings make "replica" Django's test mirror of "default" (the same test database
through a connection of its own), so the queries each alias runs can be told apart. The tests
commit their data (a replica sees only what is committed), hence `transaction=True`.
"""

import pytest
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from home.replica import REPLICA, replica_reads, reports_alias
from home.thai_dates import FiscalYear
from tests.factories import AcknowledgmentFactory, organisation_home
from tests.figures_data import build_known
from tests.training.register_helpers import user_with_role
from training.acknowledgment.models import Acknowledgment, Requirement
from training.figures.pages import TransparencyPage
from training.figures.selectors import year_figures
from training.register import roles

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)


def is_write(sql: str) -> bool:
    return sql.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}


class Queries:
    """The queries each alias ran inside the block."""

    def __enter__(self):
        self.contexts = {alias: CaptureQueriesContext(connections[alias]) for alias in connections}
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts.values():
            context.__exit__(*exc)

    def on(self, alias) -> list[str]:
        return [query["sql"] for query in self.contexts[alias].captured_queries]


@pytest.fixture
def known():
    data = build_known()
    home = organisation_home(data["organisation"])
    data["page"] = home.add_child(instance=TransparencyPage(title="เปิดเผยข้อมูล", slug="open"))
    return data


def test_the_replica_is_configured_as_the_test_mirror_of_default():
    assert connections[REPLICA].settings_dict["TEST"]["MIRROR"] == "default"
    assert reports_alias() == "default"  # only a report asks for the replica
    with replica_reads():
        assert reports_alias() == REPLICA


def test_the_year_figures_read_from_the_replica_only(known):
    with Queries() as queries, replica_reads():
        figures = year_figures(known["organisation"].pk, FiscalYear(2569))
    assert figures.overall.counted > 0  # the replica sees the committed rows
    assert queries.on(REPLICA)
    assert not queries.on("default")


def test_the_transparency_page_and_the_dashboard_read_from_the_replica(known):
    organisation = known["organisation"]
    with Queries() as queries:
        response = Client().get(known["page"].url + "2569/", HTTP_HOST=organisation.site.hostname)
    assert response.status_code == 200
    assert any("training_requirement" in sql for sql in queries.on(REPLICA))
    assert not any("training_requirement" in sql for sql in queries.on("default"))

    hr = Client()
    hr.force_login(user_with_role(roles.HR_OFFICER, organisation))
    with Queries() as queries:
        assert hr.get("/admin/?year=2569").status_code == 200
    assert any("training_requirement" in sql for sql in queries.on(REPLICA))
    assert not any("training_requirement" in sql for sql in queries.on("default"))


def test_the_acknowledgment_records_list_reads_from_the_replica(known):
    superuser = user_with_role(None)
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    client = Client()
    client.force_login(superuser)
    with Queries() as queries:
        assert client.get("/admin/acknowledgments/records/").status_code == 200
    assert any("training_acknowledgment" in sql for sql in queries.on(REPLICA))
    assert not any("training_acknowledgment" in sql for sql in queries.on("default"))


def test_writes_and_reads_inside_a_transaction_never_go_to_the_replica(known):
    requirement = Requirement.objects.filter(
        organisation=known["organisation"], fulfilled_at__isnull=True
    ).first()
    with Queries() as queries, replica_reads():
        AcknowledgmentFactory(requirement=requirement)
        with transaction.atomic():
            # A service reading what it just wrote, in its transaction: the primary.
            assert Acknowledgment.objects.filter(requirement=requirement).exists()
            assert reports_alias() == "default"
    assert Acknowledgment.objects.filter(requirement=requirement).count() == 1
    assert not any(is_write(sql) for sql in queries.on(REPLICA))
    assert any(is_write(sql) for sql in queries.on("default"))
