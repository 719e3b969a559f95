from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .models import ChangeKind, Division, DocumentVersion, PersonnelGroup
from .versions import organisation_of_page


class AcknowledgeablePageForm(WagtailAdminPageForm):
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
        return cleaned_data
