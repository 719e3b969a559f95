"""Wagtail's starter groups (Editors, Moderators) would sit beside our roles with rights over the
whole page tree; our Editor and Approver roles replace them. Groups that someone has put users in
are left alone."""

from django.db import migrations


def remove_starter_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()
    # The starter workflow lost its page to ours (home.0002); keep it out of editors' choices.
    Workflow.objects.filter(name="Moderators approval").exclude(
        pk__in=WorkflowPage.objects.values("workflow_id")
    ).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0009_register_log_entry"),
        ("home", "0002_moderation_workflow"),
    ]

    operations = [migrations.RunPython(remove_starter_groups, migrations.RunPython.noop)]
