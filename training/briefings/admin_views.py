"""Briefings in the Wagtail admin: HR and editors schedule them for their organisation."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.documents import get_document_model

from home.date_fields import BuddhistDateTimeField
from home.queueing import queue_task_on_commit
from home.thai_dates import format_thai_date
from training.acknowledgment.models import DocumentVersion
from training.briefings.services import briefing_log_scheduled
from training.briefings.tasks import send_briefing_invitations
from training.register.admin_views import OrganisationScopedForm, ScopedEditView, ScopedIndexView
from training.register.models import Division, Person, PersonnelGroup
from training.register.scans import scan_collection_ids


class BriefingForm(OrganisationScopedForm):
    # Typed as a B.E. date and a time (Wagtail's date-time picker writes Christian-era years).
    starts_at = BuddhistDateTimeField(label=_("เริ่ม"))
    ends_at = BuddhistDateTimeField(label=_("สิ้นสุด"))
    personnel_groups = forms.MultipleChoiceField(
        label=_("กลุ่มบุคลากรที่เชิญ"),
        choices=PersonnelGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("ไม่เลือกทั้งส่วนราชการและกลุ่มบุคลากร หมายถึงเชิญบุคลากรทุกคนของหน่วยงาน"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        scope = self.organisation_filter()
        for name, queryset in (
            ("leader", Person.objects.filter(**scope)),
            ("divisions", Division.objects.filter(**scope)),
            (
                "versions",
                DocumentVersion.objects.filter(**scope, superseded_at__isnull=True).select_related(
                    "page"
                ),
            ),
            # Materials are ordinary documents, never someone's scanned signatures.
            (
                "materials",
                get_document_model().objects.exclude(collection__in=scan_collection_ids()),
            ),
        ):
            if name in self.fields:
                self.fields[name].queryset = queryset
        if "versions" in self.fields:
            self.fields["versions"].label_from_instance = lambda v: f"{v.page.title} ({v.number})"


def briefing_list_display():
    """The admin's list of briefings, the start in the Buddhist era as everywhere else."""
    return [
        TitleColumn("title", label=_("หัวข้อ"), url_name="briefing:edit"),
        Column(
            "starts_at",
            label=_("เริ่ม"),
            accessor=lambda briefing: format_thai_date(briefing.starts_at, with_time=True),
            sort_key="starts_at",
        ),
        Column("leader", label=_("ผู้บรรยาย / ผู้ชี้แจง")),
        Column("organisation", label=_("หน่วยงาน")),
    ]


class BriefingIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("leader", "organisation")


class BriefingCreateView(generic.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        briefing_log_scheduled(briefing=instance, user=self.request.user)
        queue_task_on_commit(send_briefing_invitations, instance.pk)
        return instance


class BriefingEditView(ScopedEditView):
    pass
