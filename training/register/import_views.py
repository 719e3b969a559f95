"""Admin views to import the personnel register from Excel or CSV, and to export it.

Import is two steps: upload shows a preview, confirm applies it. Between them the file waits in
default storage under a random name that only the uploader's session knows; confirm imports that
stored file again from scratch, so nothing the browser posts back is trusted.
"""

import datetime
import secrets
from pathlib import PurePath

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.bilingual import bilingual
from home.spreadsheets import attachment_headers
from training.register.files import (
    COLUMNS,
    CONTENT_TYPES,
    FILE_FORMATS,
    export_register,
    file_format_of,
    register_export_filename,
)
from training.register.models import Organisation
from training.register.selectors import organisations_for_user
from training.register.services import register_import

IMPORT_PERMISSIONS = ("training.add_person", "training.change_person")
EXPORT_PERMISSIONS = ("training.view_person",)
UPLOAD_DIRECTORY = "register-imports"
SESSION_KEY = "training_register_imports"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Uploads never confirmed or cancelled hold personal data; they are removed after this long.
UPLOAD_LIFETIME = datetime.timedelta(hours=24)


class RegisterImportForm(forms.Form):
    """The register file, and the organisation for users who work on more than one."""

    file = forms.FileField(
        label=_("ไฟล์ทะเบียนบุคลากร (.xlsx หรือ .csv)"),
        help_text=_("แถวแรกเป็นหัวตาราง แต่ละแถวถัดไปคือบุคลากรหนึ่งคน"),
    )
    organisation = forms.ModelChoiceField(
        label=_("หน่วยงาน"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        if len(organisations) > 1:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk__in=[organisation.pk for organisation in organisations]
            )
        else:
            del self.fields["organisation"]
        self.organisations = organisations

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if file_format_of(upload.name) is None:
            raise forms.ValidationError(bilingual(_("รองรับเฉพาะไฟล์ .xlsx และ .csv")))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                bilingual(_("ไฟล์ใหญ่เกิน %(megabytes)s MB"), megabytes=MAX_UPLOAD_BYTES // 2**20)
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if "organisation" not in self.fields:
            cleaned["organisation"] = self.organisations[0]
        return cleaned


class RegisterPermissionMixin:
    """Model permissions for the action, and the organisations the user works on."""

    permissions_required: tuple[str, ...] = IMPORT_PERMISSIONS

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(self.permissions_required):
            raise PermissionDenied
        self.organisations = list(organisations_for_user(request.user).order_by("name_th"))
        if not self.organisations:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RegisterImportView(RegisterPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Upload a register file; it is checked and shown as a preview before anything is saved."""

    page_title = _("นำเข้าทะเบียนบุคลากร")
    header_icon = "upload"
    template_name = "training/admin/register_import.html"
    form_class = RegisterImportForm

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisations": self.organisations}

    def get_context_data(self, **kwargs):
        can_export = self.request.user.has_perms(EXPORT_PERMISSIONS)
        return super().get_context_data(
            columns=COLUMNS,
            export_formats=FILE_FORMATS if can_export else (),
            organisations=self.organisations,
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        organisation = form.cleaned_data["organisation"]
        _purge_stale_uploads()
        token = secrets.token_urlsafe(24)
        suffix = file_format_of(upload.name)
        stored_name = default_storage.save(
            f"{UPLOAD_DIRECTORY}/{token}.{suffix}", ContentFile(upload.read())
        )
        uploads = self.request.session.get(SESSION_KEY, {})
        uploads[token] = {
            "name": stored_name,
            "filename": PurePath(upload.name).name,
            "organisation": organisation.pk,
        }
        self.request.session[SESSION_KEY] = uploads
        return redirect("training_register:import_preview", token=token)


class RegisterImportPreviewView(RegisterPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """What the uploaded file will create, update and leave unchanged; confirming applies it."""

    page_title = _("ตรวจสอบก่อนนำเข้าทะเบียนบุคลากร")
    header_icon = "upload"
    template_name = "training/admin/register_import_preview.html"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("training_register:import"), "label": _("นำเข้าทะเบียนบุคลากร")},
            {"url": "", "label": self.page_title},
        ]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.upload = request.session.get(SESSION_KEY, {}).get(kwargs["token"])

    def get(self, request, *args, **kwargs):
        organisation, data = self.stored_upload()
        if organisation is None:
            return self.expired()
        result = register_import(
            organisation=organisation,
            data=data,
            filename=self.upload["filename"],
            dry_run=True,
        )
        return self.render_to_response(
            self.get_context_data(organisation=organisation, result=result)
        )

    def post(self, request, *args, **kwargs):
        organisation, data = self.stored_upload()
        if organisation is None:
            return self.expired()
        if "cancel" in request.POST:
            self.forget_upload()
            messages.success(request, _("ยกเลิกการนำเข้าแล้ว ไม่มีการบันทึกข้อมูลใด"))
            return redirect("training_register:import")
        # The file is imported again from scratch: the register may have changed since the
        # preview, and nothing posted back by the browser is trusted.
        result = register_import(
            organisation=organisation,
            data=data,
            filename=self.upload["filename"],
            dry_run=False,
            acting_user=request.user,
        )
        if not result.written:
            return self.render_to_response(
                self.get_context_data(organisation=organisation, result=result)
            )
        self.forget_upload()
        messages.success(
            request,
            _(
                "นำเข้าทะเบียนบุคลากรของ %(organisation)s แล้ว: ใหม่ %(new)s คน "
                "ปรับปรุง %(updated)s คน ไม่เปลี่ยนแปลง %(unchanged)s คน"
            )
            % {
                "organisation": organisation,
                "new": result.new_count,
                "updated": result.updated_count,
                "unchanged": result.unchanged_count,
            },
        )
        return redirect("training_register:import")

    def stored_upload(self) -> tuple[Organisation | None, bytes]:
        if self.upload is None:
            return None, b""
        organisation = next(
            (o for o in self.organisations if o.pk == self.upload["organisation"]), None
        )
        if organisation is None:
            # The session's organisation is no longer one the user works on.
            raise PermissionDenied
        try:
            with default_storage.open(self.upload["name"], "rb") as stored:
                return organisation, stored.read()
        except FileNotFoundError:
            return None, b""

    def forget_upload(self) -> None:
        uploads = self.request.session.get(SESSION_KEY, {})
        uploads.pop(self.kwargs["token"], None)
        self.request.session[SESSION_KEY] = uploads
        default_storage.delete(self.upload["name"])

    def expired(self):
        messages.error(
            self.request,
            bilingual(_("ไม่พบไฟล์ที่อัปโหลด อาจนำเข้าไปแล้วหรือหมดอายุ กรุณาอัปโหลดใหม่")),
        )
        return redirect("training_register:import")


class RegisterExportView(RegisterPermissionMixin, View):
    """The organisation's register as .xlsx or .csv, in the format import reads back."""

    permissions_required = EXPORT_PERMISSIONS

    def get(self, request, file_format):
        if file_format not in FILE_FORMATS:
            raise Http404
        requested = request.GET.get("organisation")
        if requested:
            organisation = next((o for o in self.organisations if str(o.pk) == requested), None)
            if organisation is None:
                raise PermissionDenied
        elif len(self.organisations) == 1:
            organisation = self.organisations[0]
        else:
            messages.error(request, bilingual(_("กรุณาเลือกหน่วยงานที่จะส่งออก")))
            return redirect("training_register:import")
        data = export_register(organisation=organisation, file_format=file_format)
        return HttpResponse(
            data,
            content_type=CONTENT_TYPES[file_format],
            headers=attachment_headers(register_export_filename(organisation, file_format)),
        )


def _purge_stale_uploads() -> None:
    """Delete uploads older than UPLOAD_LIFETIME that were never confirmed or cancelled."""
    try:
        _directories, files = default_storage.listdir(UPLOAD_DIRECTORY)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - UPLOAD_LIFETIME
    for name in files:
        stored_name = f"{UPLOAD_DIRECTORY}/{name}"
        try:
            if default_storage.get_modified_time(stored_name) < cutoff:
                default_storage.delete(stored_name)
        except (FileNotFoundError, NotImplementedError):
            continue


def user_can_import(user) -> bool:
    return user.has_perms(IMPORT_PERMISSIONS)
