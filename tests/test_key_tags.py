"""Tags added by key are remembered per note (`key_tags`), so deleting a `#token` from the text
in review takes away only what the token brought: a tag also added by key stays.

Checked in the domain, against the stored session file, through review's keys, and for what
must not change: old files, the file schema's messages, exports.
"""

import json
import shutil
from pathlib import Path

import pytest
from save_helpers import settle_written as settle

from ppei_tui.domain.recording import Draft, add_tag, note_from_draft
from ppei_tui.domain.review import edit_note
from ppei_tui.domain.session import Note, Session, Tag
from ppei_tui.domain.session_schema import check_session_tables
from ppei_tui.domain.tags import TagVocabulary
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import load_session
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.review import ReviewScreen
from ppei_tui.ui.review_widgets import NotesView
from ppei_tui.ui.sessions import SessionsScreen

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
VALUING, ENGAGING = Tag("M", "Valuing"), Tag("P", "Engaging")


@pytest.fixture
def vocabulary(hatfield):
    return TagVocabulary(hatfield)


def test_deleting_a_token_keeps_a_tag_also_added_by_key(clock, vocabulary):
    note = Note(1, "Chair thanks everyone #val", clock().isoformat(), 10.0, [VALUING], key_tags=[VALUING])
    edit_note(note, {"text": "Chair thanks everyone"}, clock(), "RB", vocabulary)
    assert note.tags == [VALUING] and note.key_tags == [VALUING]


def test_deleting_a_token_still_takes_away_a_tag_only_typed(clock, vocabulary):
    note = Note(1, "Chair thanks everyone #val #eng", clock().isoformat(), 10.0, [VALUING, ENGAGING])
    edit_note(note, {"text": "Chair thanks everyone #eng"}, clock(), "RB", vocabulary)
    assert note.tags == [ENGAGING] and note.key_tags == []


def test_a_tag_given_by_the_caller_is_by_key_and_one_removed_is_forgotten(clock, vocabulary):
    note = Note(1, "Minutes #eng", clock().isoformat(), 10.0, [ENGAGING])
    before = edit_note(note, {"tags": [ENGAGING, VALUING]}, clock(), "RB", vocabulary)  # the coding field
    assert note.key_tags == [VALUING] and before == {"tags": [ENGAGING], "key_tags": []}
    edit_note(note, before, clock(), "RB")  # undo
    assert (note.tags, note.key_tags) == ([ENGAGING], [])
    edit_note(note, {"tags": [ENGAGING, VALUING]}, clock(), "RB", vocabulary)
    edit_note(note, {"tags": [ENGAGING]}, clock(), "RB", vocabulary)  # removed by key
    assert note.key_tags == []
    assert [h.field for h in note.history] == ["tags"] * 4  # the origin is not a coding change


def test_live_keys_are_recorded_on_the_note(hatfield, clock, vocabulary, make_info):
    session = Session(make_info())
    draft = Draft(text="Chair thanks everyone #val")
    draft.begin(session, clock())
    draft.add_key_tag(VALUING)  # the picker, while typing, the same tag as the token
    draft.add_key_tag(ENGAGING)
    note, _ = note_from_draft(session, draft, vocabulary, clock())
    assert note.tags == [VALUING, ENGAGING] and note.key_tags == [VALUING, ENGAGING]
    typed = Note(2, "Budget #val", clock().isoformat(), 20.0, [VALUING])
    assert add_tag(typed, VALUING, clock(), "DH")  # picked for a saved note: already there, now by key too
    assert typed.tags == [VALUING] and typed.key_tags == [VALUING] and typed.history == []


def test_stored_only_when_there_are_some_and_old_files_read(clock, tmp_path):
    plain = Note(1, "x", clock().isoformat(), 1.0, [VALUING])
    assert "key_tags" not in plain.to_dict()  # files without key tags are written as before
    keyed = Note(2, "y", clock().isoformat(), 2.0, [VALUING], key_tags=[VALUING])
    assert keyed.to_dict()["key_tags"] == [{"element": "M", "verb": "Valuing"}]
    assert Note.from_dict(keyed.to_dict()) == keyed
    assert Note.from_dict(plain.to_dict()).key_tags == []  # an old row: no field, no key tags
    session = load_session(EXAMPLE)  # an old file reads as it did
    assert all(n.key_tags == [] for n in session.notes)


