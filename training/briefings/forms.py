"""The portal's forms for briefings."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.date_fields import BuddhistDateField
from training.acknowledgment.models import DocumentVersion
from training.register.models import Division


class BriefingForm(forms.Form):
    """A head schedules a briefing for the divisions they head."""

    title = forms.CharField(label=_("หัวข้อ"), max_length=255)
    day = BuddhistDateField(label=_("วันที่"))
    start = forms.TimeField(label=_("เวลาเริ่ม"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("เวลาสิ้นสุด"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("สถานที่"), max_length=255, required=False)
    online_url = forms.URLField(label=_("ลิงก์ประชุมออนไลน์"), required=False, assume_scheme="https")
    divisions = forms.ModelMultipleChoiceField(
        label=_("ส่วนราชการที่เชิญ"),
        queryset=Division.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    versions = forms.ModelMultipleChoiceField(
        label=_("เอกสารที่ชี้แจง (ฉบับ)"),
        queryset=DocumentVersion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agenda = forms.CharField(
        label=_("วาระ"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, divisions, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["divisions"].queryset = divisions
        self.fields["versions"].queryset = versions
        self.fields["versions"].label_from_instance = lambda v: (
            _("%(title)s ฉบับที่ %(number)s")
            % {
                "title": v.page.title,
                "number": v.number,
            }
        )
        if divisions.count() == 1:
            self.initial.setdefault("divisions", list(divisions))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            raise ValidationError({"end": _("เวลาสิ้นสุดต้องหลังเวลาเริ่ม")})
        if not data.get("place") and not data.get("online_url"):
            raise ValidationError({"place": _("โปรดระบุสถานที่หรือลิงก์ประชุมออนไลน์")})
        return data

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Start and end in the site's time zone (Bangkok)."""
        zone = timezone.get_current_timezone()
        day = self.cleaned_data["day"]
        return (
            datetime.datetime.combine(day, self.cleaned_data["start"], tzinfo=zone),
            datetime.datetime.combine(day, self.cleaned_data["end"], tzinfo=zone),
        )


class PaperForm(forms.Form):
    scan = forms.FileField(label=_("ใบลงชื่อที่สแกน (PDF หรือรูปภาพ)"))

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        if not scan.name.lower().endswith((".pdf", ".jpg", ".jpeg", ".png")):
            raise ValidationError(_("ไฟล์ต้องเป็น PDF หรือรูปภาพ (JPG, PNG)"))
        return scan


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("ภาพถ่ายหรือรายงานการประชุม"))
