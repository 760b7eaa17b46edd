"""A real `ppei observe` in a pseudo-terminal: the draft survives SIGKILL, SIGTERM and SIGHUP.

The keys are written to the pty as a terminal would send them; the session file is read from
outside the process, as the next `ppei observe --resume` would read it.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from pty_terminal import PtyApp, observe_new, session_file, wait_until

from ppei_tui.storage.atomic import SessionFileError
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import load_session


def read(path: Path) -> dict:
    """The tables as every command reads them (file plus journal); {} while being replaced."""
    try:
        return read_tables(path)[0]
    except SessionFileError:
        return {}


def draft_text(path: Path) -> str:
    return read(path).get("draft", {}).get("1", {}).get("text", "")


HALF = "Ash questions the budget, é <&> half"


def test_sigkill_half_a_note_then_reopen_the_draft_is_back(tmp_path):
    terminal, sessions = observe_new(tmp_path)
    try:
        path = session_file(sessions)
        typed = time.monotonic()
        terminal.write(HALF.encode())
        assert wait_until(lambda: draft_text(path) == HALF, 10), terminal.tail()
        print(f"draft on disk {time.monotonic() - typed:.2f} s after the keys were sent")
        terminal.signal(signal.SIGKILL)
        terminal.process.wait(10)
    finally:
        terminal.kill()
    assert draft_text(path) == HALF
    started_typing = read(path)["draft"]["1"]["started_at"]

    reopened = PtyApp(["observe", "--resume", str(path), "--sessions-dir", str(sessions)], cwd=tmp_path)
    try:
        assert wait_until(lambda: b"Draft restored" in reopened.output, 30), reopened.tail()
        reopened.write(b" of it\r")  # carry on typing where the crash left off, then Enter
        assert wait_until(lambda: read(path).get("notes"), 10), reopened.tail()
        assert wait_until(lambda: draft_text(path) == "", 10)
    finally:
        reopened.kill()
    [note] = load_session(path).notes
    assert note.text == HALF + " of it"
    assert note.wall_time == started_typing  # timed from when typing started, before the crash


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP"])
def test_a_signal_saves_the_text_in_the_input(tmp_path, how):
    terminal, sessions = observe_new(tmp_path)
    try:
        path = session_file(sessions)
        terminal.write(b"said as the lid closed")
        time.sleep(0.3)  # the keys reach the app; the draft may or may not be written yet
        if how == "SIGHUP":
            terminal.hang_up()
        else:
            terminal.signal(signal.SIGTERM)
        status = terminal.process.wait(20)
    finally:
        terminal.kill()
    assert status == 128 + getattr(signal, how)
    assert draft_text(path) == "said as the lid closed"
    leave = load_session(path).events[-1]
    assert leave.type == "leave" and how in leave.detail
