"""The append-only journal beside a session file: saving in constant time, durably.

Rewriting a whole session file for every note costs time that grows with the session. Instead
each saved record (a whole TinyDB document: one note, event, memo, the info or the draft) is
appended to `<session file>.journal` and fsynced, which costs the same at the 10th note as at
the 10,000th. The journal is folded into the session file (atomically, see `sessionfile`) on
open, on leaving, and every few hundred records or seconds; readers replay it on top of the
file, so every command sees every saved record.

Format: UTF-8 lines, each `<crc32 of the JSON, 8 hex digits> <JSON>\\n`. The first line is a
header naming the session id; every other line is `{"t": table, "id": doc_id, "row": {...}}`,
possibly with `"and": [{"t": ..., "id": ..., "row": ...}, ...]`: documents saved in the same
append, applied after the first (a note and the cleared draft after it).
Records are whole documents, so replaying one twice, or replaying records already folded into
the file, gives the same result (the last version of each document wins).

A crash can cut only the last append short (each append is fsynced before the next begins):
a last line without its newline or with a bad checksum is ignored with a warning, since it was
never acknowledged. Damage before the last line is not a crash; the journal is then reported
and left untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ppei_tui.domain.values import compared
from ppei_tui.storage.atomic import FILE_MODE, SessionFileError, fsync_directory

JOURNAL_VERSION = 1
Tables = dict[str, dict[str, Any]]


class Record(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    """One whole TinyDB document to store: `row` replaces document `doc_id` of `table`; then
    each record of `also` (whole documents too) is stored in the same append (one journal line,
    one checksum, one fsync): all of them are on disk or none is. A note and the cleared draft
    that follows it go together so, whenever the app stops, the draft is never the start of a
    note already saved (domain/draft_record.stale_draft_note)."""

    table: str
    doc_id: int
    row: dict[str, Any]
    also: tuple[Record, ...] = ()

    @property
    def key(self) -> tuple[str, int]:
        return (self.table, self.doc_id)

    def parts(self) -> tuple[Record, ...]:
        """This document and those stored with it, each alone, in the order they are applied."""
        return (Record(self.table, self.doc_id, self.row), *self.also) if self.also else (self,)

    def apply(self, tables: Tables) -> None:
        tables.setdefault(self.table, {})[str(self.doc_id)] = self.row
        for record in self.also:
            record.apply(tables)


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(repr=False, eq=False)
class Replay:
    """What a journal holds: its records in order, and warnings about a torn last line."""

    records: list[Record] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    good_length: int = 0  # bytes up to the end of the last whole record (or header)
    has_header: bool = False


def journal_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def encode_line(value: dict[str, Any]) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"%08x " % zlib.crc32(text) + text + b"\n"


def _decode_line(line: bytes) -> dict[str, Any] | None:
    """The JSON object of one whole line, or None if it is damaged (checksum, JSON, shape)."""
    crc, _, text = line.partition(b" ")
    try:
        if len(crc) != 8 or int(crc, 16) != zlib.crc32(text):
            return None
        value = json.loads(text.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _record(value: Any) -> Record | None:
    """A line's record with those stored with it (`and`), or None if any is malformed."""
    if not isinstance(value, dict):
        return None
    table, doc_id, row, more = value.get("t"), value.get("id"), value.get("row"), value.get("and", [])
    if not (isinstance(table, str) and isinstance(doc_id, int) and isinstance(row, dict)):
        return None
    also = [_record(item) for item in more] if isinstance(more, list) else [None]
    if any(record is None or record.also for record in also):
        return None
    return Record(table, doc_id, row, tuple(record for record in also if record is not None))


def _line_value(record: Record) -> dict[str, Any]:
    value: dict[str, Any] = {"t": record.table, "id": record.doc_id, "row": record.row}
    if record.also:  # older versions read the first document and skip `and`
        value["and"] = [_line_value(part) for part in record.also]
    return value


