from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from training import tenants
from training.register.models import OrganisationType
from training.register.selectors import organisation_base_url


class Command(BaseCommand):
    help = (
        "เพิ่มหน่วยงาน (เว็บไซต์และชื่อโฮสต์ หน้าแรก หน้ารวมประมวลจริยธรรม แนวทางปฏิบัติ หนังสือเวียน "
        "กลุ่มผู้ใช้ตามบทบาท คอลเลกชัน ขั้นตอนการอนุมัติ และบัญชีเจ้าหน้าที่งานบุคคลคนแรก); "
        "รันซ้ำได้โดยไม่เปลี่ยนแปลงอะไร / Add an organisation end to end (site and host name, home "
        "page, the code of ethics, guidelines and circular pages, role groups, collections, "
        "moderation workflow and a first HR login invited by e-mail); running it again changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="", help="รหัสย่อ / short name, e.g. nong-bua")
        parser.add_argument("--name", default="", help="ชื่อภาษาไทย / Thai name")
        parser.add_argument("--name-en", default="", help="ชื่อภาษาอังกฤษ / English name")
        parser.add_argument(
            "--type",
            default=OrganisationType.SUBDISTRICT_MUNICIPALITY,
            help=f"ประเภท / kind: {', '.join(OrganisationType.values)}",
        )
        parser.add_argument("--province", default="", help="จังหวัด / province")
        parser.add_argument("--district", default="", help="อำเภอ / district")
        parser.add_argument("--hostname", default="", help="ชื่อโฮสต์ / host name")
        parser.add_argument(
            "--port",
            type=int,
            default=None,
            help="พอร์ต (ค่าเริ่มต้น: พอร์ตของเว็บไซต์หลัก หรือ 80) / port (default: the default "
            "site's, or 80)",
        )
        parser.add_argument("--hr-email", default="", help="อีเมลเจ้าหน้าที่งานบุคคลคนแรก / HR e-mail")
        parser.add_argument("--hr-first-name", default="", help="ชื่อ / first name")
        parser.add_argument("--hr-last-name", default="", help="นามสกุล / last name")

    def handle(self, *args, **options):
        first_hr = None
        if options["hr_email"] or options["hr_first_name"] or options["hr_last_name"]:
            first_hr = tenants.FirstHR(
                email=options["hr_email"],
                first_name=options["hr_first_name"],
                last_name=options["hr_last_name"],
            )
        try:
            result = tenants.organisation_add(
                slug=options["slug"],
                name_th=options["name"],
                name_en=options["name_en"],
                organisation_type=options["type"],
                province=options["province"],
                district=options["district"],
                hostname=options["hostname"],
                port=options["port"] if options["port"] is not None else tenants.default_port(),
                first_hr=first_hr,
            )
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        # Thai and English side by side, as load_demo prints: read by whoever sets the site up.
        organisation = result.organisation
        write = self.stdout.write
        write(self.style.SUCCESS(f"หน่วยงาน / Organisation: {organisation.name_th}"))
        write(f"  รหัสย่อ / slug: {organisation.slug}")
        write(f"  เว็บไซต์ / Site: {organisation_base_url(organisation.pk)}/")
        if not result.changed:
            write("  มีครบแล้ว ไม่มีอะไรเปลี่ยนแปลง / Already there: nothing changed.")
            return
        for kind, count in result.created.items():
            if count:
                write(f"  สร้างใหม่ / created: {kind}: {count}")
        if result.hr_invited:
            write(f"  ส่งคำเชิญตั้งรหัสผ่านถึง / Set-password invitation sent to: {result.hr_invited}")
