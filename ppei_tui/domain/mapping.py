"""Map arithmetic: how many notes evidence each verb, and how dark its cell is shaded.

Shading scale (the same in the terminal, the TUI and the PDF):
    level 0  not observed (no note carries the verb)
    level 1  up to a quarter of the busiest verb's count
    level 2  up to a half
    level 3  up to three quarters
    level 4  more than three quarters (the busiest verb is always level 4)
Levels are relative to the busiest verb in the map being drawn, so a map of one practice set
is shaded against its own busiest verb.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ppei_tui.domain.folding import fold_words
from ppei_tui.domain.session import Note, Session
from ppei_tui.domain.template import Template
from ppei_tui.domain.values import compared

# A filter text's terms: a phrase in double quotes (straight or curly; an unclosed one runs to
# the end, as it does while it is being typed) or a word without quotes. Compiled at the first
# filter (re's cache), not at import: this module is on the start path (issue 12).
TEXT_TERM = r'["\u201c\u201d]([^"\u201c\u201d]*)(?:["\u201c\u201d]|$)|([^\s"\u201c\u201d]+)'
SHADE_LEVELS = 4
LEVEL_LABELS = ("not observed", "up to 25% of the busiest verb", "up to 50%", "up to 75%", "over 75%")
SHORT_LEVEL_LABELS = ("not observed", "≤25%", "≤50%", "≤75%", ">75%")


def shade_level(count: int, busiest: int) -> int:
    if count <= 0 or busiest <= 0:
        return 0
    return max(1, min(SHADE_LEVELS, math.ceil(SHADE_LEVELS * count / busiest)))


def below_waterline(note: Note) -> bool:
    """True for a note that is the observer's inference: a reflection, or marked inferred (the
    waterline rule of analysis.py's docstring and the README; every output and filter uses it)."""
    return note.kind == "reflection" or note.evidence == "inferred"


def effective_evidence(note: Note) -> str:
    """`inferred` for a note below the waterline (an inference or any observer reflection,
    whatever its stored mark), else `seen`: what an evidence filter matches."""
    return "inferred" if below_waterline(note) else "seen"


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(frozen=True, repr=False, eq=False)
class NoteFilter:
    """Which notes count. Empty fields do not restrict; values within a field are OR-ed.
    `evidence` matches by the waterline (effective_evidence): a reflection is `inferred`
    whatever it is marked, as in the iceberg and `ppei study --evidence`."""

    practice_sets: frozenset[str] = frozenset()
    agenda_items: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    evidence: frozenset[str] = frozenset()
    speaker_roles: frozenset[str] = frozenset()
    speakers: frozenset[str] = frozenset()
    elements: frozenset[str] = frozenset()
    cells: frozenset[tuple[str, str]] = frozenset()
    start_seconds: float | None = None
    end_seconds: float | None = None
    text: str = ""
    include_deleted: bool = False

    def matches(self, note: Note) -> bool:
        if note.deleted and not self.include_deleted:
            return False
        if self.practice_sets and not self.practice_sets.intersection(note.practice_sets):
            return False
        if self.agenda_items and note.agenda_item not in self.agenda_items:
            return False
        if self.kinds and note.kind not in self.kinds:
            return False
        if self.evidence and effective_evidence(note) not in self.evidence:
            return False
        if self.speaker_roles and note.speaker_role not in self.speaker_roles:
            return False
        if self.speakers and note.speaker not in self.speakers:
            return False
        if self.elements and not any(t.element in self.elements for t in note.tags):
            return False
        if self.cells and not any((t.element, t.verb) in self.cells for t in note.tags):
            return False
        if self.start_seconds is not None and note.offset_seconds < self.start_seconds:
            return False
        if self.end_seconds is not None and note.offset_seconds > self.end_seconds:
            return False
        terms = text_terms(self.text)
        if not terms:
            return True
        folded = fold_words(note.text)
        return all(term in folded for term in terms)


