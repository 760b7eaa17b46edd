"""Summaries of a session beyond the map: kinds, the iceberg, agenda grouping, the timeline."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ppei_tui.domain.mapping import NoteFilter
from ppei_tui.domain.session import KINDS, Note, Session


def kind_counts(notes: list[Note]) -> dict[str, int]:
    counts = Counter(note.kind for note in notes if not note.deleted)
    return {kind: counts.get(kind, 0) for kind in KINDS}


@dataclass(frozen=True)
class IcebergCell:
    element: str
    verb: str
    seen: int
    inferred: int


@dataclass(frozen=True)
class Iceberg:
    """Verbs with any seen (or said) evidence sit above the waterline; inferred-only below."""

    above: list[IcebergCell]
    below: list[IcebergCell]


def iceberg(session: Session, note_filter: NoteFilter | None = None) -> Iceberg:
    note_filter = note_filter or NoteFilter()
    seen: Counter = Counter()
    inferred: Counter = Counter()
    for note in session.notes:
        if not note_filter.matches(note):
            continue
        target = inferred if note.evidence == "inferred" else seen
        for tag in note.tags:
            target[(tag.element, tag.verb)] += 1
    above, below = [], []
    for cell in session.template.verb_cells():
        entry = IcebergCell(cell[0], cell[1], seen[cell], inferred[cell])
        if seen[cell]:
            above.append(entry)
        elif inferred[cell]:
            below.append(entry)
    return Iceberg(above, below)


def notes_by_agenda_item(notes: list[Note]) -> list[tuple[str, list[Note]]]:
    """Consecutive runs of notes in time order, one group each time the agenda item changes."""
    groups: list[tuple[str, list[Note]]] = []
    for note in sorted((n for n in notes if not n.deleted), key=lambda n: (n.offset_seconds, n.id)):
        if groups and groups[-1][0] == note.agenda_item:
            groups[-1][1].append(note)
        else:
            groups.append((note.agenda_item, [note]))
    return groups


@dataclass(frozen=True)
class Timeline:
    duration: float
    points: list[tuple[float, str]]  # (meeting offset, element code) for each tag
    agenda: list[tuple[float, str]]  # (offset, title) where an agenda item began
    breaks: list[tuple[float, float]]  # (offset, wall seconds paused)


def timeline(session: Session, note_filter: NoteFilter | None = None) -> Timeline:
    note_filter = note_filter or NoteFilter()
    points = [
        (note.offset_seconds, tag.element)
        for note in session.notes
        if note_filter.matches(note)
        for tag in note.tags
    ]
    agenda = [(e.offset_seconds, e.detail) for e in session.events if e.type == "agenda"]
    duration = max([session.duration()] + [offset for offset, _ in points], default=0.0)
    return Timeline(duration, points, agenda, session.breaks())
