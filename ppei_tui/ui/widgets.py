"""Widgets shared by the screens: the note log and the map (the note input is in note_input)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from ppei_tui.domain.mapping import MapCounts
from ppei_tui.domain.session import Note, format_offset
from ppei_tui.outputs.terminal_map import map_renderable
from ppei_tui.ui.note_input import on_screen

KIND_MARKS = {"observation": "", "quote": "“quote”", "reflection": "reflection"}
STATUS_MARKS = {"pending": "…", "saved": "✓", "unsaved": "✗ UNSAVED"}


def describe_tags(note: Note) -> str:
    parts = [tag.label() for tag in note.tags]
    parts += [f"+{p}" for p in note.practice_sets]
    if note.speaker or note.speaker_role:
        parts.append(f"@{note.speaker or note.speaker_role}")
    if KIND_MARKS.get(note.kind):
        parts.append(KIND_MARKS[note.kind])
    if note.evidence == "inferred":
        parts.append("inferred")
    if note.unresolved:
        parts.append(f"⚠{len(note.unresolved)}")
    return " ".join(parts)


class NoteLog(DataTable):
    """The notes of the session, newest at the bottom and kept in view."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.add_column("time", key="time", width=8)
        self.add_column("", key="status", width=9)
        self.add_column("tags", key="tags", width=30)
        self.add_column("note", key="text")

    def show_note(self, note: Note, status: str) -> None:
        key = str(note.id)
        text = on_screen(note.text.replace("\n", " "))
        if key in self.rows:
            self.update_cell(key, "status", STATUS_MARKS[status])
            self.update_cell(key, "tags", describe_tags(note))
            self.update_cell(key, "text", text)
            return
        self.add_row(
            format_offset(note.offset_seconds), STATUS_MARKS[status], describe_tags(note), text, key=key
        )
        self.move_cursor(row=self.row_count - 1)

    def set_status(self, note_id: int, status: str) -> None:
        if str(note_id) in self.rows:
            self.update_cell(str(note_id), "status", STATUS_MARKS[status])

    def show_marker(self, offset: float, label: str, key: str) -> None:
        """A break or agenda change, shown between notes."""
        if key not in self.rows:
            self.add_row(format_offset(offset), "──", "", f"── {label} ──", key=key)
            self.move_cursor(row=self.row_count - 1)


class MapPanel(VerticalScroll, can_focus=False):
    """The live map under the note log: the grid when the elements fit side by side, else one
    wrapped paragraph per element (no name or count cut); at most 40% of the screen's
    height, scrolling (mouse wheel) when a large framework needs more."""

    def compose(self) -> ComposeResult:
        yield Static(id="map-content")

    def show(self, counts: MapCounts) -> None:
        self.query_one("#map-content", Static).update(map_renderable(counts, compact=True))
