"""One session file held by its writer: its tables in memory, and its checked atomic replacement.

The file is a TinyDB JSON document (`{"table": {"doc_id": {...}}}`) that other tools read. The
writer holds an open descriptor on the file with an advisory `flock`, so the lock belongs to the
file itself, not to a lock file that a sync tool or clean-up script could delete. Each fold
writes a temp file (created with O_EXCL | O_NOFOLLOW, so never through a link), fsyncs it,
locks it, checks that the session file is still the one this process last wrote, renames the
temp over it and fsyncs the folder: the lock passes to the new file before anyone can open it.

If the file changed on disk since this process wrote it (another program wrote or replaced it),
or was deleted, saving stops with `SavingStopped` and a message saying what happened. If it was
renamed or moved within its disk while open, the writer follows it (same inode) and never
recreates the old path.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import sys
from pathlib import Path
from typing import NamedTuple

from ppei_tui.storage.atomic import (
    FILE_MODE,
    SessionFileError,
    fsync_directory,
    json_member,
    json_text,
    temp_path_for,
)
from ppei_tui.storage.journal import Record, Tables


class SavingStopped(Exception):
    """The session file changed, moved off its disk or was deleted: nothing more is written."""


class MovedDuringSave(OSError):
    """The file was renamed while a fold was being written; the next attempt follows it."""


class FileIdentity(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    """What "the same file, unchanged" means: same inode, same size, same modification time."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, status: os.stat_result) -> FileIdentity:
        return cls(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)

    def same_inode(self, other: FileIdentity) -> bool:
        return (self.device, self.inode) == (other.device, other.inode)


def refuse_link(path: Path) -> os.stat_result:
    """lstat a session path; a symbolic link or anything but a regular file is refused."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        raise SessionFileError(path, "does not exist") from None
    if stat.S_ISLNK(status.st_mode):
        raise SessionFileError(
            path, f"is a symbolic link (to {os.readlink(path)}); open the file it points to instead"
        )
    if not stat.S_ISREG(status.st_mode):
        raise SessionFileError(path, "is not a regular file")
    return status


def try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def path_of_descriptor(fd: int) -> Path | None:
    """Where an open file is now (it may have been renamed), or None if deleted or unknown."""
    try:
        if sys.platform == "darwin":
            target = fcntl.fcntl(fd, getattr(fcntl, "F_GETPATH", 50), b"\0" * 1024)
            return Path(target.rstrip(b"\0").decode())
        target_text = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None
    if target_text.endswith(" (deleted)") or not target_text.startswith("/"):
        return None
    return Path(target_text)


def not_a_file(mode: int) -> OSError | None:
    """Why a path with this st_mode is not a file to read (an OSError whose strerror says it
    in words, so every 'cannot read: {strerror}' message names it), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return IsADirectoryError(errno.EISDIR, "is a folder, not a file")
    return OSError(errno.EINVAL, "is not a regular file (a pipe, socket or device)")


