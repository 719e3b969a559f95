"""PostgreSQL, with a flush that marks its transaction as the emptying of a test database."""

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def execute_sql_flush(self, sql_list):
        # SET LOCAL: the mark ends with the flush's transaction (execute_sql_flush runs atomic).
        super().execute_sql_flush(["SET LOCAL training.evidence_flush = 'on'", *sql_list])


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
