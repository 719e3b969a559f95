"""The staff portal's briefings: what I am invited to (with its .ics), scheduling one for my
division, running one (the rotating QR code, ticking names, the sign-in sheet and its scan,
evidence, corrections), checking in with the code, and acknowledging what the briefing covered.
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail import hooks

from home.bilingual import bilingual
from home.queueing import queue_task_on_commit
from training.acknowledgment.gates import blockers_for
from training.acknowledgment.models import DocumentVersion, VersionPublication
from training.acknowledgment.services import AcknowledgmentRefused
from training.acknowledgment.views import client_ip, staff_only
from training.briefings.codes import (
    CHECKIN_ROTATE_SECONDS,
    CHECKIN_VALID_SECONDS,
    PICK_VALID_SECONDS,
    CodeState,
    check_checkin_code,
    make_checkin_code,
)
from training.briefings.forms import BriefingForm, EvidenceForm, PaperForm
from training.briefings.ics import briefing_ics
from training.briefings.models import Attendance, AttendanceStatus, Briefing
from training.briefings.selectors import (
    attendance_of,
    attendance_rows,
    briefing_requirements,
    briefing_with_related,
    briefings_for_person,
    can_manage,
    invited_people,
)
from training.briefings.services import (
    AttendanceRefused,
    attendance_correct,
    attendance_leader_record,
    attendance_paper_record,
    attendance_self_check_in,
    briefing_acknowledge,
    briefing_evidence_add,
    briefing_schedule,
)
from training.briefings.sheet import briefing_sheet_pdf
from training.briefings.tasks import send_briefing_invitations
from training.register import roles
from training.register.models import Division
from training.register.selectors import (
    divisions_headed_by,
    organisation_base_url,
    person_for_user,
    user_has_role,
)

# Concerns above briefings add sections to an invitee's briefing page (the knowledge checks: the
# pre-test and the post-test): a hook function takes (request, briefing, person, attendance) and
# returns rendered HTML, or "" for nothing.
BRIEFING_SECTIONS_HOOK = "training_briefing_sections"

CODE_EXPIRED = gettext_lazy("คิวอาร์โค้ดนี้หมดอายุแล้ว โปรดสแกนคิวอาร์โค้ดที่แสดงอยู่ในห้องประชุมขณะนี้อีกครั้ง")
CODE_FORGED = gettext_lazy("คิวอาร์โค้ดนี้ไม่ถูกต้อง โปรดสแกนคิวอาร์โค้ดที่แสดงอยู่ในห้องประชุม")
NOT_IN_REGISTER = gettext_lazy("บัญชีนี้ไม่ได้ผูกกับทะเบียนบุคลากร จึงลงชื่อเข้าร่วมประชุมไม่ได้")
PICK_SOMEONE = gettext_lazy("โปรดเลือกชื่อของท่านจากรายชื่อผู้ได้รับเชิญ")


def _refusal(request, message, *, status: int) -> TemplateResponse:
    return TemplateResponse(
        request,
        "training/briefings/refused.html",
        {"message": bilingual(message)},
        status=status,
    )


def _schedulable_divisions(person, user):
    """HR officers schedule for any division of their organisation; a head for their own."""
    if person is None:
        return Division.objects.none()
    if user_has_role(user, roles.HR_OFFICER, person.organisation_id):
        return Division.objects.filter(organisation_id=person.organisation_id).order_by("name")
    return Division.objects.filter(pk__in=[d.pk for d in divisions_headed_by(person)]).order_by(
        "name"
    )


def _manager_or_404(request, briefing_id: int) -> Briefing:
    briefing = briefing_with_related(briefing_id)
    if briefing is None or not can_manage(request.user, briefing):
        raise Http404
    return briefing


@staff_only
def briefing_list(request):
    """Upcoming briefings I am invited to or lead, soonest first, and those I run."""
    person = person_for_user(request.user)
    if person is None:
        raise Http404
    upcoming = briefings_for_person(person)
    run = list(
        Briefing.objects.filter(Q(leader=person) | Q(created_by=request.user)).order_by(
            "-starts_at"
        )[:20]
    )
    return TemplateResponse(
        request,
        "training/briefings/list.html",
        {
            "person": person,
            "upcoming": upcoming,
            "run": run,
            "can_schedule": _schedulable_divisions(person, request.user).exists(),
            "headed_divisions": divisions_headed_by(person),
        },
    )


@staff_only
@require_http_methods(["GET", "POST"])
def briefing_new(request):
    person = person_for_user(request.user)
    divisions = _schedulable_divisions(person, request.user)
    if person is None or not divisions.exists():
        raise Http404
    versions = (
        DocumentVersion.objects.filter(
            organisation_id=person.organisation_id, superseded_at__isnull=True
        )
        .select_related("page")
        .order_by("page__title", "number")
    )
    form = BriefingForm(
        request.POST or None, divisions=divisions, versions=versions, initial={"title": ""}
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.moments()
        briefing = briefing_schedule(
            organisation=person.organisation,
            title=form.cleaned_data["title"],
            starts_at=starts_at,
            ends_at=ends_at,
            place=form.cleaned_data["place"],
            online_url=form.cleaned_data["online_url"],
            leader=person,
            created_by=request.user,
            divisions=form.cleaned_data["divisions"],
            versions=form.cleaned_data["versions"],
            agenda=form.cleaned_data["agenda"],
        )
        queue_task_on_commit(send_briefing_invitations, briefing.pk)
        messages.success(request, _("นัดหมายการประชุมแล้ว ระบบจะส่งอีเมลเชิญผู้ได้รับเชิญ"))
        return redirect("briefing_lead", briefing.pk)
    return TemplateResponse(
        request,
        "training/briefings/new.html",
        {"form": form, "person": person, "headed_divisions": divisions_headed_by(person)},
    )


def _latest_publications(version_ids) -> dict[int, VersionPublication]:
    """The latest publication of each version: one query."""
    latest = {}
    for publication in VersionPublication.objects.filter(version_id__in=version_ids).order_by(
        "version_id", "-published_at"
    ):
        latest.setdefault(publication.version_id, publication)
    return latest


@staff_only
def briefing_detail(request, briefing_id: int):
    """The briefing as an invitee sees it; once their attendance is confirmed, the statements of
    the versions it covered that they must still acknowledge."""
    person = person_for_user(request.user)
    briefing = briefing_with_related(briefing_id)
    if person is None or briefing is None or person.organisation_id != briefing.organisation_id:
        raise Http404
    attendance = attendance_of(briefing, person)
    managing = can_manage(request.user, briefing)
    if not (briefing.invites(person) or attendance or managing):
        raise Http404
    statements = []
    if attendance is not None and attendance.status == AttendanceStatus.PRESENT:
        requirements = briefing_requirements(briefing, person)
        publications = _latest_publications([r.version_id for r in requirements])
        blocked = blockers_for(requirements)
        statements = [
            (requirement, publications.get(requirement.version_id), blocked.get(requirement.pk, []))
            for requirement in requirements
        ]
    return TemplateResponse(
        request,
        "training/briefings/detail.html",
        {
            "person": person,
            "briefing": briefing,
            "attendance": attendance,
            "statements": statements,
            "extra_sections": [
                section
                for hook in hooks.get_hooks(BRIEFING_SECTIONS_HOOK)
                if (section := hook(request, briefing, person, attendance))
            ],
            "managing": managing,
            "headed_divisions": divisions_headed_by(person),
        },
    )


@staff_only
def briefing_calendar(request, briefing_id: int):
    person = person_for_user(request.user)
    briefing = briefing_with_related(briefing_id)
    if person is None or briefing is None or person.organisation_id != briefing.organisation_id:
        raise Http404
    response = HttpResponse(briefing_ics(briefing), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="briefing-{briefing.pk}.ics"'
    return response


@staff_only
@require_POST
def briefing_acknowledge_view(request, briefing_id: int, requirement_id: int):
    person = person_for_user(request.user)
    briefing = briefing_with_related(briefing_id)
    if person is None or briefing is None:
        raise Http404
    try:
        recorded = briefing_acknowledge(
            briefing=briefing,
            person=person,
            requirement_id=requirement_id,
            publication_id=request.POST.get("publication"),
            user=request.user,
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except AcknowledgmentRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if recorded:
            messages.success(request, _("บันทึกการรับทราบในการประชุมชี้แจงเรียบร้อยแล้ว"))
        else:
            messages.info(request, _("ท่านได้รับทราบเอกสารนี้แล้ว ไม่ต้องกดซ้ำ"))
    return redirect("briefing_detail", briefing.pk)


def _code_url(briefing: Briefing) -> str:
    """The check-in address on the organisation's own site, whichever host the leader is on:
    the phones that scan it must land where their staff log in."""
    base_url = organisation_base_url(briefing.organisation_id)
    return f"{base_url}{reverse('briefing_check_in', args=[make_checkin_code(briefing.pk)])}"


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=5, title=_("คิวอาร์โค้ดลงชื่อเข้าร่วมประชุม"))


@login_required
@never_cache
def briefing_lead(request, briefing_id: int):
    """The leader's page: the rotating QR code, the invited list to tick, pending check-ins to
    confirm, the sign-in sheet and its scan, evidence, corrections. Four queries and the
    leader's own, whatever the head count."""
    briefing = _manager_or_404(request, briefing_id)
    url = _code_url(briefing)
    rows = attendance_rows(briefing)
    return TemplateResponse(
        request,
        "training/briefings/lead.html",
        {
            "briefing": briefing,
            "rows": rows,
            "present": sum(1 for row in rows if row.present),
            "pending": sum(1 for row in rows if row.pending),
            "code_url": url,
            "qr_svg": _qr_svg(url),
            "rotate_ms": CHECKIN_ROTATE_SECONDS * 1000,
            "paper_form": PaperForm(),
            "evidence_form": EvidenceForm(),
            "withdrawn": AttendanceStatus.WITHDRAWN,
            "present_status": AttendanceStatus.PRESENT,
        },
    )


