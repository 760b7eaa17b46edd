"""The records of a session: notes, events, memos and the session's information, as stored
(`to_dict`/`from_dict`: the rows of a session file), with their vocabularies (a note's kind and
evidence, the event types and what each does to the meeting clock). `Session` (domain/session.py)
derives the meeting's state from them.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Any

from ppei_tui.domain.template import Template
from ppei_tui.domain.values import compared


class Kind(StrEnum):
    """What a note is: something seen, words said verbatim, or the observer's own reflection."""

    OBSERVATION = "observation"
    QUOTE = "quote"
    REFLECTION = "reflection"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


class Evidence(StrEnum):
    """Seen or said in the meeting (above the iceberg's waterline), or inferred (below it)."""

    SEEN = "seen"
    INFERRED = "inferred"


class EventType(StrEnum):
    """Meeting events; the clock after each is given by RUNS_AFTER."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    AGENDA = "agenda"
    END = "end"
    LEAVE = "leave"
    REOPEN = "reopen"
    ARRIVAL = "arrival"


KINDS: tuple[Kind, ...] = tuple(Kind)
KIND_LABELS: dict[str, str] = {
    Kind.OBSERVATION: "observation",
    Kind.QUOTE: "verbatim quote",
    Kind.REFLECTION: "observer reflection",
}
EVIDENCE: tuple[Evidence, ...] = tuple(Evidence)

# Whether the meeting clock runs after each event type (None: as it was before the event).
# `leave` marks the moment the app was left (or, after a crash, the last moment known to have
# been recorded); `reopen` the moment it was opened again; `arrival` the moment an attendee
# came in late (its detail is their pseudonym). None of them changes the running state.
RUNS_AFTER: dict[str, bool | None] = {
    EventType.START: True,
    EventType.PAUSE: False,
    EventType.RESUME: True,
    EventType.AGENDA: None,
    EventType.END: False,
    EventType.LEAVE: None,
    EventType.REOPEN: None,
    EventType.ARRIVAL: None,
}
CLOSING_EVENTS = (EventType.LEAVE, EventType.END)


@cache
def _field_names(cls: type) -> frozenset[str]:
    """A dataclass's field names, worked out once per class (reading 10,000 notes asks 10,000 times)."""
    return frozenset(f.name for f in fields(cls))


