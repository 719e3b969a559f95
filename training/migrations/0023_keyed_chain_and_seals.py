"""The keyed chain and its seals; the database refuses UPDATE, DELETE and TRUNCATE of evidence.

Records chained before this migration keep their plain SHA-256 links (key_id empty). Each
organisation that has some gets a first seal, marked legacy and signed with the current chain key,
over its chain head as it stands now: `verify_acknowledgments` accepts unkeyed records up to that
seal's last sequence and nowhere else, and every later record is an HMAC under a configured key.

PostgreSQL refuses UPDATE, DELETE and TRUNCATE of acknowledgments and seals, except a DELETE or
TRUNCATE by the tables' owner role that has set `training.evidence_flush` (only the test database
backends in config/test_database do, to empty test databases). The application runs as a role
that does not own the tables, so it can neither pass that test nor drop the triggers (README).
SQLite refuses UPDATE and DELETE (it has no TRUNCATE and no roles); a later migration that
rebuilds one of these tables on SQLite drops its triggers and must create them again.
"""

import logging

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from training.acknowledgment.models import seal_signature

logger = logging.getLogger("training.chain")
TABLES = ("training_acknowledgment", "training_chainseal")
FUNCTION = "training_evidence_refuse"
MESSAGE = "evidence cannot be changed or removed"

POSTGRESQL_UP = [
    f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'TRUNCATE')
           AND current_setting('training.evidence_flush', true) = 'on'
           AND pg_has_role(current_user,
                           (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
            IF TG_LEVEL = 'ROW' THEN RETURN OLD; END IF;
            RETURN NULL;
        END IF;
        RAISE EXCEPTION USING
            MESSAGE = TG_TABLE_NAME || ': {MESSAGE} (' || TG_OP || ' refused)';
    END; $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS training_acknowledgment_no_update ON training_acknowledgment",
    "DROP FUNCTION IF EXISTS training_acknowledgment_refuse()",
]
for table in TABLES:
    POSTGRESQL_UP += [
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()""",
    ]
POSTGRESQL_DOWN = [
    f"DROP TRIGGER IF EXISTS {table}_{op} ON {table}"
    for table in TABLES
    for op in ("no_update", "no_delete", "no_truncate")
] + [
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
    """CREATE OR REPLACE FUNCTION training_acknowledgment_refuse() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'acknowledgments are evidence and cannot be changed'; END; $$
        LANGUAGE plpgsql""",
    """CREATE TRIGGER training_acknowledgment_no_update BEFORE UPDATE ON training_acknowledgment
        FOR EACH ROW EXECUTE FUNCTION training_acknowledgment_refuse()""",
]
# training_evidence_flush() is registered on every SQLite connection (training.apps): 0, except
# while a test database backend empties its database.
SQLITE_UP = []
for table in TABLES:
    SQLITE_UP += [
        f"DROP TRIGGER IF EXISTS {table}_no_update",
        f"DROP TRIGGER IF EXISTS {table}_no_delete",
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table}: {MESSAGE}'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            WHEN NOT training_evidence_flush()
            BEGIN SELECT RAISE(ABORT, '{table}: {MESSAGE}'); END""",
    ]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {table}_no_delete" for table in TABLES] + [
    "DROP TRIGGER IF EXISTS training_chainseal_no_update"
]
UP = {"postgresql": POSTGRESQL_UP, "sqlite": SQLITE_UP}
DOWN = {"postgresql": POSTGRESQL_DOWN, "sqlite": SQLITE_DOWN}


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


def seal_legacy_chains(apps, schema_editor):
    """A first seal per organisation over the records chained before the chain was keyed."""
    Acknowledgment = apps.get_model("training", "Acknowledgment")
    ChainSeal = apps.get_model("training", "ChainSeal")
    key_id = next(iter(settings.ACKNOWLEDGMENT_CHAIN_KEYS))
    now = timezone.now()
    heads = {}
    for organisation_id, sequence, record_hash in (
        Acknowledgment.objects.order_by("organisation_id", "sequence")
        .values_list("organisation_id", "sequence", "record_hash")
        .iterator(chunk_size=5000)
    ):
        count, _last, _hash = heads.get(organisation_id, (0, 0, ""))
        heads[organisation_id] = (count + 1, sequence, record_hash)
    for organisation_id, (count, last_sequence, head_hash) in heads.items():
        fields = dict(
            organisation_id=organisation_id,
            sealed_on=timezone.localdate(now),
            sealed_at=now,
            count=count,
            last_sequence=last_sequence,
            head_hash=head_hash,
            legacy=True,
        )
        ChainSeal.objects.create(
            **fields,
            key_id=key_id,
            signature=seal_signature(key_id=key_id, previous_signature="", **fields),
        )
        logger.info(
            "chain seal (legacy) organisation=%s count=%s last_sequence=%s head=%s",
            organisation_id,
            count,
            last_sequence,
            head_hash,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('training', '0022_merge_scan_collections_change_summary'),
    ]

    operations = [
        migrations.AddField(
            model_name='acknowledgment',
            name='key_id',
            field=models.CharField(blank=True, max_length=40, verbose_name='รหัสกุญแจที่ลงนาม'),
        ),
        migrations.AddField(
            model_name='acknowledgment',
            name='scan_sha256',
            field=models.CharField(blank=True, max_length=64, verbose_name='SHA-256 ของไฟล์ใบลงนามที่สแกน'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='auditor_email',
            field=models.EmailField(blank=True, help_text='ทุกวันระบบส่งตราประทับห่วงโซ่การรับทราบไปยังอีเมลนี้ (เช่น หน่วยตรวจสอบภายใน) เพื่อให้มีสำเนาหลักฐานอยู่นอกฐานข้อมูล', max_length=254, verbose_name='อีเมลผู้ตรวจสอบ'),
        ),
        migrations.CreateModel(
            name='ChainSeal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sealed_on', models.DateField(verbose_name='วันที่ประทับ')),
                ('sealed_at', models.DateTimeField(verbose_name='ประทับเมื่อ')),
                ('count', models.PositiveBigIntegerField(verbose_name='จำนวนรายการ')),
                ('last_sequence', models.PositiveBigIntegerField(verbose_name='ลำดับสุดท้าย')),
                ('head_hash', models.CharField(max_length=64, verbose_name='แฮชของรายการสุดท้าย')),
                ('legacy', models.BooleanField(default=False, verbose_name='ตราประทับของรายการก่อนใช้กุญแจ')),
                ('key_id', models.CharField(max_length=40, verbose_name='รหัสกุญแจที่ลงนาม')),
                ('signature', models.CharField(max_length=64, verbose_name='ลายมือชื่อดิจิทัล')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='training.organisation', verbose_name='หน่วยงาน')),
                ('previous', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='training.chainseal', verbose_name='ตราประทับก่อนหน้า')),
            ],
            options={
                'verbose_name': 'ตราประทับห่วงโซ่การรับทราบ',
                'verbose_name_plural': 'ตราประทับห่วงโซ่การรับทราบ',
                'default_permissions': ('view',),
                'indexes': [models.Index(fields=['organisation', '-sealed_at'], name='training_ch_organis_fb3e89_idx')],
                'constraints': [models.UniqueConstraint(fields=('organisation', 'sealed_on'), name='chain_seal_one_per_day')],
            },
        ),
        migrations.RunPython(seal_legacy_chains, migrations.RunPython.noop),
        migrations.RunPython(run(UP), run(DOWN)),
    ]
