from django.core.management.base import BaseCommand
from django.utils import timezone

from home.thai_dates import FiscalYear
from training.figures.ita import ita_evidence_seed
from training.management.commands._organisation import organisation_from_option


class Command(BaseCommand):
    help = (
        "ใส่รายการหลักฐานการประเมิน ITA ที่ระบบตอบได้ (ประมวลจริยธรรม แนวทางปฏิบัติ หนังสือเวียน "
        "หน้าเปิดเผยข้อมูล) / Seed the ITA evidence rows the product answers, for the current "
        "and previous fiscal year unless --year is given; running it again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="slug")
        parser.add_argument("--year", type=int, action="append", help="B.E., e.g. 2569")

    def handle(self, *args, organisation=None, year=None, **options):
        target = organisation_from_option(organisation)
        current = FiscalYear.of(timezone.localdate()).be_year
        for be_year in year or [current - 1, current]:
            added, missing = ita_evidence_seed(organisation=target, year=be_year)
            self.stdout.write(f"ITA {be_year}: เพิ่ม / added {added}")
            for page_type in missing:
                self.stdout.write(f"  ไม่พบหน้า / no page of type {page_type}")
