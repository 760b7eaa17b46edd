"""Pilot tests: leaving never loses a note (Ctrl+Q, F10, signals) and drafts survive a crash."""

import json
import os
import signal

import pytest
from save_helpers import settle

from ppei_tui.storage.journal import journal_path_for
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import load_session
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.home import HomeScreen
from ppei_tui.ui.leaving import LeaveDialog
from ppei_tui.ui.observe import ObserveScreen
from ppei_tui.ui.status_bar import StatusBar

SIZE = (150, 45)


def stored(path):
    """What is on disk: the session file with its journal (read as every command reads it)."""
    return read_tables(path)[0]


def crash_snapshot(path):
    """The session file and its journal as kill -9 would leave them now."""
    files = [path, journal_path_for(path)]
    return {f: f.read_bytes() for f in files if f.exists()}


def restore(snapshot):
    for name, data in snapshot.items():
        name.write_bytes(data)


def draft_on_disk(path) -> str:
    return stored(path).get("draft", {}).get("1", {}).get("text", "")


def dialog_text(pilot) -> str:
    screen = pilot.app.screen
    assert isinstance(screen, LeaveDialog)
    return "\n".join(str(label.render()) for label in screen.query("Label"))


async def test_quit_with_an_unsaved_note_asks_and_keep_retrying_saves_it(app_for, disk):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        disk["full"] = True
        await pilot.press(*"vote taken", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        text = dialog_text(pilot)
        assert (
            "1 note and 0 other changes (events, agenda) are NOT on disk" in text and "No space left" in text
        )
        assert "keep retrying" in text and "discard the 1 unsaved item" in text
        await pilot.press("r")
        await settle(pilot)
        assert pilot.app.is_running and isinstance(pilot.app.screen, ObserveScreen)
        disk["full"] = False
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0
    assert [n["text"] for n in stored(path)["notes"].values()] == ["vote taken"]
    assert load_session(path).events[-1].type == "leave"


async def test_discard_is_named_and_does_quit(app_for, disk):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        disk["full"] = True
        await pilot.press(*"lost on purpose", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert "discard the 1 unsaved item and quit: it is lost" in dialog_text(pilot)  # not 'they are'
        await pilot.press("d")
        await settle(pilot)
    assert not app.is_running
    assert stored(path)["notes"] == {}


async def test_quit_with_text_in_the_input_saves_it_as_a_note(app_for, clock):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(40)
        await pilot.press(*"half a thought")
        clock.advance(20)
        await pilot.press("ctrl+q")
        await settle(pilot)
        text = dialog_text(pilot)
        assert "half a thought" in text and "save the text as a note" in text
        await pilot.press("s")
        await settle(pilot)
    assert not app.is_running
    [note] = stored(path)["notes"].values()
    assert note["text"] == "half a thought" and note["offset_seconds"] == 40
    assert draft_on_disk(path) == ""  # submitted: the draft is cleared


async def test_quit_keeping_the_text_as_a_draft_puts_it_back_on_resume(config, store, make_info):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"for later")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
    assert draft_on_disk(opened.path) == "for later" and stored(opened.path)["notes"] == {}
    app = PpeiApp(config, store, store.open(opened.path))
    async with app.run_test(size=SIZE) as pilot:
        assert pilot.app.screen.query_one("#note-input").value == "for later"
        await pilot.press(*" and more")  # typing carries on after the restored text
        assert pilot.app.screen.query_one("#note-input").value == "for later and more"


async def test_quit_with_a_draft_on_a_failing_disk(app_for, disk):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        disk["full"] = True
        await pilot.press(*"typed while the disk is full")
        await pilot.pause(0.4)
        await settle(pilot)
        assert any("Could not keep the draft" in title for _, title, _ in pilot.app.notices)
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("k")  # keeping it as a draft cannot work: the app says so and stays
        await settle(pilot)
        assert pilot.app.is_running
        await pilot.press("escape")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("s")  # save as a note: the save fails, so it asks again
        await settle(pilot)
        assert "1 note and" in dialog_text(pilot)
        await pilot.press("r")
        disk["full"] = False
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert not app.is_running
    assert [n["text"] for n in stored(path)["notes"].values()] == ["typed while the disk is full"]
    assert draft_on_disk(path) == ""


async def test_f10_with_text_typed_asks_and_ends_with_the_note_saved(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"closing remark")
        await pilot.press("f10")
        await settle(pilot)
        assert "Before you end the session" in dialog_text(pilot)
        assert "discard the typed text and end the session: it is lost" in dialog_text(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    session = load_session(path)
    assert [n.text for n in session.notes] == ["closing remark"] and session.ended


async def test_the_draft_follows_the_keyboard_and_submitting_clears_it(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Chair asks")
        await pilot.press("ctrl+o")  # quote
        await pilot.pause(0.4)
        await settle(pilot)
        record = stored(path)["draft"]["1"]
        assert record["text"] == "Chair asks" and record["kind"] == "quote"
        await pilot.press("enter")
        await pilot.pause(0.4)
        await settle(pilot)
        assert draft_on_disk(path) == ""
        assert stored(path)["notes"]["1"]["kind"] == "quote"


async def test_the_draft_is_restored_after_a_crash(config, store, make_info, clock):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(30)
        await pilot.press(*"Birch objects to the #re")
        clock.advance(15)
        await pilot.press("p")  # the last key, 15 s after typing started: the draft's moment
        await pilot.pause(0.4)
        await settle(pilot)
        crashed = crash_snapshot(opened.path)
    restore(crashed)
    clock.advance(3600)
    app = PpeiApp(config, store, store.open(opened.path))
    async with app.run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert screen.query_one("#note-input").value == "Birch objects to the #rep"
        assert "0:00:45" in screen.query_one(StatusBar).clock  # the draft's moment
        await pilot.press("enter")
        await settle(pilot)
    session = load_session(opened.path)
    [note] = session.notes
    assert note.text == "Birch objects to the #rep" and note.offset_seconds == 30
    assert [e.type for e in session.events][-2:] == ["leave", "reopen"]
    assert session.events[-2].detail == "last moment known; the app did not close"


async def test_a_draft_already_saved_as_a_note_is_not_restored(config, store, make_info):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"saved just before the crash")
        await pilot.pause(0.4)
        await settle(pilot)
        before = stored(opened.path)["draft"]
        await pilot.press("enter")
        await settle(pilot)
    data = stored(opened.path)
    data["draft"] = before  # crash after the note was saved, before the draft was cleared
    opened.path.write_text(json.dumps(data))
    journal_path_for(opened.path).unlink(missing_ok=True)
    app = PpeiApp(config, store, store.open(opened.path))
    async with app.run_test(size=SIZE) as pilot:
        assert pilot.app.screen.query_one("#note-input").value == ""


async def test_heartbeat_gives_the_resume_moment_after_a_crash(config, store, make_info, clock):
    config.heartbeat_seconds = 0.2
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(90)
        await pilot.press(*"one", "enter")
        await settle(pilot)
        clock.advance(200)  # nothing typed for 200 s, then the laptop dies
        await pilot.pause(0.6)
        await settle(pilot)
        crashed = crash_snapshot(opened.path)
    restore(crashed)
    clock.advance(3600)
    app = PpeiApp(config, store, store.open(opened.path))
    async with app.run_test(size=SIZE) as pilot:
        assert "0:04:50" in pilot.app.screen.query_one(StatusBar).clock


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
async def test_a_signal_saves_the_typed_text_and_unsaved_notes(app_for, disk, signum):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        disk["full"] = True
        await pilot.press(*"unsaved note", "enter")
        await settle(pilot)
        await pilot.press(*"still typing")
        disk["full"] = False
        os.kill(os.getpid(), signum)  # the app's handler takes it (no dialog: no terminal)
        await pilot.pause(0.2)
        await settle(pilot)
    assert app.return_code == 128 + signum
    assert draft_on_disk(path) == "still typing"
    assert [n["text"] for n in stored(path)["notes"].values()] == ["unsaved note"]
    assert load_session(path).events[-1].type == "leave"


async def test_leaving_an_ended_session_writes_nothing(config, store, make_info):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"a draft", "ctrl+e")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
    assert draft_on_disk(opened.path) == "" and load_session(opened.path).ended
    before = crash_snapshot(opened.path)
    app = PpeiApp(config, store, store.open(opened.path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert not app.is_running and crash_snapshot(opened.path) == before
