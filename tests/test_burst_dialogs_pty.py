"""A real `ppei observe --resume` in a pseudo-terminal: F12, a late arrival and a note typed in
one write (as tmux send-keys sends them) are stored whole, and the observe screen stays (hostile
sweep: the second Enter dismissed the closed dialog again and popped the observe screen; the
note was never saved, the heartbeat stopped and Ctrl+Q left without a leave event)."""

from __future__ import annotations

import sys
import time

import pytest
from pty_terminal import PtyApp, wait_for_notes, wait_until
from test_input_pty import make_resumable_session

from ppei_tui.storage.store import load_session

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

F12 = b"\x1b[24~"
CTRL_Q = b"\x11"


def test_f12_an_arrival_and_a_note_in_one_write_are_all_stored_and_the_screen_stays(tmp_path):
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    path = make_resumable_session(sessions, 3)
    app = PtyApp(["observe", "--resume", str(path), "--sessions-dir", str(sessions)], cwd=tmp_path)
    try:
        app.wait_for_output(b"recording", timeout=120)
        time.sleep(1)
        app.write(F12 + b"Ivy: chair\r" + b"after ivy\r")  # one write: one burst
        notes = wait_for_notes(path, 4, timeout=30)
        app.write(CTRL_Q)
        assert wait_until(lambda: app.process.poll() is not None, 30), app.tail()
    finally:
        app.close()
    session = load_session(path)
    assert [n.text for n in notes[3:]] == ["after ivy"], app.tail()
    assert [e.detail for e in session.events if e.type == "arrival"] == ["Ivy"]
    assert session.events[-1].type == "leave"
