"""Widgets shared by the screens: tag labels (the note input is in note_input.py, the observe
screen's note log in note_log.py and its map panel in map_panel.py)."""

from __future__ import annotations

from ppei_tui.domain.session import Note
from ppei_tui.ui.shown import on_screen

KIND_MARKS = {"observation": "", "quote": "“quote”", "reflection": "reflection"}


def evidence_cell(note: Note) -> str:
    """The review list's `ev.` column, as stored: `seen` or `inf`; `refl` for a reflection,
    which counts below the waterline whatever its evidence says (README, "Waterline"), so the
    column never claims an inference the file does not hold."""
    if note.kind == "reflection":
        return "refl"
    return "inf" if note.evidence == "inferred" else "seen"


def describe_tags(note: Note) -> str:
    """A note's coding as the log and the review list draw it (names typed by people, so
    through on_screen: a speaker's ESC is drawn as ␛)."""
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
    return on_screen(" ".join(parts))
