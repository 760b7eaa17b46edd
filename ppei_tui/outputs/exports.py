"""Open exports of sessions: CSV (wide and long), JSON (versioned schema) and Markdown."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ppei_tui import __version__
from ppei_tui.domain.analysis import kind_counts, notes_by_agenda_item, waterline
from ppei_tui.domain.session import KIND_LABELS, Memo, Note, Session, Tag, format_offset
from ppei_tui.domain.versions import CombinedTemplate, combine_sessions
from ppei_tui.storage.atomic import atomic_write_bytes
from ppei_tui.storage.snapshot import SessionSnapshot, load_session_bytes
from ppei_tui.storage.targets import refuse_session_target

JSON_SCHEMA_VERSION = 1
SCHEMA_FILE = Path(__file__).with_name("session-export.schema.json")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class LoadedSession:
    """A session together with the file it came from (exports cite both).

    `file_sha256` is the hash of the exact bytes the session was built from (see `read`); a
    LoadedSession made from a session in memory hashes the file as it is when asked."""

    path: Path
    session: Session
    file_sha256: str = ""
    journal_sha256: str = ""

    @classmethod
    def read(cls, path: Path) -> LoadedSession:
        """Read the file once; the session and its hash come from the same bytes."""
        return cls.of(load_session_bytes(path))

    @classmethod
    def of(cls, snapshot: SessionSnapshot) -> LoadedSession:
        return cls(snapshot.path, snapshot.session, snapshot.sha256, snapshot.journal_sha256)

    @property
    def sha256(self) -> str:
        return self.file_sha256 or hashlib.sha256(self.path.read_bytes()).hexdigest()


class ExportExistsError(FileExistsError):
    pass


def write_export(path: Path, payload: bytes, force: bool, reading: Sequence[Path] = ()) -> None:
    """Write atomically (mode 0600); refuse to replace an existing file unless forced, and a
    session file or a file in `reading` (the sessions the output is made from) always."""
    refuse_session_target(path, reading)
    if path.exists() and not force:
        raise ExportExistsError(f"{path} already exists; use --force to replace it")
    atomic_write_bytes(path, payload)


# --- CSV ----------------------------------------------------------------------------------
NOTE_COLUMNS = ["session_id", "cop", "site", "date", "note_id", "wall_time", "offset_seconds"]
CODING_COLUMNS = ["agenda_item", "speaker", "speaker_role", "kind", "evidence", "practice_sets"]
WIDE_COLUMNS = NOTE_COLUMNS + ["offset"] + CODING_COLUMNS + ["tags", "text", "unresolved_tokens", "waterline"]
# `source` says whose view a row is: `evidence` (a note's tag) or `member` (a member's shading of
# the verb, `level` 1-4; verbs a member left at 0 have no row).
LONG_COLUMNS = NOTE_COLUMNS + CODING_COLUMNS + ["element_code", "element", "verb"]
LONG_COLUMNS += ["source", "member", "level", "waterline"]


def _excel_safe(value: str) -> str:
    """A cell Excel would run as a formula (=, +, -, @) gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _note_fields(session: Session, note: Note) -> dict[str, object]:
    info = session.info
    return {
        "session_id": info.id,
        "cop": info.cop,
        "site": info.site,
        "date": info.date,
        "note_id": note.id,
        "wall_time": note.wall_time,
        "offset_seconds": note.offset_seconds,
        "offset": format_offset(note.offset_seconds),
        "agenda_item": note.agenda_item,
        "speaker": note.speaker,
        "speaker_role": note.speaker_role,
        "kind": note.kind,
        "evidence": note.evidence,
        "practice_sets": "; ".join(note.practice_sets),
        "tags": "; ".join(t.label() for t in note.tags),
        "text": note.text,
        "unresolved_tokens": "; ".join(note.unresolved),
        "waterline": waterline(note),
    }


