"""Recording acknowledgments as chained evidence: the one write every channel goes through."""

import dataclasses
import datetime
import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model

from home.bilingual import bilingual
from home.mail import mail_message
from training.acknowledgment.chain import GENESIS_HASH, chain_head
from training.acknowledgment.gates import GATED_CHANNELS, blockers_for
from training.acknowledgment.keys import signing_key_id
from training.acknowledgment.models import (
    Acknowledgment,
    AcknowledgmentChannel,
    ChainSeal,
    Requirement,
    VersionPublication,
    file_sha256,
)
from training.acknowledgment.selectors import latest_publication
from training.register.models import Organisation, figures_changed

logger = logging.getLogger("training.chain")


class AcknowledgmentRefused(Exception):
    """Why an acknowledgment cannot be recorded; `message` is worded for the person refused."""

    def __init__(self, reason, **params):
        super().__init__(str(reason))
        self.reason = reason
        self.params = params

    @property
    def message(self) -> str:
        return bilingual(self.reason, **self.params)


NOT_ASSIGNED = _("เอกสารนี้ไม่ได้มอบหมายให้ท่านรับทราบ")
SUPERSEDED = _("ฉบับนี้ถูกแทนที่ด้วยฉบับใหม่แล้ว โปรดอ่านและรับทราบฉบับปัจจุบัน")
PERSON_NOT_IN_POST = _("บุคลากรผู้นี้พ้นจากตำแหน่งแล้ว")
WRONG_TEXT = _("ข้อความที่แสดงไม่ใช่ของฉบับนี้")
ALREADY_RECORDED = _("มีการบันทึกการรับทราบนี้แล้ว")


@dataclasses.dataclass(frozen=True)
class Evidence:
    """How and by whom an acknowledgment was given, besides what was shown."""

    channel: str = AcknowledgmentChannel.ONLINE
    recorded_by_id: int | None = None
    ip_address: str | None = None
    user_agent: str = ""
    paper_scan_id: int | None = None
    note: str = ""


def _check(requirement: Requirement, publication: VersionPublication, day: datetime.date):
    if requirement.version.superseded_at is not None:
        raise AcknowledgmentRefused(SUPERSEDED)
    if not requirement.person.is_active_on(day):
        raise AcknowledgmentRefused(PERSON_NOT_IN_POST)
    if publication.version_id != requirement.version_id:
        raise AcknowledgmentRefused(WRONG_TEXT)


def _chain_head(organisation_id: int) -> tuple[int, str]:
    """Lock the organisation's chain and return its last sequence number and hash.

    FOR NO KEY UPDATE: it serialises the organisation's acknowledgments and seals, but does not
    wait for a fan-out that is inserting requirements of the organisation (their foreign keys
    hold KEY SHARE locks on its row until the fan-out commits)."""
    Organisation.objects.select_for_update(no_key=True).only("pk").get(pk=organisation_id)
    last = (
        Acknowledgment.objects.filter(organisation_id=organisation_id)
        .order_by("-sequence")
        .only("sequence", "record_hash")
        .first()
    )
    return (last.sequence, last.record_hash) if last else (0, GENESIS_HASH)


def _scan_sha256(document_id: int | None) -> str:
    if document_id is None:
        return ""
    return file_sha256(get_document_model().objects.only("file").get(pk=document_id).file)


