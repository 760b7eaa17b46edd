"""The terminal closing (SIGHUP) or a polite kill (SIGTERM) with a dialog holding typed text:
no question can be shown, so the text is saved as `s` would save it, and what cannot be saved
is printed after exit (ui/unsaved.save_on_signal). Also: Ctrl+Q while the leave dialog is
already asking does not ask twice. Checked on the stored session file."""

import dataclasses
import os
import signal

import pytest
from save_helpers import open_dialog, settle
from test_prompts_unsaved import comment, comments, session_file, shading_app
from test_review_ui import SIZE, open_review, stored_note
from test_review_ui import app_for as reviewing

from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.edit import EditNoteScreen
from ppei_tui.ui.leaving import LeaveDialog
from ppei_tui.ui.modals import MemoPrompt
from ppei_tui.ui.review_widgets import NotesView

__all__ = ["session_file", "shading_app"]  # fixtures, used by name


def not_written(app) -> list[str]:
    """The lines the command line prints exactly on stderr after the app exits
    (cli.print_exit_report) that say what was not written; recovery reports (the text in
    full, ui/recovering.py) set aside."""
    return [line for line in app.exit_report if "Here it is in full:" not in line]


async def signalled(pilot, signum: int) -> None:
    os.kill(os.getpid(), signum)  # the app's handler takes it (no dialog: no terminal)
    await pilot.pause(0.2)
    await settle(pilot)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
async def test_a_signal_with_a_memo_being_written_saves_it(config, store, session_path, signum):
    app = reviewing(config, store)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await open_dialog(pilot, "m", MemoPrompt, *"Chair reframes the deficit")
        await signalled(pilot, signum)
    assert app.return_code == 128 + signum
    memos = [m["text"] for m in read_tables(session_path)[0].get("memos", {}).values()]
    assert "Chair reframes the deficit" in memos


async def test_a_signal_with_a_coding_that_cannot_be_saved_prints_it(
    config, store, session_path, monkeypatch
):
    app = reviewing(config, store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        before = stored_note(session_path, note.id)
        await open_dialog(pilot, "enter", EditNoteScreen, "end", *" (typed)", "tab", "end", *" #nosuchverb")
        await signalled(pilot, signal.SIGTERM)
    assert app.return_code == 128 + signal.SIGTERM
    assert stored_note(session_path, note.id)["text"] == before["text"]  # not half saved
    [message] = not_written(app)
    assert message.startswith("ppei: not written before exit: the note (could not be saved): ")
    assert before["text"] + " (typed)" in message and "#nosuchverb" in message


async def test_a_signal_in_shade_saves_the_comment_being_typed(shading_app):
    app, path = shading_app
    async with app.run_test() as pilot:
        await comment(pilot, "said twice")
        os.kill(os.getpid(), signal.SIGTERM)  # used to kill the process: the comment was lost
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_value == 128 + signal.SIGTERM  # ppei shade's exit status
    assert comments(path) == {"P.Aligning": "said twice"}


async def test_ctrl_q_while_the_leave_dialog_asks_does_not_ask_twice(app_for):
    app, path = app_for()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"half a note", "ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LeaveDialog)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert sum(isinstance(s, LeaveDialog) for s in pilot.app.screen_stack) == 1
        await pilot.press("s")
        await settle(pilot)
        assert not pilot.app.is_running
    assert [n["text"] for n in read_tables(path)[0]["notes"].values()] == ["half a note"]


async def test_a_signal_in_review_retries_a_change_the_disk_refused(config, store, session_path, disk):
    config = dataclasses.replace(config, retry_seconds=60)  # the writer would not retry by itself in time
    app = reviewing(config, store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        disk["full"] = True
        await pilot.press("d")  # refused: kept and retried by the writer
        await settle(pilot)
        disk["full"] = False
        await signalled(pilot, signal.SIGTERM)  # before the writer's own retry
    assert app.return_code == 128 + signal.SIGTERM
    assert stored_note(session_path, note.id)["deleted"] is True
