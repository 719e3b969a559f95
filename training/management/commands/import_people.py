"""Import an organisation's personnel register from an .xlsx or .csv file, matching on employee
number; nothing is written unless the whole file is valid. A real import is written to the
organisation's history like one made in the admin, with no user."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.bilingual import bilingual
from training.management.commands._organisation import organisation_from_option
from training.register.files import NEW, UPDATED, ImportResult
from training.register.services import register_import


class Command(BaseCommand):
    help = (
        "Import the personnel register from FILE (.xlsx or .csv). Prints what will be created, "
        "updated and left unchanged; errors go to stderr and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the register: an .xlsx or .csv file")
        parser.add_argument(
            "--organisation", help="the organisation's slug (needed when there are several)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change and write nothing"
        )

    def handle(self, *args, file, organisation, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(bilingual(_("ไม่พบไฟล์ %(file)s"), file=file))
        target = organisation_from_option(organisation)
        result = register_import(
            organisation=target,
            data=path.read_bytes(),
            filename=path.name,
            dry_run=dry_run,
            acting_user=None,
        )
        self.print_rows(result, verbosity=options["verbosity"])
        self.stdout.write(
            gettext("ใหม่ %(new)s · ปรับปรุง %(updated)s · ไม่เปลี่ยนแปลง %(unchanged)s")
            % self.counts(result)
        )
        if result.ignored_headings:
            self.stdout.write(
                gettext("ข้ามคอลัมน์ที่ไม่รู้จัก: %(columns)s")
                % {"columns": ", ".join(result.ignored_headings)}
            )
        if not result.is_valid:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                bilingual(
                    _("พบข้อผิดพลาด %(count)s รายการ ไม่ได้บันทึกข้อมูลใดเลย"),
                    count=len(result.errors),
                )
            )
        if dry_run:
            self.stdout.write(gettext("ทดลองนำเข้าเท่านั้น ยังไม่ได้บันทึก"))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    gettext("บันทึกทะเบียนบุคลากรของ %(organisation)s แล้ว") % {"organisation": target}
                )
            )

    def print_rows(self, result: ImportResult, *, verbosity: int) -> None:
        """Updated rows with their changes; new rows too at -v 2."""
        for row in result.rows:
            if row.status == UPDATED:
                changes = "; ".join(
                    f"{change.column}: '{change.old}' → '{change.new}'" for change in row.changes
                )
                self.stdout.write(
                    gettext("แถวที่ %(row)s %(number)s %(name)s ปรับปรุง: %(changes)s")
                    % {
                        "row": row.row,
                        "number": row.employee_number,
                        "name": row.name,
                        "changes": changes,
                    }
                )
            elif row.status == NEW and verbosity >= 2:
                self.stdout.write(
                    gettext("แถวที่ %(row)s %(number)s %(name)s ใหม่")
                    % {"row": row.row, "number": row.employee_number, "name": row.name}
                )

    @staticmethod
    def counts(result: ImportResult) -> dict[str, int]:
        return {
            "new": result.new_count,
            "updated": result.updated_count,
            "unchanged": result.unchanged_count,
        }
