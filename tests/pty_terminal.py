"""A real `ppei` process in a pseudo-terminal, for what pilots cannot show: keys arriving in
bursts from the terminal's byte stream, bracketed pastes, terminals without F-keys.

Waits are generous (a loaded 2-core machine): tests wait for the stored file to reach N notes,
never assert on timing.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from ppei_tui.domain.session import Note
from ppei_tui.storage.store import load_session

BRACKETED_PASTE_START = b"\x1b[200~"
BRACKETED_PASTE_END = b"\x1b[201~"
ENTER = b"\r"
BACKSPACE = b"\x7f"


def wait_until(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


class PtyApp:
    """`python -m ppei_tui ARGS` on a 140 x 40 pty, its output drained into `output`."""

    def __init__(
        self, args: list[str], cwd: Path, env: dict[str, str] | None = None, stdout: IO[bytes] | None = None
    ):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
        full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "40"}
        full_env["PPEI_CONFIG_DIR"] = str(cwd / "config")  # never the user's keymap or theme
        full_env.update(env or {})
        full_env.pop("TEXTUAL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ppei_tui", *args],
            stdin=slave,
            stdout=slave if stdout is None else stdout,  # a file: `ppei observe > out.txt`
            stderr=slave,
            env=full_env,
            cwd=cwd,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while not self._stop.is_set():
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def tail(self) -> str:
        """The last of the screen output, escape sequences dropped (for failure messages)."""
        text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", " ", self.output.decode(errors="replace"))
        return re.sub(r"[ \t]+", " ", text)[-1500:]

    def wait_for_output(self, text: bytes, timeout: float = 60) -> None:
        assert wait_until(lambda: text in self.output, timeout), self.tail()

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.master, view)
            view = view[written:]

    def type_at(self, text: str, keys_per_second: float) -> None:
        """Type `text` one character at a time at about the given rate."""
        gap = 1 / keys_per_second
        for char in text:
            self.write(char.encode())
            time.sleep(gap)

    def close(self) -> None:
        self._stop.set()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        os.close(self.master)


def observe_new(tmp: Path, *extra: str) -> tuple[PtyApp, Path]:
    """A new session recording in a pty, ready to type; returns the app and the sessions folder."""
    sessions = tmp / "sessions"
    app = PtyApp(
        ["observe", "--cop", "Governing Body", "--attendees", "Ash: GP lead", "--sessions-dir", str(sessions)]
        + ["--create", *extra],
        cwd=tmp,
    )
    try:
        app.wait_for_output(b"recording")
        assert wait_until(lambda: any(sessions.glob("*.json")), 30), app.tail()
    except BaseException:
        app.close()
        raise
    return app, sessions


def session_file(sessions: Path) -> Path:
    [path] = sessions.glob("*.json")
    return path


def stored_notes(path: Path) -> list[Note]:
    """The notes as every command reads them (session file plus journal); [] while unreadable."""
    try:
        return load_session(path).notes
    except Exception:  # mid-fold or mid-append: read again on the next poll
        return []


def wait_for_notes(path: Path, count: int, timeout: float = 120) -> list[Note]:
    wait_until(lambda: len(stored_notes(path)) >= count, timeout)
    return stored_notes(path)
