"""A session file held open for writing: locked against every other process, its saves
appended to the journal and folded into the file (OpenSession; SessionStore opens and creates
them in the sessions folder).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ppei_tui.domain.recording import Draft
from ppei_tui.domain.session import Event, Memo, Note, Session, SessionInfo
from ppei_tui.storage.atomic import SessionFileError, json_text, stray_temp_files
from ppei_tui.storage.journal import (
    Journal,
    Record,
    Tables,
    journal_path_for,
    parse_journal,
    read_journal_bytes,
    replay_into,
)
from ppei_tui.storage.loading import clear_stale_draft, saved_draft, saved_prompt_texts, session_from_tables
from ppei_tui.storage.lock import (
    SessionIdLock,
    SessionLockedError,
    default_lock_dir,
    describe_holder,
    read_holder,
)
from ppei_tui.storage.reading import (
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
from ppei_tui.storage.writer import (
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

__all__ = ["OpenSession", "locked_elsewhere"]


def locked_elsewhere(path: Path, lock_dir: Path) -> SessionLockedError:
    """The error for a session file another process holds, naming that process if known."""
    try:
        tables, _ = read_tables(path)
        holder = read_holder(SessionIdLock(lock_dir, session_id_of(path, tables)).path)
    except (SessionFileError, OSError, ValueError):
        holder = {}
    who = f" ({describe_holder(holder)})" if holder else ""
    return SessionLockedError(f"{path} is open in another ppei{who}; close it there first", holder)


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
        self.saved_prompts = saved_prompt_texts(file.tables)  # observe's prompt texts not taken up
        self.prompts_set_aside = ""  # as draft_set_aside, for a bad prompt_texts record

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

    def prompt_texts_problems(self) -> str:
        """As draft_problems, for the prompt_texts record."""
        restored = self.saved_prompts
        if not restored or not restored.problems:
            return ""
        return f"{self.path.name}, {restored.describe(self.prompts_set_aside)}"

    def _set_aside_records(self) -> bool:
        """Put a draft or prompt_texts record that had problems, as it was found, into the
        `refused_drafts` table (in memory; True when the file must be folded): each is written
        again once observing resumes, and what it held must stay in the file. Nothing is added
        when the same record was set aside already (found again by another open: review, shade)."""
        folded = False
        restored = self.saved_draft
        if restored is not None and restored.problems:
            from ppei_tui.domain.draft_record import set_aside_row

            row = set_aside_row(restored, datetime.now().astimezone())
            self.draft_set_aside, added = self._set_aside(row)
            folded = added
        prompts = self.saved_prompts
        if prompts is not None and prompts.problems:
            from ppei_tui.domain.prompt_record import PROMPT_TEXTS_RECORD

            at = datetime.now().astimezone().isoformat(timespec="seconds")
            row = {
                "found": prompts.found,
                "from": PROMPT_TEXTS_RECORD,
                "problems": prompts.problems,
                "at": at,
            }
            self.prompts_set_aside, added = self._set_aside(row)
            folded = folded or added
        return folded

    def _set_aside(self, row: dict[str, Any]) -> tuple[str, bool]:
        """`refused_drafts/N` keeping `row` (its `found` kept once), and whether it was added."""
        rows = self._file.tables.setdefault(REFUSED_DRAFTS, {})
        for key, kept in rows.items():
            if kept.get("found") == row["found"] and kept.get("from", row["from"]) == row["from"]:
                return f"{REFUSED_DRAFTS}/{key}", False
        number = max((int(key) for key in rows), default=0) + 1
        self._file.put(Record(REFUSED_DRAFTS, number, row))
        return f"{REFUSED_DRAFTS}/{number}", True

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, info: SessionInfo, lock_dir: Path | None = None) -> OpenSession:
        """Write a new session file (never over an existing one) and open it."""
        if os.path.lexists(path):
            raise SessionFileError(path, "already exists; refusing to overwrite it")
        id_lock = SessionIdLock(lock_dir or default_lock_dir(), info.id)
        id_lock.acquire(path)
        try:
            row = info_row(info)
            tables: Tables = {INFO: {"1": row}, NOTES: {}, EVENTS: {}, MEMOS: {}}
            fd = create_file(path, json_text(tables).encode("utf-8"))
            file = SessionFile(path, tables, fd, FileIdentity.of(os.fstat(fd)))
            journal = Journal(journal_path_for(path), info.id)
            journal.reset()
            # Written just now from the typed record: read back as every reader would read the
            # row (its own copy of the info), but not checked against the file schema, which
            # holds for what SessionInfo.to_dict writes (tests/test_startup_schema.py) and is
            # checked on every file read from disk (open, --resume, review, the journal's replay).
            return cls(file, journal, id_lock, Session(SessionInfo.from_dict(row)))
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
            stale = clear_stale_draft(replay.records, journal_path.name)  # folded in below
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
        opened.warnings = replay.warnings + ([stale] if stale else [])
        try:
            # A bad draft is set aside and folded in before anything can write the draft again.
            if opened._set_aside_records() or replay.records:
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
