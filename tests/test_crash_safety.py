"""Kill a real `ppei observe` process mid-stream and check no acknowledged note is lost.

The app runs in a pseudo-terminal, as in a real terminal; notes are typed into it. With
PPEI_ACK_LOG set, the app appends each note to that log once it is durably saved (the moment
the screen marks it saved). After SIGKILL, every acknowledged note must be in a session file
that parses, and reopening it must clean up any half-written temp file.
"""

from __future__ import annotations

import fcntl
import os
import random
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from ppei_tui.storage.store import OpenSession, load_session

RUNS = 6


def drain(fd: int, sink: bytearray, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        sink.extend(chunk)


def start_app(tmp: Path, ack: Path) -> tuple[subprocess.Popen, int, bytearray, threading.Event]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "PPEI_ACK_LOG": str(ack), "COLUMNS": "140", "LINES": "40"}
    env.pop("TEXTUAL", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ppei_tui",
            "observe",
            "--cop",
            "Governing Body",
            "--attendees",
            "Ash: GP lead",
            "--sessions-dir",
            str(tmp / "sessions"),
            "--create",
        ],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=tmp,
        start_new_session=True,
    )
    os.close(slave)
    output = bytearray()
    stop = threading.Event()
    threading.Thread(target=drain, args=(master, output, stop), daemon=True).start()
    return process, master, output, stop


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("run", range(RUNS))
def test_sigkill_mid_stream_loses_no_acknowledged_note(tmp_path, run):
    ack = tmp_path / "ack.log"
    process, master, output, stop = start_app(tmp_path, ack)
    try:
        sessions = tmp_path / "sessions"
        assert wait_until(lambda: any(sessions.glob("*.json")), 20), output.decode(errors="replace")[-2000:]
        assert wait_until(lambda: b"recording" in output, 20), output.decode(errors="replace")[-2000:]
        rng = random.Random(run)
        kill_after = rng.randint(15, 60)
        for n in range(1, kill_after + 1):
            text = f"note {run}-{n} Ash speaks #eng +trust <&> é"
            os.write(master, text.encode() + b"\r")
            time.sleep(rng.choice([0.0, 0.01, 0.03]))
        # Let some saves land, then kill while later ones may still be in flight.
        wait_until(lambda: ack.exists() and len(ack.read_text().splitlines()) >= kill_after // 2, 10)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        stop.set()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        os.close(master)
    acknowledged = [line.split("\t", 1)[1] for line in ack.read_text(encoding="utf-8").splitlines()]
    assert len(acknowledged) >= kill_after // 2
    [path] = sessions.glob("*.json")
    session = load_session(path)  # parses: never half-written
    texts = [note.text for note in session.notes]
    print(f"typed {kill_after}, acknowledged {len(acknowledged)}, stored {len(texts)}")
    missing = [text for text in acknowledged if text not in texts]
    assert missing == []
    reopened = OpenSession.open(path)
    assert not list(sessions.glob(".*.tmp"))
    reopened.close()
