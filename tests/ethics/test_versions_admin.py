"""Publishing a change to a published code in the admin: the approver says minor or new version.

A minor correction keeps the version (past acknowledgments still count) and records another
publication with the new text's hash; a new version increments the number, supersedes the old one
and keeps it readable at <page url>version/<n>/.
"""

import re

from django.test import Client, TestCase
from django.urls import reverse

from ethics.models import CodeOfEthicsPage
from tests.factories import UserFactory
from tests.pages import build_site, code_form_data
from training.acknowledgment.models import (
    ChangeKind,
    DocumentVersion,
    VersionPublication,
    text_sha256,
)
from training.register.roles import APPROVER, EDITOR, roles_grant

FIRST_CLAUSE = "<p>ไม่รับของขวัญหรือประโยชน์อื่นใด</p>"
TYPO_FIXED = "<p>ไม่รับของขวัญหรือประโยชน์อื่นใดจากผู้มาติดต่อ</p>"
NEW_CLAUSE = "<p>ต้องเปิดเผยผลประโยชน์ทับซ้อนต่อผู้บังคับบัญชาทันทีที่ทราบ</p>"
CHANGE_KIND_REQUIRED = (
    "โปรดระบุว่าเป็นการแก้ไขเล็กน้อยหรือฉบับใหม่ (Say whether this is a minor correction or a new version)"
)


def checked_change_kinds(response):
    radios = re.findall(r'<input type="radio" name="change_kind"[^>]*>', response.content.decode())
    return [re.search(r'value="(\w+)"', radio).group(1) for radio in radios if " checked" in radio]


def clauses(text):
    return (("1", "<p>ยึดมั่นในความซื่อสัตย์สุจริต</p>"), ("5/1", text))


class VersionsThroughTheAdminTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.organisation, cls.home, cls.ethics, cls.circulars = build_site()
        cls.host = cls.organisation.site.hostname
        cls.approver = UserFactory(username="approver")
        roles_grant(cls.approver, cls.organisation, APPROVER)
        cls.editor = UserFactory(username="editor")
        roles_grant(cls.editor, cls.organisation, EDITOR)

    def setUp(self):
        self.client.force_login(self.approver)
        add_url = reverse(
            "wagtailadmin_pages:add", args=["ethics", "codeofethicspage", self.ethics.pk]
        )
        data = {**code_form_data(clauses=clauses(FIRST_CLAUSE)), "action-publish": "publish"}
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 302)
        self.page = CodeOfEthicsPage.objects.child_of(self.ethics).get()
        self.assertTrue(self.page.live)
        self.edit_url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        self.path = self.page.relative_url(self.organisation.site)

    def publish(self, text, change_kind, *, user=None):
        if user:
            self.client.force_login(user)
        data = code_form_data(clauses=clauses(text), change_kind=change_kind)
        response = self.client.post(self.edit_url, {**data, "action-publish": "publish"})
        self.page.refresh_from_db()
        return response

    def public_html(self, path):
        response = Client().get(path, HTTP_HOST=self.host)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_first_publication_is_version_one_with_its_revision_and_text_hash(self):
        version = DocumentVersion.objects.get(page=self.page)
        publication = version.publications.get()
        self.assertEqual(version.number, 1)
        self.assertEqual(version.effective_date.isoformat(), "2024-10-01")
        self.assertEqual(publication.revision, self.page.live_revision)
        self.assertEqual(publication.change_kind, ChangeKind.NEW_VERSION)
        live = self.page.specific
        self.assertEqual(publication.text_sha256, text_sha256(live.acknowledgment_text()))
        self.assertIn("ไม่รับของขวัญหรือประโยชน์อื่นใด", live.acknowledgment_text())

    def test_publishing_a_change_without_saying_what_it_is_is_refused(self):
        response = self.publish(TYPO_FIXED, "")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["change_kind"], [CHANGE_KIND_REQUIRED])
        self.assertContains(response, CHANGE_KIND_REQUIRED)
        self.assertEqual(VersionPublication.objects.filter(version__page=self.page).count(), 1)
        self.assertNotIn("จากผู้มาติดต่อ", self.public_html(self.path))

    def test_the_edit_form_asks_afresh_each_time(self):
        self.publish(NEW_CLAUSE, ChangeKind.NEW_VERSION)
        response = self.client.get(self.edit_url)
        self.assertContains(response, 'type="radio" name="change_kind"', count=2)
        self.assertEqual(checked_change_kinds(response), [])
        self.assertContains(response, 'type="checkbox" name="audience_groups" value="permanent"')

    def test_a_draft_can_be_saved_before_deciding(self):
        """Saving a draft (and Wagtail's autosave) need no decision; publishing does."""
        data = code_form_data(clauses=clauses(TYPO_FIXED))
        response = self.client.post(self.edit_url, data)
        self.assertEqual(response.status_code, 302)
        self.page.refresh_from_db()
        self.assertTrue(self.page.has_unpublished_changes)
        self.assertEqual(VersionPublication.objects.filter(version__page=self.page).count(), 1)

    def test_submitting_a_change_for_approval_needs_the_decision_too(self):
        self.client.force_login(self.editor)
        data = code_form_data(clauses=clauses(TYPO_FIXED))
        response = self.client.post(self.edit_url, {**data, "action-submit": "submit"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("change_kind", response.context["form"].errors)
        self.page.refresh_from_db()
        self.assertIsNone(self.page.current_workflow_state)

    def test_the_submitters_choice_is_shown_to_the_approver(self):
        self.client.force_login(self.editor)
        data = code_form_data(clauses=clauses(NEW_CLAUSE), change_kind=ChangeKind.NEW_VERSION)
        self.client.post(self.edit_url, {**data, "action-submit": "submit"})
        self.client.force_login(self.approver)
        response = self.client.get(self.edit_url)
        self.assertEqual(checked_change_kinds(response), ["new"])

    def test_a_minor_correction_keeps_the_version_and_records_the_new_hash(self):
        first = VersionPublication.objects.get(version__page=self.page)

        response = self.publish(TYPO_FIXED, ChangeKind.MINOR_CORRECTION)

        self.assertEqual(response.status_code, 302)
        version = DocumentVersion.objects.get(page=self.page)
        self.assertEqual(version.number, 1)
        self.assertTrue(version.is_current)
        publications = list(version.publications.order_by("published_at", "pk"))
        self.assertEqual(len(publications), 2)
        second = publications[1]
        self.assertEqual(second.change_kind, ChangeKind.MINOR_CORRECTION)
        self.assertEqual(second.revision, self.page.live_revision)
        self.assertNotEqual(second.revision, first.revision)
        self.assertNotEqual(second.text_sha256, first.text_sha256)
        self.assertEqual(second.text_sha256, text_sha256(self.page.specific.acknowledgment_text()))

        html = self.public_html(self.path)
        self.assertIn("จากผู้มาติดต่อ", html)
        self.assertIn("<dt>ฉบับที่</dt><dd>1</dd>", html)

    def test_a_new_version_increments_and_keeps_the_old_one_readable(self):
        response = self.publish(NEW_CLAUSE, ChangeKind.NEW_VERSION)

        self.assertEqual(response.status_code, 302)
        old, new = DocumentVersion.objects.filter(page=self.page).order_by("number")
        self.assertEqual((old.number, new.number), (1, 2))
        self.assertIsNotNone(old.superseded_at)
        self.assertTrue(new.is_current)
        self.assertEqual(new.publications.get().revision, self.page.live_revision)
        self.assertEqual(old.publications.count(), 1, "the old version keeps its publication")

        current = self.public_html(self.path)
        self.assertIn("<dt>ฉบับที่</dt><dd>2</dd>", current)
        self.assertIn("ฉบับที่ 2", current)
        self.assertIn("ต้องเปิดเผยผลประโยชน์ทับซ้อน", current)
        self.assertIn(f'href="{self.path}version/1/"', current, "history links the old one")

        earlier = self.public_html(f"{self.path}version/1/")
        self.assertIn("ไม่รับของขวัญหรือประโยชน์อื่นใด", earlier)
        self.assertNotIn("ต้องเปิดเผยผลประโยชน์ทับซ้อน", earlier)
        self.assertIn("ฉบับเดิม ถูกแทนที่แล้วเมื่อ", earlier)
        self.assertIn("<dt>ฉบับที่</dt><dd>1</dd>", earlier)

        self.assertEqual(
            Client().get(f"{self.path}version/3/", HTTP_HOST=self.host).status_code, 404
        )

    def test_a_new_version_after_a_minor_correction_shows_the_latest_text_of_each(self):
        self.publish(TYPO_FIXED, ChangeKind.MINOR_CORRECTION)
        self.publish(NEW_CLAUSE, ChangeKind.NEW_VERSION)

        earlier = self.public_html(f"{self.path}version/1/")
        self.assertIn("จากผู้มาติดต่อ", earlier, "version 1 as last corrected")
        self.assertEqual(VersionPublication.objects.filter(version__page=self.page).count(), 3)
