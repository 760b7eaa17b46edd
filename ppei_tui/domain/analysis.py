"""Summaries of a session beyond the map: kinds, the iceberg, the agenda, the timeline.

Rules (stated in the README and the PDF legend; every output calls these functions):
- Waterline: a note counts below the waterline when it is an observer reflection or is marked
  inferred; otherwise (seen or said in the meeting) above. A reflection is the observer's
  interpretation, so it is below whatever its evidence mark says.
- Iceberg placement: a verb sits above the waterline when at least one note above the waterline
  carries it; below when only notes below the waterline carry it.
- Agenda order: items are numbered in the order they were taken up in the meeting (first
  agenda event for each title); planned items never taken up follow, unnumbered, as not reached.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ppei_tui.domain.mapping import NoteFilter, below_waterline
from ppei_tui.domain.session import KINDS, Note, Session

ABOVE = "above"
BELOW = "below"


# Opening and closing quotation marks of the scripts observers write in.
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a\u300c\u300d\u300e\u300f"


def typed_with_quotes(text: str) -> bool:
    """True when a note's words (its tag tokens set aside) already open or close with a
    quotation mark, so an output must not wrap the quote in a second pair."""
    from ppei_tui.domain.tags import TOKEN

    words = TOKEN.sub("", text).strip()
    return bool(words) and (words[0] in QUOTE_MARKS or words[-1] in QUOTE_MARKS)


def kind_counts(notes: list[Note]) -> dict[str, int]:
    counts = Counter(note.kind for note in notes if not note.deleted)
    return {kind: counts.get(kind, 0) for kind in KINDS}


def waterline(note: Note) -> str:
    """`"above"` (seen or said in the meeting) or `"below"` (inferred, or a reflection)."""
    return BELOW if below_waterline(note) else ABOVE


@dataclass(frozen=True)
class IcebergCell:
    element: str
    verb: str
    seen: int  # notes above the waterline carrying the verb
    inferred: int  # notes below the waterline (inferred or reflection) carrying it

    @property
    def total(self) -> int:
        return self.seen + self.inferred

    def counts_label(self, above: bool) -> str:
        """The counts the iceberg prints after the verb (README: `3+1i`, three seen or said and
        one inferred): above the waterline the seen, then any inferred; below, the inferred."""
        if not above:
            return f"{self.inferred}i"
        return f"{self.seen}" + (f"+{self.inferred}i" if self.inferred else "")


@dataclass(frozen=True)
class Iceberg:
    """Verbs with any note above the waterline sit above it; those with only notes below, below.

    Cells keep the template's order (element by element, verb by verb)."""

    above: list[IcebergCell]
    below: list[IcebergCell]

    @property
    def busiest(self) -> int:
        """The largest note count of any verb in the iceberg (the shading scale's top)."""
        return max((c.total for c in self.above + self.below), default=0)

    def by_element(self, codes: list[str]) -> list[tuple[str, list[IcebergCell], list[IcebergCell]]]:
        """(element code, cells above, cells below) for each element that has any."""
        rows = []
        for code in codes:
            up = [c for c in self.above if c.element == code]
            down = [c for c in self.below if c.element == code]
            if up or down:
                rows.append((code, up, down))
        return rows


def iceberg(session: Session, note_filter: NoteFilter | None = None) -> Iceberg:
    note_filter = note_filter or NoteFilter()
    seen: Counter[tuple[str, str]] = Counter()
    inferred: Counter[tuple[str, str]] = Counter()
    for note in session.notes:
        if not note_filter.matches(note):
            continue
        target = inferred if below_waterline(note) else seen
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


# --- agenda ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AgendaEntry:
    """One agenda item: `number` is None for a planned item never taken up."""

    title: str
    number: int | None
    offset_seconds: float | None  # meeting time it was first taken up
    planned: bool

    @property
    def reached(self) -> bool:
        return self.number is not None

    def label(self) -> str:
        """`3. Finance report`, `Finance report (added)` style labels used by every output."""
        extra = "" if self.planned else " (added in the meeting)"
        if self.number is None:
            return f"{self.title} (planned, not reached)"
        return f"{self.number}. {self.title}{extra}"


def agenda_order(session: Session) -> list[AgendaEntry]:
    """Items in the order taken up (numbered from 1), then planned items never reached."""
    planned = set(session.info.agenda)
    entries: list[AgendaEntry] = []
    seen: set[str] = set()
    for event in session.events:
        if event.type == "agenda" and event.detail not in seen:
            seen.add(event.detail)
            entries.append(
                AgendaEntry(event.detail, len(entries) + 1, event.offset_seconds, event.detail in planned)
            )
    for title in session.info.agenda:
        if title not in seen:
            seen.add(title)
            entries.append(AgendaEntry(title, None, None, True))
    return entries


def agenda_numbers(session: Session) -> dict[str, int]:
    """Title -> its number in `agenda_order` (items taken up only)."""
    return {e.title: e.number for e in agenda_order(session) if e.number is not None}


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
    agenda: list[tuple[float, int, str]]  # (offset, number in agenda_order, title) at each take-up
    breaks: list[tuple[float, float]]  # (offset, wall seconds from pause to resume)


def timeline(session: Session, note_filter: NoteFilter | None = None) -> Timeline:
    note_filter = note_filter or NoteFilter()
    points = [
        (note.offset_seconds, tag.element)
        for note in session.notes
        if note_filter.matches(note)
        for tag in note.tags
    ]
    numbers = agenda_numbers(session)
    agenda = [(e.offset_seconds, numbers[e.detail], e.detail) for e in session.events if e.type == "agenda"]
    duration = max([session.duration()] + [offset for offset, _ in points], default=0.0)
    return Timeline(duration, points, agenda, session.breaks())