@login_required
@never_cache
def briefing_qr(request, briefing_id: int):
    """A fresh code for the leader's page, fetched every CHECKIN_ROTATE_SECONDS."""
    briefing = _manager_or_404(request, briefing_id)
    url = _code_url(briefing)
    return JsonResponse({"url": url, "svg": _qr_svg(url)})


@login_required
@require_POST
def briefing_attendance(request, briefing_id: int):
    """The leader ticks names (or confirms pending check-ins); with a scan, from the paper sheet."""
    briefing = _manager_or_404(request, briefing_id)
    try:
        person_ids = [int(value) for value in request.POST.getlist("person")]
    except ValueError:
        raise Http404 from None
    try:
        if "paper" in request.POST:
            form = PaperForm(request.POST, request.FILES)
            if not form.is_valid():
                for error in form.errors.get("scan", []):
                    messages.error(request, error)
                return redirect("briefing_lead", briefing.pk)
            result = attendance_paper_record(
                briefing=briefing,
                person_ids=person_ids,
                scan=form.cleaned_data["scan"],
                recorded_by=request.user,
            )
        else:
            result = attendance_leader_record(
                briefing=briefing, person_ids=person_ids, recorded_by=request.user
            )
    except AttendanceRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("briefing_lead", briefing.pk)
    messages.success(
        request,
        _("บันทึกการเข้าร่วม %(recorded)s คน ยืนยัน %(confirmed)s คน")
        % {"recorded": result.recorded, "confirmed": result.confirmed},
    )
    return redirect("briefing_lead", briefing.pk)