def parse_journal(path: Path, raw: bytes, session_id: str) -> Replay:
    """Read a journal's bytes: its records, or SessionFileError if it is damaged before its end.

    `path` is the journal's path (for messages); `session_id` the id of the session file it
    must belong to.
    """
    replay = Replay()
    lines = raw.split(b"\n")
    tail = lines.pop()  # bytes after the last newline: empty unless the last append was cut
    position = 0
    for number, line in enumerate(lines, start=1):
        value = _decode_line(line)
        is_last = number == len(lines) and not tail
        if value is None or (number > 1 and _record(value) is None):
            if is_last:
                replay.warnings.append(_torn(path, number))
                return replay
            raise SessionFileError(
                path, f"line {number} is damaged (not a crash mid-write); the journal was left untouched"
            )
        if number == 1:
            if value.get("session") != session_id:
                raise SessionFileError(
                    path,
                    f"belongs to session {value.get('session')!r}, not {session_id!r}; it was left untouched",
                )
            replay.has_header = True
        else:
            record = _record(value)
            assert record is not None
            replay.records.extend(record.parts())  # in journal order, one document each
        position += len(line) + 1
        replay.good_length = position
    if tail:
        replay.warnings.append(_torn(path, len(lines) + 1))
    return replay


def _torn(path: Path, number: int) -> str:
    return (
        f"{path.name}: line {number} was cut short (the app stopped mid-save); "
        "that record had not been marked saved and was ignored"
    )


def replay_into(tables: Tables, replay: Replay) -> Tables:
    for record in replay.records:
        record.apply(tables)
    return tables


def read_journal_bytes(path: Path) -> bytes:
    """The journal's bytes, or b"" if there is none. A link in its place is refused."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return b""
    except OSError as error:
        raise SessionFileError(path, f"cannot read the journal: {error.strerror or error}") from error
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class Journal:
    """The journal of one session held open for appending by its (single, locked) writer."""

    def __init__(self, path: Path, session_id: str):
        self.path = path
        self.session_id = session_id
        self.count = 0  # records since the last reset
        existed = os.path.lexists(path)
        self._fd = os.open(
            path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE
        )
        self._good_length = os.fstat(self._fd).st_size
        if not existed:
            fsync_directory(path.parent)

    def _header(self) -> bytes:
        return encode_line({"journal": JOURNAL_VERSION, "session": self.session_id})

    def reset(self) -> None:
        """Empty the journal (after a fold made its records part of the session file)."""
        os.ftruncate(self._fd, 0)
        self._good_length = 0
        self.count = 0
        self._write(self._header())

    def append(self, record: Record) -> None:
        """Append one record and fsync it; on failure the journal is as it was before."""
        line = encode_line(_line_value(record))
        if self._good_length == 0:  # a reset whose header could not be written (full disk)
            line = self._header() + line
        self._write(line)
        self.count += 1

    def _write(self, line: bytes) -> None:
        if os.fstat(self._fd).st_size != self._good_length:  # a failed write left a torn line
            os.ftruncate(self._fd, self._good_length)
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(self._fd, view) :]
            os.fdatasync(self._fd)
        except BaseException:
            # If this fails too, the size check above truncates before the next write.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self._good_length)
            raise
        self._good_length += len(line)

    def move_to(self, new_path: Path) -> None:
        """Follow the session file to a new name: link the journal there, drop the old name."""
        os.link(self.path, new_path, follow_symlinks=False)  # never replaces an existing file
        os.unlink(self.path)
        fsync_directory(new_path.parent)
        if new_path.parent != self.path.parent:
            fsync_directory(self.path.parent)
        self.path = new_path

    def remove(self) -> None:
        """Delete the journal (its records are in the session file) and close it."""
        try:
            if os.lstat(self.path).st_ino == os.fstat(self._fd).st_ino:
                os.unlink(self.path)
                fsync_directory(self.path.parent)
        except FileNotFoundError:
            pass
        self.close()

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
