"""Review dialogs holding typed text (the memo, the note editor) never lose it without asking:
Esc or Ctrl+Q with changes asks save / discard / keep editing, as the observe screen's leave
dialog does (hostile sweep: both closed at once and the text was gone). Checked on the stored
session file, read after the app has closed it."""

from pathlib import Path

from save_helpers import assert_f1_lists_the_three_answers, open_dialog
from test_review_ui import SIZE, app_for, open_review, settle
from textual.widgets import TextArea

from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.edit import EditNoteScreen
from ppei_tui.ui.help import KeysHelp
from ppei_tui.ui.modals import MemoPrompt
from ppei_tui.ui.review_widgets import NotesView
from ppei_tui.ui.unsaved import UnsavedDialog


def memo_texts(path: Path) -> list[str]:
    return [memo["text"] for memo in read_tables(path)[0].get("memos", {}).values()]


def note_text(path: Path, note_id: int) -> str:
    return read_tables(path)[0]["notes"][str(note_id)]["text"]


async def write_memo(pilot, text: str) -> MemoPrompt:
    return await open_dialog(pilot, "m", MemoPrompt, *text)


async def test_ctrl_q_in_a_memo_asks_and_s_saves_it_before_quitting(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await write_memo(pilot, "Chair reframes the deficit")
        await pilot.press("ctrl+q")
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, UnsavedDialog) and "Chair reframes the deficit" in question.text
        await pilot.press("s")
        await settle(pilot)
        assert not pilot.app.is_running
    assert "Chair reframes the deficit" in memo_texts(session_path)


async def test_ctrl_q_in_a_memo_then_escape_keeps_editing_and_d_discards(config, store, session_path):
    before = memo_texts(session_path)
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        dialog = await write_memo(pilot, "Not wanted")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("escape")  # keep editing: the memo as typed, the app running
        await settle(pilot)
        assert pilot.app.screen is dialog and pilot.app.is_running
        assert dialog.query_one(TextArea).text == "Not wanted"
        await pilot.press(*" at all", "ctrl+q")
        await settle(pilot)
        assert "Not wanted at all" in pilot.app.screen.text
        await pilot.press("d")
        await settle(pilot)
        assert not pilot.app.is_running
    assert memo_texts(session_path) == before


async def test_escape_in_a_memo_asks_and_saves_or_closes_at_once_when_empty(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("m", "escape")  # nothing typed: closes, nothing asked
        await settle(pilot)
        assert pilot.app.screen is screen
        await write_memo(pilot, "Second thoughts")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog)
        await pilot.press("s")
        await settle(pilot)
        assert pilot.app.screen is screen and pilot.app.is_running
    assert "Second thoughts" in memo_texts(session_path)


async def test_editing_a_memo_then_ctrl_q_with_its_help_open_asks_and_saves(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await write_memo(pilot, "First version")
        await pilot.press("ctrl+s", "e")  # the memos; Enter edits the highlighted one
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MemoPrompt)
        await pilot.press(*", revised", "f1")
        await settle(pilot)
        assert isinstance(pilot.app.screen, KeysHelp)
        await pilot.press("ctrl+q")  # the help gives way to the question
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog)
        assert isinstance(pilot.app.screen_stack[-2], MemoPrompt)
        await pilot.press("s")
        await settle(pilot)
        assert not pilot.app.is_running
    assert "First version, revised" in memo_texts(session_path)


async def test_ctrl_q_in_the_edit_dialog_asks_and_saves_the_note(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        original = note.text
        await open_dialog(pilot, "enter", EditNoteScreen, "end", *" (checked)", "ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog)
        await pilot.press("s")
        await settle(pilot)
        assert not pilot.app.is_running
    assert note_text(session_path, note.id) == original + " (checked)"


async def test_a_coding_that_cannot_be_saved_keeps_the_edit_dialog_open(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        original = note.text
        await pilot.press("enter", *" (typed)", "tab", "end", *" #nosuchverb", "ctrl+q")
        await settle(pilot)
        await pilot.press("s")  # cannot be saved: the problem shown, the dialog and app stay
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, EditNoteScreen) and pilot.app.is_running
        assert "Not saved" in str(dialog.query_one("#edit-problems").render())
        await pilot.press("escape")  # Esc asks too; d discards, back in review, nothing stored
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog)
        await pilot.press("d")
        await settle(pilot)
        assert pilot.app.screen is screen
        await pilot.press("enter", "escape")  # unchanged: Esc closes at once
        await settle(pilot)
        assert pilot.app.screen is screen
    assert note_text(session_path, note.id) == original


async def test_f1_in_the_question_lists_its_three_answers(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await write_memo(pilot, "Kept")
        await pilot.press("escape")
        await assert_f1_lists_the_three_answers(pilot)
        await pilot.press("escape", "s")  # the help closes; the question is answered
        await settle(pilot)
    assert "Kept" in memo_texts(session_path)
