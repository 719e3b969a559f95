"""Small-cell suppression for published tables: no count of fewer than five people can be read
off the page, directly or by arithmetic.

A table is a set of cells (counts) and lines (a total and the parts it is the sum of: a row, a
column, a total of totals, a sum across two tables). Every count from 0 to 4 is shown as "< 5"
(primary suppression; zero too, so that "< 5" says nothing more than it shows). Where a line
has exactly one unknown, subtracting the shown cells from the shown total would give it back, so
the next smallest shown cell of that line is withheld too (complementary suppression). Then
what a reader can work out is worked out, as a reader would: every cell is given the range the
page allows (shown: its value; "< 5": 0-4; withheld: 5 or more; not published: any) and the
lines narrow those ranges until nothing changes. While a suppressed cell is still pinned to one
value, one more cell of one of its lines is withheld. What is left has no suppressed cell with
a single possible value; the ranges are kept (`bounds`) so that a rate can be shown as the
range the reader could work out anyway.
"""

import dataclasses
import enum
import math
from collections.abc import Hashable, Iterable

SMALL_CELL = 5


class CellState(enum.Enum):
    SHOWN = "shown"
    SMALL = "small"  # fewer than SMALL_CELL people: shown as "< 5"
    WITHHELD = "withheld"  # complementary suppression: 5 or more, not shown
    UNPUBLISHED = "unpublished"  # never on the page (e.g. an internal document's counts)


@dataclasses.dataclass
class Suppressed:
    states: dict[Hashable, CellState]
    bounds: dict[Hashable, tuple[float, float]]

    def state(self, key) -> CellState:
        return self.states[key]

    def is_shown(self, key) -> bool:
        return self.states[key] is CellState.SHOWN


class Grid:
    """Cells and the lines that bind them; `suppress()` says what may be shown."""

    def __init__(self):
        self.values: dict[Hashable, int] = {}
        self.published: dict[Hashable, bool] = {}
        self.lines: list[tuple[Hashable, tuple[Hashable, ...]]] = []

    def cell(self, key: Hashable, value: int, *, published: bool = True) -> None:
        self.values[key] = value
        self.published[key] = published

    def line(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        """`total` is the sum of `parts` (all of them cells of this grid)."""
        self.lines.append((total, tuple(parts)))

    # --- the suppression -----------------------------------------------------------------

    def suppress(self) -> Suppressed:
        states = {
            key: (
                CellState.UNPUBLISHED
                if not self.published[key]
                else CellState.SMALL
                if value < SMALL_CELL
                else CellState.SHOWN
            )
            for key, value in self.values.items()
        }
        while True:
            if self._complete_lines(states):
                continue
            bounds = self._bounds(states)
            pinned = [
                key
                for key, state in states.items()
                if state in (CellState.SMALL, CellState.WITHHELD)
                and bounds[key][0] == bounds[key][1]
            ]
            if not any(self._withhold_beside(key, states) for key in pinned):
                return Suppressed(states, bounds)

    def _withhold_next_smallest(self, cells, states) -> bool:
        shown = [key for key in cells if states[key] is CellState.SHOWN]
        if not shown:
            return False
        smallest = min(shown, key=lambda key: (self.values[key], str(key)))
        states[smallest] = CellState.WITHHELD
        return True

    def _complete_lines(self, states) -> bool:
        """Withhold a second cell wherever a line has exactly one unknown."""
        changed = False
        for total, parts in self.lines:
            cells = (total, *parts)
            unknown = [key for key in cells if states[key] is not CellState.SHOWN]
            if len(unknown) == 1 and states[unknown[0]] is not CellState.UNPUBLISHED:
                changed |= self._withhold_next_smallest(cells, states)
        return changed

    def _withhold_beside(self, key, states) -> bool:
        for total, parts in self.lines:
            cells = (total, *parts)
            if key in cells and self._withhold_next_smallest(cells, states):
                return True
        return False

    def _bounds(self, states) -> dict[Hashable, tuple[float, float]]:
        """What a reader of the page can work out of each cell: ranges narrowed by the lines."""
        start = {
            CellState.SMALL: (0, SMALL_CELL - 1),
            CellState.WITHHELD: (SMALL_CELL, math.inf),
            CellState.UNPUBLISHED: (0, math.inf),
        }
        bounds = {
            key: (self.values[key],) * 2 if state is CellState.SHOWN else start[state]
            for key, state in states.items()
        }
        changed = True
        while changed:
            changed = False
            for total, parts in self.lines:
                lo, hi = bounds[total]
                narrowed = (
                    max(lo, sum(bounds[p][0] for p in parts)),
                    min(hi, sum(bounds[p][1] for p in parts)),
                )
                if narrowed != bounds[total]:
                    bounds[total], changed = narrowed, True
                for index, part in enumerate(parts):
                    others = parts[:index] + parts[index + 1 :]
                    own_lo, own_hi = bounds[part]
                    narrowed = (
                        max(own_lo, bounds[total][0] - sum(bounds[p][1] for p in others)),
                        min(own_hi, bounds[total][1] - sum(bounds[p][0] for p in others)),
                    )
                    if narrowed != bounds[part]:
                        bounds[part], changed = narrowed, True
        return bounds
