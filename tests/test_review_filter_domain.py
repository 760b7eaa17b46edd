"""The review filter step a worker runs (domain/review_filter.py): the same notes, map and counts
whether it matches every note or narrows the previous result, and it stops when cancelled."""

import unicodedata
from dataclasses import fields, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ppei_tui.domain.mapping import NoteFilter, compute_map
from ppei_tui.domain.review import parse_filter
from ppei_tui.domain.review_filter import (
    OTHER_FIELDS,
    SET_FIELDS,
    FilterRequest,
    FilterResult,
    filter_notes,
    narrows,
)
from ppei_tui.domain.session import Evidence, Kind, Note, Session, Tag
from ppei_tui.domain.tags import TOKEN, TagVocabulary
from ppei_tui.storage.store import load_session

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
TYPED = ("#mat.rep +trust @beech budget", "#BE !q money", "agenda:fin #P", "the board", "#nosuch @nobody")

LETTERS = st.sampled_from("ab")
SMALL = st.frozensets(LETTERS, max_size=2)
notes = st.builds(
    Note,
    id=st.integers(1, 1000),
    text=st.text("abAB ", max_size=6),
    wall_time=st.just("2026-10-14T10:00:00+00:00"),
    offset_seconds=st.floats(0, 100),
    tags=st.lists(st.builds(Tag, LETTERS, LETTERS), max_size=2),
    practice_sets=st.lists(LETTERS, max_size=2),
    speaker=LETTERS,
    speaker_role=LETTERS,
    kind=st.sampled_from(list(Kind)),
    evidence=st.sampled_from(list(Evidence)),
    agenda_item=LETTERS,
    deleted=st.booleans(),
)
FIELD_VALUES = {
    "practice_sets": SMALL,
    "agenda_items": SMALL,
    "kinds": st.frozensets(st.sampled_from(list(Kind)), max_size=2),
    "evidence": st.frozensets(st.sampled_from(list(Evidence)), max_size=1),
    "speaker_roles": SMALL,
    "speakers": SMALL,
    "elements": SMALL,
    "cells": st.frozensets(st.tuples(LETTERS, LETTERS), max_size=2),
    "start_seconds": st.none() | st.floats(0, 100),
    "end_seconds": st.none() | st.floats(0, 100),
    "text": st.text("abA", max_size=2),
    "include_deleted": st.booleans(),
}


@st.composite
def note_filters(draw) -> NoteFilter:
    """A filter restricting by some fields only (as people type them), so notes match it."""
    return NoteFilter(**{name: draw(values) for name, values in FIELD_VALUES.items() if draw(st.booleans())})


@st.composite
def filter_pairs(draw) -> tuple[NoteFilter, NoteFilter]:
    """(new, old): new is old with some fields drawn afresh (or its text extended), so it
    narrows old as often as not."""
    old = draw(note_filters())
    changed = {name: draw(values) for name, values in FIELD_VALUES.items() if draw(st.booleans())}
    new = replace(old, **changed)
    if draw(st.booleans()):
        new = replace(new, text=new.text + draw(st.text("ab", max_size=2)))
    return new, old


@pytest.fixture
def session() -> Session:
    return load_session(EXAMPLE)


def request_for(session: Session, text: str, include_deleted: bool = False, base=None) -> FilterRequest:
    vocabulary = TagVocabulary(session.template, session.info.attendees)
    return FilterRequest(text, list(session.notes), vocabulary, session.info.agenda, include_deleted, base)


def run(request: FilterRequest) -> FilterResult:
    result = filter_notes(request, lambda: False)
    assert result is not None
    return result


@settings(max_examples=400)
@given(st.lists(notes, max_size=8), filter_pairs())
def test_a_narrowing_filter_matches_only_notes_the_wider_one_matched(pool, pair):
    new, old = pair
    if narrows(new, old):
        assert all(old.matches(note) for note in pool if new.matches(note))


def test_every_field_of_a_note_filter_has_a_narrowing_rule():
    # A field added to NoteFilter without a rule in `narrows` would make narrowing wrong.
    assert set(SET_FIELDS) | set(OTHER_FIELDS) == {f.name for f in fields(NoteFilter)}


def test_a_filter_narrows_itself_and_what_it_extends_but_not_a_wider_one():
    trust = NoteFilter(practice_sets=frozenset({"trust"}), text="bud")
    assert narrows(trust, trust) and narrows(
        NoteFilter(practice_sets=frozenset({"trust"}), text="budget"), trust
    )
    assert not narrows(NoteFilter(text="budget"), trust)  # the practice set was dropped
    assert not narrows(trust, NoteFilter(practice_sets=frozenset({"trust"}), text="budget"))
    assert not narrows(NoteFilter(include_deleted=True), NoteFilter())
    assert narrows(NoteFilter(), NoteFilter(include_deleted=True))
    late, later = NoteFilter(start_seconds=60), NoteFilter(start_seconds=120)
    assert narrows(later, late) and not narrows(late, later) and not narrows(NoteFilter(), late)
    early, earlier = NoteFilter(end_seconds=120), NoteFilter(end_seconds=60)
    assert narrows(earlier, early) and not narrows(early, earlier) and not narrows(NoteFilter(), early)
    assert narrows(NoteFilter(text="Budget Cuts"), NoteFilter(text="budget"))  # as matching: any case


