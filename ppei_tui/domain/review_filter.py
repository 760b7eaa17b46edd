"""Filtering a session's notes for review, as one pure step that a worker thread can run.

A review filter is typed one key at a time, so one session is filtered again and again, mostly
by filters that narrow the previous one (`#mat` then `#mat.rep`). `filter_notes` does the whole
step (parse the filter, match the notes, count the map and the deleted notes) so that the UI
thread only shows its result; `narrows` says when the notes the previous filter matched can be
matched again instead of every note, which gives the same notes by the rule in its docstring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ppei_tui.domain.mapping import MapCounts, NoteFilter, compute_map, text_terms
from ppei_tui.domain.review import parse_filter
from ppei_tui.domain.session import Note
from ppei_tui.domain.tags import TokenProblem
from ppei_tui.domain.vocabulary import TagVocabulary

CHECK_EVERY = 500  # notes matched between two looks at `cancelled` (a newer filter was typed)
# NoteFilter's fields that restrict to a set of values (narrows' rule; a test checks that
# every field of NoteFilter is one of these or handled by name in `narrows`).
SET_FIELDS = (
    "practice_sets",
    "agenda_items",
    "kinds",
    "evidence",
    "speaker_roles",
    "speakers",
    "elements",
    "cells",
)
OTHER_FIELDS = ("start_seconds", "end_seconds", "text", "include_deleted")


@dataclass(frozen=True)
class Filtered:
    """The notes `note_filter` matched, in session order."""

    note_filter: NoteFilter
    notes: list[Note]


@dataclass(frozen=True)
class FilterRequest:
    """One filter to apply: `text` as typed in the filter box, over `notes` (a copy of the
    session's list; the notes themselves are shared, read only). `base` is the previous
    result, reused when the new filter narrows it; pass None once any note has changed."""

    text: str
    notes: list[Note]
    vocabulary: TagVocabulary
    agenda: list[str]
    include_deleted: bool
    base: Filtered | None = None


@dataclass(frozen=True)
class FilterResult:
    """What one filter shows: the matched notes, the map of them, and the figures of the count
    line. `total` is what could be shown (every note when deleted ones are shown, else the
    live ones); `deleted` counts the session's deleted notes, `shown_deleted` those matched.
    `rows` maps a matched note's id to its row in `matched.notes`."""

    text: str
    matched: Filtered
    problems: list[TokenProblem]
    counts: MapCounts
    total: int
    deleted: int
    shown_deleted: int
    include_deleted: bool
    rows: dict[int, int]


Matcher = Callable[[FilterRequest, Callable[[], bool]], "FilterResult | None"]


def narrows(new: NoteFilter, old: NoteFilter) -> bool:
    """True when every note `new` matches is also matched by `old`, so matching `new` over the
    notes `old` matched gives exactly the notes it matches over the whole session.

    Rule (each field of NoteFilter restricts on its own, values within one are OR-ed): every set
    `old` restricts by is restricted by `new` to a non-empty subset of it; `new` shows deleted
    notes only if `old` did; a time bound of `old` is kept or tightened; and each of `old`'s text
    terms (mapping.text_terms, folded) is part of one of `new`'s (a note's folded text holding
    that term of `new` then holds it too)."""
    for name in SET_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before and not (after and after <= before):
            return False
    if new.include_deleted and not old.include_deleted:
        return False
    if old.start_seconds is not None and (new.start_seconds is None or new.start_seconds < old.start_seconds):
        return False
    if old.end_seconds is not None and (new.end_seconds is None or new.end_seconds > old.end_seconds):
        return False
    new_terms = text_terms(new.text)
    return all(any(term in wider for wider in new_terms) for term in text_terms(old.text))


def _matching(pool: list[Note], note_filter: NoteFilter, cancelled: Callable[[], bool]) -> list[Note] | None:
    matched: list[Note] = []
    for start in range(0, len(pool), CHECK_EVERY):
        if cancelled():
            return None
        matched.extend(note for note in pool[start : start + CHECK_EVERY] if note_filter.matches(note))
    return matched


def filter_notes(request: FilterRequest, cancelled: Callable[[], bool]) -> FilterResult | None:
    """The request's filter applied: its notes, map and counts; None as soon as `cancelled()`
    says the result is no longer wanted. Unknown values in the filter are ignored and listed in
    `problems` (parse_filter's rule); the map counts live notes only, as every map does."""
    parsed = parse_filter(request.text, request.vocabulary, request.agenda)
    note_filter = replace(parsed.note_filter, include_deleted=request.include_deleted)
    base = request.base
    pool = base.notes if base is not None and narrows(note_filter, base.note_filter) else request.notes
    matched = _matching(pool, note_filter, cancelled)
    if matched is None or cancelled():
        return None
    deleted = sum(1 for note in request.notes if note.deleted)
    return FilterResult(
        text=request.text,
        matched=Filtered(note_filter, matched),
        problems=parsed.problems,
        counts=compute_map(request.vocabulary.template, matched),
        total=len(request.notes) if request.include_deleted else len(request.notes) - deleted,
        deleted=deleted,
        shown_deleted=sum(1 for note in matched if note.deleted),
        include_deleted=request.include_deleted,
        rows={note.id: row for row, note in enumerate(matched)},
    )
