"""Writes of briefings: scheduling, invitations, attendance three ways, corrections, evidence, and
the acknowledgment a briefing can stand for."""

import dataclasses
import datetime
import secrets
from pathlib import PurePath

from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.log_actions import log

from home.bilingual import bilingual
from training.acknowledgment.models import AcknowledgmentChannel, Requirement, VersionPublication
from training.acknowledgment.services import AcknowledgmentRefused, Evidence, acknowledgments_record
from training.briefings.emails import invitation_emails
from training.briefings.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceMethod,
    AttendanceStatus,
    Briefing,
)
from training.briefings.selectors import invited_people
from training.register.models import Person, figures_changed
from training.register.scans import scan_collection

BRIEFING_SCHEDULED = "training.briefing_schedule"
ATTENDANCE_CORRECTED = "training.attendance_correct"

OTHER_ORGANISATION = _("ท่านไม่ได้เป็นบุคลากรของหน่วยงานที่จัดการประชุมนี้ จึงลงชื่อเข้าร่วมไม่ได้")
NOT_PRESENT = _("ยังไม่มีการยืนยันการเข้าร่วมการประชุมนี้ของท่าน")
NOT_COVERED = _("การประชุมนี้ไม่ได้ชี้แจงเอกสารฉบับนี้")
CORRECTION_NEEDS_REASON = _("โปรดระบุเหตุผลของการแก้ไข")


class AttendanceRefused(Exception):
    """Why an attendance was not recorded; `message` is worded for the person refused."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason

    @property
    def message(self) -> str:
        return bilingual(self.reason)


def _briefing_summary(briefing: Briefing) -> dict:
    return {"briefing": briefing.pk, "title": briefing.title}


@transaction.atomic
def briefing_schedule(
    *,
    organisation,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    leader: Person,
    created_by,
    place: str = "",
    online_url: str = "",
    divisions=(),
    personnel_groups=(),
    versions=(),
    agenda: str = "",
    materials=(),
) -> Briefing:
    """Schedule a briefing and log it on the organisation."""
    briefing = Briefing.objects.create(
        organisation=organisation,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        leader=leader,
        personnel_groups=list(personnel_groups),
        agenda=agenda,
        created_by=created_by,
    )
    briefing.divisions.set(divisions)
    briefing.versions.set(versions)
    briefing.materials.set(materials)
    briefing_log_scheduled(briefing=briefing, user=created_by)
    return briefing


def briefing_log_scheduled(*, briefing: Briefing, user) -> None:
    """The organisation's log entry of a new briefing, however it was made (portal or admin).
    The caller queues the invitations (tasks.send_briefing_invitations) on commit."""
    log(briefing.organisation, BRIEFING_SCHEDULED, user=user, data=_briefing_summary(briefing))


def briefing_invitations_send(*, briefing_id: int) -> int:
    """E-mail every invitee with an address, in one connection, each with the .ics attached.

    Runs once per briefing: a second run (a retried task) finds it sent and sends nothing.
    """
    with transaction.atomic():
        briefing = Briefing.objects.select_for_update().filter(pk=briefing_id).first()
        if briefing is None or briefing.invitations_sent_at is not None:
            return 0
        people = [p for p in invited_people(briefing).select_related("user") if p.mail_address]
        messages = invitation_emails(briefing=briefing, people=people)
        with mail.get_connection() as connection:
            sent = connection.send_messages(messages) or 0
        Briefing.objects.filter(pk=briefing.pk).update(invitations_sent_at=timezone.now())
    return sent


def _record(*, briefing, person, method, status, recorded_by, invited, paper_scan=None):
    """Create the one attendance of a person at a briefing; the one already there if a double
    scan or a second tab got there first."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return Attendance.objects.create(
                briefing=briefing,
                person=person,
                method=method,
                status=status,
                invited=invited,
                recorded_by=recorded_by,
                recorded_at=now,
                confirmed_by=recorded_by if status == AttendanceStatus.PRESENT else None,
                confirmed_at=now if status == AttendanceStatus.PRESENT else None,
                paper_scan=paper_scan,
            ), True
    except IntegrityError:
        return Attendance.objects.get(briefing=briefing, person=person), False


