"""Turning what the observer is typing (a draft) into a note."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ppei_tui.domain.session import KINDS, Change, Evidence, Kind, Note, Session, Tag
from ppei_tui.domain.tags import TokenProblem, parse_tokens
from ppei_tui.domain.values import compared
from ppei_tui.domain.vocabulary import TagVocabulary


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(repr=False, eq=False)
class Draft:
    """A note being typed. Its time is fixed when typing starts, not when it is saved."""

    text: str = ""
    started_at: datetime | None = None
    started_offset: float = 0.0
    kind: Kind | None = None
    evidence: Evidence | None = None
    key_tags: list[Tag] = field(default_factory=list)

    def begin(self, session: Session, now: datetime) -> None:
        if self.started_at is None:
            self.started_at = now
            self.started_offset = session.offset_at(now)

    def restart_clock(self) -> None:
        """The input was emptied before Enter: the next first keystroke is the note's time."""
        self.started_at = None
        self.started_offset = 0.0

    def cycle_kind(self) -> Kind:
        current = self.kind or Kind.OBSERVATION
        self.kind = KINDS[(KINDS.index(current) + 1) % len(KINDS)]
        return self.kind

    def toggle_evidence(self) -> Evidence:
        self.evidence = Evidence.SEEN if self.evidence == Evidence.INFERRED else Evidence.INFERRED
        return self.evidence

    def add_key_tag(self, tag: Tag) -> None:
        if tag not in self.key_tags:
            self.key_tags.append(tag)

    def toggle_key_tag(self, tag: Tag) -> bool:
        """Add a tag chosen by key, or take it back if it was chosen already; True if added.
        (A tag from a `#token` in the text is the text's: deleting the token removes it.)"""
        if tag in self.key_tags:
            self.key_tags.remove(tag)
            return False
        self.key_tags.append(tag)
        return True

    def to_record(self, at: datetime) -> dict[str, Any]:
        """The draft as stored in the session file's `draft` table; `at` is when it was written
        (the last moment the app is known to have been running, used to resume the clock)."""
        return {
            "text": self.text,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "started_offset": self.started_offset,
            "kind": self.kind,
            "evidence": self.evidence,
            "key_tags": [{"element": t.element, "verb": t.verb} for t in self.key_tags],
            "at": at.isoformat(),
        }

    def already_saved_in(self, session: Session) -> bool:
        """True if a note of the session is this draft, or what it became: begun at the draft's
        moment with the draft's text as its start (saved just before a crash cut off the
        cleared draft, by versions that wrote it after the note); restoring it would store the
        note, or its start, twice. Opening the file applies the exact rule while the journal
        still holds the order (storage.loading.clear_stale_draft); this one is for a file
        folded without it, where a note of another draft begun in the same instant (a frozen
        clock) must not hide it, hence the text too."""
        if self.started_at is None:
            return False
        wall, start = self.started_at.isoformat(), self.text.rstrip()
        return any(n.wall_time == wall and n.text.startswith(start) for n in session.notes)


def note_from_draft(
    session: Session, draft: Draft, vocabulary: TagVocabulary, now: datetime
) -> tuple[Note, list[TokenProblem]]:
    """Keys chosen while typing win over tokens in the text; tokens over the defaults."""
    started_at = draft.started_at or now
    offset = draft.started_offset if draft.started_at else session.offset_at(now)
    parsed = parse_tokens(draft.text, vocabulary)
    tags = list(parsed.tags)
    for tag in draft.key_tags:
        if tag not in tags:
            tags.append(tag)
    note = Note(
        id=session.next_note_id(),
        text=draft.text,
        wall_time=started_at.isoformat(),
        offset_seconds=round(offset, 3),
        tags=tags,
        practice_sets=parsed.practice_sets,
        speaker=parsed.speaker,
        speaker_role=parsed.speaker_role,
        kind=Kind(draft.kind or parsed.kind or Kind.OBSERVATION),
        evidence=Evidence(draft.evidence or parsed.evidence or Evidence.SEEN),
        agenda_item=session.agenda_item_at(round(offset, 3)),  # the item current at the note's own time
        unresolved=[str(p) for p in parsed.problems],
        key_tags=list(draft.key_tags),
    )
    return note, parsed.problems


def record_change(note: Note, field_name: str, before: object, after: object, now: datetime, by: str) -> None:
    """Keep what a note was before an edit, so the original jotting can always be seen."""
    note.history.append(Change(now.isoformat(timespec="seconds"), by, field_name, before, after))


def add_tag(note: Note, tag: Tag, now: datetime, by: str) -> bool:
    """Add a tag chosen by key to an already saved note, keeping the change in its history.

    A tag the note already has (from a token) is marked as added by key too, so deleting its
    token later keeps it. Returns whether the note changed (and must be saved)."""
    if tag in note.tags:
        if tag in note.key_tags:
            return False
        note.key_tags.append(tag)
        return True
    before = [t.label() for t in note.tags]
    note.tags.append(tag)
    note.key_tags.append(tag)
    record_change(note, "tags", before, [t.label() for t in note.tags], now, by)
    return True
