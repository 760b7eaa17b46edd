"""The session store: creating, listing, opening and durably updating session files.

A session file is one TinyDB JSON document. While a session is open, saves go to its journal
(see `journal`) and are folded into the file; readers replay the journal (see `reading`).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ppei_tui.domain.recording import Draft
from ppei_tui.domain.session import Event, Memo, Note, Session, SessionInfo, format_offset
from ppei_tui.storage.atomic import SessionFileError, json_text, stray_temp_files
from ppei_tui.storage.folders import ensure_folder, writing_in
from ppei_tui.storage.journal import (
    Journal,
    Record,
    Tables,
    journal_path_for,
    parse_journal,
    read_journal_bytes,
    replay_into,
)
from ppei_tui.storage.loading import load_session, saved_draft, session_from_tables
from ppei_tui.storage.lock import (
    SessionIdLock,
    SessionLockedError,
    default_lock_dir,
    describe_holder,
    read_holder,
)
from ppei_tui.storage.names import file_name_part
from ppei_tui.storage.reading import (
    DRAFT,
    EVENTS,
    INFO,
    MEMOS,
    NOTES,
    REFUSED_DRAFTS,
    SHADINGS,
    read_tables,
    session_id_of,
    tables_from_bytes,
)
from ppei_tui.storage.sessionfile import (
    FileIdentity,
    SavingStopped,
    SessionFile,
    create_file,
    lock_session_file,
    read_descriptor,
)
from ppei_tui.storage.targets import is_export_name
from ppei_tui.storage.writer import (
    FORMAT_VERSION,
    SaveOutcome,
    SessionWriter,
    draft_record,
    event_record,
    info_record,
    info_row,
    memo_record,
    note_record,
)

if TYPE_CHECKING:  # members' shadings (and their kappa) are read only when a file has some
    from ppei_tui.domain.shading import Shading

__all__ = [
    "DRAFT",
    "EVENTS",
    "FORMAT_VERSION",
    "INFO",
    "MEMOS",
    "NOTES",
    "OpenSession",
    "SessionStore",
    "load_session",
]


def copies_of_one_session(
    sessions: Sequence[tuple[Path, Session]], same_file_too: bool = False
) -> dict[str, list[Path]]:
    """Files that hold the same session (one id): session id -> its files, for ids with two or more.

    A sync tool's conflicted copy, or a copy made by hand, carries the session's id; the two
    diverge once either is written, so they are never read as two sessions. One file named
    twice counts only with `same_file_too` (an export would hold its GUIDs twice)."""
    files: dict[str, list[Path]] = {}
    for path, session in sessions:
        known = files.setdefault(session.info.id, [])
        if same_file_too or not any(_same_file(path, other) for other in known):
            known.append(path)
    return {session_id: paths for session_id, paths in files.items() if len(paths) > 1}


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def refuse_copies(sessions: Sequence[tuple[Path, Session]], same_file_too: bool = False) -> None:
    """SessionFileError naming the files if two of them are copies of one session (exports and
    maps would count its notes twice, and a REFI-QDA project would hold one GUID twice)."""
    copies = copies_of_one_session(sessions, same_file_too)
    if not copies:
        return
    session_id, paths = next(iter(copies.items()))
    names = " and ".join(str(path) for path in paths)
    raise SessionFileError(
        paths[0],
        f"{names} are copies of one session (id {session_id}), e.g. a sync tool's conflicted copy, "
        "or one file named twice; name only one of them (compare them in review, keep the right one)",
    )


def locked_elsewhere(path: Path, lock_dir: Path) -> SessionLockedError:
    """The error for a session file another process holds, naming that process if known."""
    try:
        tables, _ = read_tables(path)
        holder = read_holder(SessionIdLock(lock_dir, session_id_of(path, tables)).path)
    except (SessionFileError, OSError, ValueError):
        holder = {}
    who = f" ({describe_holder(holder)})" if holder else ""
    return SessionLockedError(f"{path} is open in another ppei{who}; close it there first", holder)


def session_file_name(info: SessionInfo) -> str:
    """`<date>-<cop>-<id prefix>.json`, letters of any script kept (storage/names.py)."""
    date = file_name_part(info.date, 20, "undated")
    return f"{date}-{file_name_part(info.cop)}-{file_name_part(info.id[:8], 8, 'id')}.json"


@dataclass(frozen=True)
class SessionSummary:
    path: Path
    session: Session | None
    error: str = ""
    copies: tuple[Path, ...] = ()  # other files holding the same session (same id)

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
            f"{format_offset(self.session.duration())}  {state}  {self.path.name}{self.copy_mark()}"
        )

    def copy_mark(self) -> str:
        """`  [COPY of one session with: other.json]` when another file has this session's id."""
        if not self.copies:
            return ""
        return f"  [COPY of one session with: {', '.join(p.name for p in self.copies)}]"