def attendance_self_check_in(*, briefing: Briefing, person: Person, user=None):
    """A person checks themselves in with the briefing's code: (attendance, created).

    Logged in and invited: present at once. Without a login (picked from the invited list) or
    not invited: on the list for the leader to confirm before it counts. A person of another
    organisation: AttendanceRefused.
    """
    if person.organisation_id != briefing.organisation_id:
        raise AttendanceRefused(OTHER_ORGANISATION)
    invited = briefing.invites(person)
    logged_in_self = user is not None and person.user_id == user.pk
    status = AttendanceStatus.PRESENT if logged_in_self and invited else AttendanceStatus.PENDING
    attendance, created = _record(
        briefing=briefing,
        person=person,
        method=AttendanceMethod.QR,
        status=status,
        recorded_by=user if logged_in_self else None,
        invited=invited,
    )
    if created and status == AttendanceStatus.PRESENT:
        figures_changed([briefing.organisation_id])
    return attendance, created


@dataclasses.dataclass
class LeaderResult:
    recorded: int = 0
    confirmed: int = 0
    already: int = 0


@transaction.atomic
def attendance_leader_record(
    *,
    briefing: Briefing,
    person_ids,
    recorded_by,
    method: str = AttendanceMethod.LEADER,
    paper_scan=None,
) -> LeaderResult:
    """The leader (or HR, from a scanned sheet) marks people present, confirming any pending
    self check-in; only people of the briefing's organisation. Withdrawn attendances are left
    alone: only a correction restores one."""
    people = list(
        Person.objects.filter(pk__in=set(person_ids), organisation_id=briefing.organisation_id)
    )
    if len(people) != len(set(person_ids)):
        raise AttendanceRefused(OTHER_ORGANISATION)
    invited = set(
        Person.objects.filter(briefing.invited_q(), pk__in=[p.pk for p in people]).values_list(
            "pk", flat=True
        )
    )
    existing = {
        a.person_id: a
        for a in Attendance.objects.select_for_update().filter(briefing=briefing, person__in=people)
    }
    result = LeaderResult()
    now = timezone.now()
    new = []
    for person in people:
        attendance = existing.get(person.pk)
        if attendance is None:
            new.append(
                Attendance(
                    briefing=briefing,
                    person=person,
                    method=method,
                    status=AttendanceStatus.PRESENT,
                    invited=person.pk in invited,
                    recorded_by=recorded_by,
                    recorded_at=now,
                    confirmed_by=recorded_by,
                    confirmed_at=now,
                    paper_scan=paper_scan,
                )
            )
        elif attendance.status == AttendanceStatus.PENDING:
            attendance.status = AttendanceStatus.PRESENT
            attendance.confirmed_by = recorded_by
            attendance.confirmed_at = now
            attendance.save(update_fields=["status", "confirmed_by", "confirmed_at"])
            result.confirmed += 1
        else:
            result.already += 1
    created = Attendance.objects.bulk_create(new, ignore_conflicts=True)
    result.recorded = len(created)
    if result.recorded or result.confirmed:
        figures_changed([briefing.organisation_id])
    return result


def _store(*, upload, briefing: Briefing, kind: str, recorded_by):
    Document = get_document_model()
    extension = PurePath(upload.name).suffix.lower()
    # A name nobody can guess and that says nothing of whom the file concerns.
    upload.name = f"briefing-{briefing.pk}-{kind}-{secrets.token_hex(8)}{extension}"
    document = Document(
        title=gettext("%(kind)s การประชุม “%(title)s” วันที่ %(day)s")
        % {
            "kind": gettext("ใบลงชื่อ") if kind == "sheet" else gettext("หลักฐาน"),
            "title": briefing.title,
            "day": timezone.localdate(briefing.starts_at).isoformat(),
        },
        file=upload,
        collection=scan_collection(briefing.organisation),
        uploaded_by_user=recorded_by,
    )
    document._set_document_file_metadata()
    document.save()
    return document


