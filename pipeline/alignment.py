"""Text that remembers where every character came from.

`AlignedText` is a derived string (normalised, cleaned) plus, for each of its characters, the
`[start, end)` span of the original article it was produced from. Every edit keeps that map,
so any span of the derived text maps back to the exact characters of the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `[start, end)` of the current text by `replacement`.

    `attach` only matters for deletions: the deleted characters are added to the span of the
    character kept just before them (a diacritic belongs to its letter).
    """

    start: int
    end: int
    replacement: str
    attach: bool = False


class AlignedText:
    """A string whose characters each carry their span in the original text."""

    __slots__ = ("ends", "original_length", "starts", "text")

    def __init__(self, text: str, starts: list[int], ends: list[int], original_length: int):
        if not len(text) == len(starts) == len(ends):
            raise ValueError("text and offset arrays differ in length")
        self.text = text
        self.starts = starts
        self.ends = ends
        self.original_length = original_length

    @classmethod
    def identity(cls, text: str) -> AlignedText:
        """The original text itself: character i comes from [i, i+1)."""
        n = len(text)
        return cls(text, list(range(n)), list(range(1, n + 1)), n)

    def __len__(self) -> int:
        return len(self.text)

    def translate(self, table: dict[int, str]) -> AlignedText:
        """Apply a one-character-to-one-character mapping (offsets are unchanged)."""
        translated = self.text.translate(table)
        if len(translated) != len(self.text):
            raise ValueError("translate() needs a one-to-one character table")
        return AlignedText(translated, self.starts, self.ends, self.original_length)

    def sub(
        self,
        pattern: re.Pattern[str],
        replacement: str | Callable[[re.Match[str]], str],
        attach: bool = False,
    ) -> AlignedText:
        """Like `re.sub`, keeping the offset map."""
        edits = []
        for match in pattern.finditer(self.text):
            new = replacement if isinstance(replacement, str) else replacement(match)
            if new != match.group(0):
                edits.append(Edit(match.start(), match.end(), new, attach))
        return self.edit(edits)

    def edit(self, edits: Iterable[Edit]) -> AlignedText:
        """Apply sorted, non-overlapping edits (in current coordinates)."""
        text, starts, ends = self.text, self.starts, self.ends
        out_text: list[str] = []
        out_starts: list[int] = []
        out_ends: list[int] = []
        position = 0
        emitted_up_to = -1  # current-text index just after the last emitted character
        changed = False
        for edit in edits:
            if edit.start < position or edit.end < edit.start:
                raise ValueError(f"edits overlap or are unsorted at {edit.start}")
            changed = True
            out_text.append(text[position : edit.start])
            out_starts.extend(starts[position : edit.start])
            out_ends.extend(ends[position : edit.start])
            if edit.start > position:
                emitted_up_to = edit.start
            emitted_up_to = self._apply_one(edit, emitted_up_to, out_text, out_starts, out_ends)
            position = edit.end
        if not changed:
            return self
        out_text.append(text[position:])
        out_starts.extend(starts[position:])
        out_ends.extend(ends[position:])
        return AlignedText("".join(out_text), out_starts, out_ends, self.original_length)

    def _apply_one(
        self,
        edit: Edit,
        emitted_up_to: int,
        out_text: list[str],
        out_starts: list[int],
        out_ends: list[int],
    ) -> int:
        """Emit one edit; return the new `emitted_up_to`."""
        starts, ends = self.starts, self.ends
        width = edit.end - edit.start
        if not edit.replacement:
            if edit.attach and out_ends and emitted_up_to == edit.start and width:
                out_ends[-1] = ends[edit.end - 1]
                return edit.end
            return emitted_up_to
        out_text.append(edit.replacement)
        if len(edit.replacement) == width:
            out_starts.extend(starts[edit.start : edit.end])
            out_ends.extend(ends[edit.start : edit.end])
            return edit.end
        if width:
            span_start, span_end = starts[edit.start], ends[edit.end - 1]
        else:  # an insertion has no source characters: anchor it to the next one (or the end)
            span_start = span_end = self._position_to_original(edit.start)
        out_starts.extend([span_start] * len(edit.replacement))
        out_ends.extend([span_end] * len(edit.replacement))
        return edit.end

    def _position_to_original(self, position: int) -> int:
        if position < len(self.starts):
            return self.starts[position]
        return self.ends[-1] if self.ends else 0

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a `[start, end)` span of this text to the original text."""
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span [{start}, {end}) outside text of length {len(self.text)}")
        if start == end:
            anchor = self._position_to_original(start)
            return anchor, anchor
        return self.starts[start], self.ends[end - 1]
