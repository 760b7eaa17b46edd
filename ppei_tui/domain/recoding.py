"""A second coder's copy of a session (`ppei recode`), and the rule that keeps a study from
counting one meeting twice.

Agreement between coders needs two sessions of one meeting, each with its own id; a file copied
by hand keeps its id and is refused everywhere as a copy of one session (storage/store.py). A
re-coded copy is a new session: a new id, the same meeting (information, attendees, agenda,
events) and the same notes (texts, times, tags, history), with the coder named and the session
it came from recorded in `SessionInfo.recoded_from`. Memos and members' shadings stay with the
session they were written in: they are not coding of the notes.

The study rule (README, "Re-coding another observer's session"): the sessions that come from one
recorded meeting (the first session and every re-coded copy of it, or of a copy) are counted
once. The first session counts when it is among those given; without it, the earliest copy made
(then by file name); the others are listed as skipped, naming the one counted.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from ppei_tui.domain.records import SessionInfo
from ppei_tui.domain.session import Session


def meeting_id(info: SessionInfo) -> str:
    """The id of the session first recorded at this meeting: its own id, or for a re-coded
    copy the `meeting` it records (the id it was copied from, in files without `meeting`)."""
    recoded = info.recoded_from
    return recoded.get("meeting") or recoded.get("id") or info.id


def recoded_copy(session: Session, coder: str, source_file: str, now: datetime, app_version: str) -> Session:
    """A new session to be coded by `coder`: a new id, the same meeting and notes as `session`
    (read from `source_file`, its name only), its provenance in `recoded_from`.

    Raises ValueError if `coder` is blank."""
    coder = coder.strip()
    if not coder:
        raise ValueError("name the coder (--coder NAME): the copy is recorded as theirs")
    info = copy.deepcopy(session.info)
    source = session.info
    info.id = uuid.uuid4().hex
    info.coder = coder
    info.app_version = app_version or info.app_version
    info.recoded_from = {
        "id": source.id,
        "file": source_file,
        "observer": source.observer,
        "coder": source.coder,
        "meeting": meeting_id(source),
        "at": now.isoformat(timespec="seconds"),
    }
    return Session(info, copy.deepcopy(session.notes), copy.deepcopy(session.events))


Counted = TypeVar("Counted")


def one_per_meeting(
    items: Sequence[Counted], info_of: Callable[[Counted], SessionInfo], path_of: Callable[[Counted], Path]
) -> tuple[list[Counted], list[tuple[Counted, Counted]]]:
    """`items` with one per recorded meeting kept (the rule in this module's docstring), and
    (skipped, the one kept instead) for the others. `info_of(item)` is its SessionInfo,
    `path_of(item)` its file; the order of `items` is kept."""
    by_meeting: dict[str, list[Counted]] = {}
    for item in items:
        by_meeting.setdefault(meeting_id(info_of(item)), []).append(item)
    chosen: dict[str, Counted] = {}
    for meeting, group in by_meeting.items():
        first = [item for item in group if info_of(item).id == meeting]
        chosen[meeting] = (first or sorted(group, key=lambda i: _made(info_of(i), path_of(i))))[0]
    kept: list[Counted] = []
    skipped: list[tuple[Counted, Counted]] = []
    for item in items:
        counted = chosen[meeting_id(info_of(item))]
        if item is counted:
            kept.append(item)
        else:
            skipped.append((item, counted))
    return kept, skipped


def _made(info: SessionInfo, path: Path) -> tuple[bool, float, str]:
    """Earliest made first (as moments, whatever their UTC offsets), then by file name; a copy
    whose time cannot be read comes after those whose time can."""
    try:
        made = datetime.fromisoformat(info.recoded_from.get("at", ""))
    except ValueError:
        return True, 0.0, path.name
    if made.tzinfo is None:
        made = made.astimezone()
    return False, made.timestamp(), path.name


def describe_recoding(info: SessionInfo) -> str:
    """`coded by Rowan, a copy of 2026-10-14-governing-body-e0a1b2c3.json (id e0a1…, observer DH)`,
    or "" for a session that is not a re-coded copy."""
    recoded = info.recoded_from
    if not recoded:
        return ""
    whose = recoded.get("coder") or recoded.get("observer")
    by = f", {'coded by' if recoded.get('coder') else 'observer'} {whose}" if whose else ""
    return (
        f"coded by {info.coder or '(no name)'}, a copy of {recoded.get('file', '?')} "
        f"(id {recoded.get('id', '?')}{by}) made {recoded.get('at', '?')}"
    )
