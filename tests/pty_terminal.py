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


def wait_until(condition: Callable[[], bool], timeout: float = 20) -> bool:
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

    def type_note(self, text: str, gap: float = 0.005) -> None:
        """Type `text` a key at a time (`gap` seconds apart), then Enter."""
        for char in text:
            self.write(char.encode())
            time.sleep(gap)
        self.write(ENTER)

    def signal(self, signum: int) -> None:
        """Send `signum` to the app's process group (as the terminal's session would)."""
        os.killpg(self.process.pid, signum)

    def hang_up(self) -> None:
        """The terminal window closes: the pty goes away, then SIGHUP arrives."""
        self.close_master()
        self.signal(signal.SIGHUP)

    def close_master(self) -> None:
        self._stop.set()
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def wait_for_exit(self, timeout: float = 60) -> int:
        """The exit status once the process has ended, its last output drained."""
        status = self.process.wait(timeout)
        self._reader.join(5)  # the pty reads as ended once the process has closed it
        return status

    def kill(self) -> None:
        """SIGKILL, as a crash would end it (locks dropped by the kernel, nothing saved)."""
        if self.process.poll() is None:
            self.signal(signal.SIGKILL)
            self.process.wait(10)
        self.close_master()

    def close(self) -> None:
        """End it as a test's clean-up: SIGTERM, then SIGKILL if it does not go."""
        self._stop.set()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.close_master()


def run_to_exit(args: list[str], cwd: Path, timeout: float = 60) -> tuple[int, str]:
    """`python -m ppei_tui ARGS` in a pty until it exits (a refusal, before any screen):
    its exit status and what it wrote, as text."""
    app = PtyApp(args, cwd)
    try:
        return app.wait_for_exit(timeout), app.output.decode(errors="replace")
    finally:
        app.close()


def observe_new(tmp: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[PtyApp, Path]:
    """A new session recording in a pty, ready to type; returns the app and the sessions folder."""
    sessions = tmp / "sessions"
    app = PtyApp(
        ["observe", "--cop", "Governing Body", "--attendees", "Ash: GP lead", "--sessions-dir", str(sessions)]
        + ["--create", *extra],
        cwd=tmp,
        env=env,
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


def acknowledged(ack: Path) -> list[str]:
    """The notes the app said were on disk, in order (PPEI_ACK_LOG: one `time<TAB>text` a line)."""
    if not ack.exists():
        return []
    return [line.split("\t", 1)[1] for line in ack.read_text(encoding="utf-8").splitlines()]


def wait_for_notes(path: Path, count: int, timeout: float = 120) -> list[Note]:
    wait_until(lambda: len(stored_notes(path)) >= count, timeout)
    return stored_notes(path)
