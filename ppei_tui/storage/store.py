"""The session store: creating, listing, opening and durably updating session files.

A session file is one TinyDB JSON document. While a session is open, saves go to its journal
(see `journal`) and are folded into the file; readers replay the journal (see `reading`).
A session held open for writing is an OpenSession (`open_session`); this module is the folder
of them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ppei_tui.domain.session import Session, SessionInfo, format_offset
from ppei_tui.domain.wording import count as count_of
from ppei_tui.storage.atomic import SessionFileError
from ppei_tui.storage.folders import ensure_folder, writing_in
from ppei_tui.storage.loading import load_session
from ppei_tui.storage.names import file_name_part
from ppei_tui.storage.open_session import OpenSession
from ppei_tui.storage.reading import DRAFT, EVENTS, INFO, MEMOS, NOTES
from ppei_tui.storage.targets import is_export_name
from ppei_tui.storage.writer import FORMAT_VERSION

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


# What to do about copies, said where they were given (the command line, or marked rows).
NAME_ONE = (
    "name only one of them (a folder: move the other out of it); "
    "compare them in review first and keep the right one"
)
MARK_ONE = "mark only one of them (Space unmarks); compare them in review first and keep the right one"


class SessionCopiesError(SessionFileError):
    """Two of the files given hold one session (one id), or one file was given twice.

    A SessionFileError, so every command that already names unusable files says this too;
    `paths` are the files, `session_id` the id they share."""

    def __init__(self, paths: Sequence[Path], session_id: str, message: str):
        self.paths, self.session_id = tuple(paths), session_id
        self.path = self.paths[0]
        Exception.__init__(self, message)  # the message names every file itself


def copies_problem(sessions: Sequence[tuple[Path, Session]], remedy: str = NAME_ONE) -> str:
    """The message for files that would count one session twice, or "" when there are none.

    The rule (README, "Copies of one session"): two files with one session id (a sync tool's
    conflicted copy, a backup) or one file given twice are never combined; whichever copy
    was kept could be the stale one, so none is picked for the researcher."""
    problems: list[str] = []
    only_repeats = True
    for session_id, paths in copies_of_one_session(sessions, same_file_too=True).items():
        distinct = [p for i, p in enumerate(paths) if not any(_same_file(p, q) for q in paths[:i])]
        if len(distinct) == 1:
            # One file under two names (a link, `dir/../dir/f`): name both as given.
            names = list(dict.fromkeys(str(path) for path in paths))
            one = f"{names[0]} is given twice" if len(names) == 1 else f"{' and '.join(names)} are one file"
            problems.append(f"{one} (session id {session_id})")
        else:
            only_repeats = False
            listed = " and ".join(str(path) for path in distinct)
            problems.append(
                f"{listed} are copies of one session (id {session_id}), e.g. a sync tool's "
                "conflicted copy or a backup"
            )
    if not problems:
        return ""
    remedy = "give each file once" if only_repeats else remedy
    return f"{'; '.join(problems)}: one session would be counted as two; {remedy}"


def refuse_copies(sessions: Sequence[tuple[Path, Session]], remedy: str = NAME_ONE) -> None:
    """SessionCopiesError (see copies_problem) if the files would count one session twice: maps,
    studies and agreement would count its notes twice, and a REFI-QDA project would hold one
    GUID twice."""
    problem = copies_problem(sessions, remedy)
    if problem:
        session_id, paths = next(iter(copies_of_one_session(sessions, same_file_too=True).items()))
        raise SessionCopiesError(paths, session_id, problem)


def session_file_name(info: SessionInfo) -> str:
    """`<date>-<cop>-<id prefix>.json`, letters of any script kept (storage/names.py)."""
    date = file_name_part(info.date, 20, "undated")
    return f"{date}-{file_name_part(info.cop)}-{file_name_part(info.id[:8], 8, 'id')}.json"


class SessionSummary(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
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
            f"{info.date}  {info.cop}  {info.site}  {count_of(len(self.session.live_notes()), 'note')}  "
            f"{format_offset(self.session.duration())}  {state}  {self.path.name}{self.copy_mark()}"
        )

    def copy_mark(self) -> str:
        """`  [COPY of one session with: other.json]` when another file has this session's id."""
        if not self.copies:
            return ""
        return f"  [COPY of one session with: {', '.join(p.name for p in self.copies)}]"


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
            s._replace(copies=tuple(p for p in files[s.session.info.id] if p != s.path))
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