@functools.lru_cache(maxsize=256)
def text_terms(text: str) -> tuple[str, ...]:
    """What a filter's text requires of a note's text, each term folded (folding.fold_words):
    every plain word, in any order, and every phrase in double quotes, its words in that order.
    A note matches when each term is part of its folded text (`cafe` finds `Cafés`); a term that
    folds to nothing (`-`, `""`) requires nothing."""
    terms = (fold_words(phrase or word) for phrase, word in re.findall(TEXT_TERM, text))
    return tuple(term for term in terms if term)


class FilterValueError(ValueError):
    """A filter value the template or session does not know; the message names valid values."""


def describe_filter(note_filter: NoteFilter) -> str:
    """The filters applied, for a map's heading: `practice set: trust; kind: quote`; "" if none."""
    parts = []
    for label, values in (
        ("practice set", note_filter.practice_sets),
        ("agenda item", note_filter.agenda_items),
        ("kind", note_filter.kinds),
        ("evidence", note_filter.evidence),
        ("speaker role", note_filter.speaker_roles),
        ("speaker", note_filter.speakers),
        ("element", note_filter.elements),
    ):
        if values:
            parts.append(f"{label}: {' or '.join(sorted(values))}")
    if note_filter.cells:
        parts.append("verb: " + " or ".join(f"{e}.{v}" for e, v in sorted(note_filter.cells)))
    if note_filter.start_seconds is not None or note_filter.end_seconds is not None:
        parts.append(f"time: {note_filter.start_seconds or 0:g}s to {note_filter.end_seconds or 'end'}")
    if note_filter.text:
        parts.append(f"text: {note_filter.text!r}")
    return "; ".join(parts)


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(repr=False, eq=False)
class MapCounts:
    template: Template
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    evidence: dict[tuple[str, str], list[Note]] = field(default_factory=dict)
    notes_counted: int = 0

    @property
    def busiest(self) -> int:
        return max(self.counts.values(), default=0)

    def count(self, element: str, verb: str) -> int:
        return self.counts.get((element, verb), 0)

    def level(self, element: str, verb: str) -> int:
        return shade_level(self.count(element, verb), self.busiest)

    def element_total(self, element: str) -> int:
        return sum(c for (e, _), c in self.counts.items() if e == element)

    def shaded_cells(self) -> list[tuple[str, str]]:
        return [cell for cell in self.template.verb_cells() if self.counts.get(cell, 0) > 0]


def compute_map(
    template: Template, notes: Iterable[Note], note_filter: NoteFilter | None = None
) -> MapCounts:
    note_filter = note_filter or NoteFilter()
    result = MapCounts(template)
    known = set(template.verb_cells())
    for note in notes:
        if not note_filter.matches(note):
            continue
        result.notes_counted += 1
        for tag in note.tags:
            cell = (tag.element, tag.verb)
            if cell in known:
                result.counts[cell] += 1
                result.evidence.setdefault(cell, []).append(note)
    return result


def session_map(session: Session, note_filter: NoteFilter | None = None) -> MapCounts:
    return compute_map(session.template, session.notes, note_filter)


def aggregate_map(sessions: list[Session], note_filter: NoteFilter | None = None) -> MapCounts:
    """One map over several sessions, drawn on the union of their templates (domain/versions.py:
    versions reconciled, every coding counted, whatever the order of `sessions`)."""
    if not sessions:
        raise ValueError("no sessions to aggregate")
    from ppei_tui.domain.versions import combine_sessions  # not needed by one session's map

    combined = combine_sessions(sessions)
    notes = [note for session in sessions for note in combined.notes_of(session)]
    return compute_map(combined.template, notes, note_filter)


def combined_maps(sessions: list[Session], note_filter: NoteFilter | None = None) -> list[MapCounts]:
    """One map per session, all drawn on the union of their templates, so cells line up."""
    if not sessions:
        raise ValueError("no sessions to compare")
    from ppei_tui.domain.versions import combine_sessions

    combined = combine_sessions(sessions)
    return [compute_map(combined.template, combined.notes_of(s), note_filter) for s in sessions]


# One palette for every rendering of the map: index = shade level.
SHADE_COLOURS = ("#FFFFFF", "#DCEAF6", "#9DC3E6", "#4A90C8", "#08468C")
SHADE_TEXT_COLOURS = ("#555555", "#000000", "#000000", "#FFFFFF", "#FFFFFF")
