"""What must happen before someone may acknowledge: conditions that concerns above this layer add.

A concern that builds on acknowledgments (the knowledge checks: "pass this quiz first") cannot be
imported here without a cycle, so it registers a gate at start-up (training.apps). The service
`acknowledgments_record` refuses a requirement that any gate blocks, and the acknowledge box says
why, with a link to what unblocks it.

Gates hold only where the person acknowledges for themselves while logged in (`GATED_CHANNELS`),
where they can do what unblocks it. A council member acknowledging through a signed link has no
login to take a quiz with, and paper is recorded by HR from a signature already given: neither is
blocked (the quiz form says so).
"""

import dataclasses
from collections.abc import Callable, Iterable

from training.acknowledgment.models import AcknowledgmentChannel

GATED_CHANNELS = frozenset({AcknowledgmentChannel.ONLINE, AcknowledgmentChannel.BRIEFING})


@dataclasses.dataclass(frozen=True)
class Blocker:
    """Why a requirement cannot be acknowledged yet, worded for the person, and where to go."""

    message: str  # a lazy Thai msgid, %-formatted with `params` (bilingual in a refusal)
    params: dict = dataclasses.field(default_factory=dict)
    url: str = ""
    link_text: str = ""

    @property
    def text(self) -> str:
        """The message in the current language."""
        return str(self.message) % self.params if self.params else str(self.message)


# A gate takes requirements (with `person` and `version` loaded) and returns the blockers of
# those it blocks, keyed by requirement pk; it must run a constant number of queries.
Gate = Callable[[list], dict[int, list[Blocker]]]

_gates: dict[str, Gate] = {}


def register_gate(name: str, gate: Gate) -> None:
    """Add (or replace, by name: start-up may run twice) a gate."""
    _gates[name] = gate


def blockers_for(requirements: Iterable) -> dict[int, list[Blocker]]:
    """Every gate's blockers of these requirements, keyed by requirement pk (absent: none)."""
    requirements = list(requirements)
    found: dict[int, list[Blocker]] = {}
    if not requirements:
        return found
    for gate in _gates.values():
        for pk, blockers in gate(requirements).items():
            found.setdefault(pk, []).extend(blockers)
    return found
