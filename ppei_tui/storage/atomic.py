"""Durable, atomic file writes, and reading JSON files with messages that say where they break.

TinyDB's stock JSONStorage truncates and rewrites the file in place, so a kill or a full disk
mid-write leaves a corrupt file. Here every write goes to a temp file in the same directory,
is fsynced, renamed over the target, and the directory is fsynced: the file on disk is always
either the old version or the new one.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

FILE_MODE = 0o600


class SessionFileError(Exception):
    """A session file that cannot be used; it is left exactly as it is."""

    def __init__(self, path: Path, message: str):
        self.path = path
        super().__init__(f"{path}: {message}")


class FileWriteError(OSError):
    """A file that could not be written, named as it was given: never the temp file's name
    (`.x.pdf.9954.tmp`), which the user never typed. `str()` is `PATH: cannot write: WHY`."""

    def __init__(self, path: Path, error: OSError):
        super().__init__(error.errno, _write_reason(path, error), str(path))
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: cannot write: {self.strerror}"


def _write_reason(path: Path, error: OSError) -> str:
    folder = path.parent
    if error.errno == errno.ENOENT and not os.path.lexists(folder):
        return f"the folder {folder} does not exist; create it first or name another folder"
    if error.errno == errno.ENOTDIR:
        return f"{folder} is not a folder"
    return error.strerror or str(error)


def temp_path_for(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def stray_temp_files(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


def fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload` durably: temp file (never through a link), fsync, rename.
    Raises FileWriteError (an OSError) naming `path` if it cannot be written."""
    temp = temp_path_for(path)
    if os.path.lexists(temp):  # left by a crash of an earlier process with this pid
        os.unlink(temp)
    made = False  # the temp file exists only once opened; its folder may be missing or a file
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
        made = True
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as error:
        if made:
            temp.unlink(missing_ok=True)
        raise FileWriteError(path, error) from error
    except BaseException:
        if made:
            temp.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def read_json_file(path: Path) -> Any:
    """Parse a JSON file, or raise SessionFileError saying where it is broken."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SessionFileError(path, f"cannot read: {error.strerror or error}") from error
    return parse_json_bytes(path, raw)


UTF8_BOM = b"\xef\xbb\xbf"


def parse_json_bytes(path: Path, raw: bytes) -> Any:
    """Parse the bytes of a JSON file read from `path`, or raise SessionFileError saying where.

    A UTF-8 byte-order mark at the start is passed over: an editor on Windows (Notepad) writes
    one, JSON parsers may ignore it (RFC 8259 §8.1), and templates are read with it too. The
    writer encodes the tables afresh (sessionfile.SessionFile.encode), so none is written back."""
    raw = raw.removeprefix(UTF8_BOM)
    if not raw.strip():
        raise SessionFileError(path, "is empty (not a session file); it was left untouched")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise SessionFileError(path, f"is not UTF-8 text (byte {error.start}); left untouched") from error
    except RecursionError as error:
        raise SessionFileError(path, "is nested too deeply to be a session file; left untouched") from error
    except json.JSONDecodeError as error:
        raise SessionFileError(
            path,
            f"line {error.lineno}, column {error.colno}: not valid JSON ({error.msg}); "
            "the file was left untouched",
        ) from error


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_member(key: str, value: Any) -> str:
    return f"{json_text(key)}:{json_text(value)}"
