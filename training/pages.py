"""The door of content apps into the tracker: the page they inherit, its form and its panels.

ethics/ and circulars/ import nothing else of training/.
"""

import datetime

from django import forms
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from home.forms import SlugFromPageForm
from home.queueing import queue_task_on_commit
from training.acknowledgment.models import ChangeKind, DocumentVersion
from training.acknowledgment.publishing import document_version_publish
from training.acknowledgment.selectors import organisation_of_page, outstanding_on_page_for_user
from training.acknowledgment.tasks import assign_requirements
from training.acknowledgment.views import document_version, statement_context, version_changes
from training.register.models import Division, Organisation, PersonnelGroup, StaffType
from training.register.selectors import is_staff_of_site

__all__ = [
    "AcknowledgeablePage",
    "AcknowledgeablePageForm",
    "ChangeKind",
    "Organisation",
    "PersonnelGroup",
    "StaffType",
    "acknowledgment_panels",
    "is_staff_of_site",
    "record_document_version",
]


class AcknowledgeablePage(RoutablePageMixin, Page):
    """A page whose readers must acknowledge it: it names its audience and carries versions.

    Content apps inherit this; the tracker knows a document only through these fields, the page
    and its revisions. `acknowledgment_text()` says what text a reader acknowledges.
    """

    requires_acknowledgment = models.BooleanField(
        _("ต้องรับทราบ"),
        default=True,
        help_text=_("บุคลากรกลุ่มเป้าหมายต้องอ่านและกดรับทราบเอกสารนี้"),
    )
    audience_groups = models.JSONField(
        _("กลุ่มบุคลากรเป้าหมาย"),
        default=list,
        blank=True,
        help_text=_("ไม่เลือกเลย หมายถึงทุกกลุ่ม"),
    )
    audience_divisions = ParentalManyToManyField(
        "training.Division",
        blank=True,
        related_name="+",
        verbose_name=_("ส่วนราชการเป้าหมาย"),
        help_text=_("ไม่เลือกเลย หมายถึงทุกส่วนราชการ"),
    )
    acknowledgment_days = models.PositiveSmallIntegerField(
        _("กำหนดรับทราบภายใน (วัน)"),
        default=30,
    )
    occasion_ends_on = models.DateField(
        _("วันสิ้นสุดของเรื่องเฉพาะโอกาส"),
        null=True,
        blank=True,
        help_text=_(
            "สำหรับเรื่องเฉพาะโอกาส เช่น งดรับของขวัญช่วงปีใหม่: หลังวันนี้ผู้เข้ารับตำแหน่งใหม่"
            "หรือย้ายเข้าจะไม่ได้รับมอบหมาย และจะไม่ทวงถามผู้ที่ยังไม่รับทราบอีก "
            "(ตัวเลขที่รายงานแล้วไม่เปลี่ยน) เว้นว่างไว้ หมายถึงใช้จนกว่าจะมีฉบับใหม่"
        ),
    )
    change_kind = models.CharField(
        _("การเผยแพร่ครั้งนี้เป็น"),
        max_length=10,
        choices=ChangeKind.choices,
        blank=True,
        help_text=_("เลือกทุกครั้งที่เผยแพร่เอกสารที่เคยเผยแพร่แล้ว"),
    )
    change_summary = models.TextField(
        _("สรุปสิ่งที่เปลี่ยนจากฉบับก่อน"),
        blank=True,
        help_text=_(
            "จำเป็นเมื่อเผยแพร่เป็นฉบับใหม่ ผู้ที่เคยรับทราบฉบับก่อนจะเห็นข้อความนี้ที่ต้นเอกสาร "
            "พร้อมลิงก์เปรียบเทียบข้อความสองฉบับ เช่น “เพิ่มข้อ 5/1 ว่าด้วยการใช้สื่อสังคมออนไลน์”"
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Saving the page as it goes live records its version in the same transaction.

        Wagtail sends `page_published` after the live page has been saved and committed (the
        admin's Publish runs in no transaction), so a failure in between left a live page with no
        version. Here the page does not go live unless its version is written too.
        """
        update_fields = kwargs.get("update_fields")
        goes_live = (
            self.live
            and self.live_revision_id is not None
            and self.requires_acknowledgment
            and (update_fields is None or "live_revision" in update_fields)
        )
        if not goes_live:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            result = super().save(*args, **kwargs)
            record_document_version(sender=type(self), instance=self, revision=self.live_revision)
        return result

    def acknowledgment_text(self) -> str:
        """The text a reader acknowledges, as plain text; page types add their body."""
        return self.title

    def reader_refusal(self, request):
        """A response turning this reader away from this text (or None); earlier versions are
        checked against their own settings, not the live page's."""
        return None

    def version_effective_date(self) -> datetime.date:
        """The date a new version takes effect; page types with their own date override it."""
        return timezone.localdate()

    @property
    def versions(self):
        return DocumentVersion.objects.filter(page_id=self.pk).order_by("-number")

    @property
    def current_version(self):
        return DocumentVersion.objects.filter(page_id=self.pk, superseded_at__isnull=True).first()

    @property
    def audience_group_labels(self) -> list[str]:
        return [PersonnelGroup(group).label for group in self.audience_groups]

    def get_context(self, request, *args, **kwargs):
        """A reader who still has to acknowledge the current version sees the statement below it."""
        context = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated and "acknowledge_requirement" not in context:
            requirement = outstanding_on_page_for_user(request.user, page=self)
            if requirement is not None:
                context.update(statement_context(requirement, requirement.shown_publication))
        return context

    @path("version/<int:number>/", name="version")
    def version_view(self, request, number):
        return document_version(request, page=self, number=number)

    @path("version/<int:number>/changes/<int:since>/", name="version_changes")
    def version_changes_view(self, request, number, since):
        return version_changes(request, page=self, number=number, since=since)


class AcknowledgeablePageForm(SlugFromPageForm):
    """Edit form of pages that need acknowledgment: audience as checkboxes, change kind required."""

    audience_groups = forms.MultipleChoiceField(
        label=_("กลุ่มบุคลากรเป้าหมาย"),
        choices=PersonnelGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("ไม่เลือกเลย หมายถึงทุกกลุ่ม"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        site_page = self.instance if self.instance.pk else self.parent_page
        organisation = organisation_of_page(site_page) if site_page else None
        if "audience_divisions" in self.fields:
            self.fields["audience_divisions"].queryset = Division.objects.filter(
                organisation=organisation
            )
            self.fields["audience_divisions"].widget = forms.CheckboxSelectMultiple()
            self.fields["audience_divisions"].widget.choices = self.fields[
                "audience_divisions"
            ].choices
        self.has_version = bool(
            self.instance.pk and DocumentVersion.objects.filter(page_id=self.instance.pk).exists()
        )
        if "change_kind" in self.fields:
            self.fields["change_kind"].widget = forms.RadioSelect(choices=ChangeKind.choices)
            # Each publication needs a fresh decision, never the one the last publication left on
            # the page; a draft (for instance one submitted for approval) keeps its author's choice.
            if not self.instance.has_unpublished_changes:
                self.initial["change_kind"] = ""
                self.initial["change_summary"] = ""

    def clean(self):
        cleaned_data = super().clean()
        # Drafts (and Wagtail's autosave) are saved undecided; publishing, submitting for
        # approval and approving in the editor are validated in full and need the decision.
        if (
            self.has_version
            and not self.is_deferred_validation
            and cleaned_data.get("requires_acknowledgment")
            and not cleaned_data.get("change_kind")
        ):
            self.add_error(
                "change_kind",
                _(
                    "โปรดระบุว่าเป็นการแก้ไขเล็กน้อยหรือฉบับใหม่ "
                    "(Say whether this is a minor correction or a new version)"
                ),
            )
        if (
            self.has_version
            and not self.is_deferred_validation
            and cleaned_data.get("requires_acknowledgment")
            and cleaned_data.get("change_kind") == ChangeKind.NEW_VERSION
            and not (cleaned_data.get("change_summary") or "").strip()
        ):
            self.add_error(
                "change_summary",
                _(
                    "โปรดสรุปสิ่งที่เปลี่ยนจากฉบับก่อน ผู้ที่เคยรับทราบจะเห็นข้อความนี้ "
                    "(Summarise what changed since the previous version: "
                    "those who acknowledged it will see this)"
                ),
            )
        return cleaned_data


def acknowledgment_panels():
    """The editor's panels for who must acknowledge a document, by when, and what a change is."""
    return [
        MultiFieldPanel(
            [
                FieldPanel("requires_acknowledgment"),
                FieldPanel("audience_groups"),
                FieldPanel("audience_divisions"),
                FieldPanel("acknowledgment_days"),
                FieldPanel("occasion_ends_on"),
                FieldPanel("change_kind"),
                FieldPanel("change_summary"),
            ],
            heading=_("การรับทราบและฉบับของเอกสาร"),
        )
    ]


def record_document_version(sender, instance, revision, **kwargs):
    """Every publication of a page that needs acknowledgment is recorded as (part of) a version,
    and a new version is fanned out to its audience once the publication has committed.

    Called by `AcknowledgeablePage.save` as the page goes live. If the fan-out cannot be queued (the
    broker is down) the publication still stands; the recovery sweep fans the version out.
    """
    if not (isinstance(instance, AcknowledgeablePage) and instance.requires_acknowledgment):
        return
    publication, recorded = document_version_publish(page=instance, revision=revision)
    version = publication.version
    # Saving the live page again (a move, a title fixed in code) is no new publication.
    starts_version = publication.change_kind == ChangeKind.NEW_VERSION
    if recorded and starts_version and version.fanned_out_at is None:
        queue_task_on_commit(assign_requirements, version.pk)
