"""One ordered writer per open session: every save, in the order made, in one thread.

Screens never write a session themselves. They `submit` a Record (a whole document: a note, an
event, a memo, the info, the draft) and carry on; the writer's thread stores records in the
order they were submitted and reports each outcome through a callback (the UI turns it into a
message). A record superseded by a newer version of the same document before it is written is
skipped, so the newest version is always the one that lands last; `is_saved` is true only when
the newest version of that document is on disk, which is when a screen may show it saved.

A save that fails (a full disk, a read-only folder) is kept and retried every `retry_seconds`
until it succeeds or a newer version replaces it; once the session file has changed on disk or
was taken by another process (SavingStopped), nothing is retried and every later save fails
with the same explanation.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ppei_tui.domain.recording import Draft
from ppei_tui.domain.session import Event, Note, SessionInfo
from ppei_tui.storage.folders import not_writable
from ppei_tui.storage.journal import Record
from ppei_tui.storage.reading import DRAFT, EVENTS, INFO, MEMOS, NOTES, PROMPT_TEXTS
from ppei_tui.storage.sessionfile import SavingStopped

if TYPE_CHECKING:
    from ppei_tui.storage.open_session import OpenSession

RecordKey = tuple[str, int]
Versions = tuple[int, ...]  # of a record's documents (Record.parts), as submitted
FORMAT_VERSION = 1
IDLE_SECONDS = 1.0  # how often an idle writer checks for folds due and retries


def note_record(note: Note, also: tuple[Record, ...] = ()) -> Record:
    """The note's document, and `also` (its cleared draft) stored in the same append."""
    return Record(NOTES, note.id, note.to_dict(), also)


def event_record(event: Event, index: int) -> Record:
    """Events are stored by position: the index-th event of the session is document index + 1."""
    return Record(EVENTS, index + 1, event.to_dict())


def memo_record(memo: Any, memo_id: int) -> Record:
    row = memo.to_dict() if hasattr(memo, "to_dict") else dict(memo)
    return Record(MEMOS, memo_id, row)


def info_row(info: SessionInfo) -> dict[str, Any]:
    return {**info.to_dict(), "format": FORMAT_VERSION}


def info_record(info: SessionInfo) -> Record:
    return Record(INFO, 1, info_row(info))


def prompt_texts_record(row: dict[str, Any]) -> Record:
    """Text typed in observe's prompts, not taken up (domain/prompt_record.prompt_texts_row):
    one record, document 1 of `prompt_texts`, written whole each time."""
    return Record(PROMPT_TEXTS, 1, row)


def draft_record(draft: Draft, at: datetime) -> Record:
    """The note being typed and the moment `at` (one record, document 1 of `draft`)."""
    return Record(DRAFT, 1, draft.to_record(at))


