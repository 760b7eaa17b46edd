"""A real `ppei observe` in a pseudo-terminal: the key that opens a question and the typing after
it, in one write (tmux send-keys C-e "discussed budget"), never answer it: the typing goes back
to the note and the question stays open (ui/question_guard.py). The hostile trial found the `d`
discarded the note and ended the meeting; after Ctrl+Q, "clear"'s `r` chose "stay"."""

from __future__ import annotations

import sys
import time

import pytest
from pty_terminal import ENTER, observe_new, session_file, wait_for_notes, wait_until

from ppei_tui.storage.store import load_session

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

ESC = b"\x1b"
CTRL_E = b"\x05"
CTRL_Q = b"\x11"
READ = 1.0  # seconds: the question drawn and read (more than ANSWER_GUARD's 0.35 s)


def test_ctrl_e_then_typing_in_one_write_goes_back_to_the_note_and_ends_nothing(tmp_path):
    app, sessions = observe_new(tmp_path)
    path = session_file(sessions)
    try:
        app.write(b"first note" + ENTER)
        wait_for_notes(path, 1, timeout=30)
        app.write(b"second note typed")
        time.sleep(0.5)
        app.write(CTRL_E + b" discussed budget")  # one write: one burst
        assert wait_until(lambda: b"went back to the note" in app.output, 30), app.tail()
        time.sleep(READ)
        assert app.process.poll() is None
        assert [e.type for e in load_session(path).events if e.type == "end"] == []
        app.write(ESC)  # stay, deliberately
        time.sleep(READ)
        app.write(ENTER)
        notes = wait_for_notes(path, 2, timeout=30)
        app.write(CTRL_Q)
        assert wait_until(lambda: app.process.poll() is not None, 30), app.tail()
    finally:
        app.close()
    assert [n.text for n in notes] == ["first note", "second note typed discussed budget"], app.tail()
    assert "end" not in [e.type for e in load_session(path).events]


def test_ctrl_q_then_clear_in_one_write_keeps_every_letter_and_the_app_open(tmp_path):
    app, sessions = observe_new(tmp_path)
    path = session_file(sessions)
    try:
        app.write(b"room ")
        time.sleep(0.5)
        app.write(CTRL_Q + b"cleared")  # `r` used to choose "stay", c l e a dropped
        assert wait_until(lambda: b"went back to the note" in app.output, 30), app.tail()
        time.sleep(READ)
        assert app.process.poll() is None
        app.write(ESC)
        time.sleep(READ)
        app.write(ENTER)
        notes = wait_for_notes(path, 1, timeout=30)
        app.write(CTRL_Q)
        assert wait_until(lambda: app.process.poll() is not None, 30), app.tail()
    finally:
        app.close()
    assert [n.text for n in notes] == ["room cleared"], app.tail()


def test_a_deliberate_answer_in_a_real_terminal_still_ends_the_meeting(tmp_path):
    app, sessions = observe_new(tmp_path)
    path = session_file(sessions)
    try:
        app.write(b"last note" + ENTER)
        wait_for_notes(path, 1, timeout=30)
        app.write(CTRL_E)
        assert wait_until(lambda: b"End this session?" in app.output, 30), app.tail()
        time.sleep(READ)  # read, then answered
        app.write(b"y")
        assert wait_until(lambda: "end" in [e.type for e in load_session(path).events], 30), app.tail()
    finally:
        app.close()
    assert [n.text for n in load_session(path).notes] == ["last note"]
