"""The observe screen's map, kept up to date one note at a time.

Counting a 10,000-note session takes tens of milliseconds, more than a frame, so it is done once
(in a worker) when the screen opens; after that each saved note only moves its own cells: its
previous contribution is taken off and its new one (counted by the domain's compute_map, so the
rule is the same as every other map's) put on. Cost per save: the note's own tags.
"""

from __future__ import annotations

from collections import defaultdict

from ppei_tui.domain.mapping import MapCounts, compute_map
from ppei_tui.domain.session import Note

Cell = tuple[str, str]


class LiveMap:
    def __init__(self, counts: MapCounts):
        """`counts` from compute_map over the saved notes, evidence included."""
        self.counts = counts
        self.cells: dict[int, list[Cell]] = defaultdict(list)
        for cell, notes in counts.evidence.items():
            for note in notes:
                self.cells[note.id].append(cell)
        self.counted = {note.id for notes in counts.evidence.values() for note in notes}

    def update(self, note: Note, counted: bool = True) -> None:
        """The note as it is now (counted=False: take it off, e.g. while it is unsaved)."""
        for cell in self.cells.pop(note.id, []):
            self.counts.counts[cell] -= 1
            if self.counts.counts[cell] <= 0:
                del self.counts.counts[cell]
            evidence = self.counts.evidence.get(cell, [])
            if note in evidence:
                evidence.remove(note)
        if note.id in self.counted:
            self.counted.discard(note.id)
            self.counts.notes_counted -= 1
        if not counted:
            return
        own = compute_map(self.counts.template, [note])
        if own.notes_counted:
            self.counted.add(note.id)
            self.counts.notes_counted += 1
        for cell, count in own.counts.items():
            self.counts.counts[cell] += count
            self.counts.evidence.setdefault(cell, []).append(note)
            self.cells[note.id].extend([cell] * count)
