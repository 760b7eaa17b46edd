"""Sessions: the metadata, notes and events of one observed meeting.

The meeting clock is derived from events. Every event records the meeting offset at which it
happened and whether the clock runs after it, so the clock at any moment is the last event's
offset plus, if running, the wall time since then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ppei_tui.domain.records import (
    CLOSING_EVENTS,
    EVIDENCE,
    KIND_LABELS,
    KINDS,
    RUNS_AFTER,
    Attendee,
    Change,
    Event,
    EventType,
    Evidence,
    Kind,
    Memo,
    Note,
    SessionInfo,
    Tag,
    new_session_info,
    parse_attendees,
)
from ppei_tui.domain.template import Template, template_from_data
from ppei_tui.domain.values import compared

if TYPE_CHECKING:
    from ppei_tui.domain.shading import Shading


__all__ = [
    "Attendee",
    "CLOSING_EVENTS",
    "Change",
    "Clock",
    "EVIDENCE",
    "Event",
    "EventType",
    "Evidence",
    "KINDS",
    "KIND_LABELS",
    "Kind",
    "Memo",
    "Note",
    "RUNS_AFTER",
    "Session",
    "SessionInfo",
    "Tag",
    "format_offset",
    "new_session_info",
    "parse_attendees",
]

Clock = Callable[[], datetime]


def _wall_time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else moment.astimezone()


def format_offset(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600:d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(repr=False, eq=False)
class Session:
    """An in-memory session: the single place the meeting's state is derived from."""

    info: SessionInfo
    notes: list[Note] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    memos: list[Memo] = field(default_factory=list)
    shadings: list[Shading] = field(default_factory=list)
    _template: Template | None = field(default=None, repr=False)

    @property
    def template(self) -> Template:
        if self._template is None:
            # The recorded copy is read as recorded (not re-normalised or collision-checked), so
            # its notes' tags keep matching it and an old session never becomes unreadable.
            self._template = template_from_data(self.info.template, f"session {self.info.id}", strict=False)
        return self._template

    # --- clock -----------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return any(e.type == EventType.START for e in self.events)

    @property
    def ended(self) -> bool:
        return any(e.type == EventType.END for e in self.events)

    @property
    def running(self) -> bool:
        return bool(self.events) and self.events[-1].running

    @property
    def paused(self) -> bool:
        return self.started and not self.ended and not self.running

    def offset_at(self, moment: datetime) -> float:
        if not self.events:
            return 0.0
        last = self.events[-1]
        if not last.running:
            return last.offset_seconds
        elapsed = (moment - datetime.fromisoformat(last.wall_time)).total_seconds()
        return last.offset_seconds + max(0.0, elapsed)

    def duration(self) -> float:
        """Meeting time without breaks, up to the end (or the last thing recorded)."""
        if self.ended:
            return next(e.offset_seconds for e in reversed(self.events) if e.type == EventType.END)
        return self.last_recorded_offset()

    def last_recorded_offset(self) -> float:
        offsets = [e.offset_seconds for e in self.events] + [n.offset_seconds for n in self.notes]
        return max(offsets, default=0.0)

    def make_event(self, event_type: EventType | str, now: datetime, detail: str = "") -> Event:
        kind = EventType(event_type)
        running = RUNS_AFTER.get(kind)
        if running is None:
            running = self.running
        return Event(kind, now.isoformat(), round(self.offset_at(now), 3), running, detail)

    def make_reopen_event(self, now: datetime, last_known: datetime | None = None) -> Event:
        """On resuming an unfinished session: the clock carries on from the moment the app was
        left (`last_known`: the leave event, a draft save or a heartbeat, whichever is latest),
        so the time the app was closed or crashed is not counted as meeting time. Without it, from
        the last thing recorded."""
        offset = self.last_recorded_offset()
        if last_known is not None:
            offset = max(offset, self.offset_at(min(last_known, now)))
        return Event(EventType.REOPEN, now.isoformat(), round(offset, 3), self.running)

    def last_known_moment(self, also: Iterable[datetime] = ()) -> datetime | None:
        """The latest wall time recorded in the session (events, notes) or given in `also`."""
        moments = [m for m in (_wall_time(e.wall_time) for e in self.events) if m is not None]
        moments += [m for m in (_wall_time(n.wall_time) for n in self.notes) if m is not None]
        moments += list(also)
        return max(moments, default=None)

    # --- agenda ------------------------------------------------------------------------
    @property
    def current_agenda_item(self) -> str:
        for event in reversed(self.events):
            if event.type == EventType.AGENDA:
                return event.detail
        return ""

    def agenda_item_at(self, offset: float) -> str:
        """The agenda item current at meeting time `offset` (seconds): the last `agenda` event
        recorded at or before it ("" before the first). A note's agenda item is this at its own
        time (the moment its typing began), so the store, the observe log (which places a note by
        its time among the agenda markers) and every export group a note alike, also when the
        item was taken up while the note was being typed, or on resuming a draft begun earlier."""
        found = ""
        for event in self.events:
            if event.type == EventType.AGENDA and event.offset_seconds <= offset:
                found = event.detail
        return found

    def taken_up_agenda_items(self) -> set[str]:
        return {e.detail for e in self.events if e.type == "agenda"}

    def next_agenda_item(self) -> str | None:
        """The first planned item not yet taken up, in the order planned (None when all were).

        Planned items are never dropped: after an unplanned item, or after items taken out of
        order, the next one offered is still the earliest planned item the meeting has not had."""
        taken = self.taken_up_agenda_items()
        return next((item for item in self.info.agenda if item not in taken), None)

    def add_unplanned_agenda_item(self, title: str) -> bool:
        """Put an item taken up without being planned into the agenda after the current item
        (so the list reads as the meeting ran). False if it is already on the agenda."""
        agenda = self.info.agenda
        if title in agenda:
            return False
        current = self.current_agenda_item
        position = agenda.index(current) + 1 if current in agenda else len(agenda)
        agenda.insert(position, title)
        return True

    # --- attendees ---------------------------------------------------------------------
    def arrivals(self) -> dict[str, float]:
        """Pseudonym -> meeting offset (seconds) at which that attendee arrived late, from the
        `arrival` events (the first one counts). Attendees present from the start have none."""
        found: dict[str, float] = {}
        for event in self.events:
            if event.type == EventType.ARRIVAL and event.detail:
                found.setdefault(event.detail, event.offset_seconds)
        return found

    def attendee_labels(self) -> list[str]:
        """`Ash (GP lead)`, `Birch (lay representative, arrived 0:01:00)`: every output's
        attendee list, with the arrival time of those who came in late."""
        arrived = self.arrivals()
        labels = []
        for attendee in self.info.attendees:
            when = arrived.get(attendee.pseudonym)
            late = f", arrived {format_offset(when)}" if when is not None else ""
            labels.append(f"{attendee.pseudonym} ({attendee.role}{late})")
        return labels

    # --- notes -------------------------------------------------------------------------
    def next_note_id(self) -> int:
        return max((n.id for n in self.notes), default=0) + 1

    def live_notes(self) -> list[Note]:
        return [n for n in self.notes if not n.deleted]

    def live_memos(self) -> list[Memo]:
        return [m for m in self.memos if not m.deleted]

    def memo(self, memo_id: int) -> Memo:
        return next(m for m in self.memos if m.id == memo_id)

    def note(self, note_id: int) -> Note:
        for note in self.notes:
            if note.id == note_id:
                return note
        raise KeyError(note_id)

    def timeline(self) -> list[Note | Event]:
        """Notes and events in the order they happened (wall time; a note at the moment its
        typing started), so a note written during a break stays inside that break. At equal
        times notes (by id) come after the events that open something (start, agenda, break,
        resume, reopen) and before those that close (leave, end). Items whose wall time cannot be
        read go by offset."""
        events: list[Note | Event] = list(self.events)
        return sorted(events + list(self.notes), key=self.timeline_key)

    def timeline_key(self, item: Note | Event) -> tuple[float, int, int]:
        """Where `item` goes in `timeline()`: (wall time as a POSIX timestamp, 0 for an opening
        event / 1 for a note / 2 for a closing event, note id); items sort by it."""
        moment = _wall_time(item.wall_time)
        when = moment.timestamp() if moment is not None else self._offset_as_time(item.offset_seconds)
        if isinstance(item, Note):
            return (when, 1, item.id)
        return (when, 2 if item.type in CLOSING_EVENTS else 0, 0)

    def _offset_as_time(self, offset: float) -> float:
        start = next((_wall_time(e.wall_time) for e in self.events if e.type == "start"), None)
        return (start.timestamp() if start is not None else 0.0) + offset

    def breaks(self) -> list[tuple[float, float]]:
        """(pause offset, wall seconds paused) for each break, for timelines.

        A break lasts from its pause to the event that starts the clock again (resume), or to
        the end of the meeting if it ends paused. Events inside a break (an agenda change,
        leaving and reopening the session) do not end it. A break still open is measured to
        the last event recorded."""
        result = []
        for index, event in enumerate(self.events):
            if event.type != EventType.PAUSE:
                continue
            later = self.events[index + 1 :]
            ends = (e for e in later if e.running or e.type == EventType.END)
            closing = next(ends, later[-1] if later else None)
            if closing is None:
                result.append((event.offset_seconds, 0.0))
                continue
            gap = datetime.fromisoformat(closing.wall_time) - datetime.fromisoformat(event.wall_time)
            result.append((event.offset_seconds, gap.total_seconds()))
        return result
