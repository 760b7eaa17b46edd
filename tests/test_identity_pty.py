"""A session's identity with real `ppei` processes in a pseudo-terminal: moves, copies, locks.

Each app runs as in a real terminal; with PPEI_ACK_LOG set it appends each note to that log
once the note is on disk (the moment the screen marks it saved).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pty_terminal import PtyApp, acknowledged, observe_new, run_to_exit, session_file, wait_until

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


def resume_refused(path: Path, cwd: Path) -> tuple[int, str]:
    """A second `ppei observe --resume` of `path`, in its own terminal: its status and message."""
    return run_to_exit(["observe", "--resume", str(path), "--sessions-dir", str(path.parent)], cwd)


def start_new(tmp: Path, ack: Path) -> tuple[PtyApp, Path]:
    app, sessions = observe_new(tmp, env={"PPEI_ACK_LOG": str(ack)})
    return app, session_file(sessions)


def test_a_file_moved_while_observing_is_followed_and_a_second_process_gets_nothing(tmp_path):
    ack = tmp_path / "ack.log"
    app, path = start_new(tmp_path, ack)
    try:
        app.type_note("before the move")
        assert wait_until(lambda: acknowledged(ack) == ["before the move"]), app.tail()
        archive = path.parent / "archive"
        archive.mkdir()
        moved = archive / "archived.json"
        os.rename(path, moved)
        app.type_note("after the move")
        assert wait_until(lambda: len(acknowledged(ack)) == 2), app.tail()
        assert not path.exists()  # never recreated at the old name
        assert [n.text for n in load_session(moved).notes] == ["before the move", "after the move"]
        status, said = resume_refused(moved, tmp_path)
        assert status == 1 and "open in another ppei" in said, said
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
        assert wait_until(lambda: len(acknowledged(ack)) == 1), app.tail()
        copy = path.with_name(path.stem + " (conflicted copy).json")
        shutil.copyfile(path, copy)
        status, said = resume_refused(copy, tmp_path)
        assert status == 1, said
        assert "open in another ppei" in said and path.name in said, said
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
    assert wait_until(lambda: len(acknowledged(ack)) == 1), app.tail()
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
        second = PtyApp(
            ["observe", "--resume", str(copy), "--sessions-dir", str(path.parent)],
            cwd=tmp_path,
            env={"PPEI_ACK_LOG": str(tmp_path / "ack2.log")},
        )
        assert wait_until(lambda: b"recording" in second.output), second.tail()
        first.stdin.write("\n")
        first.stdin.flush()
        assert first.stdout.readline().startswith("refused SavingStopped")  # the first stops
        assert first.stdout.readline().strip() == "closed"
        assert lock.exists()  # releasing removed only the first's own lock, not the second's
        status, said = resume_refused(path, tmp_path)
        assert status == 1 and copy.name in said, said
    finally:
        first.kill()
        if second is not None:
            second.kill()
