"""The note log's rows as text: an entry, its columns for a width, and word-wrapping by cells.

Pure layout, no widget: the log (ui/note_log.NoteLog) draws these rows, and its layout worker
measures them (Columns.height) from a thread; the review list wraps its rows with wrap_cells too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rich.cells import cell_len

from ppei_tui.domain.session import Note
from ppei_tui.domain.values import compared
from ppei_tui.ui.shown import on_screen
from ppei_tui.ui.widgets import describe_tags

STATUS_MARKS = {"pending": "…", "saved": "✓", "unsaved": "✗"}
TIME_WIDTH = 8
STATUS_WIDTH = 2


def wrap_cells(text: str, width: int) -> list[str]:
    """Word-wrap `text` to lines of at most `width` terminal cells (long words are split).

    One line for text that fits; never an empty list. Widths are cells (rich.cells), so CJK
    and emoji wrap by how wide they draw, not by their number of code points. Plain ASCII, by
    far the commonest note, is wrapped by one regular expression (laying out 10,000 notes on
    resume must take milliseconds, not seconds).
    """
    width = max(1, width)
    if len(text) <= width and text.isascii():
        return [text]
    if text.isascii():
        matched = [a or b for a, b in _ascii_wrapper(width).findall(text)]
        return matched or [""]
    if cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        size = cell_len(word)
        if used and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if used or line:
            lines.append(line)
            line, used = "", 0
        while size > width:  # a word longer than the column: split it by cells
            head, rest = _split_cells(word, width)
            lines.append(head)
            word, size = rest, cell_len(rest)
        line, used = word, size
    lines.append(line)
    return lines


@lru_cache(maxsize=64)
def _ascii_wrapper(width: int) -> re.Pattern[str]:
    """Greedy: the longest run of up to `width` characters ending before a space (or the end),
    else `width` characters of an over-long word; spaces between lines are dropped."""
    return re.compile(rf"(\S.{{0,{width - 1}}})(?= |$) *|(\S{{{width}}}) *")


def _split_cells(word: str, width: int) -> tuple[str, str]:
    used = 0
    for index, char in enumerate(word):
        used += cell_len(char)
        if used > width:
            return word[: max(1, index)], word[max(1, index) :]
    return word, ""


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(slots=True, repr=False, eq=False)  # slots: 10,000 of them are made when a long session is resumed
class LogEntry:
    """One row of the log: a note (note is set) or a meeting event marker (label is set)."""

    key: str
    offset: float
    note: Note | None = None
    label: str = ""
    status: str = "saved"
    version: int = 0  # bumped on every change so its cached lines are redrawn

    def tags_text(self) -> str:
        return describe_tags(self.note) if self.note is not None else ""

    def body_text(self) -> str:
        if self.note is None:
            return f"── {on_screen(self.label)} ──"
        text = on_screen(self.note.text.replace("\n", " ⏎ "))  # VS16 pairs drawn as their width
        return ("UNSAVED  " + text) if self.status == "unsaved" else text


class Columns(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    """Column widths for one log width; the tags column grows with the terminal."""

    number: int
    tags: int
    text: int

    @classmethod
    def for_width(cls, width: int, largest_id: int) -> Columns:
        number = len(str(max(1, largest_id))) + 1
        fixed = number + TIME_WIDTH + 1 + STATUS_WIDTH + 1
        tags = max(12, min(48, (width - fixed) * 3 // 10))
        return cls(number, tags, max(10, width - fixed - tags - 1))

    def height(self, entry: LogEntry) -> int:
        """Lines the entry takes in these columns. Reads only the entry and its note, so the
        layout worker may call it from its thread."""
        if entry.note is None:
            return 1
        return max(
            len(wrap_cells(entry.tags_text(), self.tags)), len(wrap_cells(entry.body_text(), self.text))
        )


def pad_cells(text: str, width: int) -> str:
    """`text` with spaces after it up to `width` terminal cells (none if it is as wide)."""
    return text + " " * max(0, width - cell_len(text))
