"""The demo's history: fiscal years of acknowledgments, replayed through the tracker's own writes.

The content apps publish every document of the demo "now". This step dates each version to the
day its document came out (its effective date: a circular's date, a code's day in force, unless
`PUBLISHED_ON` says otherwise) and replays what happened since, in order of time:

- a publication fans its version out with `requirements_assign_for_version`;
- someone who joins, or moves into a division, gets the current versions that apply with
  `requirements_assign_for_people`, on their first day there;
- acknowledgments are recorded with `acknowledgments_record(at=...)`, so that they are chained in
  the order they happened, online, by signed link, or on paper recorded by HR.

Those services are given the day replayed (so a version whose occasion was over by then, such as
a New Year circular, is not given to someone who joins later), but they read the register and the
versions as they are now. So that each sees them as they were on the day replayed, the replay
gives the few rows that differ (people who had not joined or had not yet left, a mover in their
old division, versions not yet published) that day's values,
and puts every row back as the register and the content say at the end. The services stamp the
requirements they create with the present; the replay back-dates them to the day of the event.
(A version a newer one replaced before the demo's first run, version 1 of the code for permanent
officials, was never fanned out by the content either and is left so: only its dates change.)

Whether each requirement was acknowledged on time, late or not at all is drawn from a generator
seeded by its document, version and person, with odds by fiscal year and division: every run
writes the same history. It is written once; an organisation with any acknowledgment has it.
"""

import dataclasses
import datetime
import heapq
import random
from collections import Counter

from django.utils import timezone

from home.thai_dates import FiscalYear
from training.acknowledgment.models import (
    Acknowledgment,
    AcknowledgmentChannel,
    DocumentVersion,
    Requirement,
    VersionPublication,
    joiner_due_date,
)
from training.acknowledgment.publishing import (
    requirements_assign_for_people,
    requirements_assign_for_version,
)
from training.acknowledgment.services import Evidence, acknowledgments_record
from training.figures.selectors import Tally, fiscal_years_of_requirements, year_figures
from training.register.models import Division, Organisation, Person, PersonnelGroup

SEED = "phra-thaen"

# Publication days other than the version's effective date, by (page slug, version number).
PUBLISHED_ON = {
    # The amendment was published with circular 256 of 20 October 2026, in force from 1 November.
    ("code-permanent", 2): datetime.date(2026, 10, 20),
}
PUBLISHED_AT = datetime.time(9, 0)
JOINED_AT = datetime.time(8, 30)
PAPER_SIGNED_AT = datetime.time(12, 0)

# Shares of requirements acknowledged on time and late, by the fiscal year they were assigned in;
# the rest stay outstanding. The first year was pushed hard, the second slipped, reminders and
# signed links lifted the third.
ON_TIME = {2567: 0.50, 2568: 0.66, 2569: 0.52, 2570: 0.80}
LATE = {2567: 0.15, 2568: 0.12, 2569: 0.15, 2570: 0.08}
# Added to the on-time share by division (by name), and for the political side (no division).
DIVISION_BIAS = {
    "สำนักปลัดเทศบาล": 0.08,
    "กองคลัง": 0.10,
    "กองช่าง": -0.15,
    "กองการศึกษา": 0.03,
    "กองสาธารณสุขและสิ่งแวดล้อม": -0.07,
}
POLITICAL_BIAS = -0.12
# Of those with an e-mail address (the others sign on paper), the share who use the signed link
# that the reminder mail carries rather than the portal.
SIGNED_LINK_ON_TIME = 0.25
SIGNED_LINK_LATE = 0.6

USER_AGENTS = [
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/129.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0 Safari/537.36",
]
PAPER_NOTE = "ใบลงนามรับทราบของส่วนราชการ บันทึกโดยงานบุคคล"

# Stands for "not in post yet" while the replay is before someone's first day.
NOT_YET = datetime.date(9999, 12, 31)

# The order of events at the same moment: arrivals first, then publications, then acknowledgments.
ARRIVE, PUBLISH, ACKNOWLEDGE = 0, 1, 2


@dataclasses.dataclass(frozen=True)
class Move:
    """Someone who moved division: where they were before `day`."""

    old_division: Division
    day: datetime.date


