"""What changed between two versions' texts, for a reader who acknowledged the older one.

The texts are what each version asked people to acknowledge (`acknowledgment_text()`), compared
line by line; a changed line is compared again character by character, since Thai is written
without spaces between words. Unchanged stretches are folded, keeping a line either side.
"""

import dataclasses
import difflib

CONTEXT_LINES = 1
# How alike two lines must be (difflib's ratio) to be shown as one line changed within.
SAME_LINE_RATIO = 0.6


@dataclasses.dataclass(frozen=True)
class Piece:
    text: str
    kind: str = "same"  # "same", "removed" or "added"


@dataclasses.dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]
    kind: str = "same"  # "same", "removed", "added", "changed" or "folded"


def _pieces(old: str, new: str) -> tuple[Piece, ...]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    pieces = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece(old[i1:i2]))
            continue
        if i2 > i1:
            pieces.append(Piece(old[i1:i2], "removed"))
        if j2 > j1:
            pieces.append(Piece(new[j1:j2], "added"))
    return tuple(pieces)


def _replaced(old_lines: list[str], new_lines: list[str]) -> list[Line]:
    """A stretch that differs: each old line paired, in order, with the first new line still
    unpaired that is mostly the same (a changed line); the rest removed or added."""
    lines: list[Line] = []
    j = 0
    for before in old_lines:
        match = next(
            (
                k
                for k in range(j, len(new_lines))
                if difflib.SequenceMatcher(None, before, new_lines[k], autojunk=False).ratio()
                >= SAME_LINE_RATIO
            ),
            None,
        )
        if match is None:
            lines.append(Line((Piece(before, "removed"),), "removed"))
            continue
        lines += [Line((Piece(text, "added"),), "added") for text in new_lines[j:match]]
        lines.append(Line(_pieces(before, new_lines[match]), "changed"))
        j = match + 1
    lines += [Line((Piece(text, "added"),), "added") for text in new_lines[j:]]
    return lines


def text_changes(old: str, new: str) -> list[Line]:
    """The lines of `new` against `old`: removed, added, changed (marked within) or folded."""
    old_lines = [line for line in old.splitlines() if line.strip()]
    new_lines = [line for line in new.splitlines() if line.strip()]
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    lines: list[Line] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same = old_lines[i1:i2]
            if len(same) > 2 * CONTEXT_LINES + 1:
                head = same[:CONTEXT_LINES] if lines else []
                tail = same[-CONTEXT_LINES:] if i2 < len(old_lines) else []
                lines += [Line((Piece(text),)) for text in head]
                lines.append(Line((), "folded"))
                lines += [Line((Piece(text),)) for text in tail]
            else:
                lines += [Line((Piece(text),)) for text in same]
        else:
            lines += _replaced(old_lines[i1:i2], new_lines[j1:j2])
    return lines


def has_changes(lines: list[Line]) -> bool:
    return any(line.kind not in ("same", "folded") for line in lines)
