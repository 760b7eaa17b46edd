"""Reviewing a session after the meeting: filters in tag syntax, edits kept in each note's
history, soft deletion, memos, and comparing maps across sessions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from ppei_tui.domain.mapping import TEXT_TERM, MapCounts, NoteFilter
from ppei_tui.domain.recording import record_change
from ppei_tui.domain.session import Change, Memo, Note, Session, Tag
from ppei_tui.domain.tags import TOKEN, TokenProblem, parse_tokens, strip_token
from ppei_tui.domain.template import slug
from ppei_tui.domain.vocabulary import FLAGS, TagVocabulary, choose

AGENDA_PREFIX = "agenda:"


@dataclass
class ParsedFilter:
    note_filter: NoteFilter
    problems: list[TokenProblem] = field(default_factory=list)


def parse_filter(text: str, vocabulary: TagVocabulary, agenda: list[str]) -> ParsedFilter:
    """The tag syntax as a filter: `#mat.rep +trust @ash !q agenda:fin budget cuts`.

    `#P` alone (or `#P.`, or the element's name) means any verb of that element. Words that
    are not tokens must each appear in the note's text, in any order, compared folded (accents
    and case ignored, as tags are: mapping.text_terms); a phrase in double quotes is text as a
    whole (tokens in it too) and must appear in that order.
    """
    cells: set[tuple[str, str]] = set()
    elements: set[str] = set()
    practice: set[str] = set()
    speakers: set[str] = set()
    roles: set[str] = set()
    kinds: set[str] = set()
    evidence: set[str] = set()
    agenda_items: set[str] = set()
    problems: list[TokenProblem] = []
    words = []
    for term in re.finditer(TEXT_TERM, text):
        word = term.group(2)
        if word is None:  # a quoted phrase: kept with its quotes, so the text's terms keep it
            words.append(f'"{term.group(1)}"')
            continue
        if word.lower().startswith(AGENDA_PREFIX):
            wanted = slug(word[len(AGENDA_PREFIX) :])
            matches = {item for item in agenda if slug(item).startswith(wanted)}
            if matches:
                agenda_items |= matches
            else:
                problems.append(TokenProblem(word, "no agenda item starts with that"))
            continue
        if not TOKEN.fullmatch(word):
            words.append(word)
            continue
        sigil, body = word[0], strip_token(word[1:])
        if not body:
            continue
        named = vocabulary.named_element(body) if sigil == "#" and "." not in body else None
        if named is not None:
            # `#Ma`, `#Ma.` or `#materiality`: any verb of the element (in a note the tagger
            # refuses such a token: an element alone is not a verb tag)
            elements.add(named.code)
        elif sigil == "#":
            tag, reason = vocabulary.resolve_verb(body)
            if tag:
                cells.add((tag.element, tag.verb))
            else:
                problems.append(TokenProblem(word, reason))
        elif sigil == "+":
            value, reason = choose(body, vocabulary.practice_sets, "practice set")
            if value:
                practice.add(value)
            else:
                problems.append(TokenProblem(word, reason))
        elif sigil == "@":
            who, reason = vocabulary.resolve_speaker(body)
            if who is None:
                problems.append(TokenProblem(word, reason))
            elif who[0]:
                speakers.add(who[0])
            else:
                roles.add(who[1])
        else:
            flag, reason = choose(body, {f: f for f in FLAGS}, "flag")
            if flag is None:
                problems.append(TokenProblem(word, reason))
            else:
                attribute, value = FLAGS[flag]
                (kinds if attribute == "kind" else evidence).add(value)
    note_filter = NoteFilter(
        practice_sets=frozenset(practice),
        agenda_items=frozenset(agenda_items),
        kinds=frozenset(kinds),
        evidence=frozenset(evidence),
        speaker_roles=frozenset(roles),
        speakers=frozenset(speakers),
        elements=frozenset(elements),
        cells=frozenset(cells),
        text=" ".join(words),
    )
    return ParsedFilter(note_filter, problems)


def coding_tokens(note: Note) -> str:
    """A note's coding written back as tokens, for editing in the same syntax."""
    parts = [f"#{t.element}.{slug(t.verb)}" for t in note.tags]
    parts += [f"+{slug(p)}" for p in note.practice_sets]
    if note.speaker or note.speaker_role:
        parts.append(f"@{slug(note.speaker or note.speaker_role)}")
    parts.append(f"!{note.kind}")
    parts.append(f"!{note.evidence}")
    return " ".join(parts)


