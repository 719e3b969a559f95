"""Reads of briefings: who is invited, what a person sees, who may run one, who attended."""

import dataclasses
import datetime

from django.contrib.auth.models import Group
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from training.acknowledgment.models import DocumentVersion, Requirement
from training.briefings.models import Attendance, AttendanceStatus, Briefing
from training.register import roles
from training.register.models import Person, in_post


def briefing_day(briefing: Briefing) -> datetime.date:
    return timezone.localdate(briefing.starts_at)


def invited_people(briefing: Briefing) -> QuerySet[Person]:
    """Everyone invited and in post on the briefing's day, by division then employee number."""
    return (
        Person.objects.filter(briefing.invited_q(), in_post(briefing_day(briefing)))
        .select_related("division")
        .order_by("division__name", "employee_number")
    )


def briefings_for_person(person: Person) -> list[Briefing]:
    """The upcoming briefings of the person's organisation that invite them or that they lead,
    soonest first: two queries, however many there are."""
    upcoming = (
        Briefing.objects.filter(organisation_id=person.organisation_id)
        .upcoming()
        .select_related("leader")
        .prefetch_related("divisions")
        .order_by("starts_at")
    )
    return [b for b in upcoming if b.leader_id == person.pk or b.invites(person)]


def can_manage(user, briefing: Briefing) -> bool:
    """The leader, whoever scheduled it, and the organisation's HR officers run a briefing."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or briefing.created_by_id == user.pk:
        return True
    leader = briefing.leader
    if leader.user_id == user.pk:
        return True
    return (
        Person.objects.filter(user=user, organisation_id=briefing.organisation_id).exists()
        and Group.objects.filter(name=roles.HR_OFFICER, user=user).exists()
    )


def briefing_with_related(briefing_id: int) -> Briefing | None:
    return (
        Briefing.objects.select_related("organisation", "leader", "leader__division")
        .prefetch_related(
            "divisions",
            Prefetch("versions", queryset=DocumentVersion.objects.select_related("page")),
            "materials",
            "evidence",
        )
        .filter(pk=briefing_id)
        .first()
    )


@dataclasses.dataclass
class AttendanceRow:
    person: Person
    attendance: Attendance | None
    invited: bool

    @property
    def present(self) -> bool:
        return self.attendance is not None and self.attendance.status == AttendanceStatus.PRESENT

    @property
    def pending(self) -> bool:
        return self.attendance is not None and self.attendance.status == AttendanceStatus.PENDING


def attendance_rows(briefing: Briefing) -> list[AttendanceRow]:
    """The invited people with their attendance, then anyone else who checked in: two queries."""
    attendances = {
        a.person_id: a
        for a in Attendance.objects.filter(briefing=briefing).select_related(
            "person", "person__division"
        )
    }
    rows = []
    for person in invited_people(briefing):
        rows.append(AttendanceRow(person, attendances.pop(person.pk, None), True))
    for attendance in sorted(attendances.values(), key=lambda a: a.person.employee_number):
        rows.append(AttendanceRow(attendance.person, attendance, False))
    return rows


def attendance_of(briefing: Briefing, person: Person | None) -> Attendance | None:
    if person is None:
        return None
    return Attendance.objects.filter(briefing=briefing, person=person).first()


def briefing_requirements(briefing: Briefing, person: Person) -> list[Requirement]:
    """The person's outstanding requirements of the versions the briefing covered."""
    return list(
        Requirement.objects.outstanding(timezone.localdate())
        .filter(person=person, version__in=briefing.versions.all())
        .select_related("version__page")
        .order_by("version__page__title")
    )
