"""Ctrl+Q in review with a change the disk refused (kept and retried by the writer) asks first:
keep editing (the writer keeps retrying) or discard and quit; it used to quit and the change was
never written. A memo being typed is asked about first, then the review. Checked on the stored
session file, read after the app has closed it."""

from save_helpers import open_dialog
from test_review_ui import SIZE, app_for, open_review, settle, stored_note

from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.modals import MemoPrompt
from ppei_tui.ui.review import ReviewScreen
from ppei_tui.ui.review_widgets import NotesView
from ppei_tui.ui.unsaved import UnsavedDialog


async def retry_once(pilot) -> None:
    await pilot.pause(0.5)  # the writer retries every 0.2 s here (conftest's config)
    await settle(pilot)


async def test_ctrl_q_with_a_change_not_on_disk_asks_and_keep_editing_lets_it_be_saved(
    config, store, session_path, disk
):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        disk["full"] = True
        await pilot.press("d")  # soft-delete: refused by the disk, kept and retried
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, UnsavedDialog) and f"note {note.id}" in question.text
        assert not question.can_save and pilot.app.is_running
        await pilot.press("escape")  # keep editing: the review stays, the writer retries
        await settle(pilot)
        assert pilot.app.screen is screen
        disk["full"] = False
        await retry_once(pilot)
        await pilot.press("ctrl+q")  # all on disk now: quits at once
        await settle(pilot)
        assert not pilot.app.is_running
    assert stored_note(session_path, note.id)["deleted"] is True


async def test_ctrl_q_then_d_quits_without_the_refused_change(config, store, session_path, disk):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        disk["full"] = True
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("ctrl+q", "d")
        await settle(pilot)
        assert not pilot.app.is_running
    assert not stored_note(session_path, note.id).get("deleted")


async def test_a_memo_being_typed_is_asked_about_first_then_the_review(config, store, session_path, disk):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        disk["full"] = True
        await open_dialog(pilot, "m", MemoPrompt, *"Chair reframes the deficit")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog) and pilot.app.screen.what == "The memo"
        await pilot.press("s")  # the memo saved (refused by the disk): the review asks next
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, UnsavedDialog) and question.what == "The review"
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
        disk["full"] = False
        await retry_once(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not pilot.app.is_running
    memos = [m["text"] for m in read_tables(session_path)[0].get("memos", {}).values()]
    assert "Chair reframes the deficit" in memos
