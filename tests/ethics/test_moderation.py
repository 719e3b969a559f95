"""Publishing needs an approver: an editor drafts and submits, an approver approves or sends back.

Everything goes through the Wagtail admin with the demo groups "Editor" and "Approver" that the
migrations create, and the approval workflow that home/migrations/0002 puts on the whole tree.
"""

from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from ethics.models import CodeOfEthicsPage
from tests.factories import UserFactory
from tests.pages import build_site, code_form_data
from training.acknowledgment.models import ChangeKind, DocumentVersion, VersionPublication
from training.register.roles import APPROVER, EDITOR, role_group, roles_grant

FIRST_TITLE = "ประมวลจริยธรรมของพนักงานเทศบาล"
CHANGED_TITLE = "ประมวลจริยธรรมของพนักงานเทศบาล (ฉบับปรับปรุง)"
REJECTION_COMMENT = "โปรดแก้ข้อ 5/1 ให้ตรงกับประกาศ ก.ถ. (please fix clause 5/1)"


class ModerationTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.organisation, cls.home, cls.ethics, cls.circulars = build_site()
        cls.editor = UserFactory(username="editor", first_name="สมศรี", last_name="เขียนดี")
        roles_grant(cls.editor, cls.organisation, EDITOR)
        cls.approver = UserFactory(username="approver", first_name="สมชาย", last_name="อนุมัติ")
        roles_grant(cls.approver, cls.organisation, APPROVER)

    def as_user(self, user):
        self.client.force_login(user)

    def add_url(self):
        return reverse(
            "wagtailadmin_pages:add", args=["ethics", "codeofethicspage", self.ethics.pk]
        )

    def edit(self, page, data, action):
        data = {**data, action: action} if action else data
        return self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    def create_draft_as_editor(self, **form):
        self.as_user(self.editor)
        response = self.client.post(self.add_url(), code_form_data(title=FIRST_TITLE, **form))
        self.assertEqual(response.status_code, 302)
        return CodeOfEthicsPage.objects.child_of(self.ethics).get()

    def workflow_action(self, page, action, **data):
        page.refresh_from_db()
        task_state = page.current_workflow_task_state
        self.assertIsNotNone(task_state, "the page is awaiting moderation")
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
        return self.client.post(url, data)

    def submit_first_version(self):
        page = self.create_draft_as_editor()
        self.edit(page, code_form_data(title=FIRST_TITLE), "action-submit")
        return page

    def approve_first_version(self):
        page = self.submit_first_version()
        self.as_user(self.approver)
        self.workflow_action(page, "approve")
        page.refresh_from_db()
        return page

    def test_the_organisation_has_an_approver_workflow_on_all_its_pages(self):
        self.organisation.refresh_from_db()
        workflow = self.organisation.workflow
        self.assertTrue(workflow.name.startswith("อนุมัติก่อนเผยแพร่"))
        self.assertTrue(workflow.active)
        task = workflow.tasks.get().specific
        self.assertEqual(list(task.groups.all()), [role_group(self.organisation, APPROVER)])
        self.assertEqual(self.ethics.get_workflow(), workflow)

    def test_an_editor_cannot_publish(self):
        page = self.create_draft_as_editor()
        self.assertFalse(page.specific.permissions_for_user(self.editor).can_publish())

        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertNotContains(response, 'name="action-publish"')
        self.assertContains(response, 'name="action-submit"')

        for url in (self.add_url(), reverse("wagtailadmin_pages:edit", args=[page.pk])):
            data = {**code_form_data(title=FIRST_TITLE), "action-publish": "action-publish"}
            if url == self.add_url():
                data["slug"] = "second-try"
            self.client.post(url, data)
        for code in CodeOfEthicsPage.objects.all():
            self.assertFalse(code.live)
            self.assertIsNone(code.live_revision)
        self.assertFalse(DocumentVersion.objects.exists())
        self.assertFalse(
            PageLogEntry.objects.filter(action="wagtail.publish").exists(),
            "nothing was published",
        )

    def test_an_editor_submits_for_moderation_and_cannot_approve_it(self):
        page = self.submit_first_version()
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(page.current_workflow_state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(page.current_workflow_state.requested_by, self.editor)

        response = self.workflow_action(page, "approve")
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(page.current_workflow_task_state.status, TaskState.STATUS_IN_PROGRESS)

    def test_an_approver_approves_and_the_page_goes_live_as_version_one(self):
        page = self.approve_first_version()

        self.assertTrue(page.live)
        self.assertEqual(page.title, FIRST_TITLE)
        self.assertIsNone(page.current_workflow_state)
        version = DocumentVersion.objects.get(page=page)
        self.assertEqual(version.number, 1)
        publication = version.publications.get()
        self.assertEqual(publication.revision, page.live_revision)
        self.assertEqual(len(publication.text_sha256), 64)

        response = self.client.get(page.url, HTTP_HOST=self.organisation.site.hostname)
        self.assertContains(response, FIRST_TITLE)

    def test_rejection_sends_the_change_back_with_the_comment_and_nothing_is_published(self):
        page = self.approve_first_version()
        live_revision = page.live_revision

        self.as_user(self.editor)
        changed = code_form_data(title=CHANGED_TITLE, change_kind=ChangeKind.NEW_VERSION)
        self.edit(page, changed, "action-submit")
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_state.status, WorkflowState.STATUS_IN_PROGRESS)

        self.as_user(self.approver)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            self.workflow_action(page, "reject", comment=REJECTION_COMMENT)

        page.refresh_from_db()
        self.assertEqual(page.title, FIRST_TITLE, "the live page keeps the approved text")
        self.assertEqual(page.live_revision, live_revision)
        self.assertEqual(page.get_latest_revision_as_object().title, CHANGED_TITLE)
        workflow_state = page.current_workflow_state
        self.assertEqual(workflow_state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        task_state = workflow_state.current_task_state
        self.assertEqual(task_state.status, TaskState.STATUS_REJECTED)
        self.assertEqual(task_state.comment, REJECTION_COMMENT)
        self.assertEqual(task_state.finished_by, self.approver)
        self.assertEqual(DocumentVersion.objects.filter(page=page).count(), 1)
        self.assertEqual(VersionPublication.objects.filter(version__page=page).count(), 1)
        public = Client().get(page.url, HTTP_HOST=self.organisation.site.hostname)
        self.assertContains(public, FIRST_TITLE)
        self.assertNotContains(public, "ฉบับปรับปรุง")

        # The editor is told by email, and sees the comment on the page's and workflow's history.
        to_editor = [m for m in mail.outbox if self.editor.email in m.to]
        self.assertEqual(len(to_editor), 1)
        self.assertIn(REJECTION_COMMENT, to_editor[0].body)
        self.as_user(self.editor)
        history = self.client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
        self.assertEqual(history.status_code, 200)
        self.assertContains(history, REJECTION_COMMENT)
        detail = self.client.get(
            reverse("wagtailadmin_pages:workflow_history_detail", args=[page.pk, workflow_state.pk])
        )
        self.assertContains(detail, REJECTION_COMMENT)

        # The editor fixes it and resubmits; approval publishes the new version the editor chose.
        self.edit(page, changed, "action-submit")
        self.as_user(self.approver)
        self.workflow_action(page, "approve")
        page.refresh_from_db()
        self.assertEqual(page.title, CHANGED_TITLE)
        versions = DocumentVersion.objects.filter(page=page).order_by("number")
        self.assertEqual([v.number for v in versions], [1, 2])
        self.assertEqual(versions[1].publications.get().revision, page.live_revision)

    def test_the_page_history_shows_who_did_what_and_when(self):
        page = self.approve_first_version()
        self.as_user(self.editor)
        self.edit(page, code_form_data(title=CHANGED_TITLE, change_kind="minor"), "action-submit")
        self.as_user(self.approver)
        self.workflow_action(page, "reject", comment=REJECTION_COMMENT)

        entries = PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
        done = [(entry.action, entry.user) for entry in entries]
        for expected in [
            ("wagtail.create", self.editor),
            ("wagtail.workflow.start", self.editor),
            ("wagtail.workflow.approve", self.approver),
            ("wagtail.publish", self.approver),
            ("wagtail.workflow.reject", self.approver),
        ]:
            self.assertIn(expected, done)
        self.assertTrue(all(entry.timestamp for entry in entries))
        rejected = entries.get(action="wagtail.workflow.reject")
        self.assertEqual(rejected.data["comment"], REJECTION_COMMENT)
        self.assertLess(entries.get(action="wagtail.publish").timestamp, rejected.timestamp)

        self.as_user(self.editor)
        history = self.client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
        self.assertContains(history, "สมศรี เขียนดี")
        self.assertContains(history, "สมชาย อนุมัติ")
        self.assertContains(history, REJECTION_COMMENT)
