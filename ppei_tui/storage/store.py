"""The session store: creating, listing, opening and durably updating session files."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from ppei_tui.domain.recording import Draft
from ppei_tui.domain.session import Event, Memo, Note, Session, SessionInfo, format_offset
from ppei_tui.domain.session_schema import check_session_tables, describe_problems
from ppei_tui.domain.template import TemplateError
from ppei_tui.storage.atomic import AtomicJSONStorage, SessionFileError, read_json_file, stray_temp_files
from ppei_tui.storage.lock import SessionLock

INFO, NOTES, EVENTS, MEMOS = "info", "notes", "events", "memos"
# One record (doc 1): the note being typed and the moment it was written (a heartbeat when empty).
DRAFT = "draft"
FORMAT_VERSION = 1


def session_from_tables(path: Path, tables: dict[str, Any]) -> Session:
    """Build a Session from the raw tables of a session file, explaining what is wrong.

    The tables are checked against the session-file schema (domain/session_schema.py) first,
    so a bad file raises SessionFileError naming the record and field, never a traceback.
    """
    problems = check_session_tables(tables)
    if problems:
        raise SessionFileError(path, f"{describe_problems(problems)}; the file was left untouched")
    info_rows = tables.get(INFO) or {}
    if "1" not in info_rows:
        raise SessionFileError(path, "has no session information (table 'info'); not a ppei session")
    try:
        info = SessionInfo.from_dict(info_rows["1"])
        notes = sorted(
            (Note.from_dict(row) for row in (tables.get(NOTES) or {}).values()), key=lambda n: n.id
        )
        events = [
            Event.from_dict(row)
            for _, row in sorted((tables.get(EVENTS) or {}).items(), key=lambda kv: int(kv[0]))
        ]
        memos = [
            Memo.from_dict(row)
            for _, row in sorted((tables.get(MEMOS) or {}).items(), key=lambda kv: int(kv[0]))
        ]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SessionFileError(path, f"has a malformed record: {error!r}") from error
    session = Session(info, notes, events, memos)
    try:
        session.template  # noqa: B018 - validates the embedded copy of the template
    except TemplateError as error:
        raise SessionFileError(path, f"its copy of the template is invalid: {error}") from error
    return session


def saved_draft(path: Path, tables: dict[str, Any]) -> tuple[Draft, datetime | None] | None:
    """The draft kept in the file (note being typed, moment written), if there is one."""
    record = (tables.get(DRAFT) or {}).get("1")
    if record is None:
        return None
    try:
        return Draft.from_record(record)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SessionFileError(path, f"has a malformed draft record: {error!r}") from error


def _replaced_by(row: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    """A TinyDB update that replaces the whole document (fields removed are gone too)."""

    def replace(stored: MutableMapping[str, Any]) -> None:
        stored.clear()
        stored.update(row)

    return replace


def load_session(path: Path) -> Session:
    """Read a session without locking it (for maps, reports and exports)."""
    data = read_json_file(path)
    if not isinstance(data, dict):
        raise SessionFileError(path, "is JSON but not a session file (expected tables)")
    return session_from_tables(path, data)


def session_file_name(info: SessionInfo) -> str:
    cop = re.sub(r"[^a-z0-9]+", "-", info.cop.lower()).strip("-")[:40] or "session"
    return f"{info.date}-{cop}-{info.id[:8]}.json"


@dataclass(frozen=True)
class SessionSummary:
    path: Path
    session: Session | None
    error: str = ""

    @property
    def finished(self) -> bool:
        return bool(self.session and self.session.ended)

    def describe(self) -> str:
        if self.session is None:
            return f"{self.path.name}: unreadable ({self.error})"
        info = self.session.info
        state = "finished" if self.finished else "unfinished"
        return (
            f"{info.date}  {info.cop}  {info.site}  {len(self.session.live_notes())} notes  "
            f"{format_offset(self.session.duration())}  {state}"
        )


class OpenSession:
    """A session file held open for writing by this process (and locked against others)."""

    def __init__(self, path: Path, lock: SessionLock):
        self.path = path
        self._lock = lock
        self._write_lock = threading.Lock()
        self._db = TinyDB(path, storage=AtomicJSONStorage)
        tables = self._db.storage.read() or {}
        self.session = session_from_tables(path, tables)
        self.saved_draft = saved_draft(path, tables)

    @classmethod
    def create(cls, path: Path, info: SessionInfo) -> OpenSession:
        if path.exists():
            raise SessionFileError(path, "already exists; refusing to overwrite it")
        lock = SessionLock(path)
        lock.acquire()
        try:
            db = TinyDB(path, storage=AtomicJSONStorage)
            db.storage.write(
                {INFO: {"1": {**info.to_dict(), "format": FORMAT_VERSION}}, NOTES: {}, EVENTS: {}, MEMOS: {}}
            )
            return cls(path, lock)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def open(cls, path: Path) -> OpenSession:
        lock = SessionLock(path)
        lock.acquire()
        try:
            if not path.exists():
                raise SessionFileError(path, "does not exist")
            opened = cls(path, lock)
        except BaseException:
            lock.release()
            raise
        for stray in stray_temp_files(path):
            stray.unlink(missing_ok=True)
        return opened

    @property
    def _storage(self) -> AtomicJSONStorage:
        storage = self._db.storage
        assert isinstance(storage, AtomicJSONStorage)
        return storage

    def _put(self, table_name: str, doc_id: int, row: dict[str, Any]) -> None:
        """Insert or replace one document with a single durable write. Safe to retry."""
        with self._write_lock:
            table = self._db.table(table_name)
            self._storage.expect_change(table_name, doc_id)
            if table.contains(doc_id=doc_id):
                table.update(_replaced_by(row), doc_ids=[doc_id])
            else:
                table.insert(Document(row, doc_id=doc_id))

    def save_note(self, note: Note) -> None:
        self._put(NOTES, note.id, note.to_dict())

    def save_event(self, event: Event, index: int) -> None:
        self._put(EVENTS, index + 1, event.to_dict())

    def save_memo(self, memo: Memo, memo_id: int) -> None:
        self._put(MEMOS, memo_id, memo.to_dict())

    def save_draft(self, draft: Draft, at: datetime) -> None:
        """Keep the note being typed (possibly empty) and the moment `at`; one durable write."""
        self._put(DRAFT, 1, draft.to_record(at))

    def save_info(self, info: SessionInfo) -> None:
        self._put(INFO, 1, {**info.to_dict(), "format": FORMAT_VERSION})

    def close(self) -> None:
        self._db.close()
        self._lock.release()


class SessionStore:
    def __init__(self, directory: Path):
        self.directory = directory

    def ensure_directory(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)

    def session_paths(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(p for p in self.directory.glob("*.json") if not p.name.startswith("."))

    def summaries(self) -> list[SessionSummary]:
        summaries = []
        for path in self.session_paths():
            try:
                summaries.append(SessionSummary(path, load_session(path)))
            except SessionFileError as error:
                summaries.append(SessionSummary(path, None, str(error).removeprefix(f"{path}: ")))
        return summaries

    def create(self, info: SessionInfo) -> OpenSession:
        self.ensure_directory()
        return OpenSession.create(self.directory / session_file_name(info), info)

    def open(self, path: Path) -> OpenSession:
        return OpenSession.open(path)
