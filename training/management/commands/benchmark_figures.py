"""Time the figures' pages at two head counts and print p50/p95 and query counts.

Builds, inside one transaction that is rolled back at the end (nothing is left behind), an
organisation per size with five versions, their requirements and a mix of acknowledgments
(recorded through the real service, so chained as in production), then requests each page as an
HR officer (and the division head) the way a browser would, several times.
"""

import datetime
import logging
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import Page, Site

from home.thai_dates import FiscalYear
from training.acknowledgment.models import (
    AcknowledgmentChannel,
    DocumentVersion,
    Requirement,
    VersionPublication,
    text_sha256,
)
from training.acknowledgment.services import Evidence, acknowledgments_record
from training.figures.selectors import year_figures
from training.register import roles
from training.register.models import (
    GROUP_OF_STAFF_TYPE,
    Division,
    Organisation,
    OrganisationType,
    Person,
    StaffType,
)

VERSIONS = 5
STAFF_TYPES = [
    StaffType.MUNICIPAL_OFFICIAL,
    StaffType.MUNICIPAL_OFFICIAL,
    StaffType.MUNICIPAL_TEACHER,
    StaffType.MISSION_CONTRACT,
    StaffType.DIVISION_DIRECTOR,
    StaffType.COUNCIL_MEMBER,
]


class Rollback(Exception):
    """Raised to undo everything the benchmark wrote."""


