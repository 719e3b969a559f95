"""The demo's briefings: each division's head briefs their staff once in fiscal year 2569 and once
in 2570, written through the briefings' own services.

`briefing_schedule` schedules each briefing for its division and `attendance_leader_record` marks
present those who came, as the head ticks them (recorded by the head's login, or by HR's where
the head has none). The services stamp the present; the demo then dates the schedule two weeks
before the briefing and the attendance to its end, as demo_history does for requirements. Who
came is drawn from a generator seeded by the division and the year (more came in 2570 than in
2569), so every run writes the same briefings. A briefing already there (same organisation,
title and start) is left alone, and one whose end is still to come is not written.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from home.thai_dates import FiscalYear
from training.briefings.models import Attendance, Briefing
from training.briefings.selectors import briefing_figures, invited_people
from training.briefings.services import attendance_leader_record, briefing_schedule
from training.register.models import Division, Organisation

SEED = "phra-thaen-briefings"
# The first briefing day of each fiscal year; each division's follows on the next working day.
FIRST_DAY = {2569: datetime.date(2026, 2, 9), 2570: datetime.date(2026, 10, 19)}
STARTS, ENDS = datetime.time(9, 30), datetime.time(12, 0)
# The share of the invited who came, by fiscal year.
TURNOUT = {2569: 0.7, 2570: 0.9}
TITLE = "ชี้แจงประมวลจริยธรรมและมาตรฐานทางจริยธรรม ปีงบประมาณ พ.ศ. %(year)s (%(division)s)"
AGENDA = (
    "๑. มาตรฐานทางจริยธรรมเจ็ดประการตามพระราชบัญญัติมาตรฐานทางจริยธรรม พ.ศ. ๒๕๖๒\n"
    "๒. ประมวลจริยธรรมของเทศบาล: การขัดกันแห่งผลประโยชน์ การรับของขวัญ\n"
    "๓. ช่องทางร้องเรียนและโทษเมื่อฝ่าฝืน"
)


def demo_briefings_ensure(*, organisation: Organisation, recorder_id: int) -> list[str]:
    """Write the demo's briefings that are not there yet; the summary lines for `load_demo`.

    `recorder_id` is the HR user who records a sheet for a head without a login.
    """
    recorder = get_user_model().objects.get(pk=recorder_id)
    zone = timezone.get_current_timezone()
    now = timezone.now()
    existing = set(
        Briefing.objects.filter(organisation=organisation).values_list("title", "starts_at")
    )
    divisions = list(
        Division.objects.filter(organisation=organisation, head__isnull=False)
        .select_related("head__user")
        .order_by("name")
    )
    written = 0
    for year, first_day in FIRST_DAY.items():
        day = first_day
        for division in divisions:
            starts_at = datetime.datetime.combine(day, STARTS, tzinfo=zone)
            ends_at = datetime.datetime.combine(day, ENDS, tzinfo=zone)
            day = _next_working_day(day)
            title = TITLE % {"year": year, "division": division.name}
            if (title, starts_at) in existing or ends_at > now:
                continue
            _write(division, year, title, starts_at, ends_at, recorder=recorder)
            written += 1
    return briefing_lines(organisation=organisation, written=written)


def _write(division, year, title, starts_at, ends_at, *, recorder) -> None:
    head = division.head
    by = head.user or recorder
    briefing = briefing_schedule(
        organisation=division.organisation,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        leader=head,
        created_by=by,
        place="ห้องประชุมสำนักงานเทศบาล",
        divisions=[division],
        agenda=AGENDA,
    )
    Briefing.objects.filter(pk=briefing.pk).update(
        created_at=starts_at - datetime.timedelta(days=14),
        invitations_sent_at=starts_at - datetime.timedelta(days=14),
    )
    chance = random.Random(f"{SEED}:{division.name}:{year}")
    came = [
        person.pk
        for person in invited_people(briefing)
        if person.pk != head.pk and chance.random() < TURNOUT[year]
    ]
    attendance_leader_record(briefing=briefing, person_ids=came, recorded_by=by)
    Attendance.objects.filter(briefing=briefing).update(recorded_at=ends_at, confirmed_at=ends_at)


def _next_working_day(day: datetime.date) -> datetime.date:
    day += datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def briefing_lines(*, organisation: Organisation, written: int) -> list[str]:
    count = Briefing.objects.filter(organisation=organisation).count()
    lines = [f"การประชุมชี้แจง / Briefings: {count} (เขียนครั้งนี้ / written now: {written})"]
    current = FiscalYear.of(timezone.localdate())
    figures = briefing_figures(organisation.pk, current)
    for year, tally in (
        (figures.previous_year, figures.total.previous),
        (figures.fiscal_year, figures.total.current),
    ):
        lines.append(
            f"  ปีงบประมาณ พ.ศ. {year.be_year} / FY {year.be_year}: จัด / held {tally.held}, "
            f"หัวหน้าชี้แจง / briefed by their head {tally.briefed_by_head} "
            f"ของ / of {tally.staff} ({tally.briefed_share or 0:.0f}%), "
            f"{tally.hours:.1f} ชั่วโมง / hours"
        )
    return lines