@dataclass(frozen=True)
class Coding:
    tags: list[Tag]
    practice_sets: list[str]
    speaker: str
    speaker_role: str
    kind: str
    evidence: str


def parse_coding(tokens: str, vocabulary: TagVocabulary) -> tuple[Coding, list[TokenProblem]]:
    parsed = parse_tokens(tokens, vocabulary)
    coding = Coding(
        parsed.tags,
        parsed.practice_sets,
        parsed.speaker,
        parsed.speaker_role,
        parsed.kind or "observation",
        parsed.evidence or "seen",
    )
    return coding, parsed.problems


EDITABLE = (
    "text",
    "tags",
    "practice_sets",
    "speaker",
    "speaker_role",
    "kind",
    "evidence",
    "agenda_item",
    "unresolved",
    "deleted",
)


def _plain(field_name: str, value: Any) -> Any:
    if field_name == "tags":
        return [t.label() for t in value]
    return list(value) if isinstance(value, list) else value


T = TypeVar("T")


def _moved(current: list[T], old_tokens: list[T], new_tokens: list[T], by_key: Sequence[T] = ()) -> list[T]:
    """`current` without the codes whose tokens left the text (unless also added `by_key`),
    plus those whose tokens came."""
    kept = [c for c in current if c in new_tokens or c not in old_tokens or c in by_key]
    return kept + [c for c in new_tokens if c not in old_tokens and c not in kept]


def reread_tokens(note: Note, changes: dict[str, Any], vocabulary: TagVocabulary) -> dict[str, Any]:
    """`changes` with the coding re-read from a changed text, exactly as live tagging reads it.

    Codes of tokens removed from the text are removed, unless the tag was also added by key
    (`note.key_tags`, or given in `changes`); codes of tokens added to it are added; every
    other code (added by key, or kept or removed by key in the same edit) is left as `changes`
    or the note has it. `unresolved` becomes the new text's problems, so the stored list
    always matches the text."""
    new_text = changes.get("text", note.text)
    if new_text == note.text:
        return changes
    old, new = parse_tokens(note.text, vocabulary), parse_tokens(new_text, vocabulary)
    result = dict(changes)
    by_key = [*changes.get("key_tags", note.key_tags), *_added_by_key(note, changes)]
    result["tags"] = _moved(changes.get("tags", note.tags), old.tags, new.tags, by_key)
    result["practice_sets"] = _moved(
        changes.get("practice_sets", note.practice_sets), old.practice_sets, new.practice_sets
    )
    typed_before, typed_now = (old.speaker, old.speaker_role), (new.speaker, new.speaker_role)
    current = (changes.get("speaker", note.speaker), changes.get("speaker_role", note.speaker_role))
    if typed_now != typed_before and (any(typed_now) or current == typed_before):
        result["speaker"], result["speaker_role"] = typed_now
    for attribute, default in (("kind", "observation"), ("evidence", "seen")):
        now_typed, was_typed = getattr(new, attribute), getattr(old, attribute)
        if now_typed == was_typed:
            continue
        if now_typed:
            result[attribute] = now_typed
        elif changes.get(attribute, getattr(note, attribute)) == was_typed:
            result[attribute] = default
    result["unresolved"] = [str(p) for p in new.problems]
    return result


def _added_by_key(note: Note, changes: dict[str, Any]) -> list[Tag]:
    """The tags `changes` adds itself (a coding field, a picker), not read from the text."""
    return [t for t in changes.get("tags", []) if t not in note.tags]


