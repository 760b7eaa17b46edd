"""A real `ppei observe` in a pseudo-terminal: the draft survives SIGKILL, SIGTERM and SIGHUP.

The keys are written to the pty as a terminal would send them; the session file is read from
outside the process, as the next `ppei observe --resume` would read it.
"""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from ppei_tui.storage.atomic import SessionFileError
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import load_session


class Terminal:
    """`ppei` running in a pty, its screen output collected in the background."""

    def __init__(self, tmp: Path, *args: str):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "40"}
        env.pop("TEXTUAL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ppei_tui", *args, "--sessions-dir", str(tmp / "sessions"), "--create"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=tmp,
            start_new_session=True,
        )
        os.close(slave)
        self.output = bytearray()
        self.stop = threading.Event()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while not self.stop.is_set():
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def signal(self, signum: int) -> None:
        os.killpg(self.process.pid, signum)

    def hang_up(self) -> None:
        """The terminal window closes: the pty goes away, then SIGHUP arrives."""
        self.close_master()
        self.signal(signal.SIGHUP)

    def close_master(self) -> None:
        self.stop.set()
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def tail(self) -> str:
        return self.output.decode(errors="replace")[-2000:]

    def finish(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.close_master()


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def session_file(tmp: Path) -> Path | None:
    found = list((tmp / "sessions").glob("*.json"))
    return found[0] if found else None


def read(path: Path) -> dict:
    """The tables as every command reads them (file plus journal); {} while being replaced."""
    try:
        return read_tables(path)[0]
    except SessionFileError:
        return {}


def draft_text(path: Path) -> str:
    return read(path).get("draft", {}).get("1", {}).get("text", "")


def start_new(tmp: Path) -> Terminal:
    terminal = Terminal(tmp, "observe", "--cop", "Governing Body", "--attendees", "Ash: GP lead")
    assert wait_until(lambda: session_file(tmp) is not None, 30), terminal.tail()
    assert wait_until(lambda: b"recording" in terminal.output, 30), terminal.tail()
    return terminal


HALF = "Ash questions the budget, é <&> half"


def test_sigkill_half_a_note_then_reopen_the_draft_is_back(tmp_path):
    terminal = start_new(tmp_path)
    try:
        path = session_file(tmp_path)
        typed = time.monotonic()
        terminal.type(HALF)
        assert wait_until(lambda: draft_text(path) == HALF, 10), terminal.tail()
        print(f"draft on disk {time.monotonic() - typed:.2f} s after the keys were sent")
        terminal.signal(signal.SIGKILL)
        terminal.process.wait(10)
    finally:
        terminal.finish()
    assert draft_text(path) == HALF
    started_typing = read(path)["draft"]["1"]["started_at"]

    reopened = Terminal(tmp_path, "observe", "--resume", str(path))
    try:
        assert wait_until(lambda: b"Draft restored" in reopened.output, 30), reopened.tail()
        reopened.type(" of it\r")  # carry on typing where the crash left off, then Enter
        assert wait_until(lambda: read(path).get("notes"), 10), reopened.tail()
        assert wait_until(lambda: draft_text(path) == "", 10)
    finally:
        reopened.finish()
    [note] = load_session(path).notes
    assert note.text == HALF + " of it"
    assert note.wall_time == started_typing  # timed from when typing started, before the crash


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP"])
def test_a_signal_saves_the_text_in_the_input(tmp_path, how):
    terminal = start_new(tmp_path)
    try:
        path = session_file(tmp_path)
        terminal.type("said as the lid closed")
        time.sleep(0.3)  # the keys reach the app; the draft may or may not be written yet
        if how == "SIGHUP":
            terminal.hang_up()
        else:
            terminal.signal(signal.SIGTERM)
        status = terminal.process.wait(20)
    finally:
        terminal.finish()
    assert status == 128 + getattr(signal, how)
    assert draft_text(path) == "said as the lid closed"
    leave = load_session(path).events[-1]
    assert leave.type == "leave" and how in leave.detail
