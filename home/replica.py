"""Reading reports from a PostgreSQL read replica (DATABASE_REPLICA_URL), when there is one.

Nothing reads from the replica unless asked: a report or an aggregate view runs inside
`replica_reads()` (a context manager, or `ReplicaReadsMixin` on a view's GET), and the router
then sends its reads to the "replica" alias. Every write goes to "default", and so does every
read made inside a transaction on "default" (a service that reads what it just wrote, a test),
since a replica lags and never sees what is not committed. Without DATABASE_REPLICA_URL there is
no "replica" alias and everything uses "default". A leaf helper: it imports nothing of the
project.
"""

import contextlib
import contextvars

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reading_reports = contextvars.ContextVar("reading_reports", default=False)


@contextlib.contextmanager
def replica_reads():
    """Reads inside the block go to the replica (when there is one and no transaction is open
    on the primary). Usable as a decorator too."""
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


def reports_alias() -> str:
    """The alias a report's reads go to right now."""
    if (
        _reading_reports.get()
        and REPLICA in settings.DATABASES
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    ):
        return REPLICA
    return DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Reads of reports to the replica (see `replica_reads`), everything else to default."""

    def db_for_read(self, model, **hints):
        return reports_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMixin:
    """A view whose GET (and HEAD) is a report: it reads, and renders its template, inside
    `replica_reads()`, so that the template's lazy querysets go there too."""

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        with replica_reads():
            response = super().dispatch(request, *args, **kwargs)
            if callable(getattr(response, "render", None)) and not response.is_rendered:
                response.render()
        return response