def _key_tags(note: Note, changes: dict[str, Any], tags: list[Tag]) -> list[Tag]:
    """The note's tags added by key after the edit: those it had (or `changes["key_tags"]`
    says, as undo does) plus those the caller added, among the tags it keeps."""
    by_key = [*changes.get("key_tags", note.key_tags), *_added_by_key(note, changes)]
    return [t for t in dict.fromkeys(by_key) if t in tags]


def edit_note(
    note: Note,
    changes: dict[str, Any],
    now: datetime,
    by: str,
    vocabulary: TagVocabulary | None = None,
) -> dict[str, Any]:
    """Apply changes; each changed field is kept in the note's history. Returns the old values.

    With `vocabulary`, a changed text has its inline tokens re-read (see `reread_tokens`).
    Which tags were added by key (`key_tags`) follows the tags: a tag the caller adds is by
    key, a tag removed is forgotten. It is returned with the old values when the tags change
    (so undo restores it) but kept out of the history: it is not a coding change."""
    key_tags = _key_tags(note, changes, changes.get("tags", note.tags))
    if vocabulary is not None and "text" in changes:
        changes = reread_tokens(note, changes, vocabulary)
        key_tags = [t for t in key_tags if t in changes.get("tags", note.tags)]
    tags_change = "tags" in changes and changes["tags"] != note.tags
    changes = {k: v for k, v in changes.items() if k != "key_tags"}
    before: dict[str, Any] = {}
    for field_name, value in changes.items():
        if field_name not in EDITABLE:
            raise KeyError(field_name)
        old = getattr(note, field_name)
        if old == value:
            continue
        before[field_name] = list(old) if isinstance(old, list) else old
        setattr(note, field_name, list(value) if isinstance(value, list) else value)
        record_change(note, field_name, _plain(field_name, old), _plain(field_name, value), now, by)
    if key_tags != note.key_tags or tags_change:
        before["key_tags"] = list(note.key_tags)
        note.key_tags = key_tags
    return before


def original_text(note: Note) -> str:
    """What was typed in the meeting, before any edit."""
    for change in note.history:
        if change.field == "text":
            return str(change.before)
    return note.text


def new_memo(session: Session, text: str, now: datetime, by: str, note_id: int | None) -> Memo:
    memo_id = max((m.id for m in session.memos), default=0) + 1
    return Memo(memo_id, text, now.isoformat(timespec="seconds"), by, note_id)


MEMO_EDITABLE = ("text", "deleted")


def edit_memo(memo: Memo, changes: dict[str, Any], now: datetime, by: str) -> dict[str, Any]:
    """Change a memo's text or deleted flag, keeping what it was in its history; returns the
    previous values (empty when nothing changed), which undo applies back. KeyError for any
    other field."""
    before: dict[str, Any] = {}
    at = now.isoformat(timespec="seconds")
    for name, value in changes.items():
        if name not in MEMO_EDITABLE:
            raise KeyError(name)
        old = getattr(memo, name)
        if old != value:
            before[name] = old
            memo.history.append(Change(at, by, name, old, value))
            setattr(memo, name, value)
    return before


# --- comparing ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CompareRow:
    element: str
    verb: str
    counts: tuple[int, ...]

    @property
    def seen_in(self) -> tuple[bool, ...]:
        return tuple(count > 0 for count in self.counts)


def compare_maps(maps: list[MapCounts]) -> list[CompareRow]:
    """Every verb of the shared template with its count in each map."""
    template = maps[0].template
    return [CompareRow(e, v, tuple(m.count(e, v) for m in maps)) for e, v in template.verb_cells()]


def differences(rows: list[CompareRow]) -> tuple[list[CompareRow], list[CompareRow]]:
    """(verbs seen in some maps but not all, verbs seen in all with different counts)."""
    partial = [r for r in rows if any(r.seen_in) and not all(r.seen_in)]
    differing = [r for r in rows if all(r.seen_in) and len(set(r.counts)) > 1]
    return partial, differing
