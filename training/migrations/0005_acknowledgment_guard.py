"""The database itself refuses to change an acknowledgment, whatever client tries.

Deletes are refused by the model and its queryset and detected by the hash chain; a DELETE
trigger would also stop test-database flushes, so there is none. Note that on SQLite a later
migration that rebuilds this table drops the trigger: such a migration must create it again.
"""

from django.db import migrations

TABLE = "training_acknowledgment"
MESSAGE = "acknowledgments are evidence and cannot be changed"

UP = {
    "sqlite": [
        f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
    ],
    "postgresql": [
        f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse()""",
    ],
}
DOWN = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {TABLE}_no_update"],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE}",
        f"DROP FUNCTION IF EXISTS {TABLE}_refuse()",
    ],
}


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("training", "0004_requirements_acknowledgments")]

    operations = [migrations.RunPython(run(UP), run(DOWN))]
