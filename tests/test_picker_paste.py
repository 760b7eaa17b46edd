"""A paste while the number picker is open goes into the note, never dropped (breaker 22, item 11).

It was dropped without a word. A paste is text for the note, never a code's number: it closes
the picker (nothing tagged, the notice line says so) and is typed into the note; the picker's
next Ctrl+T tags the note then being typed (ui/tag_picker.py says why not later)."""

from __future__ import annotations

import sys
import time

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
from ppei_tui.ui.paste_parser import KeepingPastes, PastedKey
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


# --- a paste without the bracketed-paste markers: keys, told apart by coming in one read -------
PASTE = "14 people came in late\r23 left early"


def read_once(data: str) -> list[events.Event]:
    """The events the app's input layer makes of `data` read in one go (ui/paste_parser,
    around the parser Textual's Linux driver makes)."""
    from textual.drivers import linux_driver

    make = linux_driver.XTermParser
    parser = (make if isinstance(make, KeepingPastes) else KeepingPastes(make))(False)
    return list(parser.feed(data))


def test_a_read_with_a_long_run_of_text_is_pasted_keys_and_short_runs_are_typed_keys():
    pasted = read_once(PASTE)
    assert "".join(e.character for e in pasted if isinstance(e, events.Key)) == PASTE
    assert [e.key for e in pasted if not isinstance(e, PastedKey)] == ["enter"]
    assert all(isinstance(e, PastedKey) for e in pasted if e.key != "enter")
    typed = read_once("Said\x1414\r")  # Ctrl+T 1 4 Enter in one burst: picks, not a paste
    assert not any(isinstance(e, PastedKey) for e in typed)
    assert [e.key for e in typed] == ["S", "a", "i", "d", "ctrl+t", "1", "4", "enter"]
    assert all(isinstance(e, PastedKey) for e in read_once("12345"))  # more than PASTE_RUN


async def test_keys_of_an_unbracketed_paste_close_the_picker_and_are_the_notes_text(app_for):
    app, path = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"before paste", "ctrl+t")
        note = pilot.app.screen.query_one(NoteInput)
        assert note.picker is not None
        for event in read_once(PASTE):  # every key before any is handled, as the terminal's read
            pilot.app.post_message(event)
        for _ in range(6):
            await pilot.pause(0.05)
        await settle(pilot)
        assert note.picker is None
        assert PASTE_CLOSED in [n.message for n in pilot.app.notices]
        await pilot.press("enter")
        await settle(pilot)
    notes = list(stored(path)["notes"].values())
    assert [n["text"] for n in notes] == ["before paste14 people came in late", "23 left early"]
    assert [n["tags"] for n in notes] == [[], []]


async def test_a_two_digit_pick_typed_quickly_still_tags(app_for):
    app, path = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"quick pick")
        for event in read_once("\x1414\r"):  # Ctrl+T 1 4 Enter in one read
            pilot.app.post_message(event)
        for _ in range(6):
            await pilot.pause(0.05)
        await settle(pilot)
    [saved] = stored(path)["notes"].values()
    assert saved["text"] == "quick pick"
    assert saved["tags"] == [{"element": "P", "verb": "Engaging"}]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_an_unbracketed_paste_after_ctrl_t_in_a_real_terminal_is_text_not_a_code(tmp_path):
    app, sessions = observe_new(tmp_path)
    try:
        app.write(b"before paste")
        time.sleep(0.3)
        app.write(b"\x14")  # Ctrl+T: the picker
        time.sleep(0.5)
        app.write(PASTE.encode())  # as tmux paste-buffer without -p: one write, line break as Enter
        time.sleep(0.5)
        app.write(ENTER)
        notes = wait_for_notes(session_file(sessions), 2, timeout=30)
        app.write(b"typed" + b"\x14" + b"14" + ENTER)  # a pick typed in one burst still tags
        notes = wait_for_notes(session_file(sessions), 3, timeout=30)
    finally:
        app.close()
    assert [n.text for n in notes] == ["before paste14 people came in late", "23 left early", "typed"], (
        app.tail()
    )
    assert [[(t.element, t.verb) for t in n.tags] for n in notes] == [[], [], [("P", "Engaging")]], app.tail()
