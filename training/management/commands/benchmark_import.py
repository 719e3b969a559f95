"""Time the register import on a generated .xlsx register, in a throwaway organisation.

    python manage.py benchmark_import --rows 1000

Builds the file with the export code, then times a dry run, the real import (all new), a
re-import (all unchanged) and an import that changes every row, printing seconds and queries.
The organisation, its site, divisions and people are deleted afterwards.
"""

import itertools
import tempfile
import time
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from training.register.files import register_file
from training.register.models import (
    GROUP_OF_STAFF_TYPE,
    Division,
    Organisation,
    OrganisationType,
    Person,
    RegisterLogEntry,
    StaffType,
)
from training.register.services import register_import


class Command(BaseCommand):
    help = "Time importing a generated N-row .xlsx register into a throwaway organisation."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=1000, help="people in the register")

    def handle(self, *args, rows, **options):
        token = uuid.uuid4().hex[:12]
        with transaction.atomic():
            site = Site.objects.create(
                hostname=f"benchmark-{token}.invalid",
                port=80,
                root_page=Page.objects.filter(depth=1).first(),
            )
            organisation = Organisation.objects.create(
                site=site,
                slug=f"benchmark-{token}",
                name_th=f"เทศบาลตำบลทดสอบความเร็ว {token}",
                organisation_type=OrganisationType.SUBDISTRICT_MUNICIPALITY,
                province="กาญจนบุรี",
                district="ท่ามะกา",
            )
            divisions = Division.objects.bulk_create(
                Division(organisation=organisation, name=name)
                for name in ("สำนักปลัดเทศบาล", "กองคลัง", "กองช่าง", "กองการศึกษา", "กองสาธารณสุข")
            )
        try:
            with tempfile.TemporaryDirectory() as directory:
                first = Path(directory) / "register.xlsx"
                second = Path(directory) / "register-changed.xlsx"
                first.write_bytes(register_file(self.people(rows, divisions, "ก"), "xlsx"))
                second.write_bytes(register_file(self.people(rows, divisions, "ข"), "xlsx"))
                self.stdout.write(
                    f"{rows} rows; file {first.stat().st_size / 1024:.0f} KiB; "
                    f"database {connection.vendor}"
                )
                self.run("dry run, all new", organisation, first, dry_run=True)
                self.run("import, all new", organisation, first, dry_run=False)
                self.run("re-import, all unchanged", organisation, first, dry_run=False)
                self.run("import, every row updated", organisation, second, dry_run=False)
        finally:
            with transaction.atomic():
                # The imports' history entries would outlive the organisation (SET_NULL).
                RegisterLogEntry.objects.filter(organisation=organisation).delete()
                Person.objects.filter(organisation=organisation).delete()
                Division.objects.filter(organisation=organisation).delete()
                organisation.delete()
                site.delete()

    def run(self, label: str, organisation: Organisation, path: Path, *, dry_run: bool) -> None:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = register_import(
                organisation=organisation,
                data=path.read_bytes(),
                filename=path.name,
                dry_run=dry_run,
            )
        seconds = time.perf_counter() - started
        if not result.is_valid:
            self.stderr.write("\n".join(str(error) for error in result.errors[:10]))
        self.stdout.write(
            f"{label:28} {seconds:6.2f} s  {len(queries):4} queries  "
            f"new {result.new_count}, updated {result.updated_count}, "
            f"unchanged {result.unchanged_count}, errors {len(result.errors)}"
        )

    @staticmethod
    def people(rows: int, divisions: list[Division], variant: str) -> list[Person]:
        staff_types = itertools.cycle(StaffType.values)
        return [
            Person(
                employee_number=f"B{number:06d}",
                title="นาย" if number % 2 else "นางสาว",
                first_name=f"สมชาย{number}",
                last_name=f"ใจดี{variant}",
                position=f"นักจัดการงานทั่วไป ({variant})",
                staff_type=(staff_type := next(staff_types)),
                personnel_group=GROUP_OF_STAFF_TYPE[staff_type],
                division=divisions[number % len(divisions)],
                email=f"person{number}@example.org",
                phone=f"08{number:08d}",
            )
            for number in range(1, rows + 1)
        ]
