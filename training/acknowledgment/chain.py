"""The per-organisation chain of acknowledgments and its seals, and walking them to find what was
altered, removed, inserted or swapped."""

import dataclasses
import re

from wagtail.documents import get_document_model
from wagtail.models import Revision

from training.acknowledgment.keys import LEGACY_KEY_ID, UnknownChainKey, same_hash
from training.acknowledgment.models import (
    Acknowledgment,
    ChainSeal,
    Requirement,
    file_sha256,
    text_sha256,
)
from training.register.models import Organisation

GENESIS_HASH = "0" * 64
TOKEN = re.compile(r"^(\d+):(\d+):([0-9a-f]{64})$")


@dataclasses.dataclass(frozen=True)
class SealToken:
    """A chain head as a seal states it: count:last sequence:head hash (what the auditor keeps)."""

    count: int
    last_sequence: int
    head_hash: str
    source: str = ""

    @classmethod
    def parse(cls, text: str, *, source: str = "") -> "SealToken":
        match = TOKEN.match(text.strip().lower())
        if match is None:
            raise ValueError(text)
        return cls(int(match[1]), int(match[2]), match[3], source or text.strip())


@dataclasses.dataclass(frozen=True)
class ChainReport:
    organisation: Organisation
    checked: int
    first_broken_sequence: int | None = None
    problem: str = ""
    seals_checked: int = 0

    @property
    def intact(self) -> bool:
        return not self.problem


class _Broken(Exception):
    def __init__(self, sequence, problem):
        super().__init__(problem)
        self.sequence, self.problem = sequence, problem


def _seals_on_record(organisation: Organisation) -> tuple[list[SealToken], int | None]:
    """The organisation's seals as tokens, once their signatures and links are checked, and the
    last sequence up to which unkeyed (legacy) records are pinned."""
    seals = list(ChainSeal.objects.filter(organisation=organisation).order_by("sealed_at", "pk"))
    tokens, previous, legacy_through = [], None, None
    for seal in seals:
        label = f"the seal of {seal.sealed_on.isoformat()}"
        if seal.previous_id != (previous.pk if previous else None):
            raise _Broken(
                None,
                f"{label} does not follow the seal before it (a seal was removed or inserted)",
            )
        try:
            signature = seal.compute_signature(previous.signature if previous else "")
        except UnknownChainKey:
            signature = ""
        if not same_hash(signature, seal.signature):
            raise _Broken(None, f"{label} has a wrong signature (forged)")
        if seal.legacy:
            if previous is not None:
                raise _Broken(
                    None,
                    f"{label} claims to pin unkeyed records but is not the first seal",
                )
            legacy_through = seal.last_sequence
        tokens.append(SealToken(seal.count, seal.last_sequence, seal.head_hash, label))
        previous = seal
    return tokens, legacy_through


class _Contents:
    """Re-hashes what each record says was shown and scanned, once per revision and per file."""

    def __init__(self):
        self.texts, self.scans = {}, {}

    def text(self, revision_id: int) -> str:
        if revision_id not in self.texts:
            revision = Revision.objects.filter(pk=revision_id).first()
            self.texts[revision_id] = (
                text_sha256(revision.as_object().acknowledgment_text()) if revision else ""
            )
        return self.texts[revision_id]

    def scan(self, document_id: int) -> str:
        if document_id not in self.scans:
            document = get_document_model().objects.filter(pk=document_id).first()
            try:
                self.scans[document_id] = file_sha256(document.file) if document else ""
            except OSError:
                self.scans[document_id] = ""
        return self.scans[document_id]


def _check_record(row: Acknowledgment, legacy_through: int | None, contents: _Contents):
    if row.key_id == LEGACY_KEY_ID and (legacy_through is None or row.sequence > legacy_through):
        raise _Broken(row.sequence, "signed with no key after the chain was keyed (inserted)")
    try:
        link = row.compute_hash()
    except UnknownChainKey:
        raise _Broken(
            row.sequence,
            f"signed with key {row.key_id!r}, which is not configured",
        ) from None
    if not same_hash(link, row.record_hash):
        raise _Broken(row.sequence, "content was changed (the keyed hash does not match)")
    if contents.text(row.revision_id) != row.text_sha256:
        raise _Broken(row.sequence, "the text of the revision shown was changed")
    # A legacy record did not keep its scan's hash; its scan is pinned by id only.
    keeps_scan = row.paper_scan_id is not None and row.key_id != LEGACY_KEY_ID
    if keeps_scan and contents.scan(row.paper_scan_id) != row.scan_sha256:
        raise _Broken(row.sequence, "the scanned sheet's file was replaced or is missing")