@pytest.mark.parametrize("typed", TYPED)
def test_typing_key_by_key_with_narrowing_gives_what_matching_every_note_gives(session, typed):
    session.notes[3].deleted = True  # a deleted note, counted honestly
    shown = None
    for length in range(len(typed) + 1):
        text = typed[:length]
        incremental = run(request_for(session, text, base=shown))
        fresh = run(request_for(session, text))
        vocabulary = TagVocabulary(session.template, session.info.attendees)
        expected = [
            n
            for n in session.notes
            if parse_filter(text, vocabulary, session.info.agenda).note_filter.matches(n)
        ]
        assert incremental.matched.notes == fresh.matched.notes == expected, text
        assert incremental.counts.counts == compute_map(session.template, expected).counts
        assert [str(p) for p in incremental.problems] == [str(p) for p in fresh.problems]
        assert incremental.rows == {note.id: row for row, note in enumerate(expected)}
        shown = incremental.matched


def test_counts_of_shown_and_deleted_notes(session):
    session.notes[0].deleted = session.notes[1].deleted = True
    total = len(session.notes)
    hidden = run(request_for(session, ""))
    assert (len(hidden.matched.notes), hidden.total, hidden.deleted, hidden.shown_deleted) == (
        total - 2,
        total - 2,
        2,
        0,
    )
    shown = run(request_for(session, "", include_deleted=True))
    assert (len(shown.matched.notes), shown.total, shown.deleted, shown.shown_deleted) == (total, total, 2, 2)
    # The map counts live notes only, whether or not deleted ones are listed.
    assert shown.counts.counts == hidden.counts.counts


def test_unknown_values_are_listed_not_dropped(session):
    result = run(request_for(session, "#nosuch budget"))
    assert [p.token for p in result.problems] == ["#nosuch"]


def test_a_cancelled_filter_gives_no_result(session):
    looks = []

    def cancelled() -> bool:
        looks.append(1)
        return len(looks) > 1  # cancelled once matching has begun

    assert filter_notes(request_for(session, "#BE"), cancelled) is None


def test_a_reflection_is_inferred_in_the_evidence_filter_whatever_it_is_marked(session):
    """README, How the figures are computed: a reflection counts below the waterline whatever
    else it is marked, so `!s` leaves it out and `!i` lists it, and the map follows."""
    reflections = [note for note in session.notes if note.kind == Kind.REFLECTION and not note.deleted]
    assert reflections, "the example session has reflections"
    for note in reflections:
        note.evidence = Evidence.SEEN  # a reflection mistakenly marked seen
    seen_ids = {note.id for note in run(request_for(session, "!s")).matched.notes}
    inferred_ids = {note.id for note in run(request_for(session, "!i")).matched.notes}
    assert not seen_ids & {note.id for note in reflections}
    assert {note.id for note in reflections} <= inferred_ids
    live = [note for note in session.notes if not note.deleted]
    by_rule = {note.id for note in live if note.kind != Kind.REFLECTION and note.evidence == Evidence.SEEN}
    assert seen_ids == by_rule
    assert seen_ids | inferred_ids == {note.id for note in live} and not seen_ids & inferred_ids
    seen_map = run(request_for(session, "!s")).counts.counts
    by_hand: dict[tuple[str, str], int] = {}
    for note in live:
        if note.id in by_rule:
            for cell in {(tag.element, tag.verb) for tag in note.tags}:
                by_hand[cell] = by_hand.get(cell, 0) + 1
    assert {cell: n for cell, n in seen_map.items() if n} == by_hand


def _accents_dropped(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(blacklist_characters='"\u201c\u201d'), max_size=40), seed=st.randoms())
def test_a_note_is_found_by_each_of_its_words_in_any_order_accents_dropped(text, seed):
    note = Note(id=1, text=text, wall_time="2026-10-14T10:00:00+00:00", offset_seconds=0)
    words = [
        _accents_dropped(w)
        for w in text.split()
        if not TOKEN.fullmatch(w) and not w.lower().startswith("agenda:")
    ]
    seed.shuffle(words)
    session = load_session(EXAMPLE)
    vocabulary = TagVocabulary(session.template, session.info.attendees)
    assert parse_filter(" ".join(words), vocabulary, []).note_filter.matches(note)
    for word in words:
        assert NoteFilter(text=word).matches(note)


def test_plain_words_are_each_required_and_a_quoted_phrase_keeps_its_order():
    note = Note(
        id=1, text="Line 01: the Café budget", wall_time="2026-10-14T10:00:00+00:00", offset_seconds=0
    )
    found = {
        t: NoteFilter(text=t).matches(note)
        for t in ("01 line", "cafe 01", "CAFÉ", '"line 01"', '"01 line"', "line01", "café tea")
    }
    assert found == {
        "01 line": True,
        "cafe 01": True,
        "CAFÉ": True,
        '"line 01"': True,
        '"01 line"': False,
        "line01": False,
        "café tea": False,
    }
    assert narrows(NoteFilter(text='"line 01" cafe'), NoteFilter(text="01 line"))
    assert not narrows(NoteFilter(text="line"), NoteFilter(text="line 01"))
