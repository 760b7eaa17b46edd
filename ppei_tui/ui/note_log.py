"""The observe screen's note log: a virtual list that draws only the lines on screen.

A 10,000-note session opens at once because nothing is built per note up front but a small
entry and its height; a note's lines are wrapped and styled only when they scroll into view,
and kept in a small cache (the idea of Textualize/toolong's log view). Even the heights wait:
a full layout measures only the newest entries (what the log shows, anchored at the bottom)
before drawing, and the older ones in a worker thread, which reports back with a message.
Each note shows its number, time, save mark, its tags in full (wrapped in their column) and
its text (wrapped).
One note can be *selected* (Ctrl+Up/Down on the observe screen) to be re-coded mid-meeting.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import ClassVar

from rich.segment import Segment
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ppei_tui.domain.session import Note, format_offset
from ppei_tui.ui.messages import Notice
from ppei_tui.ui.note_log_rows import (
    STATUS_MARKS,
    STATUS_WIDTH,
    TIME_WIDTH,
    Columns,
    LogEntry,
    pad_cells,
    wrap_cells,
)


class Measured(Message):
    """The layout worker's heights of `entries` in `columns`, for layout `layout`; `versions`
    are the entries' versions when it read them (a changed one is measured again). Entries, not
    positions: a note inserted meanwhile (a restored draft) moves the ones after it."""

    def __init__(
        self, layout: int, columns: Columns, entries: list[LogEntry], heights: list[int], versions: list[int]
    ):
        super().__init__()
        self.layout, self.columns, self.entries = layout, columns, entries
        self.heights, self.versions = heights, versions


class NoteLog(ScrollView, can_focus=False):
    """Notes and meeting events in meeting order, newest at the bottom and kept in view."""

    COMPONENT_CLASSES = {
        "note-log--number",
        "note-log--tags",
        "note-log--marker",
        "note-log--selected",
        "note-log--unsaved",
    }
    DEFAULT_CSS = """
    NoteLog { overflow-x: hidden; scrollbar-gutter: stable; }
    NoteLog > .note-log--number { color: $text-muted; }
    NoteLog > .note-log--tags { color: $accent; }
    NoteLog > .note-log--marker { color: $secondary; text-style: bold; }
    NoteLog > .note-log--selected { background: $boost; text-style: reverse; }
    NoteLog > .note-log--unsaved { color: $error; text-style: bold; }
    """

    # Entries measured before the first frame of a layout (newest first): more than any terminal
    # shows at once; the older ones are measured by the worker.
    MEASURED_AT_ONCE: ClassVar[int] = 400

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entries: list[LogEntry] = []
        self.positions: dict[str, int] = {}
        self.heights: list[int] = []
        # heights[:estimated] are a guess (one line each) until the layout worker reports.
        self.estimated = 0
        self.layout_number = 0  # a report for an older layout is dropped
        self.starts: list[int] = [0]  # starts[i]: first line of entry i; starts[-1]: total lines
        self.columns = Columns.for_width(80, 1)
        self.largest_id = 1
        self.selected: int | None = None
        self._lines: LRUCache[tuple[str, int, int, bool], list[Strip]] = LRUCache(maxsize=400)

    # --- content --------------------------------------------------------------------------
    def show_note(self, note: Note, status: str, before: str | None = None) -> None:
        """Add the note, or redraw it if it is already shown (status: pending/saved/unsaved).

        A new note goes at the end, or just before the entry keyed `before` when the meeting's
        order puts it earlier (a restored draft: its time is its first keystroke)."""
        key = str(note.id)
        if key in self.positions:
            entry = self.entries[self.positions[key]]
            entry.status = status
            self._changed(self.positions[key])
            return
        entry = LogEntry(key, note.offset_seconds, note=note, status=status)
        if before is None or before not in self.positions:
            self._append([entry])
        else:
            self._insert(self.positions[before], entry)

    def set_status(self, note_id: int, status: str) -> None:
        position = self.positions.get(str(note_id))
        if position is not None and self.entries[position].status != status:
            self.entries[position].status = status
            self._changed(position)

    def show_marker(self, offset: float, label: str, key: str) -> None:
        """A break or agenda change, shown between notes."""
        if key not in self.positions:
            self._append([LogEntry(key, offset, label=label)])

    def extend(self, entries: list[LogEntry]) -> None:
        """Many entries at once (a resumed session): one layout pass, not one per entry."""
        self._append(entries)

    def status_of(self, note_id: int) -> str | None:
        position = self.positions.get(str(note_id))
        return None if position is None else self.entries[position].status

    def entry_lines(self, key: str) -> list[str]:
        """The plain text of an entry's lines as drawn at the current width (for tests, help)."""
        return [strip.text for strip in self._render_entry(self.positions[key])]

    # --- selection --------------------------------------------------------------------------
    @property
    def selected_note(self) -> Note | None:
        return None if self.selected is None else self.entries[self.selected].note

    def select_step(self, step: int) -> Note | None:
        """Select the previous (-1) or next (+1) note, skipping event markers.

        With nothing selected, -1 selects the newest note. Moving past the newest note clears
        the selection (back to typing). Returns the selected note, or None.
        """
        notes = [i for i, e in enumerate(self.entries) if e.note is not None]
        if not notes:
            return None
        if self.selected is None:
            target: int | None = notes[-1] if step < 0 else None
        else:
            index = notes.index(self.selected) + step
            target = notes[max(0, index)] if index < len(notes) else None
        self._select(target)
        return self.selected_note

    def clear_selection(self) -> None:
        self._select(None)

    def _select(self, position: int | None) -> None:
        previous, self.selected = self.selected, position
        for changed in {previous, position} - {None}:
            self._changed(changed)  # type: ignore[arg-type]
        if position is None:
            self.scroll_end(animate=False, immediate=True, force=True)
        elif position < len(self.heights):
            top, bottom = self.starts[position], self.starts[position + 1]
            view = self.scroll_offset.y
            if top < view:
                self.scroll_to(y=top, animate=False, immediate=True, force=True)
            elif bottom > view + self.size.height:
                self.scroll_to(y=bottom - self.size.height, animate=False, immediate=True, force=True)

    # --- layout -----------------------------------------------------------------------------
    def _append(self, entries: list[LogEntry]) -> None:
        first = len(self.entries)
        for offset, entry in enumerate(entries):
            self.positions[entry.key] = first + offset
            if entry.note is not None and entry.note.id > self.largest_id:
                self.largest_id = entry.note.id
        self.entries.extend(entries)
        # Before the log's first layout too (its width then expected, _expected_width): its
        # virtual height is known to the screen's first layout, the first frame draws the
        # entries, and the first resize lays them out again only if the width was not that one.
        if len(self.heights) != first or Columns.for_width(self._width(), self.largest_id) != self.columns:
            self._layout()
        else:
            heights = [self._height(entry) for entry in entries]
            self.heights.extend(heights)
            self.starts.extend(accumulate(heights, initial=self.starts[-1]))
            del self.starts[first]  # accumulate repeats the old total as its first value
            self._resize_virtual()
        if not self.size.width:
            return  # not on screen yet: its first resize scrolls to the end
        if self.selected is None:  # the newest note stays in view while nothing is selected
            self.scroll_end(animate=False, immediate=True, force=True)
        self.refresh()

    def _insert(self, position: int, entry: LogEntry) -> None:
        """One entry inside the log (rare: everything after it moves down one place)."""
        laid_out = len(self.heights) == len(self.entries)
        self.entries.insert(position, entry)
        self.positions = {e.key: index for index, e in enumerate(self.entries)}
        if entry.note is not None:
            self.largest_id = max(self.largest_id, entry.note.id)
        if self.selected is not None and self.selected >= position:
            self.selected += 1
        if position < self.estimated:  # among the entries the layout worker is measuring
            self.estimated += 1
        if not self.size.width or not laid_out:  # the next resize lays everything out
            return
        if Columns.for_width(self._width(), self.largest_id) != self.columns:
            self._layout()
        else:
            self.heights.insert(position, self._height(entry))
            self.starts = list(accumulate(self.heights, initial=0))
            self._resize_virtual()
        if self.selected is None:
            self.scroll_end(animate=False, immediate=True, force=True)
        self.refresh()

    def _changed(self, position: int) -> None:
        entry = self.entries[position]
        entry.version += 1  # the layout worker's height of it, if it was reading it, is dropped
        if position >= len(self.heights):  # not laid out yet
            return
        height = self._height(entry)
        if height != self.heights[position]:
            self.heights[position] = height
            self.starts = list(accumulate(self.heights, initial=0))
            self._resize_virtual()
        self.refresh()

    def _width(self) -> int:
        return max(20, self.scrollable_content_region.width or self.size.width or self._expected_width())

    def _expected_width(self) -> int:
        """Before the first layout: the width of the log's lines if it spans the screen, as on
        the observe screen (its gutter and the vertical scrollbar's, always kept, taken off)."""
        return self.app.size.width - self.styles.gutter.width - self.styles.scrollbar_size_vertical

    def _height(self, entry: LogEntry) -> int:
        return self.columns.height(entry)

    def _layout(self) -> None:
        """Measure the newest entries now and the rest in a worker (one line each meanwhile):
        the log is anchored at the bottom, so what is on screen is exact from the first frame."""
        self.columns = Columns.for_width(self._width(), self.largest_id)
        self.layout_number += 1
        self.estimated = max(0, len(self.entries) - self.MEASURED_AT_ONCE)
        newest = [self._height(entry) for entry in self.entries[self.estimated :]]
        self.heights = [1] * self.estimated + newest
        self.starts = list(accumulate(self.heights, initial=0))
        self._lines.clear()
        self._resize_virtual()
        if self.estimated:
            # After the first frame: a thread started now would take the GIL from drawing it.
            self.call_after_refresh(
                self._measure_in_worker, self.layout_number, self.columns, self.entries[: self.estimated]
            )

    def _measure_in_worker(self, layout: int, columns: Columns, entries: list[LogEntry]) -> None:
        if layout != self.layout_number:
            return  # laid out again before this one started
        versions = [entry.version for entry in entries]  # read on the UI thread, before any change

        def measure() -> None:
            try:
                heights = [columns.height(entry) for entry in entries]
            except Exception as error:  # shown; the log keeps its guessed heights and scrolls on
                self.post_message(Notice.failure("Could not lay out the older notes of the log", error))
                return
            self.post_message(Measured(layout, columns, entries, heights, versions))

        self.run_worker(measure, thread=True, group="note-log-layout", exit_on_error=False)

    def on_measured(self, message: Measured) -> None:
        message.stop()
        self.apply_measured(message)

    def apply_measured(self, message: Measured) -> None:
        """Put the worker's heights in, keeping the view where it is (the entry at its top stays
        at the top; while nothing is selected, the newest note stays at the bottom)."""
        if message.layout != self.layout_number or message.columns != self.columns:
            return  # a resize laid the log out again meanwhile; its own worker reports later
        top = bisect_right(self.starts, self.scroll_offset.y) - 1 if self.entries else 0
        into_top = self.scroll_offset.y - self.starts[top] if self.entries else 0
        for entry, height, version in zip(message.entries, message.heights, message.versions, strict=True):
            position = self.positions[entry.key]
            self.heights[position] = height if entry.version == version else self._height(entry)
        self.estimated = 0
        self.starts = list(accumulate(self.heights, initial=0))
        self._resize_virtual()
        if self.selected is None:
            self.scroll_end(animate=False, immediate=True, force=True)
        else:
            self.scroll_to(y=self.starts[top] + into_top, animate=False, immediate=True, force=True)
        self.refresh()

    def _resize_virtual(self) -> None:
        self.virtual_size = Size(0, self.starts[-1])

    def on_resize(self) -> None:
        if len(self.heights) != len(self.entries) or (
            Columns.for_width(self._width(), self.largest_id) != self.columns
        ):
            self._layout()
        else:
            self._resize_virtual()
        if self.selected is None:
            self.scroll_end(animate=False, immediate=True, force=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()  # a theme change restyles every cached line

    # --- drawing ------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        width = self._width()
        if line >= self.starts[-1] or not self.entries:
            return self._blank(width)
        position = bisect_right(self.starts, line) - 1
        strips = self._render_entry(position)
        index = line - self.starts[position]
        strip = strips[index] if index < len(strips) else Strip.blank(width)
        return strip.crop(self.scroll_offset.x, self.scroll_offset.x + width)

    def _blank(self, width: int) -> Strip:
        """A line below the last entry: one Strip per width, kept with the drawn lines (the
        log's style is looked up once, not once a line and frame; cleared with them)."""
        key = ("", -1, width, False)
        blank = self._lines.get(key)
        if blank is None:
            blank = [Strip.blank(width, self.rich_style)]
            self._lines[key] = blank
        return blank[0]

    def _render_entry(self, position: int) -> list[Strip]:
        entry = self.entries[position]
        selected = position == self.selected
        cache_key = (entry.key, entry.version, self._width(), selected)
        cached = self._lines.get(cache_key)
        if cached is not None:
            return cached
        strips = self._draw(entry, selected)
        self._lines[cache_key] = strips
        return strips

    def _draw(self, entry: LogEntry, selected: bool) -> list[Strip]:
        columns, width = self.columns, self._width()
        base = self.rich_style
        style = lambda name: self.get_component_rich_style(name, partial=True)  # noqa: E731
        tags_style, number_style = base + style("note-log--tags"), base + style("note-log--number")
        text_style = base
        if entry.note is None:
            text_style = base + style("note-log--marker")
        elif entry.status == "unsaved":
            text_style = base + style("note-log--unsaved")
        number = str(entry.note.id) if entry.note is not None else ""
        status = STATUS_MARKS.get(entry.status, "") if entry.note is not None else "──"
        tags = wrap_cells(entry.tags_text(), columns.tags)
        body = wrap_cells(entry.body_text(), columns.text)
        strips = []
        for index in range(max(len(tags), len(body))):
            first = index == 0
            cells = [
                (number.rjust(columns.number - 1) + " " if first else " " * columns.number, number_style),
                ((format_offset(entry.offset) if first else "").ljust(TIME_WIDTH) + " ", base),
                ((status if first else "").ljust(STATUS_WIDTH) + " ", text_style),
                (pad_cells(tags[index] if index < len(tags) else "", columns.tags) + " ", tags_style),
                (body[index] if index < len(body) else "", text_style),
            ]
            strip = Strip([Segment(text, cell_style) for text, cell_style in cells])
            strip = strip.crop(0, width).extend_cell_length(width, base)
            if selected:
                strip = strip.apply_style(style("note-log--selected"))
            strips.append(strip)
        return strips


__all__ = ["NoteLog", "LogEntry", "STATUS_MARKS", "wrap_cells"]