def demo_history_ensure(
    *,
    organisation: Organisation,
    recorder_id: int,
    moves: dict[int, Move],
    untouched_person_ids: frozenset[int] = frozenset(),
) -> list[str]:
    """Write the demo's history unless it is there; the summary lines for `load_demo`.

    `recorder_id` is the user who records paper sheets; `moves` the movers by person id;
    people in `untouched_person_ids` acknowledge nothing (the demo login that tries the portal).
    """
    written = 0
    if not Acknowledgment.objects.filter(organisation=organisation).exists():
        written = _Replay(
            organisation=organisation,
            recorder_id=recorder_id,
            moves=moves,
            untouched_person_ids=untouched_person_ids,
        ).run()
    return history_lines(organisation=organisation, written=written)


def history_figures(*, organisation: Organisation) -> dict[int, Tally]:
    """Each fiscal year's figures since the first requirement, counted as every screen counts."""
    return {
        year.be_year: year_figures(organisation.pk, year).overall
        for year in fiscal_years_of_requirements(organisation.pk)
    }


def history_lines(*, organisation: Organisation, written: int) -> list[str]:
    channels = Counter(
        Acknowledgment.objects.filter(organisation=organisation).values_list("channel", flat=True)
    )
    by_channel = ", ".join(
        f"{channel.label} / {channel.value} {channels[channel.value]}"
        for channel in AcknowledgmentChannel
        if channels[channel.value]
    )
    lines = [
        f"ประวัติการรับทราบ / Acknowledgment history: {channels.total()} "
        f"(เขียนครั้งนี้ / written now: {written}; {by_channel})"
    ]
    for year, figures in history_figures(organisation=organisation).items():
        lines.append(
            f"  ปีงบประมาณ พ.ศ. {year} / FY {year}: {figures.rate or 0:.0f}% "
            f"ของ / of {figures.counted} (ตรงเวลา / on time {figures.on_time}, "
            f"ล่าช้า / late {figures.late}, ค้าง / outstanding {figures.outstanding}, "
            f"พ้นจากตำแหน่งก่อนกำหนด / left before due {figures.left})"
        )
    return lines


@dataclasses.dataclass(frozen=True)
class _PersonState:
    active_from: datetime.date
    active_until: datetime.date | None
    division_id: int | None