def _csv_bytes(columns: list[str], rows: list[dict[str, object]], excel_safe: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        if excel_safe:
            row = {k: _excel_safe(v) if isinstance(v, str) else v for k, v in row.items()}
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8-sig")


def _live_in_union(combined: CombinedTemplate, session: Session) -> list[Note]:
    """The session's live notes with tags named as in the union of the exported sessions'
    templates (domain/versions.py), so a code respelled between versions is one code."""
    return [note for note in combined.notes_of(session) if not note.deleted]


def csv_wide(loaded: list[LoadedSession], excel_safe: bool = True) -> bytes:
    combined = combine_sessions([item.session for item in loaded])
    rows = [
        _note_fields(item.session, note) for item in loaded for note in _live_in_union(combined, item.session)
    ]
    return _csv_bytes(WIDE_COLUMNS, rows, excel_safe)


def csv_long(loaded: list[LoadedSession], excel_safe: bool = True) -> bytes:
    rows = []
    combined = combine_sessions([item.session for item in loaded])
    names = {e.code: e.name for e in combined.template.elements}
    for item in loaded:
        for note in _live_in_union(combined, item.session):
            for tag in note.tags:
                row = _note_fields(item.session, note)
                row.update(
                    element_code=tag.element, element=names.get(tag.element, tag.element), verb=tag.verb
                )
                row["source"] = "evidence"
                rows.append(row)
        rows += _shading_rows(item.session, names, combined)
    return _csv_bytes(LONG_COLUMNS, rows, excel_safe)


def _shading_rows(
    session: Session, names: dict[str, str], combined: CombinedTemplate
) -> list[dict[str, object]]:
    info = session.info
    rows: list[dict[str, object]] = []
    for shading in session.shadings:
        for key, level in shading.levels.items():
            if not level:
                continue
            element, _, verb = key.partition(".")
            canonical = combined.canonical(session.template, Tag(element, verb))
            element, verb = canonical.element, canonical.verb
            rows.append(
                {
                    "session_id": info.id,
                    "cop": info.cop,
                    "site": info.site,
                    "date": info.date,
                    "element_code": element,
                    "element": names.get(element, element),
                    "verb": verb,
                    "source": "member",
                    "member": shading.member,
                    "level": level,
                    "speaker_role": shading.role,
                }
            )
    return rows


# --- JSON ---------------------------------------------------------------------------------
def session_document(item: LoadedSession) -> dict[str, object]:
    session, info = item.session, item.session.info
    return {
        "file": item.path.name,
        "file_sha256": item.sha256,
        **({"journal_sha256": item.journal_sha256} if item.journal_sha256 else {}),
        "id": info.id,
        "cop": info.cop,
        "site": info.site,
        "date": info.date,
        "observer": info.observer,
        **({"coder": info.coder, "recoded_from": dict(info.recoded_from)} if info.recoded_from else {}),
        "attendees": [{"pseudonym": a.pseudonym, "role": a.role} for a in info.attendees],
        "agenda": list(info.agenda),
        "template": session.template.to_dict(),
        "template_sha256": session.template.content_hash(),
        "duration_seconds": session.duration(),
        "finished": session.ended,
        "events": [e.to_dict() for e in session.events],
        "notes": [_exported_note(note) for note in session.notes],
        "memos": [m.to_dict() for m in session.memos],
        "shadings": [s.to_dict() for s in session.shadings],
    }


def _exported_note(note: Note) -> dict[str, Any]:
    """A note as the JSON export has it: the stored row without `key_tags` (which tags were
    added by key is bookkeeping for re-reading tokens, not coding; the export schema is as before)."""
    row = note.to_dict()
    row.pop("key_tags", None)
    return row


def json_export(loaded: list[LoadedSession], now: datetime) -> bytes:
    document = {
        "format": "ppei-tui sessions",
        "schema_version": JSON_SCHEMA_VERSION,
        "generator": f"ppei-tui {__version__}",
        "exported_at": now.isoformat(timespec="seconds"),
        "sessions": [session_document(item) for item in loaded],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- Markdown -----------------------------------------------------------------------------
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md_escape(text: str) -> str:
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^([#>+\-]|\d+\.)", r"\\\1", escaped, flags=re.MULTILINE)


def _md_note(note: Note) -> str:
    text = md_escape(note.text).replace("\n", "  \n  ") or "_(empty note)_"
    if note.kind == "quote":
        text = f"_{text}_"
    elif note.kind == "reflection":
        text = f"**Observer reflection:** {text}"
    details = [t.label() for t in note.tags] + [f"+{p}" for p in note.practice_sets]
    if note.speaker or note.speaker_role:
        details.append(f"@{note.speaker or note.speaker_role}")
    if note.evidence == "inferred":
        details.append("inferred")
    if waterline(note) == "below":
        details.append("below the waterline")
    suffix = f" ({md_escape(', '.join(details))})" if details else ""
    if note.unresolved:
        tokens = ", ".join(problem.partition(": ")[0] for problem in note.unresolved)
        suffix += f" ⚠ _may be under-coded; not understood: {md_escape(tokens)}_"
    return f"- **{format_offset(note.offset_seconds)}** {text}{suffix}"


def _md_memo(session: Session, memo: Memo) -> str:
    """`- On note 3 (0:12:40), by RB, 2026-10-14T10:20:00+01:00: text`; `On the session` for a
    session memo; a memo with no author says `by (not recorded)`."""
    if memo.note_id is None:
        target = "On the session"
    else:
        note = next((n for n in session.notes if n.id == memo.note_id), None)
        when = f" ({format_offset(note.offset_seconds)})" if note is not None else ""
        target = f"On note {memo.note_id}{when}"
    text = md_escape(memo.text).replace("\n", "  \n  ")
    return f"- {target}, by {md_escape(memo.by or '(not recorded)')}, {md_escape(memo.created)}: {text}"


def markdown_export(loaded: list[LoadedSession]) -> bytes:
    lines: list[str] = []
    for item in loaded:
        session, info = item.session, item.session.info
        lines += [f"# {md_escape(info.cop)}, {md_escape(info.date)}", ""]
        facts = [
            ("Site", info.site),
            ("Observer", info.observer),
            ("Coded by", info.coder),
            ("Framework", f"{session.template.name} v{session.template.version}"),
            ("Duration without breaks", format_offset(session.duration())),
            ("Attendees", "; ".join(session.attendee_labels())),
        ]
        lines += [f"- {label}: {md_escape(value)}" for label, value in facts if value]
        kinds = ", ".join(f"{n} {KIND_LABELS[k]}" for k, n in kind_counts(session.notes).items())
        lines += [f"- Notes: {len(session.live_notes())} ({kinds})", ""]
        for title, notes in notes_by_agenda_item(session.notes):
            lines += [f"## {md_escape(title) if title else 'Before the first agenda item'}", ""]
            lines += [_md_note(note) for note in notes]
            lines.append("")
        memos = session.live_memos()
        if memos:
            lines += ["## Memos", ""]
            lines += [_md_memo(session, m) for m in memos]
            lines.append("")
    return "\n".join(lines).encode("utf-8")
