"""What the disk refused, as the text written to a recovery file and printed as the app exits.

A note the disk refused (a full disk, a file-size limit, a read-only folder) stays on screen
and is retried; when the app must exit anyway (SIGTERM, SIGHUP, or `d` in the leave dialog)
its text would be lost with the process. So each is written out whole: its number, its time
(into the meeting and the moment typing began), its tags, kind and evidence, its text exactly
as typed between two marker lines, and the record as the session file stores it (one JSON
line, which `ppei` could read back). Other documents not written (events, the session's
information, the note being typed) follow as their records.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ppei_tui.domain.session import Note, format_offset

TEXT_BEGINS = "----- text as typed -----"
TEXT_ENDS = "----- end of text -----"


@dataclass(frozen=True)
class UnsavedDocument:
    """A document other than a note not written: `label` names it (`events 4`, `the note being
    typed`), `record` is what the session file would have stored."""

    label: str
    record: dict[str, Any]
    text: str = ""  # typed text to show between the markers (the note being typed)


def note_heading(note: Note) -> str:
    """`note 7 at 00:04:32 (typing began 2026-12-01T17:30:30+00:00)`."""
    return f"note {note.id} at {format_offset(note.offset_seconds)} (typing began {note.wall_time})"


def note_details(note: Note) -> str:
    """Tags, kind, evidence and, when set, speaker and agenda item, on one line."""
    tags = ", ".join(tag.label() for tag in note.tags) or "none"
    parts = [f"tags: {tags}", f"kind: {note.kind}", f"evidence: {note.evidence}"]
    if note.speaker:
        parts.append(f"speaker: {note.speaker}" + (f" ({note.speaker_role})" if note.speaker_role else ""))
    if note.agenda_item:
        parts.append(f"agenda item: {note.agenda_item}")
    return " · ".join(parts)


def _text_block(text: str) -> list[str]:
    return [TEXT_BEGINS, text, TEXT_ENDS]


def _record_line(record: dict[str, Any]) -> str:
    return "record: " + json.dumps(record, ensure_ascii=False, sort_keys=True)


def recovery_items(notes: Sequence[Note], others: Sequence[UnsavedDocument] = ()) -> list[str]:
    """Each note of `notes`, then each of `others`, as its own block of lines (see the module
    docstring); a note's text is kept exactly, line breaks and all, between the markers."""
    items = []
    for note in notes:
        lines = [
            note_heading(note),
            note_details(note),
            *_text_block(note.text),
            _record_line(note.to_dict()),
        ]
        items.append("\n".join(lines))
    for other in others:
        lines = [other.label, *(_text_block(other.text) if other.text else []), _record_line(other.record)]
        items.append("\n".join(lines))
    return items


def recovery_text(session_file: str, why: str, items: Sequence[str]) -> str:
    """A recovery text (lines ending in a line break): a heading naming `session_file` and `why`
    the app exited, then `items` (recovery_items, all or some), a blank line before each."""
    lines = [
        f"Not written to {session_file} before ppei exited ({why}).",
        "Each item: what it is, then its text exactly as typed between the marker lines, then the",
        "record as the session file stores it (JSON).",
    ]
    for item in items:
        lines += ["", item]
    return "\n".join(lines) + "\n"
