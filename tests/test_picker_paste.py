"""A paste while the number picker is open goes into the note, never dropped (breaker 22, item 11).

It was dropped without a word. A paste is text for the note, never a code's number: it closes
the picker (nothing tagged, the notice line says so) and is typed into the note; the picker's
next Ctrl+T tags the note then being typed (ui/tag_picker.py says why not later)."""

from __future__ import annotations

import sys

import pytest
from pty_terminal import (
    BRACKETED_PASTE_END,
    BRACKETED_PASTE_START,
    ENTER,
    observe_new,
    session_file,
    wait_for_notes,
)
from save_helpers import settle_written as settle
from test_burst_dialogs import SIZE, stored
from textual import events

from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.tag_picker import PASTE_CLOSED


async def test_a_paste_while_the_picker_is_open_closes_it_and_goes_into_the_note(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Chair: ")
        await pilot.press("ctrl+t", "2")  # the picker open, Materiality chosen, a code to come
        note = pilot.app.screen.query_one(NoteInput)
        assert note.picker is not None
        pilot.app.post_message(events.Paste("we need the minutes"))
        await settle(pilot)
        assert note.picker is None
        assert PASTE_CLOSED in [n.message for n in pilot.app.notices]
        await pilot.press("2")  # a digit now is the note's, not the picker's
        await pilot.press("ctrl+t", "2", "2")  # and the picker tags the note being typed
        await pilot.press("enter")
        await settle(pilot)
    [saved] = stored(path)["notes"].values()
    assert saved["text"] == "Chair: we need the minutes2"
    assert saved["tags"] == [{"element": "Mat", "verb": "Reporting"}]


async def test_a_paste_and_keys_in_one_burst_after_ctrl_t_are_all_in_the_note(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst = [
            events.Key("a", "a"),
            events.Key("ctrl+t", None),
            events.Paste("pasted"),
            events.Key("x", "x"),
        ]
        for event in burst:
            pilot.app.post_message(event)  # every one before any is handled, as a terminal's burst
        pilot.app.post_message(events.Key("enter", "\r"))
        for _ in range(6):
            await pilot.pause(0.05)
        await settle(pilot)
        assert PASTE_CLOSED in [n.message for n in pilot.app.notices]  # the picker was open for it
    assert [n["text"] for n in stored(path)["notes"].values()] == ["apastedx"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_a_bracketed_paste_after_ctrl_t_in_a_real_terminal_is_stored_in_the_note(tmp_path):
    app, sessions = observe_new(tmp_path)
    try:
        paste = BRACKETED_PASTE_START + b"from the clipboard" + BRACKETED_PASTE_END
        app.write(b"Said: " + b"\x14" + paste + ENTER)  # Ctrl+T, the paste, Enter: one write
        notes = wait_for_notes(session_file(sessions), 1, timeout=30)
    finally:
        app.close()
    assert [n.text for n in notes] == ["Said: from the clipboard"], app.tail()
