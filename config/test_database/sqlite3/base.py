"""SQLite, with a flush during which the evidence tables' DELETE triggers let rows go."""

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def execute_sql_flush(self, sql_list):
        self.connection.evidence_flush = True
        try:
            super().execute_sql_flush(sql_list)
        finally:
            self.connection.evidence_flush = False


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    evidence_flush = False

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # Replaces the production definition (training.apps), which always answers 0.
        connection.create_function("training_evidence_flush", 0, lambda: int(self.evidence_flush))
        return connection