def _known_fields(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """Keys this dataclass has; others (from a newer file format) are ignored, not fatal."""
    names = _field_names(cls)
    if names.issuperset(values):  # the usual case: nothing to drop, no copy
        return values
    return {k: v for k, v in values.items() if k in names}


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(repr=False, eq=False)
class Change:
    """One entry of a note's or a memo's history: when, by whom, which field, from what to what.

    `at` is ISO 8601 with the local UTC offset; `before`/`after` are plain JSON values (tags as
    `E.Verb` labels)."""

    at: str
    by: str
    field: str
    before: Any
    after: Any

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        return cls(**_known_fields(cls, data))


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(frozen=True, repr=False, eq=False)
class Tag:
    element: str
    verb: str

    def label(self) -> str:
        return f"{self.element}.{self.verb}"


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(frozen=True, repr=False, eq=False)
class Attendee:
    pseudonym: str
    role: str


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(repr=False, eq=False)
class Note:
    id: int
    text: str
    wall_time: str
    offset_seconds: float
    tags: list[Tag] = field(default_factory=list)
    practice_sets: list[str] = field(default_factory=list)
    speaker: str = ""
    speaker_role: str = ""
    kind: Kind = Kind.OBSERVATION
    evidence: Evidence = Evidence.SEEN
    agenda_item: str = ""
    unresolved: list[str] = field(default_factory=list)
    deleted: bool = False
    history: list[Change] = field(default_factory=list)
    # Tags added by key (a picker, review's t, the coding field), not read from the text's
    # tokens; one may also have a token. Deleting a token keeps a tag that is here too.
    key_tags: list[Tag] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The stored row; `key_tags` only when there are some (files without are as before)."""
        data = asdict(self)
        data["tags"] = [{"element": t.element, "verb": t.verb} for t in self.tags]
        data["kind"] = str(self.kind)
        data["evidence"] = str(self.evidence)
        if self.key_tags:
            data["key_tags"] = [{"element": t.element, "verb": t.verb} for t in self.key_tags]
        else:
            del data["key_tags"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], tags: dict[tuple[str, str], Tag] | None = None) -> Note:
        """Raises KeyError, TypeError or ValueError (an unknown kind, say) on a malformed row.

        `tags`: Tags already made while reading the same file, shared (a Tag is immutable):
        10,000 notes use a few dozen distinct tags, so most are looked up, not built."""
        values = dict(data)
        made = {} if tags is None else tags
        values["tags"] = [_tag(made, t["element"], t["verb"]) for t in values.get("tags", [])]
        values["key_tags"] = [_tag(made, t["element"], t["verb"]) for t in values.get("key_tags", [])]
        values["kind"] = Kind(values.get("kind", Kind.OBSERVATION))
        values["evidence"] = Evidence(values.get("evidence", Evidence.SEEN))
        values["history"] = [Change.from_dict(h) for h in values.get("history", [])]
        return cls(**_known_fields(cls, values))


def _tag(made: dict[tuple[str, str], Tag], element: str, verb: str) -> Tag:
    tag = made.get((element, verb))
    if tag is None:
        tag = made[(element, verb)] = Tag(element, verb)
    return tag


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(repr=False, eq=False)
class Event:
    """A meeting event at `wall_time` (ISO 8601) and meeting offset (seconds, breaks excluded);
    `running` says whether the meeting clock runs after it."""

    type: EventType
    wall_time: str
    offset_seconds: float
    running: bool
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["type"] = str(self.type)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        values = dict(data)
        values["type"] = EventType(values["type"])
        return cls(**_known_fields(cls, values))


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(repr=False, eq=False)
class Memo:
    """A researcher's memo on one note (`note_id`) or on the whole session (`note_id` None).

    `created` is ISO 8601 with offset; `history` holds each change of `text` or `deleted`,
    oldest first, in the same shape as a note's history."""

    id: int
    text: str
    created: str
    by: str = ""
    note_id: int | None = None
    deleted: bool = False
    history: list[Change] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Memo:
        """Also reads the first file format's memo history (`{"at", "by", "text"|"deleted"}`)."""
        values = dict(data)
        values["history"] = [_memo_change(h, values) for h in values.get("history", [])]
        return cls(**_known_fields(cls, values))


def _memo_change(entry: dict[str, Any], memo: dict[str, Any]) -> Change:
    if "field" in entry:
        return Change.from_dict(entry)
    name = "text" if "text" in entry else "deleted"
    return Change(entry["at"], entry.get("by", ""), name, entry[name], memo.get(name))


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(repr=False, eq=False)
class SessionInfo:
    """The session's information row. `coder` and `recoded_from` are set only on a second
    coder's copy of another session (`ppei recode`, domain/recoding.py): who codes this copy,
    and the session it was copied from (`id`, `file`, `observer`, `coder`, `meeting`: the id of
    the session first recorded, `at`: when copied); `observer` stays the one who was there."""

    id: str
    template: dict[str, Any]
    cop: str
    site: str = ""
    date: str = ""
    observer: str = ""
    attendees: list[Attendee] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    created: str = ""
    app_version: str = ""
    coder: str = ""
    recoded_from: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The stored row; `coder` and `recoded_from` only on a re-coded copy (files without
        are as before)."""
        data = asdict(self)
        data["attendees"] = [asdict(a) for a in self.attendees]
        for name in ("coder", "recoded_from"):
            if not data[name]:
                del data[name]
        return data

    def observer_label(self) -> str:
        """`DH`, or on a re-coded copy `DH, coded by Rowan`: where a list shows whose notes."""
        return f"{self.observer}, coded by {self.coder}" if self.coder else self.observer

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionInfo:
        values = dict(data)
        values["attendees"] = [Attendee(a["pseudonym"], a["role"]) for a in values.get("attendees", [])]
        return cls(**_known_fields(cls, values))


def new_session_info(
    template: Template,
    cop: str,
    now: datetime,
    site: str = "",
    observer: str = "",
    attendees: list[Attendee] | None = None,
    agenda: list[str] | None = None,
    date: str = "",
    app_version: str = "",
) -> SessionInfo:
    return SessionInfo(
        id=uuid.uuid4().hex,
        template=template.to_dict(),
        cop=cop,
        site=site,
        date=date or now.date().isoformat(),
        observer=observer,
        attendees=list(attendees or []),
        agenda=list(agenda or []),
        created=now.isoformat(timespec="seconds"),
        app_version=app_version,
    )


def parse_attendees(text: str) -> list[Attendee]:
    """`Ash: GP lead; Birch (lay representative), Cedar` -> attendees; the rule is in
    domain/attendees.py. Raises AttendeeError naming an entry that cannot be read."""
    from ppei_tui.domain.attendees import parse_attendees as parse  # attendees.py imports this module

    return parse(text)
