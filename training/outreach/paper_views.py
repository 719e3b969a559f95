"""Admin views for acknowledgments collected outside the portal, for HR of an organisation.

For each current version of the organisation's documents HR can email signed links to people
without a login, record paper sign-offs for many people at once (ticked, or from a list of
employee numbers) with the scanned sheet, and print the sign-off sheet as a PDF. Everything is
limited to the organisation(s) of the user: another organisation's version is a 404.
"""

import datetime
import io
from urllib.parse import urlencode

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from home.bilingual import bilingual
from home.date_fields import BuddhistDateField
from home.queueing import queue_task_on_commit
from home.thai_dates import format_thai_date
from training.acknowledgment.models import DocumentVersion
from training.outreach.link_slips import Slip, link_slips_pdf, qr_svg
from training.outreach.paper_sheet import signoff_sheet_pdf
from training.outreach.selectors import (
    PeopleListError,
    divisions_of,
    earliest_signing_date,
    link_candidates,
    not_in_post_on,
    paper_review_requirements,
    read_employee_numbers,
    requirements_from_list,
    scan_problem,
    signoff_versions,
    version_outstanding,
    version_requirements,
)
from training.outreach.services import (
    PENDING_SCAN_MAX_AGE,
    PaperSignoffRefused,
    paper_signoffs_record,
    pending_scan_discard,
    pending_scan_open,
    pending_scan_store,
    signed_links_request,
)
from training.outreach.signed_links import link_expires_on, link_url, max_age
from training.outreach.tasks import send_signed_links
from training.register.files import RegisterFileError, file_format_of
from training.register.models import Division
from training.register.selectors import organisation_base_urls, organisations_for_user

PERMISSION = "training.add_acknowledgment"
RECORD = "record"
APPLY_LIST = "apply_list"
PENDING_SALT = "training.paper-signoff-pending"
# Where an error about the record as a whole, or about whom was ticked, takes the reader.
PEOPLE_ANCHOR = "people"


def user_can_collect_signoffs(user) -> bool:
    return user.has_perm(PERMISSION)