class OpenSession:
    """A session file held open for writing by this process, locked against every other.

    Saves (`put` and the `save_*` helpers) append to the journal and fsync it: constant time,
    safe to retry. The journal is folded into the session file on open, every FOLD_RECORDS
    records or FOLD_SECONDS seconds (`fold_if_due`), and on close. Once the file has changed on
    disk, been deleted or taken by another process, every save raises SavingStopped.
    Call from one thread at a time (the session's SessionWriter); a lock guards misuse.
    """

    FOLD_RECORDS = 500
    FOLD_SECONDS = 30.0

    def __init__(self, file: SessionFile, journal: Journal, id_lock: SessionIdLock, session: Session):
        self._file = file
        self.journal = journal
        self._id_lock = id_lock
        self.session = session
        self.warnings: list[str] = []  # what opening found (a torn journal line), to show once
        self.notices: list[str] = []  # what happened while saving (the file was moved), to show
        self.stopped = ""  # why saving stopped, once it has
        self.closed = False
        self._write_lock = threading.Lock()
        self._unfolded_since: float | None = None
        self.writer: SessionWriter | None = None
        self.saved_draft = saved_draft(file.tables, session)
        self.draft_set_aside = ""  # the refused_drafts record keeping a bad draft, as `refused_drafts/1`

    @property
    def path(self) -> Path:
        return self._file.path

    def draft_problems(self) -> str:
        """What is wrong with the file's draft record, naming the file ('' when nothing is);
        by its name: the app shows it on the one line it has, for the session it has open."""
        restored = self.saved_draft
        if not restored or not restored.problems:
            return ""
        return f"{self.path.name}, {restored.describe(self.draft_set_aside)}"

    def _set_aside_draft(self) -> bool:
        """Put a draft record that had problems, as it was found, into the `refused_drafts`
        table (in memory; True when the file must be folded): the draft is written again once
        observing resumes (every few seconds), and what it held must stay in the file. Nothing
        is added when the same record was set aside already (found again by another open:
        review, shade)."""
        restored = self.saved_draft
        if restored is None or not restored.problems:
            return False
        rows = self._file.tables.setdefault(REFUSED_DRAFTS, {})
        for key, row in rows.items():
            if row.get("found") == restored.found:
                self.draft_set_aside = f"{REFUSED_DRAFTS}/{key}"
                return False
        number = max((int(key) for key in rows), default=0) + 1
        self.draft_set_aside = f"{REFUSED_DRAFTS}/{number}"
        from ppei_tui.domain.draft_record import set_aside_row

        row = set_aside_row(restored, datetime.now().astimezone())
        self._file.put(Record(REFUSED_DRAFTS, number, row))
        return True

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, info: SessionInfo, lock_dir: Path | None = None) -> OpenSession:
        """Write a new session file (never over an existing one) and open it."""
        if os.path.lexists(path):
            raise SessionFileError(path, "already exists; refusing to overwrite it")
        id_lock = SessionIdLock(lock_dir or default_lock_dir(), info.id)
        id_lock.acquire(path)
        try:
            tables: Tables = {INFO: {"1": info_row(info)}, NOTES: {}, EVENTS: {}, MEMOS: {}}
            fd = create_file(path, json_text(tables).encode("utf-8"))
            file = SessionFile(path, tables, fd, FileIdentity.of(os.fstat(fd)))
            journal = Journal(journal_path_for(path), info.id)
            journal.reset()
            return cls(file, journal, id_lock, session_from_tables(path, tables))
        except BaseException:
            id_lock.release()
            raise

    @classmethod
    def open(cls, path: Path, lock_dir: Path | None = None) -> OpenSession:
        """Lock a session file, replay its journal, fold it in; or raise SessionLockedError
        (naming the other process and file) or SessionFileError (leaving the file as it is)."""
        lock_dir = lock_dir or default_lock_dir()
        fd = lock_session_file(path)
        if fd is None:
            raise locked_elsewhere(path, lock_dir)
        id_lock: SessionIdLock | None = None
        try:
            identity = FileIdentity.of(os.fstat(fd))
            tables = tables_from_bytes(path, read_descriptor(fd))
            session_id = session_id_of(path, tables)
            id_lock = SessionIdLock(lock_dir, session_id)
            try:
                id_lock.acquire(path)
            except SessionLockedError as error:
                raise SessionLockedError(f"{path}: {error}", error.holder) from None
            journal_path = journal_path_for(path)
            replay = parse_journal(journal_path, read_journal_bytes(journal_path), session_id)
            replay_into(tables, replay)
            session = session_from_tables(path, tables)
            file = SessionFile(path, tables, fd, identity)
            journal = Journal(journal_path, session_id)
        except BaseException:
            os.close(fd)
            if id_lock is not None:
                id_lock.release()
            raise
        opened = cls(file, journal, id_lock, session)
        opened.warnings = replay.warnings
        try:
            # A bad draft is set aside and folded in before anything can write the draft again.
            if opened._set_aside_draft() or replay.records:
                for record in replay.records:
                    file.put(record)
                file.fold()
            if replay.records or replay.warnings or not replay.has_header:
                journal.reset()
            for stray in stray_temp_files(path):
                stray.unlink(missing_ok=True)
        except BaseException:
            opened.close(fold=False)
            raise
        return opened

    # --- saving --------------------------------------------------------------------------
    def put(self, record: Record) -> None:
        """Store one whole document durably (journal append + fsync). Safe to retry.

        Raises OSError (disk full, read-only) leaving the journal as it was, or SavingStopped.
        """
        with self._write_lock:
            if self.stopped:
                raise SavingStopped(self.stopped)
            if self.closed:
                raise SavingStopped(f"{self.path} was closed; nothing more is written")
            self._stay_with_the_file()
            self.journal.append(record)
            self._file.put(record)
            if self._unfolded_since is None:
                self._unfolded_since = time.monotonic()
            if self.journal.count >= self.FOLD_RECORDS:
                self._fold_quietly()

    def fold_if_due(self, now: float | None = None) -> None:
        """Fold the journal into the session file if records have waited FOLD_SECONDS."""
        with self._write_lock:
            since = self._unfolded_since
            if self.stopped or self.closed or since is None:
                return
            if (time.monotonic() if now is None else now) - since >= self.FOLD_SECONDS:
                self._fold_quietly()

    def check_in(self) -> None:
        """The writer's idle check (about every second): follow a moved file, put back a deleted
        lock file, or stop saving with a notice if the file changed or the session was taken."""
        with self._write_lock:
            if self.stopped or self.closed:
                return
            try:
                self._stay_with_the_file()
            except SavingStopped:
                self.notices.append(self.stopped)

    def fold(self) -> None:
        """Fold the journal into the session file now (raises what the write raised)."""
        with self._write_lock:
            if self.stopped or self.closed:
                raise SavingStopped(self.stopped or f"{self.path} was closed")
            self._fold()

    def _fold(self) -> None:
        self._stay_with_the_file()
        try:
            self._file.fold()
        except SavingStopped as error:  # changed between the check and the rename
            self.stopped = str(error)
            raise
        self.journal.reset()
        self._unfolded_since = None

    def _fold_quietly(self) -> None:
        """A fold after a record is already safe in the journal: a failure is retried later."""
        try:
            self._fold()
        except SavingStopped:
            pass  # self.stopped is set: the next save says what happened
        except OSError as error:
            self.notices.append(f"Could not fold the journal into {self.path.name} yet ({error}); retrying")

    def _stay_with_the_file(self) -> None:
        """Follow a renamed or moved file; stop for good if it changed, vanished or was taken."""
        try:
            moved = self._file.check()
            self._id_lock.refresh(self.path)
        except (SavingStopped, SessionLockedError) as error:
            self.stopped = str(error)
            raise SavingStopped(self.stopped) from None
        if moved is None:
            return
        try:
            self.journal.move_to(journal_path_for(moved))
        except OSError as error:
            self.stopped = (
                f"{self.path} was moved to {moved}, but its journal could not follow ({error}); "
                "saving has stopped. Everything is still on screen."
            )
            raise SavingStopped(self.stopped) from None
        old = self.path
        self._file.follow(moved)
        self._id_lock.describe(moved)
        self.notices.append(f"The session file was moved from {old} to {moved}; saving follows it there.")

    def save_note(self, note: Note) -> None:
        self.put(note_record(note))

    def save_event(self, event: Event, index: int) -> None:
        self.put(event_record(event, index))

    def save_memo(self, memo: Memo, memo_id: int) -> None:
        self.put(memo_record(memo, memo_id))

    def save_shading(self, shading: Shading) -> None:
        """A member's shading of the map, by its id; one durable write."""
        self.put(Record(SHADINGS, shading.id, shading.to_dict()))

    def save_draft(self, draft: Draft, at: datetime) -> None:
        """Keep the note being typed (possibly empty) and the moment `at`; one durable write."""
        self.put(draft_record(draft, at))

    def save_info(self, info: SessionInfo) -> None:
        self.put(info_record(info))

    def start_writer(
        self,
        report: Callable[[SaveOutcome], None],
        retry_seconds: float = 3.0,
        notice: Callable[[str], None] | None = None,
    ) -> SessionWriter:
        """The session's one ordered writer (created once; later calls re-point its reports)."""
        if self.writer is None:
            self.writer = SessionWriter(self, report, retry_seconds, notice)
        else:
            self.writer.report, self.writer.notice = report, notice
        return self.writer

    # --- closing -------------------------------------------------------------------------
    def close(self, fold: bool = True) -> None:
        """Finish pending saves, fold the journal in and remove it, release the locks.

        If the fold fails the journal stays (nothing is lost: the next open replays it).
        Closing twice does nothing the second time."""
        if self.writer is not None:
            self.writer.close()
        with self._write_lock:
            if self.closed:
                return
            self.closed = True
            try:
                if fold and not self.stopped and self.journal.count:
                    self._fold()
                if fold and not self.stopped:
                    self.journal.remove()
            except (OSError, SavingStopped) as error:
                self.notices.append(f"The journal stays beside {self.path.name}: {error}")
            finally:
                self.journal.close()
                self._file.close()
                self._id_lock.release()


