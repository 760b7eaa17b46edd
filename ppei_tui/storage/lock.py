"""One writer per session, across processes (POSIX advisory locks held on open descriptors).

Two locks guard a session that is open for writing:
- the session file itself is flocked (see `sessionfile`), so deleting a lock file never lets a
  second writer in, and a moved or renamed file stays locked;
- a lock keyed by the session's id, in a private per-user folder, so that any other file of
  the same session (a sync tool's conflicted copy, a copy in another folder) opens read-only,
  naming the file that is open.

The kernel drops both when the process dies, so a crash never leaves a session locked. Lock
files are created and opened without following links; a lock path that is a link is refused.
Releasing removes the lock file only if it is still the one this process created.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import tempfile
from pathlib import Path

from ppei_tui.storage.atomic import FILE_MODE

LOCK_DIR_ENV = "PPEI_LOCK_DIR"


class SessionLockedError(Exception):
    """Another process has the session open; `holder` names its process and file if known."""

    def __init__(self, message: str, holder: dict[str, object] | None = None):
        super().__init__(message)
        self.holder = holder or {}


class LockPathError(OSError):
    """A lock path or folder that is not ours to use (a link, someone else's folder)."""


def default_lock_dir() -> Path:
    """$PPEI_LOCK_DIR, else $XDG_RUNTIME_DIR/ppei-locks (cleared at log-out), else
    ~/.cache/ppei/locks, else (a read-only home) <temp folder>/ppei-locks-<uid>: the first
    that exists or can be made."""
    if os.environ.get(LOCK_DIR_ENV):
        return Path(os.environ[LOCK_DIR_ENV])
    candidates = []
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        candidates.append(Path(runtime) / "ppei-locks")
    candidates.append(Path.home() / ".cache" / "ppei" / "locks")
    fallback = Path(tempfile.gettempdir()) / f"ppei-locks-{os.getuid()}"
    for candidate in candidates:
        try:
            candidate.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            continue
        return candidate
    return fallback  # ensure_private_dir refuses it if another user made it first


def ensure_private_dir(directory: Path) -> None:
    """Create the lock folder (0700) if needed; refuse one that is a link or not the user's."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    status = os.lstat(directory)
    if stat.S_ISLNK(status.st_mode) or not stat.S_ISDIR(status.st_mode):
        raise LockPathError(f"{directory}: the lock folder is a link or not a folder; refusing to use it")
    if status.st_uid != os.getuid():
        raise LockPathError(f"{directory}: the lock folder belongs to another user; refusing to use it")


def read_holder(path: Path) -> dict[str, object]:
    """What a lock file says about its holder ({"pid": ..., "path": ...}), or {} if unreadable."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return {}
    try:
        raw = os.pread(fd, 8192, 0)
    finally:
        os.close(fd)
    try:
        holder = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return {}
    return holder if isinstance(holder, dict) else {}


def describe_holder(holder: dict[str, object]) -> str:
    pid = f"process {holder['pid']}" if holder.get("pid") else "another process"
    return f"{pid}, file {holder['path']}" if holder.get("path") else pid


class SessionIdLock:
    """An flock on `<lock folder>/<session id>.lock`, holding this process's id and file path."""

    def __init__(self, directory: Path, session_id: str):
        if not session_id or not all(c.isalnum() or c in "-_" for c in session_id):
            raise LockPathError(f"session id {session_id!r} cannot name a lock file")
        self.directory = directory
        self.path = directory / f"{session_id}.lock"
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, session_path: Path) -> None:
        """Take the lock or raise SessionLockedError naming the holder's process and file."""
        ensure_private_dir(self.directory)
        for _ in range(20):  # a releasing holder may unlink the file between our open and flock
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                holder = read_holder(self.path)
                raise SessionLockedError(
                    f"this session is open in another ppei ({describe_holder(holder)})", holder
                ) from None
            if self._is_at_path(fd):
                self._fd = fd
                self.describe(session_path)
                return
            os.close(fd)
        raise SessionLockedError(f"{self.path}: the lock keeps being replaced; try again")

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise LockPathError(f"{self.path}: the lock file is a link; refusing to follow it") from None
            raise

    def _is_at_path(self, fd: int) -> bool:
        try:
            here = os.lstat(self.path)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)

    def describe(self, session_path: Path) -> None:
        """Write who holds the lock (pid and the session file's path) into the lock file."""
        assert self._fd is not None
        text = json.dumps({"pid": os.getpid(), "path": str(session_path)}).encode("utf-8")
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, text, 0)

    def refresh(self, session_path: Path) -> None:
        """Put the lock file back if something deleted it; raise SessionLockedError if another
        process has taken the session id meanwhile."""
        if self._fd is None or self._is_at_path(self._fd):
            return
        try:
            fd = os.open(
                self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE
            )
        except FileExistsError:
            fd = self._open()
        if not try_flock(fd):
            os.close(fd)
            holder = read_holder(self.path)
            raise SessionLockedError(
                f"while this session was open its lock was deleted and another ppei opened it "
                f"({describe_holder(holder)})",
                holder,
            )
        os.close(self._fd)
        self._fd = fd
        self.describe(session_path)

    def release(self) -> None:
        if self._fd is None:
            return
        if self._is_at_path(self._fd):  # never remove a lock another process created since
            self.path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None


def try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
