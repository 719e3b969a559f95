"""Write an organisation's personnel register to an .xlsx or .csv file that import_people reads."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from home.bilingual import bilingual
from training.management.commands._organisation import organisation_from_option
from training.register.files import export_register, file_format_of


class Command(BaseCommand):
    help = "Export the personnel register to FILE (.xlsx or .csv, by its extension)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the file to write: register.xlsx or register.csv")
        parser.add_argument("--organisation", help="the organisation's slug")

    def handle(self, *args, file, organisation, **options):
        file_format = file_format_of(file)
        if file_format is None:
            raise CommandError(bilingual(_("ชื่อไฟล์ต้องลงท้ายด้วย .xlsx หรือ .csv")))
        target = organisation_from_option(organisation)
        data = export_register(organisation=target, file_format=file_format)
        Path(file).write_bytes(data)
        count = target.people.count()
        self.stdout.write(
            ngettext(
                "ส่งออกบุคลากร %(count)s คนของ %(organisation)s ไปที่ %(file)s",
                "ส่งออกบุคลากร %(count)s คนของ %(organisation)s ไปที่ %(file)s",
                count,
            )
            % {"count": count, "organisation": target, "file": file}
        )
