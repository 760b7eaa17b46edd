"""The observe screen's state and the steps its parts share (ObserveBase).

ObserveScreen (ui/observe.py) is put together from parts, one module each: the map
(observe_map), starting or reopening (observe_resume), tagging and re-coding notes
(observe_tagging), agenda, breaks and late arrivals (observe_meeting) and leaving
(observe_leaving). Each part is a subclass of ObserveBase, which holds the screen's state
(set from its constructor's arguments) and the steps more than one part calls: recording an
event, saving a note or event, saving the typed draft as a note, the status line and the hint.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widgets import Static

from ppei_tui.config import Config
from ppei_tui.domain.recording import Draft, note_from_draft
from ppei_tui.domain.session import KIND_LABELS, Event, EventType, Note, Session, format_offset
from ppei_tui.domain.tags import TagVocabulary
from ppei_tui.storage.store import OpenSession
from ppei_tui.storage.writer import event_record, note_record
from ppei_tui.ui.draft_keeper import DraftKeeper
from ppei_tui.ui.live_map import LiveMap
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.note_log import NoteLog
from ppei_tui.ui.notice_line import NoticeLine
from ppei_tui.ui.saving import connect_writer
from ppei_tui.ui.shown import on_screen
from ppei_tui.ui.status_bar import StatusBar

if TYPE_CHECKING:
    from ppei_tui.ui.observe_meeting import PendingText
    from ppei_tui.ui.prompt_texts import PromptKeeper


def event_label(event: Event, session: Session | None = None) -> str:
    """What the log shows for an event; an arrival names the attendee's role from `session`."""
    if event.type == EventType.ARRIVAL:
        roles = {a.pseudonym: a.role for a in session.info.attendees} if session else {}
        role = roles.get(event.detail)
        return f"arrived: {event.detail}" + (f" ({role})" if role else "")
    labels = {
        "pause": "break",
        "resume": "resumed",
        "end": "session ended",
        "start": "session started",
        "reopen": "session reopened",
        "leave": "app left",
    }
    return f"agenda: {event.detail}" if event.type == "agenda" else labels.get(event.type, event.type)


