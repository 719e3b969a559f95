"""Every public page type renders in Thai (the default) and in English (the visitor's choice).

Also: clauses carry anchors that can be linked and cited, the signed original is offered when
there is one, and a print stylesheet turns a page into a clean A4 document.
"""

import re

from django.core.files.base import ContentFile
from django.test import TestCase
from wagtail.documents import get_document_model

from tests.pages import add_circular, add_code, add_guidelines, build_site

CLAUSE_5_1 = {
    "type": "chapter",
    "value": {
        "number": "2",
        "title": "การรักษาจริยธรรม",
        "clauses": [
            {"number": "5", "text": "<p>ไม่ใช้ตำแหน่งหน้าที่แสวงหาประโยชน์</p>"},
            {"number": "5/1", "text": "<p>ไม่รับของขวัญเกินกว่าที่กฎหมายกำหนด</p>"},
        ],
    },
}

# For each page type: a UI string in Thai, and its English translation from locale/en.
UI_STRINGS = {
    "home": [("หน้าแรก", "Home"), ("ข้ามไปยังเนื้อหา", "Skip to content")],
    "ethics_index": [
        ("<h2>ประมวลจริยธรรม</h2>", "<h2>Codes of ethics</h2>"),
        ("แนวทางปฏิบัติและช่องทางร้องเรียน</h2>", "Guidelines and complaint channels</h2>"),
    ],
    "code": [
        ("<dt>อาศัยอำนาจตาม</dt>", "<dt>Legal basis</dt>"),
        ("<dt>วันที่มีผลใช้บังคับ</dt>", "<dt>In force from</dt>"),
        ("หมวด 2 การรักษาจริยธรรม", "Chapter 2 การรักษาจริยธรรม"),
        ("ข้อ 5/1</a>", "Clause 5/1</a>"),
        (">พิมพ์</button>", ">Print</button>"),
    ],
    "guidelines": [
        ("ขั้นตอนการแจ้งเรื่องการฝ่าฝืนจริยธรรม</h2>", "How to report a breach of ethics</h2>"),
        ("ช่องทางร้องเรียน</h2>", "Complaint channels</h2>"),
        ("บทลงโทษ</h2>", "Penalties</h2>"),
    ],
    "circular_index": [
        (
            '<label for="filter-year">ปีงบประมาณ</label>',
            '<label for="filter-year">Fiscal year</label>',
        ),
        ('<th scope="col">เลขที่</th>', '<th scope="col">Number</th>'),
    ],
    "circular": [
        ('<span class="circular__label">ที่</span>', '<span class="circular__label">No.</span>'),
        ('<span class="circular__label">เรียน</span>', '<span class="circular__label">To</span>'),
        (
            '<span class="circular__label">เรื่อง</span>',
            '<span class="circular__label">Subject</span>',
        ),
    ],
}


class PageTypesRenderInThaiAndEnglishTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.organisation, cls.home, cls.ethics, cls.circulars = build_site()
        cls.host = cls.organisation.site.hostname
        cls.signed = get_document_model().objects.create(
            title="ประมวลจริยธรรมฉบับลงนาม",
            file=ContentFile(b"%PDF-1.4 signed original", name="signed-code.pdf"),
        )
        cls.code = add_code(cls.ethics, publish=False)
        cls.code.body = [*cls.code.body.raw_data, CLAUSE_5_1]
        cls.code.signed_original = cls.signed
        cls.code.save_revision().publish()
        cls.code_without_original = add_code(cls.ethics, title="ประมวลจริยธรรมของฝ่ายการเมือง")
        cls.guidelines = add_guidelines(cls.ethics)
        cls.circular = add_circular(cls.circulars)
        cls.pages = {
            "home": cls.home,
            "ethics_index": cls.ethics,
            "code": cls.code,
            "guidelines": cls.guidelines,
            "circular_index": cls.circulars,
            "circular": cls.circular,
        }

    def get(self, page, *, language=None):
        if language:
            self.client.cookies["django_language"] = language
        response = self.client.get(page.url, HTTP_HOST=self.host)
        self.assertEqual(response.status_code, 200, page)
        return response.content.decode()

    def test_every_page_type_renders_in_thai_by_default(self):
        for name, page in self.pages.items():
            with self.subTest(page=name):
                html = self.get(page.specific)
                self.assertIn('<html lang="th">', html)
                self.assertIn(page.title, html)
                for thai, english in UI_STRINGS[name]:
                    self.assertIn(thai, html)
                    self.assertNotIn(english, html)

    def test_every_page_type_renders_in_english_when_chosen(self):
        for name, page in self.pages.items():
            with self.subTest(page=name):
                html = self.get(page.specific, language="en")
                self.assertIn('<html lang="en">', html)
                self.assertIn(page.title, html, "content stays in the language it was written in")
                for thai, english in UI_STRINGS[name]:
                    self.assertIn(english, html)
                    self.assertNotIn(thai, html)

    def test_the_language_switcher_turns_a_code_of_ethics_into_english(self):
        response = self.client.post(
            "/i18n/setlang/",
            {"language": "en", "next": self.code.url},
            HTTP_HOST=self.host,
        )
        self.assertRedirects(response, self.code.url, fetch_redirect_response=False)
        self.assertIn("<dt>Legal basis</dt>", self.get(self.code))

    def test_each_clause_has_an_anchor_and_a_link_to_it(self):
        html = self.get(self.code)
        self.assertIn('id="clause-5-1"', html)
        self.assertIn('href="#clause-5-1"', html)
        self.assertIn('id="clause-5"', html)
        self.assertIn('id="clause-1-1"', html)
        anchors = re.findall(r'id="(clause-[^"]+)"', html)
        self.assertEqual(len(anchors), len(set(anchors)), "anchors are unique on the page")
        self.assertIn('id="chapter-2"', html)

    def test_the_signed_original_is_offered_when_there_is_one(self):
        html = self.get(self.code)
        self.assertIn(f'href="{self.signed.url}"', html)
        self.assertIn("ดาวน์โหลดต้นฉบับที่ลงนามแล้ว (PDF)", html)

        html = self.get(self.code_without_original)
        self.assertNotIn("ดาวน์โหลดต้นฉบับที่ลงนามแล้ว", html)

    def test_the_signed_original_can_be_downloaded(self):
        response = self.client.get(self.signed.url, HTTP_HOST=self.host)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4 signed original")

    def test_public_pages_link_a_print_stylesheet_that_hides_navigation(self):
        for name in ("code", "guidelines", "circular"):
            with self.subTest(page=name):
                html = self.get(self.pages[name].specific)
                link = re.search(r'<link rel="stylesheet" href="([^"]+)" media="print">', html)
                self.assertIsNotNone(link, "a stylesheet for print media is linked")
                self.assertIn('class="no-print"', html)

        response = self.client.get(link.group(1), HTTP_HOST=self.host)
        self.assertEqual(response.status_code, 200)
        css = b"".join(response.streaming_content).decode()
        self.assertIn("size: A4", css)
        hidden = re.search(r"([^{}]*)\{\s*display:\s*none", css)
        self.assertIsNotNone(hidden)
        for selector in (".site-nav", ".site-header", ".site-footer", ".no-print"):
            self.assertIn(selector, hidden.group(1))