def _walk(organisation, checkpoints, legacy_through, chunk_size) -> int:
    expected_sequence, previous_hash, checked = 1, GENESIS_HASH, 0
    contents = _Contents()
    rows = (
        Acknowledgment.objects.filter(organisation=organisation)
        .order_by("sequence")
        .iterator(chunk_size=chunk_size)
    )
    for row in rows:
        if row.sequence != expected_sequence:
            raise _Broken(expected_sequence, f"record {expected_sequence} is missing (removed)")
        if row.previous_hash != previous_hash:
            raise _Broken(row.sequence, "link to the previous record is broken")
        _check_record(row, legacy_through, contents)
        checked += 1
        for token in checkpoints.get(row.sequence, ()):
            if token.count != checked or not same_hash(token.head_hash, row.record_hash):
                raise _Broken(
                    row.sequence,
                    f"{token.source} disagrees: it sealed {token.count} records ending in "
                    f"{token.head_hash[:16]}…",
                )
        previous_hash, expected_sequence = row.record_hash, expected_sequence + 1
    return checked


def _check_requirements(organisation: Organisation, next_sequence: int):
    """Fulfilled requirements without an acknowledgment (removed records), and acknowledgments
    whose requirement is not fulfilled (a requirement reset to be asked for again)."""
    orphan = (
        Requirement.objects.filter(
            organisation=organisation, fulfilled_at__isnull=False, acknowledgment__isnull=True
        )
        .select_related("person")
        .order_by("fulfilled_at")
        .first()
    )
    if orphan is not None:
        raise _Broken(
            next_sequence,
            f"the acknowledgment of requirement {orphan.pk} ({orphan.person}) is missing (removed)",
        )
    reset = (
        Acknowledgment.objects.filter(
            organisation=organisation, requirement__fulfilled_at__isnull=True
        )
        .order_by("sequence")
        .values_list("sequence", "requirement_id")
        .first()
    )
    if reset is not None:
        raise _Broken(
            reset[0],
            f"record {reset[0]}'s requirement {reset[1]} is no longer marked fulfilled (reset)",
        )


def acknowledgment_chain_verify(
    *, organisation: Organisation, seals: list[SealToken] = (), chunk_size: int = 5000
) -> ChainReport:
    """Walk an organisation's chain in order against its seals on record and the seals given (by
    the auditor); name the first record altered, removed, inserted or that a seal disagrees with."""
    checked, seals_checked = 0, 0
    try:
        on_record, legacy_through = _seals_on_record(organisation)
        tokens = [*on_record, *seals]
        seals_checked = len(tokens)
        checkpoints = {}
        for token in tokens:
            checkpoints.setdefault(token.last_sequence, []).append(token)
        checked = _walk(organisation, checkpoints, legacy_through, chunk_size)
        beyond = [token for token in tokens if token.last_sequence > checked]
        if beyond:
            token = max(beyond, key=lambda t: t.last_sequence)
            raise _Broken(
                checked + 1,
                f"{token.source} sealed {token.count} records up to {token.last_sequence}; "
                f"records after {checked} are missing (removed)",
            )
        _check_requirements(organisation, checked + 1)
    except _Broken as broken:
        return ChainReport(organisation, checked, broken.sequence, broken.problem, seals_checked)
    return ChainReport(organisation, checked, seals_checked=seals_checked)


def chain_head(organisation_id: int) -> tuple[int, int, str]:
    """(count, last sequence, hash) of an organisation's chain as it stands."""
    last = (
        Acknowledgment.objects.filter(organisation_id=organisation_id)
        .order_by("-sequence")
        .only("sequence", "record_hash")
        .first()
    )
    if last is None:
        return 0, 0, GENESIS_HASH
    return (
        Acknowledgment.objects.filter(organisation_id=organisation_id).count(),
        last.sequence,
        last.record_hash,
    )
