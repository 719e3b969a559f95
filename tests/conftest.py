import pytest
from django.conf import settings

from tests.factories import DivisionFactory, OrganisationFactory
from tests.worker import worker, worker_process  # noqa: F401  (fixtures of the worker tests)


def pytest_collection_modifyitems(items):
    """A test against `live_server` (the browser tests) may read through the "replica" alias,
    Django's test mirror of default (config/settings/test.py): the server's threads read the
    reports there, as production does with DATABASE_REPLICA_URL."""
    for item in items:
        if "live_server" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "django_db"
        ):
            item.add_marker(
                pytest.mark.django_db(
                    transaction=True, serialized_rollback=True, databases=["default", "replica"]
                )
            )


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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """`--reuse-db` on SQLite: keep the test database in a file, var/test-db[-gwN].sqlite3, so that
    the next run skips the migrations; without it SQLite's test database lives in memory and is made
    afresh. (PostgreSQL's test databases are kept by name; pytest-django suffixes them per xdist
    process, test_<name>_gw0, ..., and the SQLite file here gets the same suffix.)"""
    database = settings.DATABASES["default"]
    if not (
        request.config.getvalue("reuse_db")
        and database["ENGINE"].endswith("sqlite3")
        and database.get("TEST", {}).get("NAME") in (None, "", ":memory:")
    ):
        return
    process = getattr(request.config, "workerinput", {}).get("workerid")
    path = settings.BASE_DIR / "var" / f"test-db{f'-{process}' if process else ''}.sqlite3"
    path.parent.mkdir(exist_ok=True)
    database.setdefault("TEST", {})["NAME"] = str(path)
