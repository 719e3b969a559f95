from django.core.management.base import BaseCommand
from django.utils import timezone

from training import demo
from training.register.models import PersonnelGroup


class Command(BaseCommand):
    help = (
        "สร้างเทศบาลตัวอย่าง (เทศบาลตำบลพระแท่น) และ อบต. ตัวอย่างแห่งที่สองบนชื่อโฮสต์ของตนเอง "
        "พร้อมบุคลากรและบัญชีผู้ใช้ตัวอย่าง; รันซ้ำได้โดยไม่เปลี่ยนแปลงอะไร / Build the demo "
        "municipality and a second, smaller demo organisation on its own host name, with their "
        "people and demo logins; running it again changes nothing."
    )

    def handle(self, *args, **options):
        result = demo.load()
        # Printed in Thai and English side by side on purpose, whatever the active language:
        # the output is read by developers setting the site up as much as by Thai users.
        organisation, site = result.organisation, result.site
        people = organisation.people.all()
        left = people.filter(active_until__lt=timezone.localdate()).count()
        write = self.stdout.write
        write(self.style.SUCCESS(f"ข้อมูลตัวอย่าง / Demo data: {organisation.name_th}"))
        write(f"  {organisation.name_en}, {organisation.district}, {organisation.province}")
        write(f"  เว็บไซต์ / Site: http://{site.hostname}:{site.port}/ ({site.site_name})")
        write(f"  ส่วนราชการ / Divisions: {organisation.divisions.count()}")
        write(f"  บุคลากร / People: {people.count()} (พ้นจากตำแหน่ง / left: {left})")
        for group in PersonnelGroup:
            count = people.filter(personnel_group=group).count()
            write(f"    {group.label} / {group.value}: {count}")
        created = sum(result.tally.created.values())
        updated = sum(result.tally.updated.values())
        write(f"  สร้างใหม่ / created: {created} แถว/rows, ปรับปรุง / updated: {updated} แถว/rows")
        for line in result.app_lines:
            write(f"  {line}")

        write("")
        write(
            self.style.SUCCESS(
                f"บัญชีผู้ใช้ตัวอย่าง / Demo logins (รหัสผ่าน / password: {demo.DEMO_PASSWORD})"
            )
        )
        write(f"  {'username':<10} {'role':<15} บุคลากร / person")
        for login, person in result.logins:
            role = "superuser" if login.superuser else login.role
            who = f"{person.full_name}, {person.position}" if person else "-"
            write(f"  {login.username:<10} {role:<15} {who}")
        second = result.second
        if second is not None:
            write("")
            write(
                self.style.SUCCESS(
                    f"หน่วยงานที่สอง / Second organisation: {second.organisation.name_th}"
                )
            )
            write(
                f"  {second.organisation.name_en}, {second.organisation.district}, "
                f"{second.organisation.province}"
            )
            write(f"  เว็บไซต์ / Site: http://{second.site.hostname}:{second.site.port}/")
            write(f"  บุคลากร / People: {second.organisation.people.count()}")
            for login, person in second.logins:
                who = f"{person.full_name}, {person.position}" if person else "-"
                write(f"  {login.username:<10} {login.role:<15} {who}")
        write("  รหัสผ่านตั้งเฉพาะตอนสร้างบัญชี / The password is set only when a login is created.")
