"""Which page can be created where in the circulars section, and that the admin creates each."""

import datetime

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from circulars.models import CircularIndexPage, CircularPage, Visibility
from ethics.models import EthicsIndexPage
from home.models import HomePage
from tests.factories import DivisionFactory
from tests.pages import build_site


class CircularPageTypeRulesTest(WagtailPageTestCase):
    """The page tree is home → circular index → circulars, nothing else."""

    @classmethod
    def setUpTestData(cls):
        cls.organisation, cls.home, cls.ethics, cls.circulars = build_site()

    def test_the_circular_index_lives_under_a_home_page_and_holds_circulars_only(self):
        self.assertAllowedParentPageTypes(CircularIndexPage, [HomePage])
        self.assertAllowedSubpageTypes(CircularIndexPage, [CircularPage])

    def test_a_circular_lives_in_the_circular_index_and_has_no_children(self):
        self.assertAllowedParentPageTypes(CircularPage, [CircularIndexPage])
        self.assertAllowedSubpageTypes(CircularPage, [])
        self.assertCanNotCreateAt(HomePage, CircularPage)
        self.assertCanNotCreateAt(EthicsIndexPage, CircularPage)

    def test_a_home_page_has_one_circular_index_only(self):
        self.assertFalse(CircularIndexPage.can_create_at(self.home))


class CircularPagesCreatedInTheAdminTest(WagtailPageTestCase):
    """A superuser creates and publishes the circular page types through the admin forms."""

    @classmethod
    def setUpTestData(cls):
        cls.organisation, cls.home, cls.ethics, cls.circulars = build_site()
        cls.finance = DivisionFactory(organisation=cls.organisation, name="กองคลัง")
        cls.other_division = DivisionFactory(name="กองช่างของหน่วยงานอื่น")
        cls.enclosure = get_document_model().objects.create(
            title="ประมวลจริยธรรม (ไฟล์แนบ)",
            file=ContentFile(b"%PDF-1.4 enclosure", name="enclosure.pdf"),
        )

    def setUp(self):
        self.login()

    def test_circular_index_page(self):
        self.circulars.delete()
        self.assertCanCreate(
            self.home,
            CircularIndexPage,
            nested_form_data(
                {"title": "หนังสือเวียน", "slug": "circulars", "intro": rich_text("<p>แนะนำ</p>")}
            ),
        )
        self.assertTrue(CircularIndexPage.objects.child_of(self.home).get().live)

    def circular_data(self, **overrides):
        data = nested_form_data(
            {
                "title": "แจ้งเวียนประมวลจริยธรรม",
                "slug": "circular-123",
                "circular_number": "ที่ กจ ๕๒๙๐๑/ว ๑๒๓",
                "date": "15/01/2568",
                "addressee": "พนักงานเทศบาลทุกท่าน",
                "visibility": Visibility.INTERNAL,
                "body": rich_text("<p>ขอให้บุคลากรทุกคนถือปฏิบัติ</p>"),
                "signatory": "นายกเทศมนตรีตำบลพระแท่น",
                "attachments": inline_formset(
                    [{"document": str(self.enclosure.pk), "caption": "ประมวลจริยธรรม"}]
                ),
                "requires_acknowledgment": "on",
                "acknowledgment_days": "15",
                "change_kind": "",
            }
        )
        data["audience_groups"] = ["permanent"]
        data["audience_divisions"] = [str(self.finance.pk)]
        data.update(overrides)
        return data

    def test_circular_page_with_audience_and_attachment(self):
        self.assertCanCreate(self.circulars, CircularPage, self.circular_data())

        circular = CircularPage.objects.child_of(self.circulars).get()
        self.assertTrue(circular.live)
        self.assertTrue(circular.is_internal)
        self.assertEqual(circular.audience_groups, ["permanent"])
        self.assertEqual(list(circular.audience_divisions.all()), [self.finance])
        self.assertEqual(circular.attachments.get().document, self.enclosure)
        self.assertEqual(circular.versions.get().number, 1)

    def test_a_buddhist_era_date_is_stored_as_the_day_it_names_and_shown_back_in_be(self):
        """30/11/2569 typed in ลงวันที่ is 30 November 2026, not the year 3112 (issue 10)."""
        self.assertCanCreate(
            self.circulars,
            CircularPage,
            self.circular_data(date="30/11/2569", visibility=Visibility.PUBLIC),
        )

        circular = CircularPage.objects.child_of(self.circulars).get()
        self.assertEqual(circular.date, datetime.date(2026, 11, 30))
        edit = self.client.get(f"/admin/pages/{circular.pk}/edit/")
        self.assertContains(edit, 'name="date" value="30/11/2569"')
        self.assertContains(edit, "วว/ดด/ปปปป (พ.ศ.)")
        public = self.client.get(circular.url, HTTP_HOST=circular.get_site().hostname)
        self.assertContains(public, "30 พฤศจิกายน 2569")

    def test_a_christian_era_year_is_refused_naming_the_buddhist_era_year_meant(self):
        url = f"/admin/pages/add/circulars/circularpage/{self.circulars.pk}/"
        response = self.client.post(url, self.circular_data(date="2026-11-30"))

        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["date"], ["ปี 2026 เป็น ค.ศ. หมายถึง พ.ศ. 2569 หรือไม่"]
        )
        self.assertFalse(CircularPage.objects.exists())

    def test_the_audience_offers_only_this_organisations_divisions(self):
        response = self.client.get(f"/admin/pages/add/circulars/circularpage/{self.circulars.pk}/")
        self.assertContains(response, 'type="checkbox" name="audience_divisions"')
        self.assertContains(response, "กองคลัง")
        self.assertNotContains(response, "กองช่างของหน่วยงานอื่น")

        data = self.circular_data(audience_divisions=[str(self.other_division.pk)])
        response = self.client.post(
            f"/admin/pages/add/circulars/circularpage/{self.circulars.pk}/", data
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("audience_divisions", response.context["form"].errors)
        self.assertFalse(CircularPage.objects.exists())
