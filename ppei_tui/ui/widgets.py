"""Widgets shared by the screens: tag labels and the map (the note input is in note_input.py,
the observe screen's note log in note_log.py)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ppei_tui.domain.mapping import MapCounts
from ppei_tui.domain.session import Note
from ppei_tui.outputs.terminal_map import map_renderable

KIND_MARKS = {"observation": "", "quote": "“quote”", "reflection": "reflection"}


def evidence_cell(note: Note) -> str:
    """The review list's `ev.` column, as stored: `seen` or `inf`; `refl` for a reflection,
    which counts below the waterline whatever its evidence says (README, "Waterline"), so the
    column never claims an inference the file does not hold."""
    if note.kind == "reflection":
        return "refl"
    return "inf" if note.evidence == "inferred" else "seen"


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


class MapPanel(VerticalScroll, can_focus=False):
    """The live map under the note log: the grid when the elements fit side by side, else one
    wrapped paragraph per element (no name or count cut); at most 40% of the screen's
    height, scrolling (mouse wheel) when a large framework needs more."""

    def compose(self) -> ComposeResult:
        yield Static(id="map-content")

    def show(self, counts: MapCounts) -> None:
        self.query_one("#map-content", Static).update(map_renderable(counts, compact=True))
