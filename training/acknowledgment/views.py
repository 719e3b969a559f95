"""The staff portal: what I must acknowledge, the document with its statement, and my history."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from home.bilingual import bilingual
from home.thai_dates import format_thai_date
from training.acknowledgment.changes import has_changes, text_changes
from training.acknowledgment.gates import blockers_for
from training.acknowledgment.models import (
    AcknowledgmentChannel,
    DocumentVersion,
    Requirement,
    VersionPublication,
)
from training.acknowledgment.selectors import (
    acknowledged_before,
    acknowledgments_of_person,
    latest_publication,
    outstanding_for_person,
)
from training.acknowledgment.services import (
    NOT_ASSIGNED,
    AcknowledgmentRefused,
    Evidence,
    acknowledgments_record,
)
from training.register.selectors import divisions_headed_by, person_for_user

NOT_IN_REGISTER = gettext_lazy("บัญชีนี้ไม่ได้ผูกกับทะเบียนบุคลากร")


class NotInRegister(Exception):
    """The login has no entry in the personnel register, so it has nothing to acknowledge."""


def _person_or_404(request):
    person = person_for_user(request.user)
    if person is None:
        raise NotInRegister
    return person


def staff_only(view):
    """Logins without a register entry (an administrator) go to the admin instead of a dead end."""

    @login_required
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotInRegister:
            if request.user.has_perm("wagtailadmin.access_admin"):
                return redirect("wagtailadmin_home")
            raise Http404(bilingual(NOT_IN_REGISTER)) from None

    return wrapped


class LoginView(auth_views.LoginView):
    """Logging in without a `next`: whoever works in the admin (HR, editors, approvers) lands
    there, on the dashboard; everyone else on the portal (LOGIN_REDIRECT_URL)."""

    template_name = "training/accounts/login.html"

    def get_default_redirect_url(self):
        if self.request.user.has_perm("wagtailadmin.access_admin"):
            return reverse("wagtailadmin_home")
        return super().get_default_redirect_url()


class LogoutView(auth_views.LogoutView):
    """Logging out (a POST from the header's button) lands on the site's home page and says so."""

    next_page = "/"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("ออกจากระบบแล้ว"))
        return response


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@staff_only
def portal_home(request):
    person = _person_or_404(request)
    today = timezone.localdate()
    outstanding = list(outstanding_for_person(person))
    for requirement in outstanding:
        requirement.overdue = requirement.is_overdue_on(today)
    return TemplateResponse(
        request,
        "training/portal/home.html",
        {
            "person": person,
            "outstanding": outstanding,
            "today": today,
            "headed_divisions": divisions_headed_by(person),
        },
    )


@staff_only
def portal_history(request):
    person = _person_or_404(request)
    return TemplateResponse(
        request,
        "training/portal/history.html",
        {
            "person": person,
            "acknowledgments": acknowledgments_of_person(person),
            "headed_divisions": divisions_headed_by(person),
        },
    )


def statement_context(
    requirement: Requirement, publication: VersionPublication, *, action: str | None = None
) -> dict:
    """What the acknowledge box under a document needs: whose requirement, which text, where to
    post. The portal, a signed link and the document's own page all show it the same way."""
    return {
        "acknowledge_requirement": requirement,
        "acknowledge_publication": publication,
        "acknowledge_action": action,
        "acknowledge_overdue": requirement.is_overdue_on(timezone.localdate()),
        "acknowledge_previous": acknowledged_before(requirement),
        # What must come first (a quiz to pass): shown instead of the button, with its link.
        "acknowledge_blockers": blockers_for([requirement]).get(requirement.pk, []),
        "person": requirement.person,
    }


def acknowledgment_page(request, requirement: Requirement, *, action: str | None = None, **extra):
    """The version's current text, rendered by its own page type, with the statement below it."""
    publication = latest_publication(requirement.version_id)
    shown_page = publication.revision.as_object()
    context = shown_page.get_context(request)
    context.update(page=shown_page, **statement_context(requirement, publication, action=action))
    context.update(extra)
    return TemplateResponse(request, shown_page.get_template(request), context)


def acknowledge_posted(
    request, requirement: Requirement, *, channel: str, recorded_by_id: int | None = None
) -> bool:
    """Record the acknowledgment of the text the form showed; True if this post recorded it,
    False if it was already recorded. Raises AcknowledgmentRefused, recording nothing."""
    shown = VersionPublication.objects.filter(
        pk=request.POST.get("publication") or None, version_id=requirement.version_id
    ).first()
    created, _already = acknowledgments_record(
        requirements=[requirement],
        publication=shown,
        evidence=Evidence(
            channel=channel,
            recorded_by_id=recorded_by_id,
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        ),
    )
    return bool(created)


@staff_only
@require_http_methods(["GET", "POST"])
def portal_acknowledge(request, requirement_id: int):
    """Show the current text of the version with the statement; record the acknowledgment."""
    person = _person_or_404(request)
    requirement = get_object_or_404(
        Requirement.objects.select_related("version__page", "person"), pk=requirement_id
    )
    if requirement.person_id != person.pk:
        messages.error(request, bilingual(NOT_ASSIGNED))
        return redirect("portal")
    if request.method == "POST":
        try:
            recorded = acknowledge_posted(
                request,
                requirement,
                channel=AcknowledgmentChannel.ONLINE,
                recorded_by_id=request.user.pk,
            )
        except AcknowledgmentRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("portal")
        if recorded:
            messages.success(
                request,
                _("บันทึกการรับทราบ “%(title)s” เรียบร้อยแล้ว")
                % {"title": requirement.version.page.title},
            )
        else:
            messages.info(request, _already_message(requirement))
        return _next_item(request, person)
    if requirement.fulfilled_at:
        messages.info(request, _already_message(requirement))
        return redirect("portal_history")
    if not requirement.version.is_open_on(timezone.localdate()):
        messages.error(request, bilingual(NOT_ASSIGNED))
        return redirect("portal")
    return acknowledgment_page(request, requirement)


def _next_item(request, person):
    """After an acknowledgment: the next item still to acknowledge (soonest due), or the portal,
    which says that everything is done."""
    following = outstanding_for_person(person).first()
    if following is not None:
        messages.info(
            request,
            _("รายการถัดไป: “%(title)s”") % {"title": following.version.page.title},
        )
        return redirect("portal_acknowledge", following.pk)
    return redirect("portal")


def _already_message(requirement: Requirement) -> str:
    requirement.refresh_from_db(fields=["fulfilled_at"])
    return _("ท่านได้รับทราบเอกสารนี้แล้วเมื่อ %(when)s ไม่ต้องกดซ้ำ") % {
        "when": format_thai_date(requirement.fulfilled_at, with_time=True)
    }


def version_changes(request, *, page, number: int, since: int):
    """What changed in version `number` of a document since version `since`: the editor's
    summaries of the versions between, and the two texts compared."""
    versions = {
        version.number: version
        for version in DocumentVersion.objects.filter(page_id=page.pk, number__in=[number, since])
    }
    if since >= number or len(versions) != 2:
        raise Http404
    shown = {n: latest_publication(v.pk).revision.as_object() for n, v in versions.items()}
    for text in shown.values():
        refusal = text.reader_refusal(request)
        if refusal is not None:
            return refusal
    summaries = DocumentVersion.objects.filter(
        page_id=page.pk, number__gt=since, number__lte=number
    ).order_by("number")
    lines = text_changes(shown[since].acknowledgment_text(), shown[number].acknowledgment_text())
    return TemplateResponse(
        request,
        "training/version_changes.html",
        {
            "page": shown[number],
            "live_page": page,
            "older": versions[since],
            "newer": versions[number],
            "summaries": summaries,
            "lines": lines,
            "has_changes": has_changes(lines),
        },
    )


def document_version(request, *, page, number: int):
    """A version of a document (often an earlier one), rendered from its last publication."""
    version = DocumentVersion.objects.filter(page_id=page.pk, number=number).first()
    if version is None:
        raise Http404
    publication = latest_publication(version.pk)
    shown = publication.revision.as_object()
    refusal = shown.reader_refusal(request)
    if refusal is not None:
        return refusal
    context = shown.get_context(request)
    context.update(
        page=shown,
        live_page=page,
        shown_version=version,
        shown_publication=publication,
    )
    return TemplateResponse(request, shown.get_template(request), context)
