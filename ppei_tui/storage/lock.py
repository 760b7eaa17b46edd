"""One writer per session file, across processes (POSIX advisory locks).

The kernel drops the lock when the process dies, so a crash never leaves a session locked.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from ppei_tui.storage.atomic import FILE_MODE


class SessionLockedError(Exception):
    pass


def lock_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class SessionLock:
    def __init__(self, session_path: Path):
        self.path = lock_path_for(session_path)
        self.session_path = session_path
        self._fd: int | None = None

    def acquire(self) -> None:
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
                os.close(fd)
                who = f" (process {holder})" if holder else ""
                raise SessionLockedError(
                    f"{self.session_path} is open in another ppei{who}; close it there first"
                ) from None
            # The file may have been unlinked by a releasing holder between open and flock.
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        self.path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> SessionLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
