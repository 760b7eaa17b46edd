"""The session file's draft record is checked like a note when it is read back.

A hand-edited or damaged draft used to be restored as it was, then saved into a note the
session-file check refuses (an unknown key tag), or to make the session unopenable with a
Python repr (a malformed record). Now what can be kept is kept, and one message names the file,
the record and the field.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from save_helpers import settle, settle_saves

from ppei_tui.domain.draft_record import restore_draft
from ppei_tui.domain.session import Tag
from ppei_tui.domain.session_schema import check_session_tables
from ppei_tui.storage.journal import journal_path_for
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import load_session
from ppei_tui.ui.app import PpeiApp

SIZE = (150, 45)
GOOD = {
    "text": "Birch objects to the #rep",
    "started_at": "2026-10-14T13:31:00+01:00",
    "started_offset": 30.0,
    "kind": "quote",
    "evidence": "inferred",
    "key_tags": [{"element": "M", "verb": "Valuing"}],
    "at": "2026-10-14T13:31:15+01:00",
}


def with_(**changes):
    return {**GOOD, **changes}


def test_a_good_record_is_restored_whole(hatfield):
    restored = restore_draft({"1": GOOD}, hatfield)
    assert restored is not None and restored.problems == []
    draft = restored.draft
    assert (draft.text, draft.started_offset, draft.kind, draft.evidence) == (
        GOOD["text"],
        30.0,
        "quote",
        "inferred",
    )
    assert draft.key_tags == [Tag("M", "Valuing")] and draft.started_at is not None
    assert restored.written_at is not None and restored.written_at.isoformat() == GOOD["at"]


def test_no_record_and_an_old_partial_record():
    assert restore_draft(None, None) is None and restore_draft({}, None) is None


def test_an_old_record_with_only_text_reads(hatfield):
    restored = restore_draft({"1": {"text": "just this"}}, hatfield)
    assert restored is not None and restored.problems == [] and restored.draft.text == "just this"


def test_an_unknown_key_tag_is_dropped_and_named_the_rest_kept(hatfield):
    record = with_(key_tags=[{"element": "Q", "verb": "Valuing"}, {"element": "M", "verb": "Valuing"}])
    restored = restore_draft({"1": record}, hatfield)
    assert restored is not None
    assert restored.draft.key_tags == [Tag("M", "Valuing")] and restored.draft.text == GOOD["text"]
    [problem] = restored.problems
    assert problem.startswith("key_tags[0].element: 'Q' is not an element of the template (P, Mat, C, BE, M)")
    assert problem.endswith(" (that key tag was dropped)")
    assert restored.describe() == f"record draft/1: {problem}"


@pytest.mark.parametrize(
    ("changes", "field", "kept"),
    [
        ({"key_tags": [{"element": "M", "verb": "Dancing"}]}, "key_tags[0].verb", "text"),
        ({"key_tags": ["M.Valuing"]}, "key_tags[0]", "text"),
        ({"key_tags": [{"element": "M"}]}, "key_tags[0].verb", "text"),
        ({"key_tags": "M.Valuing"}, "key_tags", "text"),
        ({"kind": "gossip"}, "kind", "key_tags"),
        ({"evidence": 3}, "evidence", "key_tags"),
        ({"started_at": "yesterday"}, "started_at", "key_tags"),
        ({"started_offset": "0:30"}, "started_offset", "key_tags"),
        ({"at": 17}, "at", "key_tags"),
    ],
)
def test_each_bad_field_is_one_problem_and_the_rest_is_kept(hatfield, changes, field, kept):
    restored = restore_draft({"1": with_(**changes)}, hatfield)
    assert restored is not None and restored.refused == ""
    [problem] = restored.problems
    assert problem.startswith(f"{field}: ") and restored.describe().startswith(f"record draft/1: {field}: ")
    assert getattr(restored.draft, kept) == getattr(restore_draft({"1": GOOD}, hatfield).draft, kept)
    assert restored.draft.text == GOOD["text"]
    if field.startswith("started"):  # no half time: Enter times the note
        assert restored.draft.started_at is None and restored.draft.started_offset == 0.0


@pytest.mark.parametrize(
    ("table", "shown"),
    [
        ({"1": with_(text=42)}, "record draft/1: text: expected text, found the number 42"),
        ({"1": "Birch objects"}, "record draft/1: expected an object, found the text 'Birch objects'"),
        (["Birch objects"], "table draft: must be an object of records, found a list of 1"),
    ],
)
def test_a_draft_that_cannot_be_restored_is_refused_with_its_content_shown(hatfield, table, shown):
    restored = restore_draft(table, hatfield)
    assert restored is not None and restored.draft.text == "" and restored.draft.key_tags == []
    message = restored.describe()
    assert message.startswith(shown) and "(the draft was not restored)" in message
    assert "Error(" not in message


async def _session_with_draft(config, store, make_info, record, table=None):
    """A started session left (Ctrl+Q), then its draft record (or `draft` table) edited by hand."""
    opened = store.create(make_info())
    async with PpeiApp(config, store, opened, is_new=True).run_test(size=SIZE) as pilot:
        await settle(pilot)
    path = opened.path
    data = read_tables(path)[0]
    data["draft"] = {"1": record} if table is None else table
    path.write_text(json.dumps(data), encoding="utf-8")
    journal_path_for(path).unlink(missing_ok=True)
    return path


async def test_resume_with_an_unknown_key_tag_saves_a_note_the_schema_accepts(config, store, make_info):
    record = with_(key_tags=[{"element": "Q", "verb": "x"}, {"element": "M", "verb": "Valuing"}])
    path = await _session_with_draft(config, store, make_info, record)
    app = PpeiApp(config, store, store.open(path))
    async with app.run_test(size=SIZE) as pilot:
        assert pilot.app.screen.query_one("#note-input").value == GOOD["text"]
        [warning] = [n for n in pilot.app.notices if n.title == "Draft record"]
        assert warning.message.startswith(
            f"{path.name}, record draft/1 (kept as found in refused_drafts/1): "
            "key_tags[0].element: 'Q' is not"
        )
        assert "(that key tag was dropped)" in warning.message and warning.severity == "warning"
        assert warning.message.endswith("(that key tag was dropped). The rest is back in the input.")
        assert not [n for n in pilot.app.notices if n.title == "Draft restored"]  # one message
        await pilot.press("enter")
        await settle(pilot)
    tables = read_tables(path)[0]
    assert check_session_tables(tables) == []
    [note] = load_session(path).notes
    assert note.text == GOOD["text"] and note.key_tags == [Tag("M", "Valuing")]
    assert Tag("Q", "x") not in note.tags


async def test_resume_with_a_malformed_draft_opens_and_says_so_readably(config, store, make_info):
    path = await _session_with_draft(config, store, make_info, {"text": ["not", "text"], "key_tags": 5})
    app = PpeiApp(config, store, store.open(path))
    async with app.run_test(size=SIZE) as pilot:
        assert pilot.app.screen.query_one("#note-input").value == ""
        [warning] = [n for n in pilot.app.notices if n.title == "Draft record"]
        assert (
            "record draft/1 (kept as found in refused_drafts/1): text: expected text, found a list of 2 "
            "(the draft was not" in warning.message
        )
        assert warning.message.endswith('; it held ["not", "text"].')  # nothing lost unseen
        assert "Error(" not in warning.message


BAD_TEXT = {"text": ["Birch objects", "to the minutes"], "kind": "quote", "at": GOOD["at"]}


async def _resume_through_heartbeats(config, store, path):
    """Resume `path` with a fast heartbeat, leave it running long enough for the draft record
    to be written again (several times), then quit; the file's tables afterwards."""
    fast = replace(config, heartbeat_seconds=0.1)
    async with PpeiApp(fast, store, store.open(path)).run_test(size=SIZE) as pilot:
        await pilot.pause(0.6)
        await settle_saves(pilot)
        notices = [n.message for n in pilot.app.notices if n.title == "Draft record"]
    return read_tables(path)[0], notices


