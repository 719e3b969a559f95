"""Names an editor reads in the admin, in Thai only: the moderation workflow and its task (home.0002
named them with English in brackets), Wagtail's starter workflow and task, and the root page
("Root"), which the admin shows in breadcrumbs and the page explorer. Stored names are data, so
no catalogue can translate them; a renamed one is left as its owner named it."""

from django.db import migrations

WORKFLOWS = {
    "อนุมัติก่อนเผยแพร่ (Approval before publishing)": "อนุมัติก่อนเผยแพร่",
    "Moderators approval": "อนุมัติโดยผู้ตรวจ (ชุดเริ่มต้นของ Wagtail ไม่ใช้งาน)",
}
TASKS = {
    "ผู้อนุมัติเผยแพร่ตรวจและอนุมัติ (Approver review)": "ผู้อนุมัติเผยแพร่ตรวจและอนุมัติ",
    "Moderators approval": "ผู้ตรวจอนุมัติ (ชุดเริ่มต้นของ Wagtail ไม่ใช้งาน)",
}
ROOT = {"Root": "หน้าราก"}


def rename(apps, names: dict[str, dict[str, str]]) -> None:
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Page = apps.get_model("wagtailcore", "Page")
    for old, new in names["workflows"].items():
        Workflow.objects.filter(name=old).update(name=new)
    for old, new in names["tasks"].items():
        Task.objects.filter(name=old).update(name=new)
    for old, new in names["root"].items():
        Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)


def forwards(apps, schema_editor):
    rename(apps, {"workflows": WORKFLOWS, "tasks": TASKS, "root": ROOT})


def backwards(apps, schema_editor):
    reverse = {
        key: {new: old for old, new in names.items()}
        for key, names in {"workflows": WORKFLOWS, "tasks": TASKS, "root": ROOT}.items()
    }
    rename(apps, reverse)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_moderation_workflow"),
        ("training", "0010_remove_wagtail_default_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