def open_regular_file(path: Path, flags: int = 0) -> int:
    """A read-only descriptor on `path`, refusing anything but a regular file (raises OSError).

    O_NONBLOCK because opening a named pipe for reading waits for a writer, and a FIFO given
    where a session or template was expected must be refused, not hang `ppei map` forever;
    a regular file ignores the flag, which is cleared again before the descriptor is used.
    """
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK | flags)
    try:
        problem = not_a_file(os.fstat(fd).st_mode)
        if problem is not None:
            raise problem
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file (raises OSError for a folder, pipe or device, as opening)."""
    fd = open_regular_file(path)
    try:
        return read_descriptor(fd)
    finally:
        os.close(fd)


def read_descriptor(fd: int) -> bytes:
    chunks, offset = [], 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


class SessionFile:
    """The tables of one session file, kept in memory by the process that holds its lock.

    `fd` is an open, flocked descriptor on the file; `identity` what it was when read.
    Re-encoding a 10,000-note session on every fold would cost the most, so the JSON text of each
    document is cached and only documents changed since the last fold are encoded again.
    """

    def __init__(self, path: Path, tables: Tables, fd: int, identity: FileIdentity):
        self.path = path
        self.tables = tables
        self._fd = fd
        self.identity = identity
        self._fragments: dict[str, dict[str, str]] = {}
        self._changed: set[tuple[str, str]] = set()

    def put(self, record: Record) -> None:
        record.apply(self.tables)
        # Every document of the line: a note's cleared draft, stored with it, was left out, so a
        # fold wrote the draft's cached text from the fold before (the note's start) again.
        for part in record.parts():
            self._changed.add((part.table, str(part.doc_id)))

    def encode(self) -> str:
        tables = []
        for name, rows in self.tables.items():
            cached = self._fragments.get(name, {})
            fragments = {
                doc_id: cached[doc_id]
                if doc_id in cached and (name, doc_id) not in self._changed
                else json_member(doc_id, row)
                for doc_id, row in rows.items()
            }
            self._fragments[name] = fragments
            tables.append(f"{json_text(name)}:{{{','.join(fragments.values())}}}")
        self._changed = set()
        return "{" + ",".join(tables) + "}"

    def check(self) -> Path | None:
        """Raise SavingStopped if the file is no longer the one written here; return its new
        path if it was renamed or moved (same inode, unchanged), else None."""
        try:
            now: FileIdentity | None = FileIdentity.of(os.lstat(self.path))
        except FileNotFoundError:
            now = None
        if now == self.identity:
            return None
        if now is not None and now.same_inode(self.identity):
            raise SavingStopped(
                f"{self.path} was changed on disk by another program since ppei last saved it; "
                "saving has stopped so that neither version is lost. Everything is still on screen."
            )
        moved = path_of_descriptor(self._fd)
        held = FileIdentity.of(os.fstat(self._fd))
        if moved is not None and held == self.identity:
            try:
                there = FileIdentity.of(os.lstat(moved))
            except FileNotFoundError:
                there = None
            if there == self.identity:
                return moved
        what = "replaced by another file" if now is not None else "deleted or moved to another disk"
        raise SavingStopped(
            f"{self.path} was {what} while open; saving has stopped and the old path is not "
            "recreated. Everything is still on screen."
        )

    def follow(self, new_path: Path) -> None:
        self.path = new_path

    def fold(self) -> None:
        """Replace the file with the tables in memory: temp, fsync, lock, check, rename, fsync dir."""
        payload = self.encode().encode("utf-8")
        temp = temp_path_for(self.path)
        if os.path.lexists(temp):  # left by a crash of an earlier process with this pid
            os.unlink(temp)
        fd = os.open(temp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # nobody else can know this new file
            if self.check() is not None:
                raise MovedDuringSave(f"{self.path} was renamed during a save; retrying follows it")
            os.replace(temp, self.path)
        except BaseException:
            os.close(fd)
            self._fragments = {}
            temp.unlink(missing_ok=True)
            raise
        fsync_directory(self.path.parent)
        os.close(self._fd)  # releases the lock on the old inode: the new one is locked already
        self._fd = fd
        self.identity = FileIdentity.of(os.fstat(fd))

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def lock_session_file(path: Path) -> int | None:
    """Open and flock the session file itself: the descriptor, or None if another process holds
    it. Refuses a link; retries if a fold by the holder replaced the file meanwhile."""
    for _ in range(20):
        refuse_link(path)
        try:
            fd = open_regular_file(path, os.O_NOFOLLOW)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise SessionFileError(path, f"cannot open: {error.strerror or error}") from error
        if not try_lock(fd):
            os.close(fd)
            return None
        try:
            here = FileIdentity.of(os.lstat(path))
        except FileNotFoundError:
            here = None
        if here is not None and here.same_inode(FileIdentity.of(os.fstat(fd))):
            return fd
        os.close(fd)
    raise SessionFileError(path, "keeps being replaced while opening; try again")


def create_file(path: Path, payload: bytes) -> int:
    """Write a new file durably without ever replacing one: temp, fsync, link, lock, fsync dir.
    Returns a flocked descriptor opened on `path` itself (so its current name can be found)."""
    temp = temp_path_for(path)
    if os.path.lexists(temp):
        os.unlink(temp)
    fd = os.open(temp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        try:
            os.link(temp, path, follow_symlinks=False)
        except FileExistsError:
            raise SessionFileError(path, "already exists; refusing to overwrite it") from None
        # Nobody else knows this new name yet, and the session id is locked already.
        held = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BaseException:
        os.close(fd)
        raise
    finally:
        temp.unlink(missing_ok=True)
    os.close(fd)
    fsync_directory(path.parent)
    return held