class SaveOutcome(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    """What happened to one submitted version of a document.

    `error` is "" when it is on disk; `stopped` when saving has stopped for good (no retry).
    """

    key: RecordKey
    version: int
    error: str = ""
    stopped: bool = False
    recovered: bool = False  # saved after an earlier attempt at this document failed

    @property
    def saved(self) -> bool:
        return not self.error


_STOP = object()


class SessionWriter:
    """The single ordered writer of one OpenSession (see the module docstring)."""

    def __init__(
        self,
        opened: OpenSession,
        report: Callable[[SaveOutcome], None],
        retry_seconds: float = 3.0,
        notice: Callable[[str], None] | None = None,
    ):
        """`report` and `notice` are called from the writer's thread: `report` with each
        outcome, `notice` with what the user should know (the file was moved and followed)."""
        self.opened = opened
        self.report = report
        self.notice = notice
        self.retry_seconds = retry_seconds
        self._queue: queue.Queue[Any] = queue.Queue()
        self._lock = threading.Lock()
        self._latest: dict[RecordKey, int] = {}  # newest version submitted, per document
        self._on_disk: dict[RecordKey, int] = {}  # newest version known to be on disk
        # Failed saves by their first document's key: the versions of its parts, and the record.
        self._failed: dict[RecordKey, tuple[Versions, Record]] = {}  # only touched by the thread
        self._failed_keys: set[RecordKey] = set()  # a copy readable from other threads
        self._in_flight = 0
        self._idle = threading.Condition(self._lock)
        self._next_retry = 0.0
        self._thread = threading.Thread(target=self._run, name=f"writer {opened.path.name}", daemon=True)
        self._thread.start()

    # --- the screens' side ---------------------------------------------------------------
    def submit(self, record: Record) -> int:
        """Queue one version of a document (and of each stored with it, `record.also`: written
        in the same append); returns the first document's version number (1, 2, ... per key)."""
        with self._lock:
            versions = []
            for part in record.parts():
                versions.append(self._latest.get(part.key, 0) + 1)
                self._latest[part.key] = versions[-1]
            self._in_flight += 1
        self._queue.put((tuple(versions), record))
        return versions[0]

    def is_saved(self, key: RecordKey) -> bool:
        """Is the newest submitted version of this document on disk?"""
        with self._lock:
            return key in self._on_disk and self._on_disk[key] == self._latest.get(key)

    def is_current(self, outcome: SaveOutcome) -> bool:
        """Is this outcome about the newest submitted version of its document?"""
        with self._lock:
            return self._latest.get(outcome.key) == outcome.version

    def unsaved(self) -> set[RecordKey]:
        """Documents whose newest version is not on disk yet (queued, or failed and retried)."""
        with self._lock:
            return {key for key, version in self._latest.items() if self._on_disk.get(key) != version}

    def failed(self) -> set[RecordKey]:
        """Documents whose last attempt failed (kept, and retried unless saving stopped)."""
        with self._lock:
            return set(self._failed_keys)

    @property
    def busy(self) -> bool:
        """Records submitted and not yet attempted once."""
        with self._lock:
            return self._in_flight > 0

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every submitted record was attempted once (for tests and closing)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Write what is queued, then stop the thread (failed records stay failed)."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)

    # --- the thread ----------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            try:
                wait = min(IDLE_SECONDS, self.retry_seconds) if self._failed else IDLE_SECONDS
                item = self._queue.get(timeout=wait)
            except queue.Empty:
                item = None
            if item is _STOP:
                return
            if item is not None:
                versions, record = item
                outcome = None
                try:
                    outcome = self._write(versions, record)
                finally:
                    # Counted down before reporting: whoever reads the report sees `busy` false
                    # once it is the last one.
                    with self._idle:
                        self._in_flight -= 1
                        self._idle.notify_all()
                if outcome is not None:
                    self._report(outcome)
            if self._queue.empty():
                self._tick()

    def _write(self, versions: Versions, record: Record) -> SaveOutcome | None:
        """Store one version of a record's documents in one append (see _to_write); the outcome
        of its first document to report (None if superseded or not the newest)."""
        key, version = record.key, versions[0]
        with self._lock:
            current = self._to_write(versions, record)
        if not current:
            return None
        if current[0][1].key != key:  # the first document was replaced: only the rest is written
            version = 0
        first, *rest = (part for _, part in current)
        try:
            self.opened.put(Record(first.table, first.doc_id, first.row, tuple(rest)))
        except SavingStopped as error:
            return self._fail(versions, record, str(error), stopped=True)
        except Exception as error:  # any failure keeps the record and is retried
            return self._fail(versions, record, describe_save_error(self.opened.path, error), stopped=False)
        with self._lock:
            for written, part in current:
                self._on_disk[part.key] = max(written, self._on_disk.get(part.key, 0))
            recovered = key in self._failed
            if recovered and version and self._failed[key][0][0] <= version:
                del self._failed[key]
                self._failed_keys.discard(key)
            newest = bool(version) and self._latest[key] == version
        return SaveOutcome(key, version, recovered=recovered) if newest else None

    def _to_write(self, versions: Versions, record: Record) -> list[tuple[int, Record]]:
        """The parts of `record` to write now, with their versions (the caller holds the lock).
        One document alone is skipped when a newer version is queued behind it. Documents
        stored together (a note and its cleared draft) must reach the disk together: one is
        left out only once a newer version of it is on disk (a retry after the draft moved
        on); a newer one merely queued may never be written before a crash."""
        if not record.also:
            return [(versions[0], record)] if versions[0] >= self._latest[record.key] else []
        parts = zip(versions, record.parts(), strict=True)
        return [(version, part) for version, part in parts if version > self._on_disk.get(part.key, 0)]

    def _fail(self, versions: Versions, record: Record, error: str, stopped: bool) -> SaveOutcome:
        with self._lock:
            self._failed[record.key] = (versions, record)
            self._failed_keys.add(record.key)
        if not self._next_retry:
            self._next_retry = time.monotonic() + self.retry_seconds
        return SaveOutcome(record.key, versions[0], error, stopped)

    def _report(self, outcome: SaveOutcome) -> None:
        self._pass_on_notices()
        self.report(outcome)

    def _pass_on_notices(self) -> None:
        while self.opened.notices:
            text = self.opened.notices.pop(0)
            if self.notice is not None:
                self.notice(text)

    def _tick(self) -> None:
        """When idle: retry failed saves when due, check the file and locks, fold when due."""
        if self._failed and not self.opened.stopped and time.monotonic() >= self._next_retry:
            self._next_retry = 0.0
            for versions, record in list(self._failed.values()):
                outcome = self._write(versions, record)
                if outcome is not None:
                    self._report(outcome)
        try:
            self.opened.check_in()
            self.opened.fold_if_due()
        except Exception as error:  # the records are safe in the journal; told, retried later
            self.opened.notices.append(f"Could not fold the journal: {type(error).__name__}: {error}")
        self._pass_on_notices()


def describe_save_error(session_path: Path, error: Exception) -> str:
    """A failed save, said plainly: a read-only or forbidden sessions folder is named as such
    with what to do (not as an error about a journal file); anything else as it came."""
    if isinstance(error, OSError):
        folder_error = not_writable(session_path.parent, error)
        if folder_error is not None:
            return str(folder_error)  # the screens add that it stays there and is retried (ui/saving)
    return f"{type(error).__name__}: {error}"