def test_the_schema_checks_key_tags_like_tags():
    tables = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    first = next(iter(tables["notes"]))
    tables["notes"][first]["key_tags"] = [{"element": "M", "verb": "Valuing"}, {"element": "Q", "verb": "x"}]
    problems = [str(p) for p in check_session_tables(tables)]
    assert len(problems) == 1 and f"record notes/{first}, field key_tags[1].element" in problems[0]
    tables["notes"][first]["key_tags"] = "M.Valuing"
    assert any("field key_tags" in str(p) for p in check_session_tables(tables))


def test_exports_do_not_carry_the_origin(tmp_path, capsys):
    from ppei_tui.cli import main

    path = tmp_path / EXAMPLE.name
    tables = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    plain_out, keyed_out = tmp_path / "plain.json", tmp_path / "keyed.json"
    shutil.copy(EXAMPLE, path)
    assert main(["export", str(path), "-f", "json", "-o", str(plain_out)]) == 0
    note = next(n for n in tables["notes"].values() if n["tags"])
    note["key_tags"] = note["tags"][:1]
    path.write_text(json.dumps(tables), encoding="utf-8")
    assert main(["export", str(path), "-f", "json", "-o", str(keyed_out)]) == 0
    plain, keyed = (json.loads(p.read_text(encoding="utf-8")) for p in (plain_out, keyed_out))
    assert keyed["sessions"][0]["notes"] == plain["sessions"][0]["notes"]
    assert "key_tags" not in keyed_out.read_text(encoding="utf-8")


# --- in review: t adds by key, e edits the text ---------------------------------------------
async def open_review_of(pilot, text_of_note: str) -> Note:
    await settle(pilot)
    assert isinstance(pilot.app.screen, SessionsScreen)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    notes = screen.query_one(NotesView)
    while notes.current is not None and notes.current.text != text_of_note:
        await pilot.press("down")
    assert notes.current is not None
    return notes.current


@pytest.mark.parametrize("also_by_key", [True, False])
async def test_review_deleting_the_token_keeps_the_tag_added_by_t(config, store, make_info, also_by_key):
    opened = store.create(make_info())
    opened.save_note(Note(1, "Chair thanks everyone #val", "2026-11-22T10:00:10+00:00", 10.0, [VALUING]))
    opened.close()
    async with PpeiApp(config, store, start_in_review=True, reviewer="RB").run_test(size=(160, 50)) as pilot:
        note = await open_review_of(pilot, "Chair thanks everyone #val")
        if also_by_key:
            await pilot.press("t", *"M.Valuing", "enter")  # already tagged by its token: now by key too
            await settle(pilot)
        await pilot.press("enter")  # edit: the text field first
        await pilot.pause()
        await pilot.press("end", *["backspace"] * len(" #val"), "ctrl+s")
        await settle(pilot)
    [row] = read_tables(opened.path)[0]["notes"].values()
    assert row["text"] == "Chair thanks everyone" and note.text == row["text"]
    if also_by_key:
        assert row["tags"] == [{"element": "M", "verb": "Valuing"}] and row["key_tags"] == row["tags"]
    else:
        assert row["tags"] == [] and "key_tags" not in row


@pytest.mark.parametrize(
    ("table", "field"),
    [
        ("notes", "key_tags"),
        ("notes", "tags"),
        ("notes", "history"),
        ("info", "attendees"),
        ("memos", "history"),
    ],
)
def test_an_item_that_is_not_an_object_is_one_problem(table, field):
    """One message per problem: the list's check and the item's check used to both report it."""
    tables = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    tables["memos"]["1"] = {
        "id": 1,
        "text": "a memo",
        "created": "2026-10-14T13:40:00+01:00",
        "note_id": None,
    }
    tables[table]["1"][field] = ["M.Valuing"]
    problems = [str(p) for p in check_session_tables(tables)]
    assert problems == [f"record {table}/1, field {field}[0]: expected an object, found the text 'M.Valuing'"]
