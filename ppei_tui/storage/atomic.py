"""Durable, atomic file writes and a TinyDB storage built on them.

TinyDB's stock JSONStorage truncates and rewrites the file in place, so a kill or a full disk
mid-write leaves a corrupt file. Here every write goes to a temp file in the same directory,
is fsynced, renamed over the target, and the directory is fsynced: the file on disk is always
either the old version or the new one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

FILE_MODE = 0o600


class SessionFileError(Exception):
    """A session file that cannot be used; it is left exactly as it is."""

    def __init__(self, path: Path, message: str):
        self.path = path
        super().__init__(f"{path}: {message}")


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
    temp = temp_path_for(path)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def read_json_file(path: Path) -> Any:
    """Parse a JSON file, or raise SessionFileError saying where it is broken."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SessionFileError(path, f"cannot read: {error.strerror or error}") from error
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


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _member(key: str, value: Any) -> str:
    return f"{_encode(key)}:{_encode(value)}"


class AtomicJSONStorage(Storage):
    """A TinyDB storage that keeps the data in memory and writes it durably.

    The session's lock guarantees this process is the only writer, so the file is read once.
    Re-encoding a whole 10,000-note session on every save is the main cost of a save, so the
    JSON text of each document is cached. A writer that changes one document says so first
    (`expect_change`); a write without that hint re-encodes everything and refreshes the cache.
    """

    def __init__(self, path: str | Path, **_: Any):
        self.path = Path(path)
        self._data: dict[str, Any] | None = None
        self._fragments: dict[str, dict[str, str]] = {}
        self._hint: tuple[str, str] | None = None

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            if not self.path.exists():
                return None
            data = read_json_file(self.path)
            if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
                raise SessionFileError(self.path, "is JSON but not a session file (expected tables)")
            self._data = data
        return self._data

    def expect_change(self, table: str, doc_id: int) -> None:
        """The next write changes only this document (or adds it)."""
        self._hint = (table, str(doc_id))

    def encode(self, data: dict[str, Any]) -> str:
        hint, self._hint = self._hint, None
        if hint is None or set(self._fragments) != set(data):
            self._fragments = {}
        tables = []
        for name, rows in data.items():
            cached = self._fragments.get(name)
            if cached is None:
                cached = {doc_id: _member(doc_id, row) for doc_id, row in rows.items()}
            elif hint is not None and hint[0] == name:
                cached = {
                    doc_id: cached[doc_id] if doc_id in cached and doc_id != hint[1] else _member(doc_id, row)
                    for doc_id, row in rows.items()
                }
            self._fragments[name] = cached
            tables.append(f"{_encode(name)}:{{{','.join(cached.values())}}}")
        return "{" + ",".join(tables) + "}"

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        try:
            atomic_write_bytes(self.path, self.encode(data).encode("utf-8"))
        except BaseException:
            self._fragments = {}
            raise

    def close(self) -> None:
        pass
