"""A session's identity with real `ppei` processes in a pseudo-terminal: moves, copies, locks.

Each app runs as in a real terminal; with PPEI_ACK_LOG set it appends each note to that log
once the note is on disk (the moment the screen marks it saved).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ppei_tui.storage.store import load_session

HOLD_IN_CHILD = (
    "import sys; from pathlib import Path\n"
    "from ppei_tui.domain.session import Note\n"
    "from ppei_tui.storage.store import OpenSession\n"
    "opened = OpenSession.open(Path(sys.argv[1]))\n"
    "print('holding', flush=True)\n"
    "sys.stdin.readline()\n"
    "try:\n"
    "    opened.save_note(Note(900, 'from the first process', '2026-11-22T10:00:00+00:00', 1.0))\n"
    "    print('saved', flush=True)\n"
    "except Exception as e:\n"
    "    print('refused', type(e).__name__, e, flush=True)\n"
    "opened.close()\n"
    "print('closed', flush=True)\n"
)


class App:
    """`ppei observe ...` in a pseudo-terminal."""

    def __init__(self, tmp: Path, ack: Path, *args: str):
        self.ack = ack
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "PPEI_ACK_LOG": str(ack),
            "COLUMNS": "140",
            "LINES": "40",
        }
        env.pop("TEXTUAL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ppei_tui", "observe", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=tmp,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._stop = threading.Event()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while not self._stop.is_set():
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def type_note(self, text: str) -> None:
        for char in text:
            os.write(self.master, char.encode())
            time.sleep(0.005)
        os.write(self.master, b"\r")

    def acknowledged(self) -> list[str]:
        if not self.ack.exists():
            return []
        return [line.split("\t", 1)[1] for line in self.ack.read_text(encoding="utf-8").splitlines()]

    def screen(self) -> str:
        return self.output.decode(errors="replace")[-3000:]

    def kill(self) -> None:
        self._stop.set()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        os.close(self.master)


def wait_until(condition: Callable[[], bool], timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def resume_refused(path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "ppei_tui",
            "observe",
            "--resume",
            str(path),
            "--sessions-dir",
            str(path.parent),
        ],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def start_new(tmp: Path, ack: Path) -> tuple[App, Path]:
    sessions = tmp / "sessions"
    app = App(
        tmp,
        ack,
        "--cop",
        "Governing Body",
        "--attendees",
        "Ash: GP lead",
        "--sessions-dir",
        str(sessions),
        "--create",
    )
    assert wait_until(lambda: any(sessions.glob("*.json"))), app.screen()
    assert wait_until(lambda: b"recording" in app.output), app.screen()
    [path] = sessions.glob("*.json")
    return app, path


def test_a_file_moved_while_observing_is_followed_and_a_second_process_gets_nothing(tmp_path):
    ack = tmp_path / "ack.log"
    app, path = start_new(tmp_path, ack)
    try:
        app.type_note("before the move")
        assert wait_until(lambda: app.acknowledged() == ["before the move"]), app.screen()
        archive = path.parent / "archive"
        archive.mkdir()
        moved = archive / "archived.json"
        os.rename(path, moved)
        app.type_note("after the move")
        assert wait_until(lambda: len(app.acknowledged()) == 2), app.screen()
        assert not path.exists()  # never recreated at the old name
        assert [n.text for n in load_session(moved).notes] == ["before the move", "after the move"]
        second = resume_refused(moved, tmp_path)
        assert second.returncode == 1 and "open in another ppei" in second.stderr, second.stderr
        assert wait_until(lambda: b"moved" in app.output, 5)  # the observer is told
    finally:
        app.kill()
    assert not path.exists()
    assert [n.text for n in load_session(moved).notes] == ["before the move", "after the move"]


def test_a_conflicted_copy_opens_read_only_and_is_never_exported_with_the_original(tmp_path):
    ack = tmp_path / "ack.log"
    app, path = start_new(tmp_path, ack)
    try:
        app.type_note("only in the original")
        assert wait_until(lambda: len(app.acknowledged()) == 1), app.screen()
        copy = path.with_name(path.stem + " (conflicted copy).json")
        shutil.copyfile(path, copy)
        second = resume_refused(copy, tmp_path)
        assert second.returncode == 1, second.stderr
        assert "open in another ppei" in second.stderr and path.name in second.stderr, second.stderr
        exported = subprocess.run(
            [
                sys.executable,
                "-m",
                "ppei_tui",
                "export",
                str(path),
                str(copy),
                "-f",
                "qdpx",
                "-o",
                "both.qdpx",
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
        )
        assert exported.returncode != 0 and "copies of one session" in exported.stderr, exported.stderr
        assert not (tmp_path / "both.qdpx").exists()
    finally:
        app.kill()


def test_one_lock_released_while_another_process_holds_the_same_lock_path(tmp_path, lock_dir):
    ack = tmp_path / "ack.log"
    app, path = start_new(tmp_path, ack)
    app.type_note("first")
    assert wait_until(lambda: len(app.acknowledged()) == 1), app.screen()
    app.kill()  # a crash: the session is unfinished, its locks dropped by the kernel
    copy = path.with_name("copy.json")
    shutil.copyfile(path, copy)
    first = subprocess.Popen(
        [sys.executable, "-c", HOLD_IN_CHILD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    second = None
    try:
        assert first.stdout is not None and first.stdin is not None
        assert first.stdout.readline().strip() == "holding"
        [lock] = lock_dir.glob("*.lock")
        lock.unlink()  # a clean-up of the lock folder while the first holds the session
        second = App(
            tmp_path, tmp_path / "ack2.log", "--resume", str(copy), "--sessions-dir", str(path.parent)
        )
        assert wait_until(lambda: b"recording" in second.output), second.screen()
        first.stdin.write("\n")
        first.stdin.flush()
        assert first.stdout.readline().startswith("refused SavingStopped")  # the first stops
        assert first.stdout.readline().strip() == "closed"
        assert lock.exists()  # releasing removed only the first's own lock, not the second's
        third = resume_refused(path, tmp_path)
        assert third.returncode == 1 and copy.name in third.stderr, third.stderr
    finally:
        first.kill()
        if second is not None:
            second.kill()
