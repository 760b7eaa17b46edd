"""Before `observe --resume` records into a file: other files holding the same session.

A sync tool's conflicted copy, or a file copied by hand, carries the session's id. The locks
refuse a second ppei on any file of a session while one is open, but once the original is
closed nothing stopped resuming the copy: the rest of the meeting went into it, one session's
notes were split across two files, and study, map and agree then refused both (store.
copies_problem) until one went. The resume paths (the command line, home's list) look for such
files first and ask (ui/copies_question.py).

Imported only on the resume paths: a new session has no copies.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ppei_tui.storage.atomic import SessionFileError
from ppei_tui.storage.reading import session_id_of, tables_from_bytes
from ppei_tui.storage.sessionfile import open_regular_file, read_descriptor
from ppei_tui.storage.targets import is_export_name

if TYPE_CHECKING:
    from ppei_tui.storage.open_session import OpenSession
    from ppei_tui.storage.store import SessionStore


def open_for_resume(store: SessionStore, path: Path) -> tuple[OpenSession, list[Path]]:
    """Open `path` for recording (locked; raises what SessionStore.open raises) and the other
    files of its session in its folder and the store's (`other_copies`), to ask about first."""
    opened = store.open(path)
    try:
        return opened, other_copies(opened.path, opened.session.info.id, [store.directory])
    except BaseException:
        opened.close()
        raise


def other_copies(path: Path, session_id: str, folders: Iterable[Path] = ()) -> list[Path]:
    """Session files other than `path` whose session id is `session_id`, looked for in
    `path`'s folder and each of `folders` (the sessions folder): sorted, each once.

    Only the folders are looked in (a copy elsewhere on the disk cannot be found without
    searching it); exports named by default and hidden files are not sessions (as the session
    list skips them). A file that cannot be read, or is no session, is passed over: it is not a
    copy this resume could split notes with, and the session list names it already. A file
    holding the id's text is parsed, the rest only searched for it (a folder of large sessions
    costs a byte search each, not a JSON parse)."""
    needle = session_id.encode("utf-8")
    found: list[Path] = []
    for folder in dict.fromkeys([path.parent, *folders]):
        try:
            candidates = sorted(folder.glob("*.json"))
        except OSError:
            continue
        for candidate in candidates:
            if candidate.name.startswith(".") or is_export_name(candidate) or _same(candidate, path):
                continue
            if any(_same(candidate, known) for known in found):
                continue
            if _holds_session(candidate, needle, session_id):
                found.append(candidate)
    return found


def _holds_session(candidate: Path, needle: bytes, session_id: str) -> bool:
    try:
        fd = open_regular_file(candidate)
    except OSError:
        return False
    try:
        raw = read_descriptor(fd)
    except OSError:
        return False
    finally:
        os.close(fd)
    if needle not in raw:
        return False
    try:
        return session_id_of(candidate, tables_from_bytes(candidate, raw)) == session_id
    except SessionFileError:
        return False


def _same(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return one == other


def copies_message(path: Path, session_id: str, copies: list[Path]) -> str:
    """What resuming `path` would do, naming every file and the id (README, "Copies of one
    session"): said before anything is recorded, by the question and by the refusal printed
    when the observer answers no."""
    others = " and ".join(str(copy) for copy in copies)
    verb = "holds" if len(copies) == 1 else "hold"
    return (
        f"{others} {verb} the same session as {path} (id {session_id}), e.g. a sync tool's "
        f"conflicted copy or a copy made by hand. Resuming records the rest of the meeting into "
        f"{path.name} only: the session's notes would be split across files, and study, map and "
        "agree refuse copies of one session until one goes. Compare them in review first and "
        "keep the right one (move the other out of the folder), then resume it."
    )
