"""A Session built from a session file's tables: checked against the file's schema first, so a
bad file is one SessionFileError naming the record and field (used by the store, snapshots and
every reader that does not lock the file).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ppei_tui.domain.recording import Draft
from ppei_tui.domain.session import Event, Memo, Note, Session, SessionInfo, Tag
from ppei_tui.domain.template import TemplateError
from ppei_tui.storage.atomic import SessionFileError
from ppei_tui.storage.journal import Record
from ppei_tui.storage.reading import DRAFT, EVENTS, INFO, MEMOS, NOTES, PROMPT_TEXTS, SHADINGS, read_tables

if TYPE_CHECKING:  # members' shadings (and their kappa) are read only when a file has some
    from ppei_tui.domain.draft_record import RestoredDraft  # drafts: only when a file has one
    from ppei_tui.domain.prompt_record import RestoredPromptTexts
    from ppei_tui.domain.shading import Shading

__all__ = ["clear_stale_draft", "load_session", "saved_draft", "saved_prompt_texts", "session_from_tables"]
SHOWN_DRAFT = 40  # characters of a stale draft quoted in the warning


def session_from_tables(path: Path, tables: dict[str, Any]) -> Session:
    """Build a Session from the raw tables of a session file, explaining what is wrong.

    The tables are checked against the session-file schema (domain/session_schema.py) first,
    so a bad file raises SessionFileError naming the record and field, never a traceback.
    """
    # The schema's rules are built when a file is first read: a new session never needs them.
    from ppei_tui.domain.session_schema import check_session_tables, describe_problems

    problems = check_session_tables(tables)
    if problems:
        raise SessionFileError(path, f"{describe_problems(problems)}; the file was left untouched")
    info_rows = tables.get(INFO) or {}
    if "1" not in info_rows:
        raise SessionFileError(path, "has no session information (table 'info'); not a ppei session")
    try:
        info = SessionInfo.from_dict(info_rows["1"])
        tags: dict[tuple[str, str], Tag] = {}  # one Tag per distinct tag of the file
        notes = sorted(
            (Note.from_dict(row, tags) for row in (tables.get(NOTES) or {}).values()), key=lambda n: n.id
        )
        events = [
            Event.from_dict(row)
            for _, row in sorted((tables.get(EVENTS) or {}).items(), key=lambda kv: int(kv[0]))
        ]
        memos = [
            Memo.from_dict(row)
            for _, row in sorted((tables.get(MEMOS) or {}).items(), key=lambda kv: int(kv[0]))
        ]
        shadings = _shadings(tables.get(SHADINGS) or {})
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SessionFileError(path, f"has a malformed record: {error!r}") from error
    session = Session(info, notes, events, memos, shadings)
    try:
        session.template  # noqa: B018 - validates the embedded copy of the template
    except TemplateError as error:
        raise SessionFileError(path, f"its copy of the template is invalid: {error}") from error
    return session


def _shadings(rows: dict[str, Any]) -> list[Shading]:
    """Members' shadings in id order (raises what Shading.from_dict raises on a bad row)."""
    if not rows:
        return []
    from ppei_tui.domain.shading import Shading  # with kappa and the rest: only when there are some

    return [Shading.from_dict(row) for _, row in sorted(rows.items(), key=lambda kv: int(kv[0]))]


def saved_draft(tables: dict[str, Any], session: Session) -> RestoredDraft | None:
    """The draft kept in the file (note being typed, moment written), if there is one, checked
    against the session's template (domain/draft_record.py): a bad draft keeps what it can and
    its `describe()` names the record and field; it never makes the session unreadable."""
    if tables.get(DRAFT) is None:
        return None  # a new session, or none kept: the draft rules are not needed
    from ppei_tui.domain.draft_record import restore_draft

    return restore_draft(tables.get(DRAFT), session.template)


def saved_prompt_texts(tables: dict[str, Any]) -> RestoredPromptTexts | None:
    """The prompt texts kept in the file (domain/prompt_record.py), checked; None when there is
    no record. Like the draft, a bad record never makes the session unreadable."""
    if tables.get(PROMPT_TEXTS) is None:
        return None  # most sessions: its rules are not needed
    from ppei_tui.domain.prompt_record import restore_prompt_texts

    return restore_prompt_texts(tables.get(PROMPT_TEXTS))


def clear_stale_draft(records: list[Record], journal_name: str) -> str:
    """When the journal's last draft record is the start of a note saved after it (older
    versions wrote the cleared draft up to half a second after the note, so a crash could cut
    it off; domain/draft_record.stale_draft_note), append a cleared draft keeping the record's
    moment `at` (the last moment the app is known to have run) to `records`, so it is not put
    back in the input to be saved again. Returns the warning to show ('' when nothing was done).
    """
    drafts = [index for index, record in enumerate(records) if record.table == DRAFT and record.doc_id == 1]
    if not drafts:
        return ""
    from ppei_tui.domain.draft_record import stale_draft_note  # only when a journal holds a draft

    draft = records[drafts[-1]].row
    later_notes = [record.row for record in records[drafts[-1] + 1 :] if record.table == NOTES]
    note_id = stale_draft_note(draft, later_notes)
    if note_id is None:
        return ""
    at = draft.get("at")
    records.append(Record(DRAFT, 1, {**Draft().to_record(datetime.now().astimezone()), "at": at}))
    text = str(draft.get("text", ""))
    shown = text if len(text) <= SHOWN_DRAFT else text[: SHOWN_DRAFT - 1] + "…"
    return (
        f"{journal_name}: the draft {shown!r} was the start of note {note_id}, saved after it; "
        "it was not put back in the input (nothing is lost)"
    )


def load_session(path: Path) -> Session:
    """Read a session without locking it (for maps, reports and exports), journal included."""
    tables, _ = read_tables(path)
    return session_from_tables(path, tables)