class Command(BaseCommand):
    help = (
        "วัดเวลาหน้าแสดงตัวเลขตัวชี้วัดที่ 6 ที่ 100 และ 10,000 คน (ไม่เหลือข้อมูลในฐานข้อมูล) / "
        "Time the figures' pages at 100 and 10,000 people (nothing is left in the database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, sizes, repeat, **options):
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        try:
            with transaction.atomic():
                for size in sizes:
                    self.benchmark(size, repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("ข้อมูลทดสอบถูกยกเลิกทั้งหมด / All benchmark data rolled back.")

    def benchmark(self, size: int, repeat: int):
        started = time.perf_counter()
        organisation, hr, head, versions = build(size)
        built = time.perf_counter() - started
        count = Requirement.objects.filter(organisation=organisation).count()
        self.stdout.write(
            f"\n{size:,} คน / people: {count:,} requirements, built in {built:.1f} s "
            f"({connection.vendor})"
        )
        year = FiscalYear.of(timezone.localdate())
        self.report("year_figures()", repeat, lambda: year_figures(organisation.pk, year))
        client = Client()
        client.force_login(hr)
        for label, url in pages(versions[-1]):
            self.report(label, repeat, lambda url=url: client.get(url, HTTP_HOST="localhost"))
        head_client = Client()
        head_client.force_login(head)
        for label, url in head_pages(head.person.division_id):
            self.report(label, repeat, lambda url=url: head_client.get(url, HTTP_HOST="localhost"))

    def report(self, label: str, repeat: int, call):
        call()  # warm: the first request pays for imports and caches
        # Counted at the cursor: a request empties Django's own query log when it starts.
        queries = []

        def count(execute, sql, *rest):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            response = call()
        status = getattr(response, "status_code", "")
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        self.stdout.write(
            f"  {label:<38} p50 {statistics.median(timings):8.1f} ms   p95 {p95:8.1f} ms   "
            f"{len(queries):3d} queries {status}"
        )


def pages(version: DocumentVersion) -> list[tuple[str, str]]:
    """The HR officer's pages: whichever of them exist in this build."""
    wanted = [
        ("dashboard (admin home)", "wagtailadmin_home", []),
        ("version report", "acknowledgment_progress:report", [version.pk]),
    ]
    found = []
    for label, name, args in wanted:
        try:
            found.append((label, reverse(name, args=args)))
        except NoReverseMatch:
            continue
    if found and found[-1][0] == "version report":
        found.append(("version report export (xlsx)", found[-1][1] + "?export=xlsx"))
    return found


def head_pages(division_id: int) -> list[tuple[str, str]]:
    return [("division head's view", reverse("portal_division_detail", args=[division_id]))]


def build(size: int):
    """An organisation of `size` people in ten divisions, five versions this fiscal year, and
    about 80 % acknowledged (most on time), through the services production uses."""
    today = timezone.localdate()
    year = FiscalYear.of(today)
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title=f"benchmark {size}", slug=f"benchmark-{size}"))
    site = Site.objects.create(hostname=f"benchmark-{size}.localhost", root_page=home)
    organisation = Organisation.objects.create(
        site=site,
        slug=f"benchmark-{size}",
        name_th=f"เทศบาลทดสอบ {size}",
        name_en=f"Benchmark {size}",
        organisation_type=OrganisationType.values[0],
        province="ราชบุรี",
        district="เมือง",
    )
    divisions = Division.objects.bulk_create(
        Division(organisation=organisation, name=f"กองที่ {n}") for n in range(10)
    )
    start = year.start - datetime.timedelta(days=400)
    people = Person.objects.bulk_create(
        Person(
            organisation=organisation,
            employee_number=f"B{n:06d}",
            first_name=f"ชื่อ{n}",
            last_name="ทดสอบ",
            position="พนักงาน",
            staff_type=STAFF_TYPES[n % len(STAFF_TYPES)],
            personnel_group=GROUP_OF_STAFF_TYPE[STAFF_TYPES[n % len(STAFF_TYPES)]],
            division=divisions[n % len(divisions)],
            active_from=start,
        )
        for n in range(size)
    )
    user_model = get_user_model()
    hr = user_model.objects.create_user(f"benchmark-hr-{size}", password=None)
    roles.roles_grant(hr, organisation, roles.HR_OFFICER)
    head = user_model.objects.create_user(f"benchmark-head-{size}", password=None)
    roles.roles_grant(head, organisation, roles.EMPLOYEE, roles.DIVISION_HEAD)
    Person.objects.filter(pk=people[0].pk).update(user=hr)
    Person.objects.filter(pk=people[4].pk).update(user=head)
    Division.objects.filter(pk=divisions[4].pk).update(head=people[4])

    revision_page = home
    revision = revision_page.save_revision()
    versions = []
    for number in range(VERSIONS):
        published = timezone.make_aware(
            datetime.datetime.combine(
                year.start + datetime.timedelta(days=7 * number), datetime.time(9)
            )
        )
        version = DocumentVersion.objects.create(
            page=home,
            organisation=organisation,
            number=number + 1,
            effective_date=published.date(),
            created_at=published,
            audience_groups=[],
            audience_division_ids=[],
            superseded_at=None,
        )
        VersionPublication.objects.create(
            version=version,
            revision=revision if number == 0 else revision_page.save_revision(),
            text_sha256=text_sha256(f"benchmark {number}"),
            change_kind="new",
            published_at=published,
        )
        due = published.date() + datetime.timedelta(days=30)
        Requirement.objects.bulk_create(
            (
                Requirement(
                    organisation=organisation,
                    person=person,
                    version=version,
                    assigned_at=published,
                    due_date=due,
                    personnel_group=person.personnel_group,
                    staff_type=person.staff_type,
                    division_id=person.division_id,
                )
                for person in people
            ),
            batch_size=2000,
        )
        versions.append(version)
        requirements = list(
            Requirement.objects.filter(version=version).order_by("pk").only("pk", "person_id")
        )
        # Four in five acknowledge: most within the period, every fourth of those late.
        chosen = [r for n, r in enumerate(requirements) if n % 5]
        on_time = [r for n, r in enumerate(chosen) if n % 4]
        late = [r for n, r in enumerate(chosen) if not n % 4]
        for batch, day in ((on_time, 10), (late, 40)):
            at = published + datetime.timedelta(days=day)
            if at > timezone.now():
                continue
            for offset in range(0, len(batch), 5000):
                acknowledgments_record(
                    requirements=batch[offset : offset + 5000],
                    evidence=Evidence(channel=AcknowledgmentChannel.ONLINE),
                    at=at,
                )
    return organisation, hr, head, versions
