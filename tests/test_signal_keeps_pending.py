"""A signal (SIGTERM, SIGHUP) keeps the agenda and late-arrival prompts' text pending, open or
kept by Esc: it is written to the session file (prompt_texts) and `observe --resume` offers it
back, as after kill -9; nothing becomes an agenda item or attendee the observer did not take up.
Taking it up at the signal stamped the item with the signal's moment: a note begun before it
was stored under that item, shown under the earlier one in the log, and exported under the
later one. And one rule for a note's agenda item: the item current at the note's own time
(when its typing began), for the store, the log and the exports alike (Session.agenda_item_at).
Checked on the stored file and the Markdown export; clocks frozen."""

from __future__ import annotations

import os
import signal

import pytest
from save_helpers import settle_written as settle
from test_observe_prompts_unsaved import FIRST, SIZE, attendees, draft, events, stored
from test_prompt_texts_kept import kept_texts, wait_written
from test_prompts_pending import burst

from ppei_tui.outputs.exports import LoadedSession, markdown_export
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.note_log import NoteLog


def stored_notes(path) -> list[tuple[str, float, str]]:
    """(text, offset, agenda_item) of every note in the stored file, in number order."""
    return [(n["text"], n["offset_seconds"], n["agenda_item"]) for n in stored(path)["notes"].values()]


def sections(path) -> list[tuple[str, list[str]]]:
    """The Markdown export's `## ` headings, each with the lines of the notes under it."""
    found: list[tuple[str, list[str]]] = []
    for line in markdown_export([LoadedSession.read(path)]).decode().splitlines():
        if line.startswith("## "):
            found.append((line[3:], []))
        elif found and line.strip():
            found[-1][1].append(line)
    return found


def under(path, text: str) -> str:
    [heading] = [title for title, lines in sections(path) if any(text in line for line in lines)]
    return heading


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
async def test_a_signal_keeps_pending_agenda_text_pending_and_the_note_under_its_own_item(
    app_for, config, store, clock, signum
):
    """The hostile trial's steps: Ctrl+G `Budget XYZ` Esc, a note begun at 0:00:16 and not saved,
    the signal at 0:00:36; resumed, Enter saves the note. It used to be stored under Budget XYZ
    (taken up by the signal at 0:00:36), shown under Welcome, exported under Budget XYZ."""
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "ctrl+g", "ctrl+u", "Budget XYZ", "escape")
        clock.advance(16)
        await burst(pilot, "the treasurer hesitates")
        await wait_written(pilot, path, {"agenda": "Budget XYZ"})
        clock.advance(20)
        os.kill(os.getpid(), signum)
        await pilot.pause(0.2)
        await settle(pilot)
    assert app.return_code == 128 + signum
    assert events(path, "agenda") == FIRST  # not taken up: the observer did not
    assert kept_texts(path) == {"agenda": "Budget XYZ"}  # pending in the file
    assert draft(path) == "the treasurer hesitates"
    clock.advance(60)
    resumed = PpeiApp(config, store, store.open(path))
    async with resumed.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "enter")  # the restored draft saved: begun at 0:00:16
        clock.advance(10)
        await burst(pilot, "ctrl+g", "enter")  # now Budget XYZ is taken up, at 0:00:46
        clock.advance(5)
        await burst(pilot, "the vote", "enter")
        log = [e.body_text() for e in pilot.app.screen.query_one(NoteLog).entries]
        await burst(pilot, "ctrl+q")
        assert not pilot.app.is_running
    assert events(path, "agenda") == FIRST + ["Budget XYZ"]
    assert stored_notes(path) == [
        ("the treasurer hesitates", 16.0, "Welcome"),
        ("the vote", 51.0, "Budget XYZ"),
    ]
    marker = next(i for i, text in enumerate(log) if "Budget XYZ" in text)
    assert next(i for i, text in enumerate(log) if "the treasurer hesitates" in text) < marker
    assert next(i for i, text in enumerate(log) if "the vote" in text) > marker
    assert under(path, "the treasurer hesitates") == "Welcome"
    assert under(path, "the vote") == "Budget XYZ"
    assert kept_texts(path) == {}


async def test_a_signal_with_both_prompts_open_or_pending_takes_up_neither(app_for):
    """An open prompt's text is kept pending too, as kill -9 keeps it: one rule for both."""
    app, path = app_for(attendees=[])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "f12", "Cedar: chair", "escape")  # pending
        await burst(pilot, "ctrl+g", "ctrl+u", "Closing remarks")  # left open
        os.kill(os.getpid(), signal.SIGTERM)
        await pilot.pause(0.2)
        await settle(pilot)
    assert app.return_code == 128 + signal.SIGTERM
    assert events(path, "agenda") == FIRST and attendees(path) == [] and events(path, "arrival") == []
    assert kept_texts(path) == {"agenda": "Closing remarks", "late_arrival": "Cedar: chair"}
    assert [e["type"] for e in stored(path)["events"].values()][-1] == "leave"


async def test_a_note_begun_before_an_item_is_taken_up_stays_under_the_earlier_item(app_for, clock):
    """Typing began at 0:00:10, Ctrl+G took Budget up at 0:00:20, Enter at 0:00:30: the note is
    stored, logged and exported under Welcome, the item current when it began."""
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        clock.advance(10)
        await burst(pilot, "begun before")
        clock.advance(10)
        await burst(pilot, "ctrl+g", "ctrl+u", "Budget", "enter")
        clock.advance(10)
        await burst(pilot, " the item", "enter")
        log = [e.body_text() for e in pilot.app.screen.query_one(NoteLog).entries]
        await burst(pilot, "ctrl+q")
    assert stored_notes(path) == [("begun before the item", 10.0, "Welcome")]
    marker = next(i for i, text in enumerate(log) if "Budget" in text)
    assert next(i for i, text in enumerate(log) if "begun before the item" in text) < marker
    assert under(path, "begun before the item") == "Welcome"
