"""Review's `t` prompt (tags to add to the highlighted note) never loses typed tokens without
asking: Ctrl+Q or Esc with tokens typed asks save / discard / keep editing, as the memo and edit
dialogs do (ui/unsaved.py; hostile sweep: Ctrl+Q quit and the tokens were gone). Checked on the
stored session file, read after the app has closed it. Observe's prompts ask the same question,
then its leave dialog asks about the note (tests/test_observe_prompts_unsaved.py)."""

from save_helpers import assert_f1_lists_the_three_answers, open_dialog
from test_review_ui import SIZE, app_for, open_review, settle, stored_note

from ppei_tui.ui.modals import TagsPrompt
from ppei_tui.ui.review_widgets import NotesView
from ppei_tui.ui.unsaved import UnsavedDialog

VALUING = {"element": "M", "verb": "Valuing"}


async def type_tags(pilot, tokens: str) -> TagsPrompt:
    return await open_dialog(pilot, "t", TagsPrompt, *tokens)


async def test_ctrl_q_in_the_tag_prompt_asks_and_s_saves_the_tags_then_quits(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        before = stored_note(session_path, note.id)
        await type_tags(pilot, "valuing +trust")
        await pilot.press("ctrl+q")
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, UnsavedDialog) and "#valuing +trust" in question.text
        assert pilot.app.is_running
        await pilot.press("s")
        await settle(pilot)
        assert not pilot.app.is_running
    stored = stored_note(session_path, note.id)
    assert stored["tags"] == before["tags"] + [VALUING]
    assert "trust" in stored["practice_sets"]
    fields = [h["field"] for h in stored["history"]]
    assert fields[: len(before["history"])] == [h["field"] for h in before["history"]]
    assert "tags" in fields[len(before["history"]) :] and stored["history"][-1]["by"] == "RB"


async def test_ctrl_q_in_the_tag_prompt_then_escape_keeps_editing_and_d_discards(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        before = stored_note(session_path, note.id)
        prompt = await type_tags(pilot, "valuing")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("escape")  # keep editing: the tokens as typed, the app running
        await settle(pilot)
        assert pilot.app.screen is prompt and pilot.app.is_running
        assert prompt.query_one("#prompt-input").value == "#valuing"
        await pilot.press(*" +trust", "ctrl+q")
        await settle(pilot)
        assert "#valuing +trust" in pilot.app.screen.text
        await pilot.press("d")
        await settle(pilot)
        assert not pilot.app.is_running
    assert stored_note(session_path, note.id) == before


async def test_escape_in_the_tag_prompt_asks_and_saves_or_closes_at_once_when_nothing_typed(
    config, store, session_path
):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        before = stored_note(session_path, note.id)
        await pilot.press("t", "escape")  # only the "#" it starts with: closes, nothing asked
        await settle(pilot)
        assert pilot.app.screen is screen
        await type_tags(pilot, "valuing")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog)
        await pilot.press("s")  # saved, back in review
        await settle(pilot)
        assert pilot.app.screen is screen and pilot.app.is_running
        await type_tags(pilot, "+trust")
        await pilot.press("escape", "d")  # discarded, back in review
        await settle(pilot)
        assert pilot.app.screen is screen and pilot.app.is_running
    stored = stored_note(session_path, note.id)
    assert stored["tags"] == before["tags"] + [VALUING]
    assert stored["practice_sets"] == before["practice_sets"]


async def test_tokens_that_cannot_be_added_keep_the_tag_prompt_open_with_them(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        before = stored_note(session_path, note.id)
        prompt = await type_tags(pilot, "nosuchverb")
        await pilot.press("enter")  # refused: shown in the prompt, the tokens kept
        await settle(pilot)
        assert pilot.app.screen is prompt
        assert "Not added" in str(prompt.query_one("#prompt-problem").render())
        await pilot.press("ctrl+q", "s")  # cannot be saved: the prompt and the app stay
        await settle(pilot)
        assert pilot.app.screen is prompt and pilot.app.is_running
        assert prompt.query_one("#prompt-input").value == "#nosuchverb"
        await pilot.press("ctrl+q", "d")
        await settle(pilot)
        assert not pilot.app.is_running
    assert stored_note(session_path, note.id) == before


async def test_f1_over_the_tag_prompts_question_lists_its_three_answers(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        await type_tags(pilot, "valuing")
        await pilot.press("escape")
        await assert_f1_lists_the_three_answers(pilot)
        await pilot.press("escape", "s")  # the help closes; the question is answered
        await settle(pilot)
        assert pilot.app.screen is screen
    assert stored_note(session_path, note.id)["tags"][-1] == VALUING
