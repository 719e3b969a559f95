"""Which page can be created where, and that the admin creates each ethics page type."""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from circulars.models import CircularIndexPage
from ethics.models import CodeOfEthicsPage, EthicsIndexPage, GuidelinesPage
from home.models import HomePage
from tests.pages import build_site, code_form_data
from training.figures.pages import TransparencyPage


class EthicsPageTypeRulesTest(WagtailPageTestCase):
    """The page tree is home → ethics index → codes and guidelines, nothing else."""

    @classmethod
    def setUpTestData(cls):
        cls.organisation, cls.home, cls.ethics, cls.circulars = build_site()

    def test_the_tree_root_takes_home_pages_and_no_content_page(self):
        # Wagtail's base Page is listed but not creatable: the admin offers a home page only.
        self.assertAllowedSubpageTypes(Page, [Page, HomePage])
        self.assertAllowedParentPageTypes(HomePage, [Page])
        root = Page.get_first_root_node()
        self.assertEqual(root.specific_class.creatable_subpage_models(), [HomePage])

    def test_a_home_page_holds_the_two_index_pages_and_the_transparency_page(self):
        self.assertAllowedSubpageTypes(
            HomePage, [EthicsIndexPage, CircularIndexPage, TransparencyPage]
        )

    def test_the_ethics_index_lives_under_a_home_page_and_holds_codes_and_guidelines(self):
        self.assertAllowedParentPageTypes(EthicsIndexPage, [HomePage])
        self.assertAllowedSubpageTypes(EthicsIndexPage, [CodeOfEthicsPage, GuidelinesPage])

    def test_codes_and_guidelines_live_in_the_ethics_index_and_have_no_children(self):
        for page_type in (CodeOfEthicsPage, GuidelinesPage):
            with self.subTest(page_type=page_type.__name__):
                self.assertAllowedParentPageTypes(page_type, [EthicsIndexPage])
                self.assertAllowedSubpageTypes(page_type, [])
        self.assertCanNotCreateAt(HomePage, CodeOfEthicsPage)
        self.assertCanNotCreateAt(CircularIndexPage, CodeOfEthicsPage)
        self.assertCanNotCreateAt(HomePage, GuidelinesPage)

    def test_a_home_page_has_one_ethics_index_only(self):
        self.assertTrue(EthicsIndexPage.can_create_at(HomePage(title="อื่น", slug="other")))
        self.assertFalse(EthicsIndexPage.can_create_at(self.home))


class EthicsPagesCreatedInTheAdminTest(WagtailPageTestCase):
    """A superuser creates and publishes every ethics page type through the admin forms."""

    @classmethod
    def setUpTestData(cls):
        cls.organisation, cls.home, cls.ethics, cls.circulars = build_site()
        cls.signed = get_document_model().objects.create(
            title="ประมวลจริยธรรมฉบับลงนาม",
            file=ContentFile(b"%PDF-1.4 signed original", name="signed-code.pdf"),
        )

    def setUp(self):
        self.login()

    def test_ethics_index_page(self):
        self.ethics.delete()
        self.assertCanCreate(
            self.home,
            EthicsIndexPage,
            nested_form_data(
                {"title": "ประมวลจริยธรรม", "slug": "ethics", "intro": rich_text("<p>แนะนำ</p>")}
            ),
        )
        self.assertTrue(EthicsIndexPage.objects.child_of(self.home).get().live)

    def test_code_of_ethics_page_with_audience_chapters_clauses_and_signed_original(self):
        data = code_form_data(groups=["political", "executive"], signed_original=self.signed)
        self.assertCanCreate(self.ethics, CodeOfEthicsPage, data)

        code = CodeOfEthicsPage.objects.child_of(self.ethics).get()
        self.assertTrue(code.live)
        self.assertEqual(code.audience_groups, ["political", "executive"])
        self.assertEqual(code.signed_original, self.signed)
        clauses = code.body[0].value["clauses"]
        self.assertEqual([c["number"] for c in clauses], ["1", "5/1"])
        self.assertEqual(code.versions.get().number, 1)

    def test_guidelines_page_with_complaint_channels(self):
        data = nested_form_data(
            {
                "title": "แนวทางปฏิบัติและช่องทางร้องเรียน",
                "slug": "guidelines",
                "intro": rich_text("<p>แนะนำ</p>"),
                "how_to_report": rich_text("<p>ยื่นเรื่องที่สำนักปลัดเทศบาล</p>"),
                "complaint_channels": streamfield(
                    [
                        (
                            "channel",
                            {
                                "name": "โทรศัพท์",
                                "detail": "034-000000",
                                "link": "https://example.org/complaints",
                            },
                        )
                    ]
                ),
                "penalties": rich_text("<p>ดำเนินการทางวินัย</p>"),
            }
        )
        self.assertCanCreate(self.ethics, GuidelinesPage, data)

        guidelines = GuidelinesPage.objects.child_of(self.ethics).get()
        self.assertEqual(guidelines.complaint_channels[0].value["name"], "โทรศัพท์")

    def test_the_admin_refuses_a_code_of_ethics_under_the_home_page(self):
        url = f"/admin/pages/add/ethics/codeofethicspage/{self.home.pk}/"
        response = self.client.post(url, code_form_data(), follow=True)
        self.assertEqual(response.redirect_chain, [("/admin/", 302)])
        self.assertFalse(CodeOfEthicsPage.objects.exists())

    def test_the_admin_refuses_a_second_ethics_index_on_one_home_page(self):
        url = f"/admin/pages/add/ethics/ethicsindexpage/{self.home.pk}/"
        response = self.client.get(url)
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)


class HomePageCreatedInTheAdminTest(WagtailPageTestCase):
    """A superuser creates an organisation's home page under the tree root."""

    def test_home_page(self):
        self.login()
        self.assertCanCreate(
            Page.get_first_root_node(),
            HomePage,
            nested_form_data(
                {
                    "title": "เทศบาลตำบลท่ามะกา",
                    "slug": "thamaka",
                    "intro": rich_text("<p>ยินดีต้อนรับ</p>"),
                }
            ),
        )
