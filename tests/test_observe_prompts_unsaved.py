"""Observe's prompts (the agenda item, Ctrl+G; a late arrival, F12) never lose typed text
without asking: Ctrl+Q while one is open asks keep editing / save / discard as review's dialogs
do (ui/unsaved.py), and a quit then goes on through the observe screen's own leave dialog, which
asks about the note being typed; Esc closes it at once, the text kept pending
(tests/test_prompts_pending.py). SIGTERM/SIGHUP with a prompt open keeps what it
holds pending in the session file (taken up by nobody:
tests/test_signal_keeps_pending.py). Checked on the stored session file, read after the app
has closed it; clocks frozen."""

import os
import signal

import pytest
from save_helpers import settle

from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.help import KeysHelp
from ppei_tui.ui.leaving import LeaveDialog
from ppei_tui.ui.modals import AskingPrompt
from ppei_tui.ui.observe import ObserveScreen
from ppei_tui.ui.unsaved import UnsavedDialog

SIZE = (100, 30)
FIRST = ["Welcome"]  # a new session starts at its first planned agenda item


def stored(path):
    return read_tables(path)[0]


def events(path, kind: str) -> list[str]:
    return [e["detail"] for e in stored(path)["events"].values() if e["type"] == kind]


def attendees(path) -> list[str]:
    return [a["pseudonym"] for a in stored(path)["info"]["1"]["attendees"]]


def draft(path) -> str:
    return stored(path).get("draft", {}).get("1", {}).get("text", "")


def kept(path) -> dict:
    """The prompt texts the session file keeps pending (prompt_texts): prompt -> text."""
    row = read_tables(path)[0].get("prompt_texts", {}).get("1", {})
    return {prompt: entry["text"] for prompt, entry in row.items()}


async def open_prompt(pilot, key: str, typed: str) -> AskingPrompt:
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    prompt = pilot.app.screen
    assert isinstance(prompt, AskingPrompt)
    await pilot.press("ctrl+u", *typed)  # the agenda prompt is pre-filled with the next item
    return prompt


async def test_ctrl_q_in_the_agenda_prompt_asks_and_s_records_the_item_then_quits(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await open_prompt(pilot, "ctrl+g", "Budget late item")
        await pilot.press("ctrl+q")
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, UnsavedDialog) and "Budget late item" in question.text
        assert pilot.app.is_running
        await pilot.press("s")
        await settle(pilot)
        assert not pilot.app.is_running  # nothing in the note input: the quit goes on
    assert events(path, "agenda") == FIRST + ["Budget late item"]
    assert "Budget late item" in stored(path)["info"]["1"]["agenda"]
    assert app.return_code == 0


async def test_esc_in_the_agenda_prompt_keeps_the_text_pending_and_an_emptied_box_drops_it(app_for):
    """Esc no longer asks (the keys typed after it answered the question: tests/test_prompts_pending.py):
    it closes at once; the text comes back with the next Ctrl+G/F5, and emptied, Esc drops it."""
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await open_prompt(pilot, "f5", "Not this one")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ObserveScreen) and pilot.app.is_running
        await pilot.press("ctrl+g")
        await settle(pilot)
        prompt = pilot.app.screen
        assert isinstance(prompt, AskingPrompt)
        assert prompt.query_one("#prompt-input").value == "Not this one"
        await pilot.press("ctrl+u", "escape")  # emptied: nothing pending
        await settle(pilot)
        await pilot.press("ctrl+g", "escape")  # the planned item, untouched: closes at once
        await settle(pilot)
        assert isinstance(pilot.app.screen, ObserveScreen)
        await pilot.press("ctrl+q")  # nothing pending: nothing asked
        await settle(pilot)
        assert not pilot.app.is_running
    assert events(path, "agenda") == FIRST


async def test_ctrl_q_over_a_prompt_with_a_note_typed_asks_about_both(app_for):
    """The prompt's question first, then the observe screen's: neither text is lost."""
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"half a note")
        await open_prompt(pilot, "ctrl+g", "Finance")
        await pilot.press("f1")  # its help on top: Ctrl+Q gives way to the question
        await settle(pilot)
        assert isinstance(pilot.app.screen, KeysHelp)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog)
        await pilot.press("s")
        await settle(pilot)
        leave = pilot.app.screen
        assert isinstance(leave, LeaveDialog) and leave.state.text == "half a note"
        await pilot.press("k")  # keep the note as a draft, quit
        await settle(pilot)
        assert not pilot.app.is_running
    assert events(path, "agenda") == FIRST + ["Finance"]
    assert draft(path) == "half a note"


async def test_ctrl_q_in_the_late_arrival_prompt_asks_and_s_adds_them(app_for):
    app, path = app_for(attendees=[])
    async with app.run_test(size=SIZE) as pilot:
        await open_prompt(pilot, "f12", "Birch: lay representative")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog)
        assert "Birch: lay representative" in pilot.app.screen.text
        await pilot.press("s")
        await settle(pilot)
        assert not pilot.app.is_running
    assert attendees(path) == ["Birch"] and events(path, "arrival") == ["Birch"]


async def test_an_entry_that_cannot_be_read_stays_in_the_prompt_after_s(app_for):
    app, path = app_for()  # Birch is on the list already, as a lay representative
    before = attendees(path)
    async with app.run_test(size=SIZE) as pilot:
        prompt = await open_prompt(pilot, "f12", "Birch: chair")
        await pilot.press("ctrl+q", "s")
        await settle(pilot)
        assert pilot.app.screen is prompt and pilot.app.is_running  # the problem shown there
        assert prompt.query_one("#prompt-input").value == "Birch: chair"
        assert "-shown" in prompt.query_one("#prompt-problem").classes
        await pilot.press("ctrl+q", "d")
        await settle(pilot)
        assert not pilot.app.is_running
    assert attendees(path) == before and events(path, "arrival") == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
async def test_a_signal_with_the_agenda_prompt_open_keeps_it_pending_and_saves_the_note(app_for, signum):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"still typing")
        await open_prompt(pilot, "ctrl+g", "Closing remarks")
        os.kill(os.getpid(), signum)  # kept pending in the file, not taken up (no dialog can be shown)
        await pilot.pause(0.2)
        await settle(pilot)
    assert app.return_code == 128 + signum
    assert events(path, "agenda") == FIRST and kept(path) == {"agenda": "Closing remarks"}
    assert draft(path) == "still typing"
    assert [e["type"] for e in stored(path)["events"].values()][-1] == "leave"


async def test_a_signal_while_the_question_is_asked_still_keeps_the_prompt_text(app_for):
    """The question over the prompt (after Ctrl+Q) when SIGTERM comes: the prompt's text is kept
    pending in the file though the prompt is not on top (the app exits anyway)."""
    app, path = app_for(attendees=[])
    async with app.run_test(size=SIZE) as pilot:
        await open_prompt(pilot, "f12", "Birch: lay representative")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog)
        os.kill(os.getpid(), signal.SIGTERM)
        await pilot.pause(0.2)
        await settle(pilot)
    assert app.return_code == 128 + signal.SIGTERM
    assert attendees(path) == [] and events(path, "arrival") == []
    assert kept(path) == {"late_arrival": "Birch: lay representative"}
