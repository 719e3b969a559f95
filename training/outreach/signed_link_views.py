"""The page a signed link opens: the document with its statement, or why the link cannot be used.

No login is needed: the signed token in the address is the credential. Whatever is wrong with a
link (forged, expired, already used, superseded, its person gone) the visitor gets a page of the
site saying so in Thai with English beside it, never an error page.
"""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from training.acknowledgment.models import AcknowledgmentChannel
from training.acknowledgment.services import AcknowledgmentRefused
from training.acknowledgment.views import acknowledge_posted, acknowledgment_page
from training.outreach.signed_links import LinkCheck, LinkState, check_link, max_age

REFUSED_TEMPLATE = "training/signed_link/refused.html"
STATUS = {
    LinkState.FORGED: 400,
    LinkState.EXPIRED: 410,
    LinkState.SUPERSEDED: 410,
    LinkState.LEFT: 410,
    LinkState.USED: 200,
}
RECORDED = "recorded"


def _private(response):
    """The token is a credential: keep it out of search engines and other sites' logs."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    # same-origin, not no-referrer: with no-referrer the browser sends "Origin: null" on the
    # page's own forms (the language switcher), which Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def _refused(request, check: LinkCheck, *, just_recorded: bool = False, message: str = ""):
    requirement = check.requirement
    context = {
        "state": check.state.value,
        "requirement": requirement,
        "acknowledgment": check.acknowledgment,
        "just_recorded": just_recorded,
        "message": message,
        "valid_days": max_age().days,
    }
    if requirement is not None:
        # The link's organisation, whichever site address the email pointed at.
        context["organisation"] = requirement.organisation
    status = 409 if message else STATUS[check.state]
    return _private(TemplateResponse(request, REFUSED_TEMPLATE, context, status=status))


# The signed token in the address is what authorises the POST; a CSRF cookie adds nothing an
# attacker without the token lacks, and would turn a browser that refuses cookies into a 403.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def signed_link(request, token: str):
    """GET shows the current text with the statement; POST records the acknowledgment once."""
    check = check_link(token)
    if not check.is_valid:
        return _refused(request, check, just_recorded=RECORDED in request.GET)
    requirement = check.requirement
    if request.method == "POST":
        try:
            acknowledge_posted(request, requirement, channel=AcknowledgmentChannel.SIGNED_LINK)
        except AcknowledgmentRefused as refusal:
            # Something changed since the check (a second tab, a new version): say what.
            again = check_link(token)
            if not again.is_valid:
                return _refused(request, again)
            return _refused(request, again, message=refusal.message)
        return redirect(f"{request.path}?{RECORDED}=1")
    response = acknowledgment_page(
        request, requirement, action=request.path, organisation=requirement.organisation
    )
    return _private(response)
