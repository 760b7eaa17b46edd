"""Writing a whole session, made elsewhere (a re-coded copy: domain/recoding.py), as a new file.

Imported only where a copy is made (`ppei recode`, the session list's r), not on the way to the
first screen.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from ppei_tui.domain.recoding import recoded_copy
from ppei_tui.domain.session import Session
from ppei_tui.storage.atomic import SessionFileError, json_text
from ppei_tui.storage.folders import writing_in
from ppei_tui.storage.journal import journal_path_for
from ppei_tui.storage.reading import EVENTS, INFO, MEMOS, NOTES
from ppei_tui.storage.sessionfile import create_file
from ppei_tui.storage.writer import info_row


def write_new_session(path: Path, session: Session) -> None:
    """Write `session` (information, notes, events; memos as given) to `path`, durably and
    owner-readable, as a new file: an existing file, or a journal already there under the new
    file's journal name (which every reader would replay into it), is never written over.

    Raises SessionFileError naming `path` (exists), or the folder's error (not writable)."""
    journal = journal_path_for(path)
    if os.path.lexists(path):
        raise SessionFileError(path, "already exists; refusing to overwrite it")
    if os.path.lexists(journal):
        raise SessionFileError(
            path, f"a journal {journal.name} is already there and would be read into it; choose another name"
        )
    tables = {
        INFO: {"1": info_row(session.info)},
        NOTES: {str(note.id): note.to_dict() for note in session.notes},
        EVENTS: {str(index + 1): event.to_dict() for index, event in enumerate(session.events)},
        MEMOS: {str(memo.id): memo.to_dict() for memo in session.memos},
    }
    with writing_in(path.parent):
        os.close(create_file(path, json_text(tables).encode("utf-8")))


def write_recoded_copy(
    session: Session, source_name: str, target: Path, coder: str, now: datetime, app_version: str
) -> tuple[Path, Session]:
    """`coder`'s copy of `session` (read from the file `source_name`) written as a new session
    file: `target` itself, or in `target` when it is a folder, named as every session file is.
    Returns the file and the copy. Raises ValueError (no coder), or as write_new_session."""
    from ppei_tui.storage.store import (
        session_file_name,
    )  # store is the folder of sessions: not imported at start

    copy = recoded_copy(session, coder, source_name, now, app_version)
    path = target / session_file_name(copy.info) if target.is_dir() else target
    write_new_session(path, copy)
    return path, copy