class _Replay:
    def __init__(self, *, organisation, recorder_id, moves, untouched_person_ids):
        self.organisation = organisation
        self.recorder_id = recorder_id
        self.moves = moves
        self.untouched = untouched_person_ids
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.people = {
            person.pk: person
            for person in Person.objects.filter(organisation=organisation).select_related(
                "division"
            )
        }
        self.real = {pk: self._state(person) for pk, person in self.people.items()}
        self.in_db = dict(self.real)
        self.events: list[tuple] = []
        self.sequence = 0
        self.recorded = 0

    # The world on a day ------------------------------------------------------------------

    @staticmethod
    def _state(person: Person) -> _PersonState:
        return _PersonState(person.active_from, person.active_until, person.division_id)

    def _state_on(self, pk: int, day: datetime.date) -> _PersonState:
        real = self.real[pk]
        active_from, active_until = real.active_from, real.active_until
        division_id = real.division_id
        if real.active_from > day:
            active_from = NOT_YET
            active_until = None if real.active_until is None else NOT_YET
        elif real.active_until is not None and real.active_until >= day:
            active_until = None
        move = self.moves.get(pk)
        if move is not None and day < move.day:
            division_id = move.old_division.pk
        return _PersonState(active_from, active_until, division_id)

    def _register_as_of(self, day: datetime.date | None) -> None:
        """Give the people whose row differs on `day` that day's values (None: the real ones)."""
        for pk in self.people:
            wanted = self.real[pk] if day is None else self._state_on(pk, day)
            if self.in_db[pk] != wanted:
                Person.objects.filter(pk=pk).update(**dataclasses.asdict(wanted))
                self.in_db[pk] = wanted

    # The replay ------------------------------------------------------------------------------

    def run(self) -> int:
        versions = self._versions_dated()
        # Requirements left by an earlier run without history are back-dated like new ones.
        Requirement.objects.filter(organisation=self.organisation).update(assigned_at=self.now)
        first_day = min(
            (timezone.localdate(at) for at, _version in versions.values()), default=self.today
        )
        for version_id, (published_at, _version) in versions.items():
            self._push(published_at, PUBLISH, version_id)
        for pk, real in self.real.items():
            if first_day < real.active_from <= self.today:
                self._push(self._moment(real.active_from, JOINED_AT), ARRIVE, pk)
        for pk, move in self.moves.items():
            self._push(self._moment(move.day, JOINED_AT), ARRIVE, pk)
        while self.events:
            at, kind, _sequence, payload = heapq.heappop(self.events)
            if kind == PUBLISH:
                self._publish(versions[payload][1], at)
            elif kind == ARRIVE:
                self._arrive(payload, at)
            else:
                self._acknowledge(at, payload)
        self._register_as_of(None)
        return self.recorded

    def _push(self, at: datetime.datetime, kind: int, payload) -> None:
        self.sequence += 1
        heapq.heappush(self.events, (at, kind, self.sequence, payload))

    def _moment(self, day: datetime.date, time: datetime.time) -> datetime.datetime:
        moment = datetime.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())
        return min(moment, self.now - datetime.timedelta(minutes=1))

    def _versions_dated(self) -> dict[int, tuple[datetime.datetime, DocumentVersion]]:
        """Date every version of the organisation's acknowledgeable pages to its publication, and
        hide until then the current ones, which the replay publishes; by id, with the moment."""
        versions = list(
            DocumentVersion.objects.filter(organisation=self.organisation)
            .select_related("page")
            .order_by("page_id", "number")
        )
        moments = {}
        for version in versions:
            day = PUBLISHED_ON.get((version.page.slug, version.number), version.effective_date)
            moments[version.pk] = self._moment(min(day, self.today), PUBLISHED_AT)
        replayed = {}
        for version in versions:
            published_at = moments[version.pk]
            successor = next(
                (v for v in versions if v.page_id == version.page_id and v.number > version.number),
                None,
            )
            DocumentVersion.objects.filter(pk=version.pk).update(
                created_at=published_at,
                # Not yet published (current versions), or replaced when its successor came out.
                superseded_at=moments[successor.pk] if successor else published_at,
                fanned_out_at=None,
            )
            VersionPublication.objects.filter(version=version).update(published_at=published_at)
            if successor is None:
                replayed[version.pk] = (published_at, version)
        return replayed

    def _publish(self, version: DocumentVersion, at: datetime.datetime) -> None:
        day = timezone.localdate(at)
        self._register_as_of(day)
        DocumentVersion.objects.filter(pk=version.pk).update(superseded_at=None)
        version = DocumentVersion.objects.select_related("page").get(pk=version.pk)
        requirements_assign_for_version(version=version, day=day)
        DocumentVersion.objects.filter(pk=version.pk).update(fanned_out_at=at)
        fresh = Requirement.objects.filter(version=version, assigned_at__gte=self.now)
        self._assigned(fresh, at=at, due_date=None)

    def _arrive(self, pk: int, at: datetime.datetime) -> None:
        """A joiner's first day, or a mover's first day in their new division."""
        day = timezone.localdate(at)
        self._register_as_of(day)
        requirements_assign_for_people(person_ids=[pk], day=day)
        fresh = Requirement.objects.filter(person_id=pk, assigned_at__gte=self.now)
        self._assigned(fresh, at=at, due_date=joiner_due_date(day))

    def _assigned(self, fresh, *, at: datetime.datetime, due_date: datetime.date | None) -> None:
        """Back-date requirements just created to `at` and draw how each was acknowledged."""
        changes = {"assigned_at": at} | ({"due_date": due_date} if due_date else {})
        rows = list(fresh.select_related("version__page", "person__division"))
        fresh.update(**changes)
        for requirement in rows:
            requirement.assigned_at = at
            requirement.due_date = due_date or requirement.due_date
            self._draw(requirement)

    # Acknowledgments -------------------------------------------------------------------------

    def _draw(self, requirement: Requirement) -> None:
        person, version = requirement.person, requirement.version
        if person.pk in self.untouched:
            return
        rng = random.Random(f"{SEED}:{version.page.slug}:{version.number}:{person.employee_number}")
        year = FiscalYear.of(timezone.localdate(requirement.assigned_at)).be_year
        on_time = ON_TIME.get(year, ON_TIME[max(ON_TIME)]) + self._bias(person)
        late = LATE.get(year, LATE[max(LATE)])
        draw = rng.random()
        if draw >= on_time + late:
            return
        assigned_day = timezone.localdate(requirement.assigned_at)
        period = max((requirement.due_date - assigned_day).days, 0)
        is_late = draw >= on_time
        if is_late:
            day = requirement.due_date + datetime.timedelta(days=rng.randint(1, 25))
        else:
            day = assigned_day + datetime.timedelta(days=rng.randint(0, period))
        real = self.real[person.pk]
        if real.active_until is not None and real.active_until < requirement.due_date:
            return  # people leave without acknowledging what falls due after they go
        if not person.email:
            # The division's sheet for the version, signed on one day and recorded by HR.
            sheet = random.Random(f"{SEED}:{version.pk}:{person.division_id}:{is_late}")
            day = (
                requirement.due_date + datetime.timedelta(days=sheet.randint(3, 20))
                if is_late
                else assigned_day + datetime.timedelta(days=sheet.randint(min(2, period), period))
            )
            day = _working_day(day, latest=None if is_late else requirement.due_date)
            at = datetime.datetime.combine(
                day, PAPER_SIGNED_AT, tzinfo=timezone.get_current_timezone()
            )
            evidence = Evidence(
                channel=AcknowledgmentChannel.PAPER,
                recorded_by_id=self.recorder_id,
                note=PAPER_NOTE,
            )
        else:
            day = _working_day(day, latest=None if is_late else requirement.due_date)
            minutes = rng.randint(0, 8 * 60)
            at = datetime.datetime.combine(
                day, datetime.time(8, 30), tzinfo=timezone.get_current_timezone()
            ) + datetime.timedelta(minutes=minutes)
            signed_link = rng.random() < (SIGNED_LINK_LATE if is_late else SIGNED_LINK_ON_TIME)
            evidence = Evidence(
                channel=(
                    AcknowledgmentChannel.SIGNED_LINK
                    if signed_link
                    else AcknowledgmentChannel.ONLINE
                ),
                ip_address=f"10.20.{rng.randint(1, 254)}.{rng.randint(1, 254)}",
                user_agent=rng.choice(USER_AGENTS),
            )
        at = max(at, requirement.assigned_at + datetime.timedelta(minutes=10))
        if at >= self.now or (real.active_until and timezone.localdate(at) > real.active_until):
            return  # still to come, or after they left: outstanding
        self._push(at, ACKNOWLEDGE, (evidence, requirement.pk))

    @staticmethod
    def _bias(person: Person) -> float:
        if person.personnel_group == PersonnelGroup.POLITICAL:
            return POLITICAL_BIAS
        return DIVISION_BIAS.get(person.division.name, 0.0) if person.division else 0.05

    def _acknowledge(self, at: datetime.datetime, payload) -> None:
        """Record this acknowledgment and those at the same moment with the same evidence."""
        evidence, requirement_id = payload
        ids = [requirement_id]
        while self.events and self.events[0][0] == at and self.events[0][1] == ACKNOWLEDGE:
            if self.events[0][3][0] != evidence:
                break
            ids.append(heapq.heappop(self.events)[3][1])
        by_organisation = Requirement.objects.filter(pk__in=ids).order_by("pk")
        created, _already = acknowledgments_record(
            requirements=list(by_organisation), evidence=evidence, at=at
        )
        self.recorded += len(created)


def _working_day(day: datetime.date, *, latest: datetime.date | None) -> datetime.date:
    """The next weekday, or the weekday before when that would pass `latest`."""
    moved = day
    while moved.weekday() >= 5:
        moved += datetime.timedelta(days=1)
    if latest is not None and moved > latest:
        moved = day
        while moved.weekday() >= 5:
            moved -= datetime.timedelta(days=1)
    return moved
