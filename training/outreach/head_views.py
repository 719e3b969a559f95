"""The division head's view in the staff portal: their division's progress per document in a
fiscal year (the current one, or the one before), who has not acknowledged, and a button that
reminds one person or everyone outstanding.

A head is whoever the register names as a division's head (`Division.head`), not an admin login.
They see the divisions they head and no other: any other division, by its address or by posting
someone of it, is a 404, as if it did not exist. These views live in outreach rather than beside
the rest of the portal (acknowledgment/views.py) because they read the figures and write
reminders, which the acknowledgment layer may not import.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from home.queueing import queue_task_on_commit
from home.thai_dates import FiscalYear
from training.figures.selectors import cached_year_figures
from training.outreach.head_reminders import (
    HeadReminderRefused,
    division_stragglers,
    head_reminders_request,
)
from training.outreach.tasks import send_head_reminders
from training.register.models import Division, Person
from training.register.selectors import divisions_headed_by, person_for_user

PER_PAGE = 50


def _head_or_404(request) -> tuple[Person, list[Division]]:
    """The person logged in and the divisions they head; a 404 for anyone who heads none."""
    person = person_for_user(request.user)
    divisions = divisions_headed_by(person)
    if not divisions:
        raise Http404
    return person, divisions


def _division_or_404(divisions: list[Division], division_id: int) -> Division:
    for division in divisions:
        if division.pk == division_id:
            return division
    raise Http404


def _years(today) -> list[FiscalYear]:
    """The years a head may look at: this fiscal year and the one before."""
    current = FiscalYear.of(today)
    return [current, current.previous()]


def _chosen_year(value: str | None, years: list[FiscalYear]) -> FiscalYear:
    """The year asked for if it is one on offer; the current year otherwise."""
    for year in years:
        if value == str(year.be_year):
            return year
    return years[0]


def _division_url(division: Division, year: FiscalYear) -> str:
    return f"{reverse('portal_division_detail', args=[division.pk])}?year={year.be_year}"


@login_required
def division_home(request):
    """The head's own division; a head of several chooses one."""
    person, divisions = _head_or_404(request)
    if len(divisions) == 1:
        return redirect("portal_division_detail", divisions[0].pk)
    return TemplateResponse(
        request,
        "training/portal/division_choose.html",
        {"person": person, "headed_divisions": divisions},
    )


@login_required
def division_progress(request, division_id: int):
    """A constant number of queries whatever the head count: the year's figures (four) and the
    stragglers with their reminders of today (two)."""
    person, divisions = _head_or_404(request)
    division = _division_or_404(divisions, division_id)
    today = timezone.localdate()
    years = _years(today)
    year = _chosen_year(request.GET.get("year"), years)
    stragglers = division_stragglers(division=division, fiscal_year=year, head=person, day=today)
    return TemplateResponse(
        request,
        "training/portal/division.html",
        {
            "person": person,
            "division": division,
            "headed_divisions": divisions,
            "years": years,
            "year": year,
            "figures": cached_year_figures(division.organisation, year, division_id=division.pk),
            "stragglers": stragglers,
            # A large division's list comes in pages: the page stays light on a cheap phone.
            "page_obj": Paginator(stragglers, PER_PAGE).get_page(request.GET.get("page")),
            "can_remind": sum(1 for straggler in stragglers if straggler.can_be_reminded),
            "today": today,
        },
    )


@login_required
@require_POST
def division_remind(request, division_id: int):
    """Remind one person (`person`) or everyone outstanding in the year shown (`all`)."""
    person, divisions = _head_or_404(request)
    division = _division_or_404(divisions, division_id)
    today = timezone.localdate()
    year = _chosen_year(request.POST.get("year"), _years(today))
    if request.POST.get("all"):
        stragglers = division_stragglers(
            division=division, fiscal_year=year, head=person, day=today
        )
        # Everyone listed but the head: the service says who was reminded today already or
        # has no address.
        person_ids = [s.person.pk for s in stragglers if not s.is_head]
    else:
        try:
            person_ids = [int(value) for value in request.POST.getlist("person")]
        except ValueError:
            raise Http404 from None
    try:
        result = head_reminders_request(
            division=division, head=person, person_ids=person_ids, acting_user=request.user
        )
    except HeadReminderRefused:
        raise Http404 from None
    if result.log_ids:
        log_ids = result.log_ids
        queue_task_on_commit(send_head_reminders, log_ids)
    _say_what_was_done(request, result)
    return redirect(_division_url(division, year))


def _say_what_was_done(request, result) -> None:
    if result.reminded:
        messages.success(
            request,
            ngettext(
                "ส่งอีเมลเตือนแล้ว %(count)s คน: %(names)s",
                "ส่งอีเมลเตือนแล้ว %(count)s คน: %(names)s",
                len(result.reminded),
            )
            % {
                "count": len(result.reminded),
                "names": ", ".join(member.full_name for member in result.reminded),
            },
        )
    if result.already_reminded:
        messages.info(
            request,
            ngettext(
                "%(count)s คนได้รับการเตือนแล้ววันนี้ เตือนได้อีกครั้งพรุ่งนี้",
                "%(count)s คนได้รับการเตือนแล้ววันนี้ เตือนได้อีกครั้งพรุ่งนี้",
                result.already_reminded,
            )
            % {"count": result.already_reminded},
        )
    if result.without_address:
        messages.warning(
            request,
            ngettext(
                "%(count)s คนไม่มีอีเมลในทะเบียนบุคลากร โปรดแจ้งงานบุคคล",
                "%(count)s คนไม่มีอีเมลในทะเบียนบุคลากร โปรดแจ้งงานบุคคล",
                result.without_address,
            )
            % {"count": result.without_address},
        )
    if not (result.reminded or result.already_reminded or result.without_address):
        messages.info(request, _("ไม่มีผู้ที่ต้องเตือน ทุกคนที่เลือกได้รับทราบครบแล้ว"))