def acknowledgments_record(
    *,
    requirements: Iterable[Requirement],
    evidence: Evidence,
    publication: VersionPublication | None = None,
    at: datetime.datetime | None = None,
) -> tuple[list[Acknowledgment], list[Requirement]]:
    """Record acknowledgments of requirements of one organisation, chained, in one transaction.

    Returns (created, already acknowledged). Requirements already fulfilled are skipped, so a
    double click, a second tab or a resubmitted form never makes a second record. Raises
    AcknowledgmentRefused, writing nothing, when any requirement cannot be acknowledged.
    """
    at = at or timezone.now()
    day = timezone.localdate(at)
    with transaction.atomic():
        ids = [r.pk for r in requirements]
        locked = list(
            # Only the requirement rows: locking the joined person and version rows too would
            # wait for any fan-out inserting requirements that refer to them.
            Requirement.objects.select_for_update(of=("self",), no_key=True)
            .filter(pk__in=ids)
            .select_related("person", "version")
            .order_by("pk")
        )
        if len(locked) != len(set(ids)):
            raise AcknowledgmentRefused(NOT_ASSIGNED)
        organisation_ids = {r.organisation_id for r in locked}
        if len(organisation_ids) > 1:
            raise ValueError("requirements of one organisation at a time")
        publications = {}
        for requirement in locked:
            shown = publication or publications.get(requirement.version_id)
            if shown is None:
                shown = publications[requirement.version_id] = latest_publication(
                    requirement.version_id
                )
            _check(requirement, shown, day)
            requirement.shown = shown
        pending = [r for r in locked if r.fulfilled_at is None]
        done = [r for r in locked if r.fulfilled_at is not None]
        if not pending:
            return [], done
        # What must come first (a quiz to pass): refused, writing nothing, on the channels where
        # the person could have done it (gates.GATED_CHANNELS).
        blocked = blockers_for(pending) if evidence.channel in GATED_CHANNELS else {}
        if blocked:
            first = next(iter(blocked.values()))[0]
            raise AcknowledgmentRefused(first.message, **first.params)
        requirements_organisation = organisation_ids.pop()
        sequence, previous_hash = _chain_head(requirements_organisation)
        key_id = signing_key_id()
        scan_sha256 = _scan_sha256(evidence.paper_scan_id)
        created = []
        for requirement in pending:
            sequence += 1
            acknowledgment = Acknowledgment(
                organisation_id=requirement.organisation_id,
                sequence=sequence,
                person_id=requirement.person_id,
                version_id=requirement.version_id,
                requirement=requirement,
                revision_id=requirement.shown.revision_id,
                text_sha256=requirement.shown.text_sha256,
                acknowledged_at=at,
                channel=evidence.channel,
                recorded_by_id=evidence.recorded_by_id,
                ip_address=evidence.ip_address,
                user_agent=(evidence.user_agent or "")[:500],
                paper_scan_id=evidence.paper_scan_id,
                note=evidence.note,
                scan_sha256=scan_sha256,
                previous_hash=previous_hash,
                key_id=key_id,
            )
            acknowledgment.record_hash = previous_hash = acknowledgment.compute_hash()
            created.append(acknowledgment)
        try:
            Acknowledgment.objects.bulk_create(created, batch_size=1000)
        except IntegrityError as error:  # a concurrent request won the race for the same row
            raise AcknowledgmentRefused(ALREADY_RECORDED) from error
        figures_changed([requirements_organisation])
        Requirement.objects.filter(pk__in=[r.pk for r in pending]).update(fulfilled_at=at)
        for requirement in pending:
            requirement.fulfilled_at = at
        return created, done


def chain_seal_write(
    *, organisation_id: int, at: datetime.datetime | None = None
) -> ChainSeal | None:
    """Seal an organisation's chain head for the day: stored (signed, linked to the seal before),
    written to the log and, once committed, e-mailed to the organisation's auditor. None if the
    day is sealed already, so the task can run twice."""
    at = at or timezone.now()
    day = timezone.localdate(at)
    with transaction.atomic():
        # The same lock acknowledgments_record takes: no record is added while the head is read.
        organisation = Organisation.objects.select_for_update(no_key=True).get(pk=organisation_id)
        if ChainSeal.objects.filter(organisation=organisation, sealed_on=day).exists():
            return None
        previous = (
            ChainSeal.objects.filter(organisation=organisation)
            .order_by("-sealed_at", "-pk")
            .first()
        )
        count, last_sequence, head_hash = chain_head(organisation_id)
        seal = ChainSeal(
            organisation=organisation,
            previous=previous,
            sealed_on=day,
            sealed_at=at,
            count=count,
            last_sequence=last_sequence,
            head_hash=head_hash,
            key_id=signing_key_id(),
        )
        seal.signature = seal.compute_signature(previous.signature if previous else "")
        seal.save()
        logger.info(
            "chain seal organisation=%s day=%s seal=%s signature=%s",
            organisation.slug,
            day.isoformat(),
            seal.token,
            seal.signature,
        )
        if organisation.auditor_email:
            transaction.on_commit(lambda: _mail_seal(organisation, seal))
    return seal


def _mail_seal(organisation: Organisation, seal: ChainSeal) -> None:
    try:
        mail_message(
            to=organisation.auditor_email,
            subject_template="training/email/chain_seal_subject.txt",
            text_template="training/email/chain_seal_body.txt",
            context={"organisation": organisation, "seal": seal},
            reply_to=organisation.email,
        ).send()
    except Exception:  # the seal is stored and logged; the auditor can be sent it again
        logger.exception("chain seal mail to the auditor of %s failed", organisation.slug)