@pytest.mark.parametrize(
    ("table", "found"),
    [
        (None, BAD_TEXT),  # its text not text: not restored
        ({"1": "Birch objects"}, "Birch objects"),  # the record not an object
    ],
)
async def test_a_refused_draft_outlives_the_heartbeat_in_refused_drafts(
    config, store, make_info, table, found
):
    path = await _session_with_draft(config, store, make_info, BAD_TEXT, table)
    tables, [notice] = await _resume_through_heartbeats(config, store, path)
    assert tables["draft"]["1"]["text"] == ""  # the heartbeat wrote the draft again
    [kept] = tables["refused_drafts"].values()
    assert kept["found"] == found and kept["from"] == "draft/1"
    assert kept["problems"] and "(the draft was not restored)" in kept["problems"][0]
    assert "refused_drafts/1" in notice
    assert check_session_tables(tables) == []


async def test_a_draft_restored_in_part_keeps_what_was_dropped_in_refused_drafts(config, store, make_info):
    record = with_(key_tags=[{"element": "Q", "verb": "x"}], kind="gossip")
    path = await _session_with_draft(config, store, make_info, record)
    tables, _ = await _resume_through_heartbeats(config, store, path)
    assert tables["draft"]["1"]["key_tags"] == [] and tables["draft"]["1"]["kind"] is None
    assert tables["refused_drafts"]["1"]["found"] == record  # the Q tag and the kind kept
    assert len(tables["refused_drafts"]["1"]["problems"]) == 2


async def test_a_bad_draft_found_again_is_set_aside_once(config, store, make_info):
    path = await _session_with_draft(config, store, make_info, BAD_TEXT)
    for _ in range(2):  # opened and closed without observing (review, shade): the draft stays
        opened = store.open(path)
        assert opened.draft_set_aside == "refused_drafts/1"
        opened.close()
    tables = read_tables(path)[0]
    assert tables["draft"]["1"] == BAD_TEXT and list(tables["refused_drafts"]) == ["1"]


def test_a_refused_drafts_record_is_checked_like_the_others():
    problems = check_session_tables({"refused_drafts": {"1": {"found": None, "problems": "x"}}})
    named = {(p.record, p.field) for p in problems}
    assert {("refused_drafts/1", "problems"), ("refused_drafts/1", "at")} <= named
