"""Time finding a page's organisation, a publication and the nightly sweep with many sites.

Inside one transaction that is rolled back at the end (nothing is left behind, and Wagtail's
cached list of site root paths is emptied again), adds `--sites` sites (bulk-created, all on one
filler page: Wagtail's list holds one entry per site whatever their roots), then one
organisation with people and `--versions` circulars published as an editor publishes them, and
prints p50/p95 of: Wagtail's lookup (`page.get_site()`, which reads the list of every site's
root path from the cache) beside ours (`organisation_of_page`, one indexed query), one
publication, and the sweep per version.
"""

import statistics
import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from training.acknowledgment.publishing import requirements_sweep
from training.acknowledgment.selectors import organisation_of_page
from training.register.models import Organisation, OrganisationType, Person, StaffType
from training.register.selectors import organisation_for_site


class Rollback(Exception):
    """Raised to undo everything the benchmark wrote."""


def timed(function, repeat: int) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


class Command(BaseCommand):
    help = (
        "วัดเวลาการหาหน่วยงานของหน้า การเผยแพร่ และการกวาดรายวัน เมื่อมีเว็บไซต์จำนวนมาก "
        "(ไม่เหลือข้อมูลในฐานข้อมูล) / Time the page-to-organisation lookup, a publication and "
        "the nightly sweep with many sites (rolled back)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--sites", type=int, default=2000)
        parser.add_argument("--versions", type=int, default=20)
        parser.add_argument("--people", type=int, default=50)
        parser.add_argument("--repeat", type=int, default=50)

    def handle(self, *args, sites, versions, people, repeat, **options):
        try:
            with transaction.atomic():
                self.run(sites=sites, versions=versions, people=people, repeat=repeat)
                raise Rollback
        except Rollback:
            pass
        finally:
            Site.clear_site_root_paths_cache()

    def line(self, label: str, p50: float, p95: float, queries: int | None = None):
        extra = f", {queries} queries" if queries is not None else ""
        self.stdout.write(f"  {label:<52} p50 {p50:8.2f} ms  p95 {p95:8.2f} ms{extra}")

    def run(self, *, sites, versions, people, repeat):
        root = Page.get_first_root_node()
        filler = root.add_child(instance=Page(title="benchmark sites", slug="benchmark-sites"))
        Site.objects.bulk_create(
            Site(hostname=f"s{n}.benchmark.localhost", port=80, root_page=filler)
            for n in range(sites)
        )
        home = root.add_child(instance=Page(title="benchmark home", slug="benchmark-sites-home"))
        site = Site.objects.create(hostname="benchmark-sites.localhost", root_page=home)
        organisation = Organisation.objects.create(
            site=site,
            slug="benchmark-sites",
            name_th="เทศบาลทดสอบหลายเว็บไซต์",
            organisation_type=OrganisationType.values[0],
            province="ราชบุรี",
            district="เมือง",
        )
        Person.objects.bulk_create(
            Person(
                organisation=organisation,
                employee_number=f"S{n:06d}",
                first_name=f"ชื่อ{n}",
                last_name="ทดสอบ",
                position="พนักงาน",
                staff_type=StaffType.MUNICIPAL_OFFICIAL,
                personnel_group="permanent",
                active_from="2020-01-01",
            )
            for n in range(people)
        )
        total = Site.objects.count()
        self.stdout.write(f"{total} sites, {versions} versions, {people} people")

        circular_model = apps.get_model("circulars", "CircularPage")
        publish_samples = []
        publish_queries = []
        pages = []
        for number in range(versions):
            page = home.add_child(
                instance=circular_model(
                    title=f"หนังสือเวียนทดสอบ {number}",
                    slug=f"circular-{number}",
                    circular_number=f"ที่ ทด {number}",
                    date="2025-01-15",
                    body="<p>ขอให้บุคลากรทุกคนถือปฏิบัติ</p>",
                )
            )
            revision = page.save_revision()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                revision.publish()
                publish_samples.append((time.perf_counter() - start) * 1000)
            publish_queries.append(len(queries.captured_queries))
            pages.append(page)
        publish_samples.sort()

        page = Page.objects.get(pk=pages[0].pk)
        Site.get_site_root_paths()  # warm Wagtail's cache, as in production
        self.stdout.write("page -> organisation, per call:")

        def wagtail():
            # A page read afresh (as the sweep and a publication have it) keeps no copy yet.
            page.__dict__.pop("_wagtail_cached_site_root_paths", None)
            return organisation_for_site(page.get_site())

        self.line("Wagtail: organisation_for_site(page.get_site())", *timed(wagtail, repeat))
        self.line(
            "ours: organisation_of_page(page)", *timed(lambda: organisation_of_page(page), repeat)
        )
        self.stdout.write("publication (save_revision().publish(), without the fan-out):")
        self.line(
            "publish one circular",
            statistics.median(publish_samples),
            publish_samples[min(len(publish_samples) - 1, int(len(publish_samples) * 0.95))],
            max(publish_queries),
        )
        requirements_sweep()  # fans out what the publications queued on commit
        self.stdout.write("nightly sweep, nothing left to create:")
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            created = requirements_sweep()
            elapsed = (time.perf_counter() - start) * 1000
        per_version = elapsed / versions
        self.line(f"sweep per version (created {created})", per_version, per_version)
        self.stdout.write(
            f"  sweep queries: {len(queries.captured_queries)} for {versions} versions"
        )
