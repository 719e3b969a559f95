"""Small-cell suppression for published tables: no count of fewer than five people can be read
off the page, directly or by arithmetic.

A table is a set of cells (counts) and lines (a total and the parts it is the sum of: a row, a
column, a total of totals, a sum across two tables). The rule, decided exactly:

1. *Primary*: every count from 0 to 4 is shown as "< 5" (zero too, so that "< 5" says nothing
   more than it shows).
2. *What a reader can work out* is worked out exactly, not estimated: a reader knows every shown
   cell, that a "< 5" cell is 0-4, that a withheld cell is 5 or more, that an unpublished cell is
   0 or more, and that every line adds up. A hidden cell is *pinned* when every table of whole
   numbers that fits all of that has the same value in that cell. The check is a search over the
   hidden cells' joint values (`_feasible`: split a cell's range in two, narrow every range by the
   lines, until each cell has one value or a range is empty), which is exact because the cells are
   whole numbers; the true table always fits, so a cell is pinned unless some other fitting table
   gives it another value.
3. *Complementary*: first, wherever a line has exactly one hidden cell, the smallest shown cell
   of that line is withheld too (the quick case of a pinned cell). Then, while any "< 5" or
   withheld cell is pinned, the smallest shown cell of the lines the pinned cells are in (a part
   or a total) is withheld, and 2 is asked again; when those lines have no shown cell left, the
   smallest shown cell of any line. Each round hides one more cell, so it ends; it ends with no
   "< 5" or withheld cell pinned.

Unpublished cells (counts of a document nobody may read) are never shown and never checked: the
page does not say what they are. The ranges a reader can work out of each hidden cell are kept
(`bounds`, exact as well) so that a rate can be shown as the range the reader could work out
anyway.

The search is kept short by two limits that can only make it stricter: every cell is taken to
be at most the largest count of the table (the true table still fits), and a search that runs
past `SEARCH_BUDGET` steps (passes over the lines) counts as "pinned" (so one more cell is
withheld) or, for `bounds`, falls back to the ranges the lines alone give (wider, so a rate says
less).
"""

import dataclasses
import enum
import math
from collections.abc import Hashable, Iterable

SMALL_CELL = 5
SEARCH_BUDGET = 20_000


class CellState(enum.Enum):
    SHOWN = "shown"
    SMALL = "small"  # fewer than SMALL_CELL people: shown as "< 5"
    WITHHELD = "withheld"  # complementary suppression: 5 or more, not shown
    UNPUBLISHED = "unpublished"  # never on the page (e.g. an internal document's counts)


CHECKED = (CellState.SMALL, CellState.WITHHELD)


@dataclasses.dataclass
class Suppressed:
    states: dict[Hashable, CellState]
    bounds: dict[Hashable, tuple[float, float]]

    def state(self, key) -> CellState:
        return self.states[key]

    def is_shown(self, key) -> bool:
        return self.states[key] is CellState.SHOWN


class _OutOfBudget(Exception):
    pass