def attendance_paper_record(*, briefing: Briefing, person_ids, scan, recorded_by) -> LeaderResult:
    """The people ticked from a scanned sign-in sheet, recorded with the scan kept as evidence
    in the organisation's scan collection."""
    document = None
    try:
        with transaction.atomic():
            document = _store(upload=scan, briefing=briefing, kind="sheet", recorded_by=recorded_by)
            return attendance_leader_record(
                briefing=briefing,
                person_ids=person_ids,
                recorded_by=recorded_by,
                method=AttendanceMethod.PAPER,
                paper_scan=document,
            )
    except BaseException:
        if document is not None:
            document.file.delete(save=False)
        raise


@transaction.atomic
def briefing_evidence_add(*, briefing: Briefing, upload, recorded_by):
    """A photo or the minutes of a briefing, kept in the organisation's scan collection."""
    document = _store(upload=upload, briefing=briefing, kind="evidence", recorded_by=recorded_by)
    briefing.evidence.add(document)
    return document


@transaction.atomic
def attendance_correct(*, attendance: Attendance, status: str, reason: str, corrected_by):
    """Change an attendance's status, leaving the logged correction that says who, when, why."""
    reason = (reason or "").strip()
    if not reason:
        raise AttendanceRefused(CORRECTION_NEEDS_REASON)
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.status == status:
        return None
    correction = AttendanceCorrection.objects.create(
        attendance=attendance,
        status_before=attendance.status,
        status_after=status,
        reason=reason,
        corrected_by=corrected_by,
    )
    attendance.status = status
    fields = ["status"]
    if status == AttendanceStatus.PRESENT:
        attendance.confirmed_by, attendance.confirmed_at = corrected_by, timezone.now()
        fields += ["confirmed_by", "confirmed_at"]
    attendance.save(update_fields=fields)
    log(
        attendance.briefing.organisation,
        ATTENDANCE_CORRECTED,
        user=corrected_by,
        data={
            **_briefing_summary(attendance.briefing),
            "person": attendance.person.full_name,
            "before": correction.status_before,
            "after": status,
            "reason": reason,
        },
    )
    figures_changed([attendance.briefing.organisation_id])
    return correction


def briefing_acknowledge(
    *,
    briefing: Briefing,
    person: Person,
    requirement_id: int,
    publication_id,
    user,
    ip_address: str | None = None,
    user_agent: str = "",
) -> bool:
    """A confirmed attendee acknowledges a version the briefing covered, through the service
    every channel uses (channel "briefing"). True if recorded now, False if recorded before.
    Raises AcknowledgmentRefused."""
    if not Attendance.objects.present().filter(briefing=briefing, person=person).exists():
        raise AcknowledgmentRefused(NOT_PRESENT)
    requirement = Requirement.objects.filter(
        pk=requirement_id, person=person, version__briefings=briefing
    ).first()
    if requirement is None:
        raise AcknowledgmentRefused(NOT_COVERED)
    shown = VersionPublication.objects.filter(
        pk=publication_id or None, version_id=requirement.version_id
    ).first()
    created, _already = acknowledgments_record(
        requirements=[requirement],
        publication=shown,
        evidence=Evidence(
            channel=AcknowledgmentChannel.BRIEFING,
            recorded_by_id=user.pk,
            ip_address=ip_address,
            user_agent=user_agent,
            note=gettext("การประชุม “%(title)s” (%(pk)s)")
            % {"title": briefing.title, "pk": briefing.pk},
        ),
    )
    return bool(created)
