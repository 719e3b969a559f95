"""Requirements keep who the person was when assigned; versions keep the audience they were
published for. Existing rows get the best there is: the person's and the page's current values."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

import training.register.models


def fill_from_people(apps, schema_editor):
    Requirement = apps.get_model("training", "Requirement")
    Person = apps.get_model("training", "Person")
    person = Person.objects.filter(pk=OuterRef("person_id"))
    Requirement.objects.update(
        personnel_group=Subquery(person.values("personnel_group")[:1]),
        staff_type=Subquery(person.values("staff_type")[:1]),
        division_id=Subquery(person.values("division_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0010_remove_wagtail_default_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="documentversion",
            name="audience_groups",
            field=models.JSONField(
                blank=True, null=True, verbose_name="กลุ่มบุคลากรเป้าหมายของฉบับ"
            ),
        ),
        migrations.AddField(
            model_name="documentversion",
            name="audience_division_ids",
            field=models.JSONField(
                blank=True, null=True, verbose_name="ส่วนราชการเป้าหมายของฉบับ"
            ),
        ),
        migrations.AddField(
            model_name="requirement",
            name="personnel_group",
            field=models.CharField(
                choices=training.register.models.PersonnelGroup.choices,
                default="",
                max_length=20,
                verbose_name="กลุ่มบุคลากร ณ วันที่มอบหมาย",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="requirement",
            name="staff_type",
            field=models.CharField(
                choices=training.register.models.StaffType.choices,
                default="",
                max_length=30,
                verbose_name="ประเภทบุคลากร ณ วันที่มอบหมาย",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="requirement",
            name="division",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="training.division",
                verbose_name="ส่วนราชการ ณ วันที่มอบหมาย",
            ),
        ),
        migrations.AddIndex(
            model_name="requirement",
            index=models.Index(
                fields=["organisation", "assigned_at"], name="training_re_organis_f93ae0_idx"
            ),
        ),
        migrations.RunPython(fill_from_people, migrations.RunPython.noop),
    ]
