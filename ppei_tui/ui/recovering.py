"""Leaving with documents the disk refused: their full text goes to a recovery file and to the
terminal (stderr, once the screen is gone), so leaving never takes a note's text with it.

Used by the observe screen on SIGTERM/SIGHUP and on the leave dialog's `d` (quit or end
anyway); the text is domain/recovery.py's, the file storage/recovery.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ppei_tui.domain.recording import Draft
from ppei_tui.domain.recovery import UnsavedDocument, recovery_items, recovery_text
from ppei_tui.domain.session import Session
from ppei_tui.storage.reading import DRAFT, EVENTS, INFO, NOTES
from ppei_tui.storage.recovery import write_recovery
from ppei_tui.storage.writer import RecordKey, info_row


@dataclass(frozen=True)
class Recovery:
    """What was written out: `items` names each document (`notes 7`), `paths` the recovery
    file (or files, one per item, when one was too large; none if no folder took them,
    `refused` saying why), `text` the whole recovery text."""

    items: list[str]
    paths: list[Path]
    refused: list[str]
    text: str

    def where(self) -> str:
        """Where the full text is, for a message: the file(s), or why there is none."""
        if len(self.paths) == 1:
            return f"the full text is kept in {self.paths[0]}"
        if self.paths:
            return f"the full text is kept in {len(self.paths)} files, one per item: " + ", ".join(
                map(str, self.paths)
            )
        return "no recovery file could be written (" + "; ".join(self.refused) + ")"

    def report(self, heading: str) -> str:
        """What is printed on stderr after the app exits: `heading`, where, then the text."""
        return f"ppei: {heading}: {', '.join(self.items)}; {self.where()}. Here it is in full:\n{self.text}"


def recover(
    session: Session,
    session_path: Path,
    unsaved: set[RecordKey],
    draft: Draft,
    config_dir: Path | None,
    now: datetime,
    why: str,
) -> Recovery | None:
    """Write the `unsaved` documents of `session` (keys as the writer reports them) to a
    recovery file; the draft's text is among them only when its own save failed and it holds
    text. None when there is nothing to recover."""
    keys = sorted(key for key in unsaved if key[0] != DRAFT or draft.text.strip())
    notes = [session.note(ident) for table, ident in keys if table == NOTES]
    others = []
    for table, ident in keys:
        if table == EVENTS and 0 < ident <= len(session.events):
            others.append(UnsavedDocument(f"events {ident}", session.events[ident - 1].to_dict()))
        elif table == INFO:
            others.append(UnsavedDocument("info 1 (the session's information)", info_row(session.info)))
        elif table == DRAFT:
            others.append(UnsavedDocument("the note being typed (draft 1)", draft.to_record(now), draft.text))
        elif table != NOTES:
            others.append(UnsavedDocument(f"{table} {ident}", {}))
    if not notes and not others:
        return None
    blocks = recovery_items(notes, others)
    text = recovery_text(session_path.name, why, blocks)
    pieces = [recovery_text(session_path.name, why, [block]) for block in blocks]
    paths, refused = write_recovery(text, session_path, config_dir, now, pieces)
    items = [f"{table} {ident}" if table != DRAFT else "the note being typed" for table, ident in keys]
    return Recovery(items, paths, refused, text)