@login_required
@require_POST
def briefing_correct(request, briefing_id: int, attendance_id: int):
    briefing = _manager_or_404(request, briefing_id)
    attendance = Attendance.objects.filter(pk=attendance_id, briefing=briefing).first()
    status = request.POST.get("status")
    if attendance is None or status not in AttendanceStatus.values:
        raise Http404
    try:
        attendance_correct(
            attendance=attendance,
            status=status,
            reason=request.POST.get("reason", ""),
            corrected_by=request.user,
        )
    except AttendanceRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("บันทึกการแก้ไขการเข้าร่วมแล้ว"))
    return redirect("briefing_lead", briefing.pk)


@login_required
@require_POST
def briefing_evidence(request, briefing_id: int):
    briefing = _manager_or_404(request, briefing_id)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        briefing_evidence_add(
            briefing=briefing, upload=form.cleaned_data["file"], recorded_by=request.user
        )
        messages.success(request, _("เก็บหลักฐานการประชุมแล้ว"))
    else:
        messages.error(request, _("โปรดเลือกไฟล์"))
    return redirect("briefing_lead", briefing.pk)


@login_required
def briefing_sheet(request, briefing_id: int):
    briefing = _manager_or_404(request, briefing_id)
    response = HttpResponse(briefing_sheet_pdf(briefing), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="briefing-{briefing.pk}-sheet.pdf"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def briefing_check_in(request, code: str):
    """Scanning the leader's QR code. Logged-in staff are checked in at once (pending the
    leader's confirmation if not invited); someone without a login picks their name from the
    invited list and waits for the leader to confirm. An expired code is refused with 410."""
    max_age = PICK_VALID_SECONDS if request.method == "POST" else CHECKIN_VALID_SECONDS
    state, briefing_id = check_checkin_code(code, max_age=max_age)
    if state == CodeState.EXPIRED:
        return _refusal(request, CODE_EXPIRED, status=410)
    if state == CodeState.FORGED:
        return _refusal(request, CODE_FORGED, status=404)
    briefing = briefing_with_related(briefing_id)
    if briefing is None:
        return _refusal(request, CODE_FORGED, status=404)
    if request.user.is_authenticated:
        person = person_for_user(request.user)
        if person is None:
            return _refusal(request, NOT_IN_REGISTER, status=403)
        try:
            attendance, _created = attendance_self_check_in(
                briefing=briefing, person=person, user=request.user
            )
        except AttendanceRefused as refusal:
            return _refusal(request, refusal.reason, status=403)
        _say_checked_in(request, attendance)
        return redirect("briefing_detail", briefing.pk)
    people = list(invited_people(briefing))
    if request.method == "POST":
        chosen = next((p for p in people if str(p.pk) == request.POST.get("person")), None)
        if chosen is None:
            messages.error(request, bilingual(PICK_SOMEONE))
        else:
            try:
                attendance, _created = attendance_self_check_in(briefing=briefing, person=chosen)
            except AttendanceRefused as refusal:
                return _refusal(request, refusal.reason, status=403)
            return TemplateResponse(
                request,
                "training/briefings/check_in_done.html",
                {"briefing": briefing, "attendance": attendance},
            )
    return TemplateResponse(
        request,
        "training/briefings/check_in.html",
        {"briefing": briefing, "people": people, "code": code},
    )


def _say_checked_in(request, attendance) -> None:
    if attendance.status == AttendanceStatus.PRESENT:
        messages.success(
            request,
            _("ลงชื่อเข้าร่วมประชุมแล้วเมื่อ %(time)s น.")
            % {"time": timezone.localtime(attendance.recorded_at).strftime("%H:%M")},
        )
    elif attendance.status == AttendanceStatus.PENDING:
        messages.info(request, _("ลงชื่อแล้ว รอผู้ชี้แจงยืนยันการเข้าร่วมของท่าน"))
    else:
        messages.warning(request, _("การเข้าร่วมของท่านถูกยกเลิกโดยการแก้ไข โปรดติดต่อผู้ชี้แจง"))
