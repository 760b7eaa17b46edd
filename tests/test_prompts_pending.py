"""Esc in observe's agenda prompt (Ctrl+G) or late-arrival prompt (F12) with text typed closes it
at once and keeps the text pending; it never asks (an observer types without looking: the keys
after Esc answered the question, 'e' of "the" kept editing, 's' took the text up, 'd' dropped it,
and the note they began lost its first letter or all of it). The key opens the prompt again with
the pending text; Ctrl+Q/F10 ask about it as about an open prompt; a signal keeps it pending in
the session file, as it keeps an open prompt's (tests/test_signal_keeps_pending.py).
Checked on the stored session file after the app closed it; clocks frozen."""

from __future__ import annotations

import os
import signal

import pytest
from save_helpers import settle_written as settle
from test_observe_prompts_unsaved import FIRST, SIZE, attendees, events, kept, stored
from test_signals_unsaved import not_written
from textual import events as textual_events

from ppei_tui.ui.leaving import LeaveDialog
from ppei_tui.ui.modals import KeepingPrompt
from ppei_tui.ui.observe import ObserveScreen
from ppei_tui.ui.unsaved import UnsavedDialog

KEYS = {"enter": "\r", "escape": "\x1b", "ctrl+g": None, "ctrl+u": None, "f12": None, "ctrl+q": None}


async def burst(pilot, *parts: str) -> None:
    """Every key posted to the app before any is handled (a part that is a key name is that key,
    any other is typed letter by letter), as keys arrive in one read; then all are handled."""
    for part in parts:
        names = [part] if part in KEYS else list(part)
        for name in names:
            character = KEYS.get(name, name)
            pilot.app.post_message(textual_events.Key("space" if name == " " else name, character))
    for _ in range(6):
        await pilot.pause(0.05)
        await settle(pilot)


def notes(path) -> list[str]:
    return [n["text"] for n in stored(path)["notes"].values()]


def field(pilot):
    prompt = pilot.app.screen
    assert isinstance(prompt, KeepingPrompt)
    return prompt.query_one("#prompt-input")


async def test_esc_then_a_note_in_one_burst_keeps_the_arrival_pending_and_the_note_whole(app_for):
    app, path = app_for(attendees=[])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await burst(pilot, "f12", "Cedar", "escape", "the budget is set", "enter")
        assert isinstance(pilot.app.screen, ObserveScreen)
        notice = [n.message for n in app.notices][-1]
        assert notice == "Late-arrival text kept, not taken up: Ctrl+F or F12 to finish it"
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog) and "Cedar" in pilot.app.screen.text
        await pilot.press("d")  # the quit asks about the pending text, as about an open prompt
        await settle(pilot)
        assert not pilot.app.is_running
    assert notes(path) == ["the budget is set"]
    assert attendees(path) == [] and events(path, "arrival") == []


async def test_esc_then_a_note_in_one_burst_takes_up_no_agenda_item(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "ctrl+g", "ctrl+u", "Budget", "escape", "so we agreed", "enter")
        assert isinstance(pilot.app.screen, ObserveScreen)
        assert notes(path) == ["so we agreed"]
        assert events(path, "agenda") == FIRST
        await burst(pilot, "ctrl+g")  # offered again, cursor after it: Enter takes it up
        assert field(pilot).value == "Budget" and field(pilot).cursor_position == len("Budget")
        await burst(pilot, " review", "enter")
        assert isinstance(pilot.app.screen, ObserveScreen)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not pilot.app.is_running
    assert notes(path) == ["so we agreed"]
    assert events(path, "agenda") == FIRST + ["Budget review"]


async def test_a_note_typed_a_second_after_esc_is_the_note_and_the_agenda_text_stays(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "ctrl+g", "ctrl+u", "Budget", "escape")
        await pilot.pause(1.0)  # blind, a second later
        await burst(pilot, "do check that", "enter")
        assert notes(path) == ["do check that"] and events(path, "agenda") == FIRST
        await burst(pilot, "ctrl+g", "escape")  # unchanged: closed again, still pending
        assert isinstance(pilot.app.screen, ObserveScreen)
        await burst(pilot, "ctrl+g")
        assert field(pilot).value == "Budget"
        await burst(pilot, "ctrl+u", "escape")  # emptied: dropped
        await burst(pilot, "ctrl+g")
        assert field(pilot).value != "Budget"
        await burst(pilot, "escape")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not pilot.app.is_running  # nothing pending any more: nothing asked
    assert events(path, "agenda") == FIRST and notes(path) == ["do check that"]


async def test_ctrl_q_with_agenda_text_pending_asks_and_s_takes_it_up_then_the_note_is_asked(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "ctrl+g", "ctrl+u", "Finance", "escape", "half a note")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog) and "Finance" in pilot.app.screen.text
        await pilot.press("s")
        await settle(pilot)
        leave = pilot.app.screen
        assert isinstance(leave, LeaveDialog) and leave.state.text == "half a note"
        await pilot.press("s")  # save the note, quit (once the writer has reported it)
        for _ in range(20):
            await settle(pilot)
            if not pilot.app.is_running:
                break
        assert not pilot.app.is_running
    assert events(path, "agenda") == FIRST + ["Finance"]
    assert notes(path) == ["half a note"]


async def test_f10_with_arrival_text_pending_asks_and_e_keeps_editing_it(app_for):
    app, path = app_for(attendees=[])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "f12", "Birch: lay representative", "escape")
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog)
        await pilot.press("e")
        await settle(pilot)
        assert field(pilot).value == "Birch: lay representative"  # open again, nothing lost
        await burst(pilot, "enter", "ctrl+q")
        assert not pilot.app.is_running
    assert attendees(path) == ["Birch"] and events(path, "arrival") == ["Birch"]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
async def test_a_signal_with_prompt_text_pending_keeps_it_pending_in_the_file(app_for, signum):
    app, path = app_for(attendees=[])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "ctrl+g", "ctrl+u", "Closing remarks", "escape")
        await burst(pilot, "f12", "Cedar: chair", "escape")
        assert isinstance(pilot.app.screen, ObserveScreen)
        os.kill(os.getpid(), signum)
        await pilot.pause(0.2)
        await settle(pilot)
    assert app.return_code == 128 + signum
    assert events(path, "agenda") == FIRST  # nothing taken up the observer did not take up
    assert attendees(path) == [] and events(path, "arrival") == []
    assert kept(path) == {"agenda": "Closing remarks", "late_arrival": "Cedar: chair"}
    assert [e["type"] for e in stored(path)["events"].values()][-1] == "leave"


async def test_a_signal_with_an_unreadable_arrival_pending_keeps_it_in_the_file(app_for):
    app, path = app_for()  # Birch is on the list already, as a lay representative
    before = attendees(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "f12", "Birch: chair", "escape")
        os.kill(os.getpid(), signal.SIGTERM)
        await pilot.pause(0.2)
        await settle(pilot)
    assert app.return_code == 128 + signal.SIGTERM
    assert attendees(path) == before and events(path, "arrival") == []
    assert not_written(app) == []  # on disk: offered again by --resume, to be corrected then
    assert kept(path) == {"late_arrival": "Birch: chair"}
