from pathlib import Path

import pytest

from ppei_tui.domain.mapping import session_map
from ppei_tui.domain.review import (
    coding_tokens,
    compare_maps,
    differences,
    edit_memo,
    edit_note,
    new_memo,
    original_text,
    parse_coding,
    parse_filter,
)
from ppei_tui.domain.session import Memo, Note, Tag
from ppei_tui.domain.tags import TagVocabulary
from ppei_tui.storage.store import load_session

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"


@pytest.fixture
def example():
    return load_session(EXAMPLE)


@pytest.fixture
def vocabulary(example):
    return TagVocabulary(example.template, example.info.attendees)


def matching(example, vocabulary, text):
    parsed = parse_filter(text, vocabulary, example.info.agenda)
    assert parsed.problems == []
    return [n for n in example.notes if parsed.note_filter.matches(n)]


def test_filter_by_verb_is_that_verbs_evidence(example, vocabulary):
    notes = matching(example, vocabulary, "#mat.rep")
    assert notes == session_map(example).evidence[("Mat", "Reporting")]


def test_filter_combinations(example, vocabulary):
    assert all(
        n.practice_sets == ["trust"] or "trust" in n.practice_sets
        for n in matching(example, vocabulary, "+trust")
    )
    assert {n.speaker for n in matching(example, vocabulary, "@hazel")} == {"Hazel"}
    assert {n.speaker_role for n in matching(example, vocabulary, "@gp-lead")} == {"GP lead"}
    assert {n.kind for n in matching(example, vocabulary, "!q")} == {"quote"}
    # The waterline rule: `!i` is every note below it, reflections included whatever their mark.
    inferred = matching(example, vocabulary, "!i")
    assert all(n.evidence == "inferred" or n.kind == "reflection" for n in inferred)
    assert any(n.kind == "reflection" and n.evidence == "seen" for n in inferred)
    assert {n.agenda_item for n in matching(example, vocabulary, "agenda:fin")} == {"Finance and performance"}
    elements = matching(example, vocabulary, "#BE")
    assert elements and all(any(t.element == "BE" for t in n.tags) for n in elements)
    phrase = matching(example, vocabulary, "action log")
    assert phrase and all("action log" in n.text.lower() for n in phrase)
    both = matching(example, vocabulary, "#mat.rep @beech")
    assert both and all(n.speaker == "Beech" for n in both)


def test_filter_problems_are_reported(example, vocabulary):
    parsed = parse_filter("#zzz agenda:nothing", vocabulary, example.info.agenda)
    assert [p.token for p in parsed.problems] == ["#zzz", "agenda:nothing"]


def test_coding_tokens_round_trip(example, vocabulary):
    for note in example.notes:
        coding, problems = parse_coding(coding_tokens(note), vocabulary)
        assert problems == []
        assert (
            coding.tags,
            coding.practice_sets,
            coding.speaker,
            coding.speaker_role,
            coding.kind,
            coding.evidence,
        ) == (note.tags, note.practice_sets, note.speaker, note.speaker_role, note.kind, note.evidence)


def test_edits_keep_the_original_and_every_change(clock):
    note = Note(1, "Minuts agreed", clock().isoformat(), 10.0, [Tag("P", "Engaging")])
    before = edit_note(
        note, {"text": "Minutes agreed", "tags": [Tag("Mat", "Reporting")], "kind": "quote"}, clock(), "DH"
    )
    # The caller's tag is one added by key (not read from the text); the old key tags come back
    # with the old values, for undo.
    assert before == {
        "text": "Minuts agreed",
        "tags": [Tag("P", "Engaging")],
        "kind": "observation",
        "key_tags": [],
    }
    assert note.key_tags == [Tag("Mat", "Reporting")]
    clock.advance(60)
    edit_note(note, {"text": "Minutes agreed unanimously"}, clock(), "RB")
    assert original_text(note) == "Minuts agreed"
    assert [(h.field, h.by) for h in note.history] == [
        ("text", "DH"),
        ("tags", "DH"),
        ("kind", "DH"),
        ("text", "RB"),
    ]
    assert note.history[1].before == ["P.Engaging"] and note.history[1].after == ["Mat.Reporting"]
    assert edit_note(note, {"kind": "quote"}, clock(), "RB") == {}


def test_soft_delete_is_an_edit_and_can_be_undone(clock):
    note = Note(1, "x", clock().isoformat(), 0.0)
    before = edit_note(note, {"deleted": True}, clock(), "DH")
    assert note.deleted
    edit_note(note, before, clock(), "DH")
    assert not note.deleted and [h.field for h in note.history] == ["deleted", "deleted"]


def test_memo_ids_and_fields(example, clock):
    memo = new_memo(example, "Power sits with Elm", clock(), "DH", 5)
    assert memo == Memo(1, "Power sits with Elm", clock().isoformat(timespec="seconds"), "DH", 5)
    assert new_memo(example, "next", clock(), "DH", None).id == 1  # not stored yet: still the first
    example.memos.append(memo)
    assert new_memo(example, "next", clock(), "DH", None).id == 2


def test_compare_and_differences(example, hatfield, clock):
    from ppei_tui.domain.mapping import compute_map

    other = compute_map(hatfield, [Note(1, "x", "", 0, [Tag("P", "Engaging"), Tag("C", "Learning")])])
    rows = compare_maps([session_map(example), other])
    by_cell = {(r.element, r.verb): r for r in rows}
    assert by_cell[("P", "Engaging")].counts == (session_map(example).count("P", "Engaging"), 1)
    partial, differing = differences(rows)
    assert ("Mat", "Reporting") in [(r.element, r.verb) for r in partial]
    assert ("P", "Engaging") in [(r.element, r.verb) for r in differing]


def test_edit_memo_keeps_earlier_text_and_deletion_and_undoes(clock):
    memo = Memo(1, "first", "2026-11-22T10:00:00+00:00", "A", None)
    assert edit_memo(memo, {"text": "first"}, clock(), "B") == {}
    before = edit_memo(memo, {"text": "second"}, clock(), "B")
    assert before == {"text": "first"} and memo.text == "second"
    clock.advance(60)
    assert edit_memo(memo, {"deleted": True}, clock(), "B") == {"deleted": False}
    edit_memo(memo, before, clock(), "C")  # undo of the text change
    assert memo.text == "first" and memo.deleted is True
    assert [(h.by, h.field, h.before, h.after) for h in memo.history] == [
        ("B", "text", "first", "second"),
        ("B", "deleted", False, True),
        ("C", "text", "second", "first"),
    ]
    with pytest.raises(KeyError):
        edit_memo(memo, {"note_id": 3}, clock(), "C")


def test_memo_history_of_the_first_file_format_reads_as_changes():
    memo = Memo.from_dict(
        {
            "id": 1,
            "text": "now",
            "created": "2026-11-22T10:00:00+00:00",
            "deleted": True,
            "history": [{"at": "t1", "by": "A", "text": "then"}, {"at": "t2", "by": "A", "deleted": False}],
        }
    )
    assert [(h.field, h.before, h.after) for h in memo.history] == [
        ("text", "then", "now"),
        ("deleted", False, True),
    ]
