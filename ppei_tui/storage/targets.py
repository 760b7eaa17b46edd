"""Output targets: no output (PDF, export, worksheet, study report) ever replaces a session.

A session file is the only copy of a meeting's notes. An export named like its session (F8
then `json` proposed `<session>.json`), or `-o SESSION --force`, turned it into an export
document. Every writer of an output calls `refuse_session_target` first, whatever --force
says; default names (`export_name`) never collide with a session file.
"""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ppei_tui.storage.atomic import UTF8_BOM
from ppei_tui.storage.journal import journal_path_for

# Files that belong to a session beside it: its journal of saves not yet folded in.
SESSION_COMPANIONS = (".journal",)
# A session written by ppei starts with its info table; a hand-edited one may not, so a file
# that does not parse is also checked for an info table near its start.
INFO_TABLE = re.compile(rb'"info"\s*:\s*\{\s*"1"\s*:')
SNIFF_BYTES = 64 * 1024


class OutputTargetError(FileExistsError):
    """The output named would replace a session file (or the file being read); never done."""


def is_session_file(path: Path) -> bool:
    """A JSON object with a ppei `info` table (record 1), whole or damaged."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES).removeprefix(UTF8_BOM)  # as parse_json_bytes reads it
            if not head.lstrip().startswith(b"{"):
                return False
            if INFO_TABLE.search(head):
                return True
            data = json.loads((head + handle.read()).decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    info = data.get("info") if isinstance(data, dict) else None
    return isinstance(info, dict) and "1" in info


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        # One of them does not exist (yet) or cannot be followed (a symbolic link loop, where
        # Path.resolve raises RuntimeError): compare the paths as far as they can be followed.
        return os.path.realpath(a) == os.path.realpath(b)


def is_link_loop(path: Path) -> bool:
    """A symbolic link that never reaches a file (a -> b -> a): writing "to" it would replace
    the link itself, and every read of it fails with ELOOP."""
    if not os.path.islink(path):
        return False
    try:
        os.stat(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def _companion_of(target: Path) -> Path | None:
    """The session a journal named `target` belongs to, if it exists."""
    for suffix in SESSION_COMPANIONS:
        if target.name.endswith(suffix):
            session = target.with_name(target.name.removesuffix(suffix))
            if session.exists() and is_session_file(session):
                return session
    return None


def refuse_session_target(target: Path, reading: Iterable[Path] = ()) -> None:
    """Raise OutputTargetError if writing `target` would replace a file being read, a session
    file, or a session's journal. `--force` never overrides this."""
    for source in reading:
        if _same_file(target, source) or _same_file(target, journal_path_for(source)):
            raise OutputTargetError(
                f"{target} is the session file being read ({source.name}); choose another output name "
                "(--force never replaces a session)"
            )
    if is_link_loop(target):
        raise OutputTargetError(f"{target} is a symbolic link loop (it never reaches a file); name a file")
    if target.is_dir():
        raise OutputTargetError(f"{target} is a folder; name a file")
    if target.exists() and not target.is_file():  # sniffing a named pipe would wait for a writer
        raise OutputTargetError(f"{target} is not a regular file (a pipe, socket or device); name a file")
    if target.exists() and is_session_file(target):
        raise OutputTargetError(
            f"{target} is a session file; choose another output name (--force never replaces a session)"
        )
    session = _companion_of(target)
    if session is not None:
        raise OutputTargetError(f"{target} belongs to the session {session.name}; choose another output name")


def export_name(session_path: Path, extension: str, variant: str = "") -> Path:
    """The default output beside a session: `<stem>.export[-variant]<extension>` (such as
    `2026-10-14-gb.export.json`), never a session file's name whatever the format."""
    suffix = ".export" + (f"-{variant}" if variant else "")
    return session_path.with_name(session_path.stem + suffix + extension)


def is_export_name(path: Path) -> bool:
    """Named like a default export (`*.export*.json`): not listed as a session."""
    return ".export" in path.name.removesuffix(path.suffix)