class ObserveBase(Screen):
    """The observe screen's state and shared steps (see the module docstring)."""

    def __init__(self, opened: OpenSession, config: Config, is_new: bool = False):
        super().__init__()
        self.opened = opened
        self.session = opened.session
        self.is_new = is_new
        self.clock = config.clock
        self.retry_seconds = config.retry_seconds
        self.ack_log = config.ack_log
        self.vocabulary = TagVocabulary(self.session.template, self.session.info.attendees)
        self.draft = Draft()
        self.writer = connect_writer(self, opened, config.retry_seconds)
        self.leaving = False
        self.leave_to_home = False
        self.force_leave = False
        self.draft_kept = False
        self.last_error = ""
        self.heartbeat_seconds = config.heartbeat_seconds
        self.keeper = DraftKeeper(self, self.writer, self.clock, config.draft_seconds)
        self.live_map: LiveMap | None = None
        self.map_pending: set[int] = set()
        self.map_running = False
        self.hint_text = ""
        self.pending_prompts: dict[str, PendingText] = {}  # Esc in a prompt (ui/observe_meeting.py)
        self.prompt_typing: dict[str, PendingText] = {}  # text in an open prompt, not taken up
        # Keeps both on disk (ui/prompt_texts.py): made when a prompt first opens, or on resume.
        self.prompt_keeper: PromptKeeper | None = None
        self.resumed_once = False  # ObserveScreen.post_message

    def ask_about_pending(self, then: Callable[[], None], then_words: str) -> bool:
        """Leaving: ask about a prompt's pending text first (ObserveMeeting); False if none."""
        return False

    def restore_prompt_texts(self) -> None:
        """Resuming: prompt texts kept in the file offered back as pending (ObserveMeeting)."""

    def unsaved_prompt_texts(self) -> list[str]:
        """The prompt texts not taken up, quoted, to print when they could not be written."""
        return []

    # --- status --------------------------------------------------------------------------
    def refresh_status(self) -> None:
        offset = self.session.offset_at(self.clock())
        if self.session.ended:
            state = "ended"
        elif self.session.paused:
            state = "⏸ break"
        else:
            state = "● recording"
        item = self.session.current_agenda_item or "(no agenda item)"
        self.query_one(StatusBar).show(f"Agenda: {item}", f"{format_offset(offset)} {state}")

    def show_hint(self, text: str = "") -> None:
        selected = self.query_one(NoteLog).selected_note
        if not text and selected is not None:
            text = (
                f"Note {selected.id} selected: Ctrl+T tag · Ctrl+O kind · Ctrl+N seen/inferred · "
                "Ctrl+↑/↓ other notes · Esc back to typing"
            )
        if not text:
            parts = []
            if self.draft.kind:
                parts.append(KIND_LABELS[self.draft.kind])
            if self.draft.evidence:
                parts.append(self.draft.evidence)
            parts += [t.label() for t in self.draft.key_tags]
            text = ("Draft: " + " · ".join(parts)) if parts else ""
        if text != self.hint_text:  # most keys leave the hint as it is: no repaint, no layout
            self.hint_text = text
            self.query_one("#hint", Static).update(on_screen(text), layout=False)  # #hint is one line high

    # --- the note being typed, and where a new note goes in the log ----------------------
    def _typing(self) -> bool:
        return bool(self.query_one(NoteInput).value.strip())

    def submit_draft(self, text: str) -> Note:
        self.draft.text = text
        note, problems = note_from_draft(self.session, self.draft, self.vocabulary, self.clock())
        self.session.notes.append(note)
        self.draft = Draft()
        self.query_one(NoticeLine).clear_standing()  # a warning stays until the next note
        self.query_one(NoteLog).show_note(note, "pending", before=self._log_place(note))
        self.show_hint()
        if problems:
            self.notify(
                "\n".join(str(p) for p in problems),
                title=f"Note {note.id}: token not understood (kept as typed)",
                severity="warning",
                timeout=8,
            )
        # The note and the cleared draft in one append: the text is never off disk, and a
        # crash can never leave the draft holding the start of a note already saved.
        self.writer.submit(note_record(note, also=(self.keeper.written_with_note(self.draft),)))
        return note

    def _log_place(self, note: Note) -> str | None:
        """The log entry a new note goes before, so the log is in the order a reopened session
        shows (Session.timeline); None (the end) unless events were logged after the note's
        first keystroke, as for a draft restored on resume. Walks back from the end only."""
        key = self.session.timeline_key(note)
        place = None
        for entry in reversed(self.query_one(NoteLog).entries):
            item = entry.note or self._logged_event(entry.key)
            if item is None or self.session.timeline_key(item) <= key:
                break
            place = entry.key
        return place

    def _logged_event(self, key: str) -> Event | None:
        """The event behind an `event-N` log key (None for other entries)."""
        number = key.removeprefix("event-")
        if number == key or not number.isdigit() or not 0 < int(number) <= len(self.session.events):
            return None
        return self.session.events[int(number) - 1]

    # --- saving (the session's one ordered writer; outcomes come back as messages) ------
    def save_note(self, note: Note) -> None:
        self.writer.submit(note_record(note))

    def save_event(self, index: int) -> None:
        self.writer.submit(event_record(self.session.events[index], index))

    def record_event(self, event_type: str, detail: str = "", at: datetime | None = None) -> Event:
        """Record an event now (or at `at`, a moment since the last event, such as a key press)."""
        event = self.add_event(event_type, detail, at)
        self.save_event(len(self.session.events) - 1)
        return event

    def add_event(self, event_type: str, detail: str = "", at: datetime | None = None) -> Event:
        """An event added to the session and the log, not saved (record_event saves it; a
        prompt's text taken up saves its events in one append with the rest, observe_meeting)."""
        event = self.session.make_event(event_type, at or self.clock(), detail)
        self.session.events.append(event)
        self.query_one(NoteLog).show_marker(
            event.offset_seconds, event_label(event, self.session), key=f"event-{len(self.session.events)}"
        )
        self.refresh_status()
        return event