class SessionStore:
    """The sessions folder. `lock_dir` holds session-id locks (default: `default_lock_dir()`).
    With `create_missing` False (a --sessions-dir that was named, not the default), a folder
    that does not exist is refused instead of created."""

    def __init__(self, directory: Path, lock_dir: Path | None = None, create_missing: bool = True):
        self.directory = directory
        self.lock_dir = lock_dir
        self.create_missing = create_missing

    def ensure_directory(self) -> None:
        ensure_folder(self.directory, self.create_missing)

    def session_paths(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        # Exports named by default (`*.export.json`) sit beside sessions but are not sessions.
        return sorted(
            p for p in self.directory.glob("*.json") if not p.name.startswith(".") and not is_export_name(p)
        )

    def summaries(self) -> list[SessionSummary]:
        """Every session file of the folder, read (journal included), copies of one session
        marked as such."""
        summaries = []
        for path in self.session_paths():
            try:
                summaries.append(SessionSummary(path, load_session(path)))
            except SessionFileError as error:
                summaries.append(SessionSummary(path, None, str(error).removeprefix(f"{path}: ")))
        for journal in sorted(self.directory.glob("*.json.journal")) if self.directory.is_dir() else []:
            if not journal.with_name(journal.name.removesuffix(".journal")).exists():
                summaries.append(
                    SessionSummary(
                        journal,
                        None,
                        "saves of a session whose file is not here (moved or renamed after a crash?): "
                        "put it back beside its session file, named <session file>.journal",
                    )
                )
        readable = [(s.path, s.session) for s in summaries if s.session is not None]
        files = copies_of_one_session(readable)
        return [
            replace(s, copies=tuple(p for p in files[s.session.info.id] if p != s.path))
            if s.session is not None and s.session.info.id in files
            else s
            for s in summaries
        ]

    def create(self, info: SessionInfo) -> OpenSession:
        self.ensure_directory()
        with writing_in(self.directory):
            return OpenSession.create(self.directory / session_file_name(info), info, self.lock_dir)

    def open(self, path: Path) -> OpenSession:
        with writing_in(path.parent):
            return OpenSession.open(path, self.lock_dir)