class SignoffMixin(WagtailAdminTemplateMixin):
    """The permission, the user's organisations, and the version the URL names (if any)."""

    header_icon = "doc-full"
    index_title = gettext_lazy("ลิงก์และใบลงนามรับทราบ")

    def dispatch(self, request, *args, **kwargs):
        if not user_can_collect_signoffs(request.user):
            raise PermissionDenied
        self.organisation_ids = organisations_for_user(request.user).values("pk")
        self.version = None
        if "version_id" in kwargs:
            self.version = get_object_or_404(
                DocumentVersion.objects.select_related("page", "organisation"),
                pk=kwargs["version_id"],
                organisation__in=self.organisation_ids,
            )
            if not self.version.is_current:
                messages.error(request, bilingual(gettext_lazy("ฉบับนี้ถูกแทนที่แล้ว โปรดเลือกฉบับปัจจุบัน")))
                return redirect("training_signoffs:index")
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        if self.version is None:
            return ""
        return _("%(title)s ฉบับที่ %(number)s") % {
            "title": self.version.page.title,
            "number": self.version.number,
        }

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.version is not None:
            items.append({"url": reverse("training_signoffs:index"), "label": self.index_title})
        return [*items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(version=self.version, **kwargs)


class SignoffIndexView(SignoffMixin, TemplateView):
    """The current versions of the organisation's documents, each with what is still to collect."""

    template_name = "training/admin/signoff_index.html"
    page_title = gettext_lazy("ลิงก์และใบลงนามรับทราบ")

    def get_context_data(self, **kwargs):
        versions = signoff_versions(
            organisation_ids=self.organisation_ids, day=timezone.localdate()
        )
        return super().get_context_data(
            versions=versions,
            organisations_shown=len({version.organisation_id for version in versions}) > 1,
            **kwargs,
        )


class SignedLinkSendView(SignoffMixin, TemplateView):
    """Tick people still to acknowledge a version and email each their signed link."""

    template_name = "training/admin/signed_link_send.html"
    page_title = gettext_lazy("ส่งลิงก์รับทราบทางอีเมล")
    header_icon = "mail"

    def candidates(self):
        return link_candidates(version_id=self.version.pk, organisation_ids=self.organisation_ids)

    def get_context_data(self, **kwargs):
        candidates = self.candidates()
        with_address = [r for r in candidates if r.person.mail_address]
        base_urls = organisation_base_urls({r.organisation_id for r in candidates})
        for requirement in candidates:
            base_url = base_urls[requirement.organisation_id]
            requirement.link = link_url(requirement, base_url=base_url)
            requirement.qr = qr_svg(requirement.link)
        return super().get_context_data(
            with_email=with_address,
            without_email=[r for r in candidates if not r.person.mail_address],
            everyone=candidates,
            divisions=divisions_of(candidates),
            # People without a login are ticked already: a link is their way in.
            ticked={r.pk for r in with_address if not r.person.user_id},
            today=timezone.localdate(),
            valid_days=max_age().days,
            expires_on=link_expires_on(timezone.now()),
            slips_url=reverse("training_signoffs:slips", args=[self.version.pk]),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        chosen = {int(pk) for pk in request.POST.getlist("requirement") if pk.isdigit()}
        if not chosen:
            messages.warning(request, gettext_lazy("ยังไม่ได้เลือกบุคลากร"))
            return redirect(request.path)
        ids = signed_links_request(
            version=self.version,
            requirement_ids=[r.pk for r in self.candidates() if r.pk in chosen],
            acting_user=request.user,
        )
        if not ids:
            messages.warning(
                request,
                gettext_lazy("ทุกคนที่เลือกได้รับลิงก์ของวันนี้แล้ว หรือไม่มีอีเมล จึงไม่ได้ส่งซ้ำ"),
            )
            return redirect(request.path)
        sent_by_id = request.user.pk
        queue_task_on_commit(send_signed_links, ids, sent_by_id)
        messages.success(
            request,
            _("จัดคิวส่งลิงก์ %(count)d ลิงก์แล้ว ผลการส่งของแต่ละคนจะแสดงในรายการด้านล่าง")
            % {"count": len(ids)},
        )
        return redirect(request.path)


class PaperSignoffForm(forms.Form):
    """Who signed (ticked or listed in a file), the scanned sheet, when, and a note."""

    requirement = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    people_list = forms.FileField(
        label=gettext_lazy("หรือแนบรายชื่อ (.xlsx หรือ .csv ที่มีคอลัมน์เลขประจำตัว)"),
        help_text=gettext_lazy("ระบบจะติ๊กบุคลากรตามเลขประจำตัวในไฟล์ ถ้ามีแถวใดไม่ถูกต้อง จะไม่บันทึกสิ่งใด"),
        required=False,
    )
    scan = forms.FileField(
        label=gettext_lazy("ใบลงนามที่สแกน (PDF, JPG หรือ PNG)"),
        required=False,
    )
    signed_on = BuddhistDateField(label=gettext_lazy("วันที่ลงนาม"))
    note = forms.CharField(
        label=gettext_lazy("หมายเหตุ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )

    def __init__(self, *args, version, organisation_ids, action=RECORD, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.organisation_ids = organisation_ids
        self.action = action
        self.fields["signed_on"].initial = timezone.localdate()
        self.fields["requirement"].choices = [
            (pk, pk)
            for pk in version_requirements(
                version=version, organisation_ids=organisation_ids
            ).values_list("pk", flat=True)
        ]
        self.listed: list[int] = []

    def clean_signed_on(self):
        day = self.cleaned_data["signed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(bilingual(gettext_lazy("วันที่ลงนามต้องไม่เป็นวันในอนาคต")))
        earliest = earliest_signing_date(self.version)
        if day < earliest:
            raise forms.ValidationError(
                bilingual(
                    gettext_lazy("วันที่ลงนามต้องไม่ก่อนวันที่ %(date)s ซึ่งเป็นวันที่ฉบับนี้เริ่มมีผลหรือเผยแพร่"),
                    date=format_thai_date(earliest),
                )
            )
        return day

    def clean_people_list(self):
        upload = self.cleaned_data.get("people_list")
        if not upload:
            if self.action == APPLY_LIST:
                raise forms.ValidationError(bilingual(gettext_lazy("โปรดแนบไฟล์รายชื่อ")))
            return upload
        if file_format_of(upload.name) is None:
            raise forms.ValidationError(bilingual(gettext_lazy("รองรับเฉพาะไฟล์ .xlsx และ .csv")))
        try:
            rows = read_employee_numbers(upload.read(), upload.name)
        except (PeopleListError, RegisterFileError) as error:
            raise forms.ValidationError(str(error)) from error
        ids, errors = requirements_from_list(
            rows, version=self.version, organisation_ids=self.organisation_ids
        )
        if errors:
            raise forms.ValidationError(errors)
        self.listed = ids
        return upload

    def clean_scan(self):
        upload = self.cleaned_data.get("scan")
        if upload:
            problem = scan_problem(upload)
            if problem:
                raise forms.ValidationError(problem)
        elif self.action == RECORD:
            raise forms.ValidationError(bilingual(gettext_lazy("โปรดแนบใบลงนามที่สแกน")))
        return upload

    def clean(self):
        cleaned = super().clean()
        cleaned["selected"] = sorted(set(cleaned.get("requirement") or []) | set(self.listed))
        if self.action == RECORD and not cleaned["selected"] and not self.errors:
            raise forms.ValidationError(bilingual(gettext_lazy("โปรดเลือกบุคลากรที่ลงนามอย่างน้อยหนึ่งคน")))
        return cleaned


def error_summary(form, refusal: PaperSignoffRefused | None = None) -> list[tuple[str, str]]:
    """Every error of the paper form as (message, the id of what it is about), for the summary
    at the top of the page: a field's input, a person's row, or the list of people."""
    items = []
    for field, errors in form.errors.items():
        anchor = PEOPLE_ANCHOR if field in (forms.forms.NON_FIELD_ERRORS, "requirement") else None
        for error in errors:
            items.append((error, anchor or form[field].id_for_label))
    if refusal is not None:
        for error, pk in zip(refusal.errors, refusal.requirement_ids, strict=True):
            items.append((error, f"paper-{pk}" if pk else PEOPLE_ANCHOR))
    return items


class PaperSignoffView(SignoffMixin, TemplateView):
    """Step one of recording paper: who signed (ticked or listed), the scanned sheet, the day.

    A valid form is not recorded yet: the scan is kept aside and a review page shows whom the
    record will name, with the scan, for HR to confirm (`PaperConfirmView`), since the
    acknowledgments it makes are evidence that can never be changed.
    """

    template_name = "training/admin/paper_signoff.html"
    page_title = gettext_lazy("บันทึกการลงนามในเอกสาร")
    header_icon = "doc-full"

    def get_form(self, data=None, files=None, action=RECORD):
        return PaperSignoffForm(
            data,
            files,
            version=self.version,
            organisation_ids=self.organisation_ids,
            action=action,
        )

    def get_context_data(self, form=None, refusal=None, **kwargs):
        form = form or self.get_form()
        ticked = set(form.cleaned_data.get("selected", [])) if form.is_bound else set()
        if form.is_bound and not ticked:
            ticked = {int(pk) for pk in form.data.getlist("requirement") if pk.isdigit()}
        outstanding = version_outstanding(
            version=self.version, organisation_ids=self.organisation_ids
        )
        failing = {}
        if refusal is not None:
            shown = {r.pk for r in outstanding}
            # Someone not on the list (left since) is named in the summary without a row to go to.
            refusal.requirement_ids = [
                pk if pk in shown else None for pk in refusal.requirement_ids
            ]
            failing = dict(zip(refusal.requirement_ids, refusal.errors, strict=True))
        for requirement in outstanding:
            requirement.failing = failing.get(requirement.pk)
        return super().get_context_data(
            form=form,
            errors=error_summary(form, refusal) if form.is_bound else [],
            outstanding=outstanding,
            divisions=divisions_of(outstanding),
            ticked=ticked,
            earliest=earliest_signing_date(self.version),
            sheet_url=reverse("training_signoffs:sheet", args=[self.version.pk]),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = APPLY_LIST if APPLY_LIST in request.POST else RECORD
        form = self.get_form(request.POST, request.FILES, action=action)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=200)
        if action == APPLY_LIST:
            messages.info(
                request,
                _("ติ๊กบุคลากรตามรายชื่อในไฟล์แล้ว %(count)d คน โปรดแนบใบลงนามแล้วกดบันทึก")
                % {"count": len(form.listed)},
            )
            return self.render_to_response(self.get_context_data(form=form))
        chosen = paper_review_requirements(
            version=self.version,
            requirement_ids=form.cleaned_data["selected"],
            organisation_ids=self.organisation_ids,
        )
        signed_on = form.cleaned_data["signed_on"]
        absent = not_in_post_on(chosen, signed_on)
        if absent:
            refusal = PaperSignoffRefused(
                [
                    _("%(name)s (%(number)s) ไม่ได้ปฏิบัติงานในวันที่ลงนาม")
                    % {"name": r.person.full_name, "number": r.person.employee_number}
                    for r in absent
                ],
                [r.pk for r in absent],
            )
            return self.render_to_response(self.get_context_data(form=form, refusal=refusal))
        to_record = [r for r in chosen if r.fulfilled_at is None]
        if not to_record:
            refusal = PaperSignoffRefused([_("ทุกคนที่เลือกได้รับทราบฉบับนี้แล้ว")])
            return self.render_to_response(self.get_context_data(form=form, refusal=refusal))
        upload = form.cleaned_data["scan"]
        token = signing.dumps(
            {
                "k": pending_scan_store(upload),
                "name": upload.name,
                "size": upload.size,
                "v": self.version.pk,
                "u": request.user.pk,
                "r": [r.pk for r in chosen],
                "d": signed_on.isoformat(),
                "note": form.cleaned_data["note"],
            },
            salt=PENDING_SALT,
            compress=True,
        )
        return TemplateResponse(
            request,
            "training/admin/paper_signoff_confirm.html",
            self.get_context_data(
                form=form,
                token=token,
                to_record=to_record,
                already=[r for r in chosen if r.fulfilled_at is not None],
                signed_on=signed_on,
                note=form.cleaned_data["note"],
                scan_name=upload.name,
                scan_size=upload.size,
                scan_is_image=not upload.name.lower().endswith(".pdf"),
                scan_url=reverse("training_signoffs:paper_scan", args=[self.version.pk])
                + "?"
                + urlencode({"token": token}),
                confirm_url=reverse("training_signoffs:paper_confirm", args=[self.version.pk]),
                pending_hours=int(PENDING_SCAN_MAX_AGE.total_seconds() // 3600),
            ),
        )


def pending_of(request, version, token: str) -> dict:
    """What the review page asked HR to confirm, if the token is this user's for this version."""
    try:
        pending = signing.loads(
            token, salt=PENDING_SALT, max_age=PENDING_SCAN_MAX_AGE.total_seconds()
        )
    except signing.BadSignature as error:
        raise Http404 from error
    if pending.get("u") != request.user.pk or pending.get("v") != version.pk:
        raise Http404
    return pending


class PaperConfirmView(SignoffMixin, View):
    """Step two: record what the review page showed. Sent twice (a double click, the back
    button), it records once: the second finds its scan gone or everyone recorded."""

    def get(self, request, version_id: int):
        return redirect("training_signoffs:paper", version_id=version_id)

    def post(self, request, version_id: int):
        pending = pending_of(request, self.version, request.POST.get("token", ""))
        back = reverse("training_signoffs:paper", args=[self.version.pk])
        scan = pending_scan_open(pending["k"], name=pending["name"])
        if scan is None:
            messages.warning(
                request,
                _(
                    "รายการนี้บันทึกไปแล้ว หรือใบลงนามที่รอยืนยันหมดอายุแล้ว จึงไม่บันทึกซ้ำ "
                    "โปรดตรวจรายชื่อด้านล่าง ถ้ายังไม่ได้บันทึก โปรดแนบใบลงนามใหม่"
                ),
            )
            return redirect(back)
        try:
            result = paper_signoffs_record(
                version=self.version,
                requirement_ids=pending["r"],
                scan=scan,
                signed_on=datetime.date.fromisoformat(pending["d"]),
                recorded_by=request.user,
                note=pending["note"],
            )
        except PaperSignoffRefused as refusal:
            for error in refusal.errors:
                messages.error(request, error)
            return redirect(back)
        pending_scan_discard(pending["k"])
        messages.success(
            request,
            _("บันทึกการลงนามรับทราบแล้ว %(count)d คน") % {"count": result.recorded},
        )
        if result.already:
            messages.info(
                request,
                _("%(count)d คนได้รับทราบไว้ก่อนแล้ว จึงไม่บันทึกซ้ำ") % {"count": result.already},
            )
        return redirect(back)


class PaperPendingScanView(SignoffMixin, View):
    """The scan waiting for confirmation, shown on the review page to the HR officer who sent it."""

    def get(self, request, version_id: int):
        pending = pending_of(request, self.version, request.GET.get("token", ""))
        scan = pending_scan_open(pending["k"], name=pending["name"])
        if scan is None:
            raise Http404
        response = FileResponse(io.BytesIO(scan.read()), filename=pending["name"])
        response["Content-Disposition"] = response["Content-Disposition"].replace(
            "attachment", "inline"
        )
        response["Cache-Control"] = "private, no-store"
        return response


class PaperChooseView(SignoffMixin, View):
    """The version chosen from the select on the index page, for the paper sign-off form."""

    def get(self, request):
        version_id = request.GET.get("version", "")
        if not version_id.isdigit():
            return redirect("training_signoffs:index")
        return redirect("training_signoffs:paper", version_id=int(version_id))


def division_asked(request, version) -> Division | None:
    """The division ?division= names, among the version's organisation's, or None for all."""
    division_id = request.GET.get("division", "")
    if not division_id.isdigit():
        return None
    return get_object_or_404(Division, pk=int(division_id), organisation=version.organisation)


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SignoffSheetView(SignoffMixin, View):
    """The sign-off sheet of a version as a PDF: those still to sign, or everyone with ?all=1;
    one division's people with ?division=<id>."""

    def get(self, request, version_id: int):
        everyone = request.GET.get("all") == "1"
        division = division_asked(request, self.version)
        data = signoff_sheet_pdf(version=self.version, everyone=everyone, division=division)
        day = timezone.localdate().isoformat()
        part = f"-d{division.pk}" if division else ""
        return pdf_response(
            data, f"signoff-sheet-{self.version.pk}-v{self.version.number}{part}-{day}.pdf"
        )


class LinkSlipsView(SignoffMixin, View):
    """Slips with each person's signed link and its QR code, eight to an A4 page, for everyone
    still to acknowledge the version (one division's people with ?division=<id>)."""

    def get(self, request, version_id: int):
        division = division_asked(request, self.version)
        candidates = link_candidates(
            version_id=self.version.pk, organisation_ids=self.organisation_ids
        )
        base_urls = organisation_base_urls({r.organisation_id for r in candidates})
        slips = [
            Slip(
                name=r.person.full_name,
                division=r.person.division.name if r.person.division else "",
                url=link_url(r, base_url=base_urls[r.organisation_id]),
            )
            for r in candidates
            if division is None or r.person.division_id == division.pk
        ]
        data = link_slips_pdf(
            version=self.version, slips=slips, expires_on=link_expires_on(timezone.now())
        )
        day = timezone.localdate().isoformat()
        part = f"-d{division.pk}" if division else ""
        return pdf_response(
            data, f"signed-links-{self.version.pk}-v{self.version.number}{part}-{day}.pdf"
        )


class SignoffMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_collect_signoffs(request.user)


class SignoffViewSet(ViewSet):
    """Signed links and paper sign-offs for people without a login, under acknowledgments."""

    name = "training_signoffs"
    url_prefix = "signoffs"
    icon = "doc-full"
    menu_label = gettext_lazy("ลิงก์และใบลงนามรับทราบ")
    menu_name = "signoffs"
    menu_item_class = SignoffMenuItem

    def get_urlpatterns(self):
        return [
            path("", SignoffIndexView.as_view(), name="index"),
            path("paper/", PaperChooseView.as_view(), name="paper_choose"),
            path("<int:version_id>/links/", SignedLinkSendView.as_view(), name="send_links"),
            path("<int:version_id>/links/slips.pdf", LinkSlipsView.as_view(), name="slips"),
            path("<int:version_id>/paper/", PaperSignoffView.as_view(), name="paper"),
            path(
                "<int:version_id>/paper/confirm/", PaperConfirmView.as_view(), name="paper_confirm"
            ),
            path("<int:version_id>/paper/scan/", PaperPendingScanView.as_view(), name="paper_scan"),
            path("<int:version_id>/sheet.pdf", SignoffSheetView.as_view(), name="sheet"),
        ]


signoff_viewset = SignoffViewSet()
