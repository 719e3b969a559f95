"""Bulk writes that stay one statement whatever the head count."""

from django.db import connection


def insert_from_select(model, *, fields: tuple[str, ...], rows) -> int:
    """INSERT INTO model's table (fields) SELECT rows ... ON CONFLICT DO NOTHING; rows inserted.

    `rows` is a values_list() queryset giving one column per field, in order. The database does the
    fan-out, so 500,000 people cost one statement, and a unique constraint makes a rerun a no-op.
    """
    select_sql, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {select_sql} "
            "ON CONFLICT DO NOTHING",
            params,
        )
        return cursor.rowcount