Ranges = dict[Hashable, tuple[int, int]]


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
            pinned = [
                key
                for key, state in states.items()
                if state in CHECKED and self._pinned(key, states)
            ]
            if not pinned:
                return Suppressed(states, self._exact_bounds(states))
            beside = {
                cell
                for total, parts in self.lines
                if any(key in (total, *parts) for key in pinned)
                for cell in (total, *parts)
            }
            if not self._withhold_smallest(beside, states) and not self._withhold_smallest(
                {cell for total, parts in self.lines for cell in (total, *parts)}, states
            ):
                # Every cell of every line is hidden already: the page shows nothing more
                # that could be withheld, so what a reader can pin is what the states say.
                return Suppressed(states, self._exact_bounds(states))

    def _complete_lines(self, states) -> bool:
        """Withhold a second cell wherever a line has exactly one hidden cell: the quick case of
        a pinned cell (subtracting the shown cells from the total gives it back)."""
        changed = False
        for total, parts in self.lines:
            cells = (total, *parts)
            unknown = [key for key in cells if states[key] is not CellState.SHOWN]
            if len(unknown) == 1 and states[unknown[0]] in CHECKED:
                changed |= self._withhold_smallest(cells, states)
        return changed

    def _withhold_smallest(self, cells, states) -> bool:
        shown = [key for key in cells if states[key] is CellState.SHOWN]
        if not shown:
            return False
        smallest = min(shown, key=lambda key: (self.values[key], str(key)))
        states[smallest] = CellState.WITHHELD
        return True

    # --- what a reader can work out --------------------------------------------------------

    def _cap(self) -> int:
        return max([SMALL_CELL, *self.values.values()])

    def _start(self, states, cap: int | None = None) -> Ranges:
        """What the page says of each cell, before any arithmetic (at most `cap` each)."""
        cap = cap or self._cap()
        start = {
            CellState.SMALL: (0, SMALL_CELL - 1),
            CellState.WITHHELD: (SMALL_CELL, cap),
            CellState.UNPUBLISHED: (0, cap),
        }
        return {
            key: (self.values[key],) * 2 if state is CellState.SHOWN else start[state]
            for key, state in states.items()
        }

    def _narrow(self, ranges: Ranges, budget: list[int]) -> Ranges | None:
        """The ranges narrowed by the lines until nothing changes; None when nothing fits.
        Each pass over the lines is a step of `budget`."""
        ranges = dict(ranges)
        changed = True
        while changed:
            changed = False
            budget[0] -= 1
            if budget[0] < 0:
                raise _OutOfBudget
            for total, parts in self.lines:
                low_sum = sum(ranges[p][0] for p in parts)
                high_sum = sum(ranges[p][1] for p in parts)
                lo, hi = ranges[total]
                narrowed = (max(lo, low_sum), min(hi, high_sum))
                if narrowed[0] > narrowed[1]:
                    return None
                if narrowed != (lo, hi):
                    ranges[total], changed = narrowed, True
                total_lo, total_hi = ranges[total]
                for part in parts:
                    own_lo, own_hi = ranges[part]
                    narrowed = (
                        max(own_lo, total_lo - (high_sum - own_hi)),
                        min(own_hi, total_hi - (low_sum - own_lo)),
                    )
                    if narrowed[0] > narrowed[1]:
                        return None
                    if narrowed != (own_lo, own_hi):
                        ranges[part], changed = narrowed, True
                        low_sum += narrowed[0] - own_lo
                        high_sum += narrowed[1] - own_hi
        return ranges

    def _feasible(self, ranges: Ranges, budget: list[int]) -> bool:
        """Whether some table of whole numbers within `ranges` makes every line add up."""
        narrowed = self._narrow(ranges, budget)
        if narrowed is None:
            return False
        open_ = [key for key, (lo, hi) in narrowed.items() if lo < hi]
        if not open_:
            return True  # every cell has one value and _narrow found every line adds up
        key = min(open_, key=lambda k: (narrowed[k][1] - narrowed[k][0], str(k)))
        lo, hi = narrowed[key]
        middle = (lo + hi) // 2
        return self._feasible({**narrowed, key: (lo, middle)}, budget) or self._feasible(
            {**narrowed, key: (middle + 1, hi)}, budget
        )

    def _fits(self, ranges: Ranges, key, lo: int, hi: int) -> bool | None:
        """Whether a table fits with `key` in lo..hi; None when the search ran out of steps."""
        own_lo, own_hi = ranges[key]
        lo, hi = max(lo, own_lo), min(hi, own_hi)
        if lo > hi:
            return False
        try:
            return self._feasible({**ranges, key: (lo, hi)}, [SEARCH_BUDGET])
        except _OutOfBudget:
            return None

    def _pinned(self, key, states) -> bool:
        """Whether every table the page allows gives `key` its true value (out of steps: yes)."""
        ranges = self._start(states)
        value = self.values[key]
        for lo, hi in ((ranges[key][0], value - 1), (value + 1, ranges[key][1])):
            if self._fits(ranges, key, lo, hi):
                return False
        return True

    def _exact_bounds(self, states) -> dict[Hashable, tuple[float, float]]:
        """The least and greatest value each cell can take in a table the page allows; a
        greatest that grows when every cell may be twice as large has no bound (inf)."""
        cap = self._cap()
        bounds: dict[Hashable, tuple[float, float]] = {}
        for key, state in states.items():
            value = self.values[key]
            if state is CellState.SHOWN:
                bounds[key] = (value, value)
                continue
            least, greatest = self._range_of(key, states, cap)
            if state is not CellState.SMALL and greatest != self._range_of(key, states, 2 * cap)[1]:
                greatest = math.inf
            bounds[key] = (least, greatest)
        return bounds

    def _range_of(self, key, states, cap: int) -> tuple[int, int]:
        start = self._start(states, cap)
        try:
            # The true table fits, so this is never None.
            narrowed = self._narrow(start, [SEARCH_BUDGET]) or start
        except _OutOfBudget:
            narrowed = start
        value = self.values[key]
        lo, hi = narrowed[key]
        # The least: binary search for the lowest m with a fitting table that has key <= m.
        low, high = lo, value
        while low < high:
            middle = (low + high) // 2
            fits = self._fits(start, key, lo, middle)
            if fits is None:
                low = lo
                break
            low, high = (low, middle) if fits else (middle + 1, high)
        least = low
        low, high = value, hi
        while low < high:
            middle = (low + high + 1) // 2
            fits = self._fits(start, key, middle, hi)
            if fits is None:
                high = hi
                break
            low, high = (middle, high) if fits else (low, middle - 1)
        return least, high
