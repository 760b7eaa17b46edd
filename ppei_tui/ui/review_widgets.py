"""Widgets for reviewing: a virtual notes list (only visible rows are drawn, so a
10,000-note session scrolls and filters instantly) and the map as a table of selectable cells
(MapGrid, in review_map.py: it lays large frameworks out in bands).

A row of the list is one note: its number, time, agenda item, speaker, kind, seen/inferred,
its tags in full (wrapped in their column, as the observe log does) and its text (wrapped to
the lines the tags take, at least two; the detail pane shows all of it). The highlighted row
is marked `▶` and drawn in the cursor style across its whole width (reverse video when
NO_COLOR drops colours); a deleted note is struck through and says `deleted`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ppei_tui.domain.session import Note, format_offset
from ppei_tui.ui.note_log_rows import wrap_cells
from ppei_tui.ui.review_map import MapGrid as MapGrid  # re-exported: it lived here before review_map.py
from ppei_tui.ui.shown import on_screen
from ppei_tui.ui.widgets import describe_tags, evidence_cell

KIND_SHORT = {"observation": "obs", "quote": "quote", "reflection": "refl"}
CURSOR_MARK = "▶"
DELETED_MARK = "deleted"
TEXT_LINES = 2  # a note's text takes at least this many lines when it needs them


@dataclass(frozen=True)
class RowColumns:
    """Column widths (cells) of the notes list at one width. Narrow lists drop the speaker
    column (the tags show `@speaker`) and shorten the agenda item; the tags column is as wide
    as the widest tags need, up to 45% of what is left, and the note's text takes the rest."""

    number: int
    agenda: int
    speaker: int
    tags: int
    text: int

    MARK = 2
    TIME = 7
    KIND = 5
    EVIDENCE = 4

    @classmethod
    def for_width(cls, width: int, largest_id: int, widest_tags: int) -> RowColumns:
        number = max(3, len(str(max(1, largest_id))))
        agenda, speaker = (20, 12) if width >= 150 else (16, 10) if width >= 120 else (12, 0)
        fixed = cls.MARK + sum(w + 1 for w in (number, cls.TIME, agenda, cls.KIND, cls.EVIDENCE))
        fixed += speaker + 1 if speaker else 0
        free = max(24, width - fixed)
        tags = max(12, min(widest_tags, free * 45 // 100))
        return cls(number, agenda, speaker, tags, max(10, free - tags - 1))

    def header(self) -> str:
        cells = [(" " * (self.MARK - 1) + "no.").ljust(self.MARK + self.number)[: self.MARK + self.number]]
        cells.append(_fit("time", self.TIME))
        cells.append(_fit("agenda item", self.agenda))
        if self.speaker:
            cells.append(_fit("speaker", self.speaker))
        cells += [_fit("kind", self.KIND), _fit("ev.", self.EVIDENCE), _fit("tags", self.tags), "note"]
        return " ".join(cells)


def _fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: padded, or cut with … when longer."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    out, used = "", 0
    for char in text:
        if used + cell_len(char) > width - 1:
            break
        out, used = out + char, used + cell_len(char)
    return out + "…" + " " * (width - 1 - used)


def header_text(columns: RowColumns | None = None) -> str:
    """The list's column heading at `columns` (default: a 120-cell list)."""
    return (columns or RowColumns.for_width(120, 1, 28)).header()


class NotesView(ScrollView, can_focus=True):
    """The filtered notes, one row each (a row may take several lines); the highlighted note
    is `cursor`. `starts[i]` is the first line of row i, `starts[-1]` the number of lines."""

    COMPONENT_CLASSES = {"notes-view--cursor", "notes-view--tags", "notes-view--deleted", "notes-view--muted"}
    DEFAULT_CSS = """
    NotesView {
        & > .notes-view--cursor {
            background: $block-cursor-blurred-background; color: $foreground; text-style: bold;
        }
        &:focus > .notes-view--cursor {
            background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
        }
        & > .notes-view--tags { color: $accent; }
        & > .notes-view--muted { color: $text-muted; }
        & > .notes-view--deleted { color: $text-muted; text-style: strike; }
    }
    """

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    class Highlighted(Message):
        def __init__(self, note: Note | None):
            super().__init__()
            self.note = note

    class ColumnsChanged(Message):
        """The column widths changed (a resize, a longer tag): the heading must follow."""

        def __init__(self, columns: RowColumns):
            super().__init__()
            self.columns = columns

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.notes: list[Note] = []
        self.cursor = 0
        self.columns = RowColumns.for_width(120, 1, 12)
        self.starts: list[int] = [0]
        self._largest_id = 1
        self._widest_tags = 12
        # Per note (by id): (its number of changes, its tags text); a change adds history.
        self._tags: dict[int, tuple[int, str]] = {}
        self._heights: dict[tuple[int, int], tuple[int, int]] = {}  # (id, changes) -> (text cols, lines)

    # --- content ----------------------------------------------------------------------------
    def set_notes(self, notes: list[Note], row: int | None = None) -> None:
        """Show `notes` with the cursor on `row` (the highlighted note's row in them, found
        off the UI thread), or on the same row as before when None (clamped)."""
        self.notes = notes
        if row is not None:
            self.cursor = row
        self.cursor = max(0, min(self.cursor, len(notes) - 1))
        self._layout()
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    @property
    def current(self) -> Note | None:
        return self.notes[self.cursor] if self.notes else None

    def tags_text(self, note: Note) -> str:
        changes = len(note.history)
        cached = self._tags.get(note.id)
        if cached is None or cached[0] != changes:
            cached = (changes, describe_tags(note))
            self._tags[note.id] = cached
            self._widest_tags = max(self._widest_tags, cell_len(cached[1]))
            self._largest_id = max(self._largest_id, note.id)
        return cached[1]

    def row_lines(self, index: int) -> list[str]:
        """The plain text of row `index` as drawn at the current width (for tests)."""
        return [strip.text for strip in self._draw(index)]

    # --- layout -----------------------------------------------------------------------------
    def _width(self) -> int:
        return max(40, self.scrollable_content_region.width or self.size.width or 120)

    def _layout(self) -> None:
        # This runs on every filter result, over up to every note, on the UI thread: the cache
        # look-ups are inlined (a method call per note cost more than the rest of the
        # keypress); only new or changed notes are described or wrapped again.
        described = self._tags
        for note in self.notes:
            known = described.get(note.id)
            if known is None or known[0] != len(note.history):
                self.tags_text(note)
        columns = RowColumns.for_width(self._width(), self._largest_id, self._widest_tags)
        if columns != self.columns:
            self.columns = columns
            self._heights.clear()
            self.post_message(self.ColumnsChanged(columns))
        heights, text_width = self._heights, self.columns.text
        lines = []
        for note in self.notes:
            cached = heights.get((note.id, len(note.history)))
            lines.append(cached[1] if cached is not None and cached[0] == text_width else self._height(note))
        self.starts = list(accumulate(lines, initial=0))
        self.virtual_size = Size(0, self.starts[-1])  # no horizontal scrollbar to hide a row

    def _height(self, note: Note) -> int:
        key = (note.id, len(note.history))
        cached = self._heights.get(key)
        if cached is None or cached[0] != self.columns.text:
            tags = len(wrap_cells(self.tags_text(note), self.columns.tags))
            text = len(wrap_cells(self._body(note), self.columns.text))
            cached = (self.columns.text, max(tags, min(TEXT_LINES, text)))
            self._heights[key] = cached
        return cached[1]

    @staticmethod
    def _body(note: Note) -> str:
        text = on_screen(note.text.replace("\n", " ⏎ "))
        return f"{DELETED_MARK}: {text}" if note.deleted else text

    def on_resize(self) -> None:
        self._layout()
        self._scroll_to_cursor()

    def watch_show_vertical_scrollbar(self) -> None:
        # The scrollbar takes cells from the rows without a resize (the filter's first rows
        # arrive after the list has its size): lay the rows out again at the width left.
        self._layout()
        self._scroll_to_cursor()

    # --- drawing ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not self.notes or line >= self.starts[-1]:
            return Strip.blank(width, self.rich_style)
        index = bisect_right(self.starts, line) - 1
        strips = self._draw(index)
        offset = line - self.starts[index]
        return strips[offset] if offset < len(strips) else Strip.blank(width, self.rich_style)

    def _draw(self, index: int) -> list[Strip]:
        note, columns = self.notes[index], self.columns
        width = self.scrollable_content_region.width or self._width()
        base = self.rich_style
        part = lambda name: self.get_component_rich_style(name, partial=True)  # noqa: E731
        cursor = index == self.cursor
        over = part("notes-view--cursor") if cursor else Style()
        if cursor and self.app.no_color:
            over += Style(reverse=True)  # colours are dropped: reverse video still shows
        text_style = part("notes-view--deleted") if note.deleted else Style()
        tags_style = text_style + part("notes-view--tags")
        muted = text_style + part("notes-view--muted")
        tags = wrap_cells(self.tags_text(note), columns.tags)
        body = wrap_cells(self._body(note), columns.text)
        height = self.starts[index + 1] - self.starts[index] if index + 1 < len(self.starts) else 1
        if len(body) > height:
            body = body[: height - 1] + [_fit(body[height - 1] + " …", columns.text).rstrip()]
        first = [
            (CURSOR_MARK if cursor else " ") + " " * (columns.MARK - 1) + str(note.id).rjust(columns.number),
            format_offset(note.offset_seconds).ljust(columns.TIME),
            _fit(note.agenda_item, columns.agenda),
        ]
        if columns.speaker:
            first.append(_fit(note.speaker or note.speaker_role, columns.speaker))
        first += [
            _fit(KIND_SHORT.get(note.kind, note.kind), columns.KIND),
            _fit(evidence_cell(note), columns.EVIDENCE),  # refl for a reflection, whatever its mark
        ]
        lead = " ".join(first) + " "
        blank = " " * cell_len(lead)
        strips = []
        for row in range(height):
            segments = [Segment(lead if row == 0 else blank, base + muted + over)]
            segments.append(
                Segment(
                    _fit(tags[row] if row < len(tags) else "", columns.tags) + " ", base + tags_style + over
                )
            )
            segments += _body_segments(
                body[row] if row < len(body) else "",
                row == 0 and note.deleted,
                base + text_style + over,
                base + over + Style(bold=True),
            )
            strip = Strip(segments).crop(0, width).extend_cell_length(width, base + over)
            strips.append(strip)
        return strips

    # --- moving -----------------------------------------------------------------------------
    def _scroll_to_cursor(self) -> None:
        # The lines a person can see: never count one hidden by a scrollbar or the border.
        if not self.notes:
            return
        top, bottom = self.starts[self.cursor], self.starts[self.cursor + 1]
        view, height = self.scroll_offset.y, max(1, self.scrollable_content_region.height)
        if top < view:
            self.scroll_to(y=top, animate=False, immediate=True, force=True)
        elif bottom > view + height:
            self.scroll_to(y=min(top, bottom - height), animate=False, immediate=True, force=True)

    def _set_cursor(self, index: int) -> None:
        if not self.notes:
            return
        self.cursor = max(0, min(index, len(self.notes) - 1))
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def rows_in_view(self) -> int:
        """How many rows (notes) the visible lines begin, at least one."""
        top = self.scroll_offset.y
        height = max(1, self.scrollable_content_region.height)
        first = bisect_right(self.starts, top) - 1
        last = bisect_right(self.starts, top + height - 1) - 1
        return max(1, last - first)

    def action_move(self, step: int) -> None:
        self._set_cursor(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self._set_cursor(self.cursor + direction * self.rows_in_view())

    def action_jump(self, index: int) -> None:
        self._set_cursor(index if index >= 0 else len(self.notes) - 1)

    def on_focus(self) -> None:
        self.refresh()  # the cursor row is drawn in its focused style

    def on_blur(self) -> None:
        self.refresh()

    def refresh_note(self, note: Note) -> None:
        self._layout()
        self.refresh()
        if note is self.current:
            self.post_message(self.Highlighted(note))


def _body_segments(text: str, marked: bool, style: Style, mark_style: Style) -> list[Segment]:
    """The note's text; on a deleted note's first line the word `deleted` is drawn bold and
    not struck through, so it reads even where strike-through or dim is not shown."""
    if marked and text.startswith(DELETED_MARK):
        return [Segment(DELETED_MARK, mark_style), Segment(text[len(DELETED_MARK) :], style)]
    return [Segment(text, style)]
