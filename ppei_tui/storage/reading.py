"""Reading session files without a lock: the file's tables with its journal replayed on top.

Every reader (map, report, export, review, the session lists) goes through `read_tables`, so
it sees every record saved, including those still in the journal of a session being recorded.
"""

from __future__ import annotations

import os
from pathlib import Path

from ppei_tui.storage.atomic import SessionFileError, parse_json_bytes
from ppei_tui.storage.journal import Tables, journal_path_for, parse_journal, read_journal_bytes, replay_into
from ppei_tui.storage.sessionfile import FileIdentity, open_regular_file, read_descriptor

INFO, NOTES, EVENTS, MEMOS = "info", "notes", "events", "memos"
# Members' shadings of the map, by shading id.
SHADINGS = "shadings"
# One record (doc 1): the note being typed and the moment it was written (a heartbeat when empty).
DRAFT = "draft"
# Draft records that had problems on resume, as they were found, set aside before the draft is
# written again (domain/draft_record.py); by id, never rewritten.
REFUSED_DRAFTS = "refused_drafts"
# One record (doc 1): text typed in observe's agenda and late-arrival prompts, not taken up yet
# (domain/prompt_record.py); kept like the draft, so a crash does not lose it.
PROMPT_TEXTS = "prompt_texts"


def read_session_bytes(path: Path) -> tuple[bytes, bytes]:
    """The bytes of a session file and of its journal, read as one consistent pair.

    The writer folds the journal into the file and then empties it, so the file is read first,
    the journal second, and both again if a fold replaced the file meanwhile: each record is
    then seen in the file or in the journal. Raises SessionFileError if the file cannot be read.
    """
    journal = journal_path_for(path)
    raw, journal_raw = b"", b""
    for _ in range(20):
        try:
            fd = open_regular_file(path)
        except OSError as error:
            raise SessionFileError(path, f"cannot read: {error.strerror or error}") from error
        try:
            read_from = FileIdentity.of(os.fstat(fd))
            raw = read_descriptor(fd)
        finally:
            os.close(fd)
        journal_raw = read_journal_bytes(journal)
        try:
            if FileIdentity.of(os.stat(path)) == read_from:
                break
        except FileNotFoundError:
            break
    return raw, journal_raw


def tables_from_session_bytes(path: Path, raw: bytes, journal_raw: bytes) -> tuple[Tables, list[str]]:
    """The tables those bytes hold, the journal replayed on top (newest version of each
    document wins), and warnings about a journal's torn last line."""
    tables = tables_from_bytes(path, raw)
    if not journal_raw:
        return tables, []
    replay = parse_journal(journal_path_for(path), journal_raw, session_id_of(path, tables))
    return replay_into(tables, replay), replay.warnings


def read_tables(path: Path) -> tuple[Tables, list[str]]:
    """The tables of a session file with its journal replayed on top, and warnings about a
    journal's torn last line. Raises SessionFileError naming the file and what is wrong."""
    raw, journal_raw = read_session_bytes(path)
    return tables_from_session_bytes(path, raw, journal_raw)


def tables_from_bytes(path: Path, raw: bytes) -> Tables:
    data = parse_json_bytes(path, raw)
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise SessionFileError(path, "is JSON but not a session file (expected tables)")
    return data


def session_id_of(path: Path, tables: Tables) -> str:
    row = (tables.get(INFO) or {}).get("1")
    session_id = row.get("id") if isinstance(row, dict) else None
    if not isinstance(session_id, str):
        raise SessionFileError(path, "has no session information (table 'info'); not a ppei session")
    return session_id
