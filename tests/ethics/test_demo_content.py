"""The demo's ethics section: three codes of ethics, one per personnel group, and the guidelines.

`load_demo` runs once per class (setUpTestData) with its on-commit fan-out executed, as it is
outside a test; the idempotence test runs it once more on top.
"""

import datetime
import io

from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Page, Revision

from ethics.blocks import chapters_as_text
from ethics.models import CodeOfEthicsPage, EthicsIndexPage, GuidelinesPage
from home.thai_dates import thai_numerals
from training import demo
from training.acknowledgment.models import DocumentVersion, Requirement, VersionPublication
from training.register.models import Organisation, PersonnelGroup

HOST = f"{demo.SITE_HOSTNAME}:{demo.SITE_PORT}"

# A phrase of each core value of the Ethical Standards Act B.E. 2562, section 5.
CORE_VALUE_PHRASES = [
    "ชาติ ศาสนา พระมหากษัตริย์ และการปกครองระบอบประชาธิปไตยอันมีพระมหากษัตริย์ทรงเป็นประมุข",
    "ซื่อสัตย์สุจริต มีจิตสำนึกที่ดี และรับผิดชอบต่อหน้าที่",
    "กล้าตัดสินใจและกระทำในสิ่งที่ถูกต้องชอบธรรม",
    "คิดถึงประโยชน์ส่วนรวมมากกว่าประโยชน์ส่วนตัว",
    "มุ่งผลสัมฤทธิ์ของงาน",
    "ปฏิบัติหน้าที่อย่างเป็นธรรมและไม่เลือกปฏิบัติ",
    "ดำรงตนเป็นแบบอย่างที่ดีและรักษาภาพลักษณ์ของทางราชการ",
]
CHAPTER_TITLES = [
    "บททั่วไป",
    "มาตรฐานทางจริยธรรม",
    "กลไกและระบบการบังคับใช้ประมวลจริยธรรม",
    "ขั้นตอนการลงโทษ",
    "บทเฉพาะกาล",
]


def run_load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def clauses_of(code: CodeOfEthicsPage) -> list[str]:
    return [clause["number"] for chapter in code.body for clause in chapter.value["clauses"]]


def path_of(page: Page) -> str:
    return page.get_url_parts()[2]


class DemoEthicsSectionTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            run_load_demo()
        cls.organisation = Organisation.objects.get(slug="phra-thaen")
        home = cls.organisation.site.root_page
        cls.index = EthicsIndexPage.objects.child_of(home).get()
        cls.codes = {
            code.audience_groups[0]: code
            for code in CodeOfEthicsPage.objects.child_of(cls.index).live()
        }

    def get(self, url):
        return self.client.get(url, HTTP_HOST=HOST)

    def login_staff(self):
        assert self.client.login(username="staff", password=demo.DEMO_PASSWORD)

    def test_the_ethics_index_is_published_in_the_site_menu(self):
        assert self.index.live and self.index.show_in_menus
        assert self.index.title == "ประมวลจริยธรรม"
        html = self.get("/").content.decode()
        assert f'href="{path_of(self.index)}"' in html

    def test_one_code_per_personnel_group_each_for_that_group_only(self):
        assert set(self.codes) == set(PersonnelGroup.values)
        assert all(len(code.audience_groups) == 1 for code in self.codes.values())
        assert "ฝ่ายการเมือง" in self.codes["political"].title
        assert "ฝ่ายบริหาร" in self.codes["executive"].title
        assert "ฝ่ายข้าราชการประจำ" in self.codes["permanent"].title
        for code in self.codes.values():
            assert code.requires_acknowledgment
            assert code.legal_basis.startswith("พระราชบัญญัติมาตรฐานทางจริยธรรม พ.ศ. 2562")

    def test_each_code_has_the_five_chapters_and_twelve_to_twenty_clauses(self):
        for group, code in self.codes.items():
            with self.subTest(group=group):
                titles = [chapter.value["title"] for chapter in code.body]
                assert titles == CHAPTER_TITLES
                numbers = clauses_of(code)
                assert 12 <= len(numbers) <= 20
                assert len(set(numbers)) == len(numbers)

    def test_each_code_states_all_seven_core_values_of_the_act(self):
        for group, code in self.codes.items():
            text = chapters_as_text(code.body)
            for phrase in CORE_VALUE_PHRASES:
                with self.subTest(group=group, value=phrase):
                    assert phrase in text

    def test_each_code_speaks_to_its_own_group(self):
        political = chapters_as_text(self.codes["political"].body)
        for post in ("นายกเทศมนตรี", "รองนายกเทศมนตรี", "สมาชิกสภาเทศบาล"):
            assert post in political
        executive = chapters_as_text(self.codes["executive"].body)
        assert "ปลัดเทศบาล" in executive and "ผู้อำนวยการกอง" in executive
        permanent = chapters_as_text(self.codes["permanent"].body)
        assert "พนักงานจ้าง" in permanent and "ลูกจ้างประจำ" in permanent
        assert "สมาชิกสภาเทศบาล" not in permanent
        for code in self.codes.values():
            assert "สำนักปลัดเทศบาล" in chapters_as_text(code.body)

    def test_the_permanent_code_has_versions_one_and_two_and_clause_5_1(self):
        code = self.codes["permanent"]
        versions = list(code.versions)
        assert [version.number for version in versions] == [2, 1]
        assert versions[0].is_current and not versions[1].is_current
        assert versions[1].effective_date == datetime.date(2024, 10, 1)
        assert versions[0].effective_date > versions[1].effective_date
        assert "5/1" in clauses_of(code)

        current = self.get(path_of(code))
        assert current.status_code == 200
        assert 'id="clause-5-1"' in current.text
        assert "ประวัติฉบับ" in current.text
        first = self.get(f"{path_of(code)}version/1/")
        assert first.status_code == 200
        assert 'id="clause-5-1"' not in first.text
        assert 'id="clause-5"' in first.text

    def test_the_other_codes_have_one_version_each(self):
        for group in ("political", "executive"):
            with self.subTest(group=group):
                assert [v.number for v in self.codes[group].versions] == [1]

    def test_publishing_asked_each_group_to_acknowledge_its_current_code(self):
        staff = self.organisation.people.get(user__username="staff")
        mayor = self.organisation.people.get(employee_number="P-01")
        permanent = self.codes["permanent"]
        assert Requirement.objects.filter(person=staff, version=permanent.current_version).exists()
        assert not Requirement.objects.filter(
            person=staff, version__page_id=self.codes["political"].pk
        ).exists()
        assert not Requirement.objects.filter(
            version__page_id=permanent.pk, version__number=1
        ).exists()
        assert Requirement.objects.filter(
            person=mayor, version=self.codes["political"].current_version
        ).exists()

    def test_guidelines_give_the_organisations_complaint_channels_and_penalties(self):
        guidelines = GuidelinesPage.objects.child_of(self.index).live().get()
        assert guidelines.slug == "guidelines"
        assert guidelines.title == "แนวทางปฏิบัติ ช่องทางร้องเรียน และบทลงโทษ"
        html = self.get(path_of(guidelines)).content.decode()
        assert len(guidelines.complaint_channels) == len(self.organisation.complaint_channel_list)
        # The demo site writes digits in Thai; the phone's link still dials the number.
        assert 'href="tel:034561234"' in html
        for fact in (
            thai_numerals(self.organisation.phone),
            f"https://www.{demo.EMAIL_DOMAIN}/",
            "@phrathaen",
            "ตู้รับเรื่องร้องเรียน",
            "หนังสือถึงนายกเทศมนตรีตำบลพระแท่น",
        ):
            assert fact in html
        assert "การฝ่าฝืนที่ไม่ร้ายแรง" in html and "การฝ่าฝืนที่ร้ายแรง" in html
        assert "ภาคทัณฑ์" in html and "ไล่ออก" in html

    def test_every_ethics_page_renders_for_anonymous_visitors_and_staff(self):
        pages = [self.index, *Page.objects.child_of(self.index).live()]
        assert len(pages) == 5
        for page in pages:
            with self.subTest(page=page.slug, who="anonymous"):
                assert self.get(path_of(page)).status_code == 200
        self.login_staff()
        for page in pages:
            with self.subTest(page=page.slug, who="staff"):
                response = self.get(path_of(page))
                assert response.status_code == 200
                assert page.title in response.content.decode()

    def test_the_index_lists_the_three_codes_and_the_guidelines(self):
        html = self.get(path_of(self.index)).content.decode()
        for page in Page.objects.child_of(self.index):
            assert f'href="{path_of(page)}"' in html

    def test_running_the_demo_again_adds_and_publishes_nothing_in_the_ethics_section(self):
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
        assert "ประมวลจริยธรรม / Codes of ethics: 3 (หน้าใหม่ / new pages: 0)" in output
        assert CodeOfEthicsPage.objects.live().count() == 3
        assert EthicsIndexPage.objects.count() == 2  # one per demo organisation
