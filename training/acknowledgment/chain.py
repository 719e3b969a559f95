"""The per-organisation hash chain of acknowledgments, and walking it to find what was altered."""

import dataclasses

from training.acknowledgment.models import Acknowledgment, Requirement
from training.register.models import Organisation

GENESIS_HASH = "0" * 64


@dataclasses.dataclass(frozen=True)
class ChainReport:
    organisation: Organisation
    checked: int
    first_broken_sequence: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.first_broken_sequence is None


def acknowledgment_chain_verify(
    *, organisation: Organisation, chunk_size: int = 5000
) -> ChainReport:
    """Walk an organisation's chain in order; name the first record altered, removed or inserted."""
    expected_sequence, previous_hash, checked = 1, GENESIS_HASH, 0
    rows = (
        Acknowledgment.objects.filter(organisation=organisation)
        .order_by("sequence")
        .iterator(chunk_size=chunk_size)
    )
    for row in rows:
        if row.sequence != expected_sequence:
            return ChainReport(
                organisation,
                checked,
                expected_sequence,
                f"record {expected_sequence} is missing (removed)",
            )
        if row.previous_hash != previous_hash:
            return ChainReport(
                organisation, checked, row.sequence, "link to the previous record is broken"
            )
        if row.compute_hash() != row.record_hash:
            return ChainReport(organisation, checked, row.sequence, "content was changed")
        previous_hash, expected_sequence, checked = (
            row.record_hash,
            expected_sequence + 1,
            checked + 1,
        )
    # The chain alone cannot see its last records removed; their fulfilled requirements can.
    orphan = (
        Requirement.objects.filter(
            organisation=organisation, fulfilled_at__isnull=False, acknowledgment__isnull=True
        )
        .select_related("person")
        .order_by("fulfilled_at")
        .first()
    )
    if orphan is not None:
        return ChainReport(
            organisation,
            checked,
            expected_sequence,
            f"the acknowledgment of requirement {orphan.pk} ({orphan.person}) is missing (removed)",
        )
    return ChainReport(organisation, checked)
