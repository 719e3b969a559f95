"""The demo's circulars: numbered letters over several fiscal years, public and internal.

`load_demo` runs once per class (setUpTestData) with its on-commit fan-out executed, as it is
outside a test; the idempotence test runs it once more on top.
"""

import datetime
import io
import re

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Page, Revision

from circulars.models import CircularIndexPage, CircularPage, Visibility
from home.thai_dates import FiscalYear, format_thai_date, thai_numerals
from training import demo
from training.acknowledgment.models import DocumentVersion, Requirement, VersionPublication
from training.register.models import Organisation

HOST = f"{demo.SITE_HOSTNAME}:{demo.SITE_PORT}"
CIRCULAR_NUMBER = re.compile(r"^ที่ กจ [๐-๙]+/ว [๐-๙]+$")


def run_load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def path_of(page: Page) -> str:
    return page.get_url_parts()[2]


class DemoCircularsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            run_load_demo()
        cls.organisation = Organisation.objects.get(slug="phra-thaen")
        cls.index = CircularIndexPage.objects.child_of(cls.organisation.site.root_page).get()
        cls.circulars = list(CircularPage.objects.child_of(cls.index).live().order_by("date"))

    def get(self, url):
        return self.client.get(url, HTTP_HOST=HOST)

    def login_staff(self):
        assert self.client.login(username="staff", password=demo.DEMO_PASSWORD)

    def test_the_circular_index_is_published_in_the_site_menu(self):
        assert self.index.live and self.index.show_in_menus
        assert self.index.title == "หนังสือเวียน"
        assert f'href="{path_of(self.index)}"' in self.get("/").content.decode()

    def test_eight_to_ten_circulars_over_past_fiscal_years_and_the_current_one(self):
        assert 8 <= len(self.circulars) <= 10
        today = timezone.localdate()
        assert all(datetime.date(2023, 10, 1) <= c.date <= today for c in self.circulars)
        by_year = [FiscalYear.of(circular.date).be_year for circular in self.circulars]
        assert {2567, 2568} <= set(by_year)
        assert by_year.count(FiscalYear.of(today).be_year) >= 2

    def test_both_visibilities_with_at_least_two_internal(self):
        internal = [c for c in self.circulars if c.visibility == Visibility.INTERNAL]
        public = [c for c in self.circulars if c.visibility == Visibility.PUBLIC]
        assert len(internal) >= 2
        assert len(public) > len(internal)

    def test_numbers_are_unique_in_thai_digits_and_the_mayor_signs(self):
        numbers = [circular.circular_number for circular in self.circulars]
        assert len(set(numbers)) == len(numbers)
        assert all(CIRCULAR_NUMBER.match(number) for number in numbers), numbers
        for circular in self.circulars:
            assert circular.signatory == "(นายประเสริฐ ศรีสุข) นายกเทศมนตรีตำบลพระแท่น"
            assert circular.addressee
            assert circular.body.count("<p>") >= 2
            assert re.fullmatch(r"circular-25\d\d-\d{3}", circular.slug)

    def test_audiences_are_everyone_one_group_or_one_division(self):
        everyone = [
            c for c in self.circulars if not c.audience_groups and not c.audience_divisions.all()
        ]
        by_group = [c for c in self.circulars if c.audience_groups]
        by_division = [c for c in self.circulars if c.audience_divisions.all()]
        assert everyone and by_group
        assert [d.name for c in by_division for d in c.audience_divisions.all()] == ["กองคลัง"]

    def test_most_need_acknowledgment_within_fifteen_to_thirty_days(self):
        needing = [c for c in self.circulars if c.requires_acknowledgment]
        assert len(needing) > len(self.circulars) / 2
        assert all(15 <= c.acknowledgment_days <= 30 for c in self.circulars)
        for circular in needing:
            assert [version.number for version in circular.versions] == [1]

    def test_a_division_circular_reaches_that_division_only(self):
        finance_circular = next(c for c in self.circulars if c.audience_divisions.all())
        version = finance_circular.current_version
        required = Requirement.objects.filter(version=version)
        staff = self.organisation.people.get(user__username="staff")
        assert required.filter(person=staff).exists()
        assert set(required.values_list("person__division__name", flat=True)) == {"กองคลัง"}

    def test_anonymous_visitors_read_public_circulars_and_are_sent_to_log_in_for_internal(self):
        for circular in self.circulars:
            response = self.get(path_of(circular))
            with self.subTest(circular=circular.slug):
                if circular.visibility == Visibility.PUBLIC:
                    assert response.status_code == 200
                    assert circular.title in response.content.decode()
                else:
                    assert response.status_code == 302
                    assert "/login/" in response["Location"]
        listing = self.get(path_of(self.index))
        assert listing.status_code == 200
        html = listing.content.decode()
        for circular in self.circulars:
            listed = f'href="{path_of(circular)}"' in html
            assert listed == (circular.visibility == Visibility.PUBLIC), circular.slug

    def test_staff_read_every_circular_and_see_internal_ones_listed(self):
        self.login_staff()
        listing = self.get(path_of(self.index))
        assert listing.status_code == 200
        html = listing.content.decode()
        for circular in self.circulars:
            with self.subTest(circular=circular.slug):
                assert f'href="{path_of(circular)}"' in html
                response = self.get(path_of(circular))
                assert response.status_code == 200
                assert circular.reference in response.content.decode()

    def test_the_listing_filters_by_fiscal_year(self):
        response = self.get(f"{path_of(self.index)}?year=2568")
        html = response.content.decode()
        for circular in self.circulars:
            in_2568 = FiscalYear.of(circular.date).be_year == 2568
            if circular.visibility == Visibility.PUBLIC:
                assert (f'href="{path_of(circular)}"' in html) == in_2568

    def test_a_circular_reads_as_a_thai_letter_in_thai_digits_only(self):
        circular = next(c for c in self.circulars if c.visibility == Visibility.PUBLIC)
        html = self.get(path_of(circular)).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        number = circular.circular_number.removeprefix("ที่ ")
        assert f'<span class="circular__label">ที่</span> {number}</p>' in main
        assert "ที่ ที่" not in main and "ที่</span> ที่" not in main
        assert '<span class="circular__label">ส่วนราชการ</span> เทศบาลตำบลพระแท่น' in main
        date = thai_numerals(format_thai_date(circular.date))
        assert f'<p class="circular__date">{date}</p>' in main
        labels = ["ที่", "ส่วนราชการ", "เรื่อง", "เรียน"]
        positions = [
            main.index(f'<span class="circular__label">{label}</span>') for label in labels
        ]
        assert positions == sorted(positions)
        assert main.index("circular__body") < main.index("ขอแสดงความนับถือ")
        assert "<p>(นายประเสริฐ ศรีสุข)</p><p>นายกเทศมนตรีตำบลพระแท่น</p>" in main
        # One digit style: the text a reader sees has no Arabic digit left.
        text = re.sub(r"<[^>]*>", "", main)
        assert not re.search(r"[0-9]", text), re.findall(r".{20}[0-9].{20}", text)

    def test_running_the_demo_again_adds_and_publishes_no_circular(self):
        counts = (
            Page.objects.count(),
            Revision.objects.count(),
            DocumentVersion.objects.count(),
            VersionPublication.objects.count(),
        )

        output = run_load_demo()

        after = (
            Page.objects.count(),
            Revision.objects.count(),
            DocumentVersion.objects.count(),
            VersionPublication.objects.count(),
        )
        assert after == counts
        assert "หนังสือเวียน / Circulars: 10 (ภายใน / internal: 2; หน้าใหม่ / new pages: 0)" in output
        assert CircularIndexPage.objects.count() == 2  # one per demo organisation
