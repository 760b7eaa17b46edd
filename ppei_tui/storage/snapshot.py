"""A session read once: the exact bytes on disk, their SHA-256, and the Session built from them.

An output that cites a file's SHA-256 must describe the version with that hash. Reading the
file to build the session and again to hash it lets a session being recorded change between
the two reads, so the PDF named one version and counted the notes of another. Here the bytes
are read once (file and journal as one consistent pair, see reading.read_session_bytes),
hashed, and the session is built from those same bytes; outputs take the snapshot whole.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ppei_tui.domain.session import Session
from ppei_tui.storage.loading import session_from_tables
from ppei_tui.storage.reading import read_session_bytes, tables_from_session_bytes


@dataclass(frozen=True)
class SessionSnapshot:
    """`sha256` is of the session file's bytes as read; `journal_sha256` of its journal's bytes
    (saves not yet folded into the file), "" when the journal was empty or absent."""

    path: Path
    session: Session
    sha256: str
    size: int
    journal_sha256: str = ""
    journal_size: int = 0
    warnings: list[str] = field(default_factory=list)


def load_session_bytes(path: Path) -> SessionSnapshot:
    """Read `path` once and build the session from exactly those bytes.

    Raises SessionFileError (naming the file, and for a bad record its record and field)."""
    raw, journal_raw = read_session_bytes(path)
    tables, warnings = tables_from_session_bytes(path, raw, journal_raw)
    return SessionSnapshot(
        path=path,
        session=session_from_tables(path, tables),
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        journal_sha256=hashlib.sha256(journal_raw).hexdigest() if journal_raw else "",
        journal_size=len(journal_raw),
        warnings=warnings,
    )
