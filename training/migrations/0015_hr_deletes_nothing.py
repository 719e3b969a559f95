"""HR keeps the ITA rows and the measures reports but deletes neither (corrects them instead)."""

from django.db import migrations

from training.register.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0014_merge_measures_report_transparency"),
    ]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
