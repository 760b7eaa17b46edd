"""The observe screen: write timestamped, tagged notes live while the meeting runs."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, Static

from ppei_tui.config import Config
from ppei_tui.domain.mapping import MapCounts, compute_map
from ppei_tui.domain.recording import Draft, add_tag, note_from_draft
from ppei_tui.domain.session import (
    CLOSING_EVENTS,
    KIND_LABELS,
    KINDS,
    Event,
    EventType,
    Note,
    Session,
    Tag,
    format_offset,
)
from ppei_tui.domain.tags import TagVocabulary, current_token, parse_tokens, token_examples
from ppei_tui.storage.store import EVENTS, INFO, NOTES, OpenSession
from ppei_tui.storage.writer import event_record, info_record, note_record
from ppei_tui.ui import keys
from ppei_tui.ui.footer import LATER, KeyFooter
from ppei_tui.ui.help import open_help
from ppei_tui.ui.leaving import DRAFT_KEY, DraftKeeper, LeaveChoice, LeaveDialog, LeaveState
from ppei_tui.ui.live_map import LiveMap
from ppei_tui.ui.map_panel import MapPanel
from ppei_tui.ui.messages import Notice
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.note_log import LogEntry, NoteLog
from ppei_tui.ui.notice_line import NoticeLine
from ppei_tui.ui.saving import Saved, SaveFailed, connect_writer, failure_text, show_open_warnings
from ppei_tui.ui.tag_picker import PICKER_RULE, TagPicker
from ppei_tui.ui.typed import ppei_app

if TYPE_CHECKING:
    from ppei_tui.domain.attendees import AttendeeReading


class MapReady(Message):
    """The map counted in a worker from the notes saved when the screen opened."""

    def __init__(self, counts: MapCounts):
        super().__init__()
        self.counts = counts


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


class ObserveScreen(Screen):
    help_title = "Observing a meeting"
    # Narrow, the map panel's own title names its key ("PgDn for more"), where it is needed.
    footer_later = LATER | {"map_page(1)"}
    BINDINGS = [
        Binding(
            keys.TAG,
            "tag",
            "Tag",
            id="observe.tag",
            tooltip="Tag the note being typed (or, if empty, the last note): element no., verb no.; "
            "a code the note has already is removed",
        ),
        Binding(
            keys.KIND,
            "kind",
            "Kind",
            id="observe.kind",
            tooltip="Cycle the kind of the note being typed: observation, quote, reflection",
        ),
        Binding(
            keys.EVIDENCE,
            "evidence",
            "Seen/inferred",
            id="observe.evidence",
            tooltip="Mark the note being typed as inferred (below the waterline) or seen",
        ),
        Binding(
            keys.AGENDA,
            "agenda",
            "Agenda",
            id="observe.agenda",
            tooltip="Move to the next agenda item, or type a new one",
        ),
        Binding(
            keys.BREAK,
            "pause",
            "Break",
            id="observe.pause",
            tooltip="Pause the meeting clock for a break, or resume it",
        ),
        Binding(
            keys.PDF,
            "report",
            "PDF",
            id="observe.report",
            tooltip="Write the PDF summary of this session (typing carries on)",
        ),
        Binding(
            keys.EXPORT,
            "export",
            "Export",
            id="observe.export",
            tooltip="Export this session (csv, csv-long, json, md, qdc, qdpx) next to its file",
        ),
        Binding(
            "ctrl+up",
            "select_note(-1)",
            "Earlier note",
            id="observe.log_up",
            show=False,
            tooltip="Select an earlier note in the log to tag it or change its kind or seen/inferred",
        ),
        Binding(
            "ctrl+down",
            "select_note(1)",
            "Later note",
            id="observe.log_down",
            show=False,
            tooltip="Select a later note (past the newest: back to typing)",
        ),
        Binding(
            "escape",
            "back_to_typing",
            "Back to typing",
            id="observe.back_to_typing",
            show=False,
            tooltip="Clear the selected note; keys act on the note being typed again",
        ),
        Binding(
            "ctrl+f,f12",
            "late_arrival",
            "Late arrival",
            id="observe.late_arrival",
            tooltip="Add an attendee who arrived late (pseudonym: role); @ completes them",
        ),
        Binding(
            "pagedown",
            "map_page(1)",
            "More map",
            id="observe.map_next",
            tooltip="Show the next elements of a map too large for its panel (the note keeps the keys)",
        ),
        Binding(
            "pageup",
            "map_page(-1)",
            "Map back",
            id="observe.map_previous",
            show=False,
            tooltip="Show the previous elements of the map",
        ),
        Binding(keys.END, "end", "End", id="observe.end", tooltip="End the session (asks first)"),
        Binding(keys.HELP, "help", "Help", id="observe.help", tooltip="Every key and the tag syntax"),
        Binding(
            "ctrl+q",
            "leave",
            "Quit",
            id="observe.quit",
            priority=True,
            tooltip="Leave; the session stays unfinished and can be resumed",
        ),
    ]

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

    # --- layout ------------------------------------------------------------------------
    def placeholder(self) -> str:
        """The input's hint, with tokens of this session's template (issue 16 §3)."""
        examples = token_examples(self.vocabulary)
        tokens = " ".join(
            t for t in (examples.verb, examples.practice, examples.speaker or examples.role) if t
        )
        return f"Type a note, Enter to save · {tokens} !q !r !i · F1 help"

    def compose(self) -> ComposeResult:
        info = self.session.info
        with Horizontal(id="status-bar"):
            yield Label(f"{info.cop} · {info.site or 'no site'} · {self.session.template.name}", id="title")
            yield Label("", id="agenda-label")
            yield Label("", id="clock")
        yield NoticeLine(id="notice")
        with Vertical(id="observe-body"):
            yield NoteLog(id="note-log")
            yield MapPanel(id="map-panel")
        yield Static("", id="hint")
        yield NoteInput(
            self.vocabulary,
            sink=self,
            placeholder=self.placeholder(),
            id="note-input",
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show_history()
        show_open_warnings(self, self.opened)
        self._start_or_reopen()
        self.refresh_map()
        self.refresh_status()
        self.set_interval(1.0, self.refresh_status)
        if not self.session.ended:
            self.set_interval(self.heartbeat_seconds, self._heartbeat)
        self.query_one(NoteInput).focus()

    def _show_history(self) -> None:
        """Notes and meeting events already recorded (on resume), in the order they happened
        (wall time), so a note written during a break is shown inside that break.

        Handed to the log in one call: it lays them out once and draws only what is on screen.
        """
        event_keys = {id(e): f"event-{index + 1}" for index, e in enumerate(self.session.events)}
        entries = []
        for item in self.session.timeline():
            if isinstance(item, Note):
                entries.append(LogEntry(str(item.id), item.offset_seconds, note=item))
            else:
                entries.append(
                    LogEntry(event_keys[id(item)], item.offset_seconds, label=event_label(item, self.session))
                )
        self.query_one(NoteLog).extend(entries)

    def _start_or_reopen(self) -> None:
        if self.session.ended:
            self.query_one(NoteInput).disabled = True
            self.notify("This session has ended; it is shown read-only.")
        elif self.is_new or not self.session.started:
            self.record_event("start")
            first = self.session.next_agenda_item()
            if first:
                self.record_event("agenda", first)
        else:
            written_at = self._restore_draft()
            last_known = self.session.last_known_moment([written_at] if written_at else [])
            self._mark_crash(written_at)
            event = self.session.make_reopen_event(self.clock(), last_known)
            self.session.events.append(event)
            self.save_event(len(self.session.events) - 1)
            self.query_one(NoteLog).show_marker(
                event.offset_seconds, "session reopened", key=f"event-{len(self.session.events)}"
            )

    def _restore_draft(self) -> datetime | None:
        """Put the note being typed when the app was left back in the input; returns the moment
        the draft record was written (None if there is none)."""
        if self.opened.saved_draft is None:
            return None
        draft, written_at = self.opened.saved_draft
        if draft.text.strip() and not draft.already_saved_in(self.session):
            self.draft = draft
            self.query_one(NoteInput).value = draft.text
            self.notify(
                "The note you were typing was put back in the input; Enter saves it with the time "
                f"its typing started ({format_offset(draft.started_offset)}).",
                title="Draft restored",
                timeout=8,
            )
        return written_at

    def _mark_crash(self, written_at: datetime | None) -> None:
        """After a crash (the app did not record leaving), a leave event at the last moment known."""
        last = self.session.events[-1] if self.session.events else None
        if written_at is None or last is None or last.type in CLOSING_EVENTS:
            return
        if written_at <= datetime.fromisoformat(last.wall_time):
            return
        self.session.events.append(
            self.session.make_event("leave", written_at, "last moment known; the app did not close")
        )
        self.save_event(len(self.session.events) - 1)
        leave = self.session.events[-1]  # shown now as a reopened session will show it
        self.query_one(NoteLog).show_marker(
            leave.offset_seconds, event_label(leave), key=f"event-{len(self.session.events)}"
        )

    def _heartbeat(self) -> None:
        if not self.session.ended and not self.leaving:
            self.keeper.changed(self.draft)

    # --- status --------------------------------------------------------------------------
    def refresh_status(self) -> None:
        offset = self.session.offset_at(self.clock())
        if self.session.ended:
            state = "ended"
        elif self.session.paused:
            state = "⏸ break"
        else:
            state = "● recording"
        self.query_one("#clock", Label).update(f"{format_offset(offset)} {state}")
        item = self.session.current_agenda_item or "(no agenda item)"
        self.query_one("#agenda-label", Label).update(f"Agenda: {item}")

    def refresh_map(self, note: Note | None = None) -> None:
        """Bring the map up to date with a saved (or unsaved) note, or count it all at first.

        The first count of a resumed session runs in a worker; after that each note moves
        only its own cells (LiveMap), so a save costs the same at the 10,000th note.
        """
        if self.live_map is None:
            if note is not None:
                self.map_pending.add(note.id)
            if not self.map_running:
                self.map_running = True
                failed = self.writer.failed()
                notes = [n for n in self.session.notes if (NOTES, n.id) not in failed]
                self.run_worker(
                    lambda: self._count_map(notes),
                    thread=True,
                    group="map",
                    description="count the map",  # not the notes: a worker's repr of them is slow
                    exit_on_error=False,
                )
            return
        if note is not None:
            self.live_map.update(note, counted=(NOTES, note.id) not in self.writer.failed())
        self.query_one(MapPanel).show(self.live_map.counts)

    def _count_map(self, notes: list[Note]) -> None:
        try:
            counts = compute_map(self.session.template, notes)
        except Exception as error:  # shown; the notes are safe, only the map is missing
            self.post_message(Notice.failure("Could not draw the map", error))
            return
        self.post_message(MapReady(counts))

    def on_map_ready(self, message: MapReady) -> None:
        self.map_running = False
        self.live_map = LiveMap(message.counts)
        failed = self.writer.failed()
        for note_id in sorted(self.map_pending):  # saved while it was being counted
            note = self.session.note(note_id)
            self.live_map.update(note, counted=(NOTES, note_id) not in failed)
        self.map_pending.clear()
        self.query_one(MapPanel).show(self.live_map.counts)

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
            self.query_one("#hint", Static).update(text, layout=False)  # #hint is one line high

    # --- typing (called by NoteInput synchronously, in the order the keys were typed) -------
    def note_started(self) -> None:
        self.draft.begin(self.session, self.clock())
        if self.query_one(NoteLog).selected is not None:
            self.query_one(NoteLog).clear_selection()  # typing always means a new note
            self.show_hint()

    def note_cleared(self) -> None:
        self.draft.restart_clock()

    def note_entered(self, text: str) -> None:
        self.submit_draft(text)

    @on(NoteInput.Changed, "#note-input")
    def typing(self, event: NoteInput.Changed) -> None:
        self.draft.text = event.text_area.text
        self.keeper.changed(self.draft)
        token = current_token(event.text_area.text)
        if token is not None:
            candidates = self.vocabulary.completions(*token)
            shown = "  ".join(token[0] + c for c in candidates[:8]) or f"no match for {token[0]}{token[1]}"
            self.show_hint(f"Tab completes: {shown}")
        else:
            self.show_hint()

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
        self.save_note(note)
        self.keeper.changed(self.draft)  # queued after the note: the text is never off disk
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

    def on_saved(self, message: Saved) -> None:
        outcome = message.outcome
        if not self.writer.is_current(outcome):
            return  # a newer version of this document is on its way; its mark comes with it
        table, ident = outcome.key
        if outcome.key == DRAFT_KEY:
            self.keeper.saved()
        if table == NOTES:
            self.query_one(NoteLog).set_status(ident, "saved")
            self.refresh_map(self.session.note(ident))
            if self.ack_log is not None:
                with open(self.ack_log, "a", encoding="utf-8") as ack:
                    ack.write(f"{ident}\t{self.session.note(ident).text}\n")
            if outcome.recovered:
                if not self.writer.failed():
                    self.query_one(NoticeLine).clear_standing()  # the save error is over
                self.notify(f"Note {ident} is now saved.")
        self._exit_if_leaving()

    def on_save_failed(self, message: SaveFailed) -> None:
        outcome = message.outcome
        if not self.writer.is_current(outcome):
            return
        table, ident = outcome.key
        if outcome.key == DRAFT_KEY:
            if self.keeper.failed(outcome.error):
                self.notify(
                    f"{outcome.error}\nThe note being typed is only on screen; retried by itself.",
                    title="Could not keep the draft on disk",
                    severity="error",
                    timeout=8,
                )
            self._exit_if_leaving()
            return
        self.last_error = outcome.error
        what = f"note {ident}" if table == NOTES else f"the session's {table}"
        if table == NOTES:
            self.query_one(NoteLog).set_status(ident, "unsaved")
            self.refresh_map(self.session.note(ident))  # the map counts saved notes only
        self.notify(
            failure_text(outcome, self.retry_seconds),
            title=f"Could not save {what} to {self.opened.path}",
            severity="error",
            timeout=10,
        )
        self._exit_if_leaving()

    def record_event(self, event_type: str, detail: str = "", at: datetime | None = None) -> Event:
        """Record an event now (or at `at`, a moment since the last event, such as a key press)."""
        event = self.session.make_event(event_type, at or self.clock(), detail)
        self.session.events.append(event)
        self.save_event(len(self.session.events) - 1)
        self.query_one(NoteLog).show_marker(
            event.offset_seconds, event_label(event, self.session), key=f"event-{len(self.session.events)}"
        )
        self.refresh_status()
        return event

    # --- keys ----------------------------------------------------------------------------
    def _typing(self) -> bool:
        return bool(self.query_one(NoteInput).value.strip())

    def action_tag(self) -> None:
        selected = self.query_one(NoteLog).selected_note
        if selected is not None:
            target = f"note {selected.id} ({format_offset(selected.offset_seconds)})"
        elif self._typing():
            target = "the note being typed"
        elif self.session.notes:
            target = f"the last note ({format_offset(self.session.notes[-1].offset_seconds)})"
        else:
            self.notify("Nothing to tag yet: type a note first.")
            return
        picker = TagPicker(self.session.template, target, self._apply_chosen_tag)
        self.query_one(NoteInput).open_picker(picker)

    def _apply_chosen_tag(self, tag: Tag) -> None:
        """The picker's code, as a toggle: added, or removed when the note already has it."""
        note = self.query_one(NoteLog).selected_note
        if note is None and self._typing():
            added = self.draft.toggle_key_tag(tag)
            self.keeper.changed(self.draft)
            self.show_hint()
            if added:
                return
            if tag in parse_tokens(self.draft.text, self.vocabulary).tags:  # the text's own token
                self.notify(f"This note keeps {tag.label()}: its #token is in the text (delete it to untag)")
            else:
                self.notify(f"This note: untagged {tag.label()}", timeout=3)
            return
        note = note or self.session.notes[-1]
        if tag in note.tags:
            self._edit_selected(note, {"tags": [t for t in note.tags if t != tag]})
            typed = tag in parse_tokens(note.text, self.vocabulary).tags
            kept = " (its #token stays in the text as typed)" if typed else ""
            self.notify(f"Untagged note {note.id}: {tag.label()}{kept}")
            return
        if add_tag(note, tag, self.clock(), self.session.info.observer):
            self.query_one(NoteLog).show_note(note, "pending")
            self.save_note(note)
        self.notify(f"Tagged note {note.id}: {tag.label()}")

    def _edit_selected(self, note: Note, changes: dict[str, Any]) -> None:
        """A change to an earlier note mid-meeting: kept in its history, like a review edit."""
        from ppei_tui.domain.review import edit_note  # only once a note is re-coded

        if edit_note(note, changes, self.clock(), self.session.info.observer):
            self.query_one(NoteLog).show_note(note, "pending")
            self.save_note(note)

    def action_kind(self) -> None:
        note = self.query_one(NoteLog).selected_note
        if note is not None:
            kind = KINDS[(KINDS.index(note.kind) + 1) % len(KINDS)] if note.kind in KINDS else KINDS[0]
            self._edit_selected(note, {"kind": kind})
            self.notify(f"Note {note.id}: {KIND_LABELS[kind]}", timeout=3)
            return
        kind = self.draft.cycle_kind()
        self.keeper.changed(self.draft)
        self.show_hint()
        self.notify(f"This note: {KIND_LABELS[kind]}", timeout=2)

    def action_evidence(self) -> None:
        note = self.query_one(NoteLog).selected_note
        if note is not None:
            evidence = "seen" if note.evidence == "inferred" else "inferred"
            self._edit_selected(note, {"evidence": evidence})
            self.notify(f"Note {note.id}: {evidence}", timeout=3)
            return
        evidence = self.draft.toggle_evidence()
        self.keeper.changed(self.draft)
        self.show_hint()
        self.notify(f"This note: {evidence}", timeout=2)

    def action_select_note(self, step: int) -> None:
        """Move the selection up (-1) or down (+1) the log; the input keeps the keyboard."""
        if self._typing():
            self.notify("Finish or clear the note being typed first; then Ctrl+↑ moves up the log.")
            return
        self.query_one(NoteLog).select_step(step)
        self.show_hint()

    def action_map_page(self, step: int) -> None:
        """PgDn / PgUp: the map panel's next or previous elements; the input keeps the focus."""
        self.query_one(MapPanel).turn(step)

    def action_back_to_typing(self) -> None:
        self.query_one(NoteLog).clear_selection()
        self.show_hint()
        self.query_one(NoteInput).focus()

    def action_late_arrival(self) -> None:
        """Someone came in late: add them to the attendees so @ completes them from now on.

        Their arrival is the moment this key was pressed (an `arrival` event). An entry that
        cannot be added (unreadable, or a person already listed) keeps the dialog open with the
        text as typed and says why, so it can be corrected."""
        if self.session.ended:
            return
        from ppei_tui.ui.modals import TextPrompt  # dialogs are imported when first opened

        pressed = self.clock()
        self.app.push_screen(
            TextPrompt(
                "Add an attendee (arrived late)",
                "",
                "Pseudonym: role, e.g. Birch: lay representative (several: separate with ;)",
                check=lambda text: "; ".join(self._read_arrivals(text).errors) or None,
            ),
            lambda text: self._add_attendees(text, pressed),
        )

    def _read_arrivals(self, text: str) -> AttendeeReading:
        from ppei_tui.domain.attendees import read_late_arrivals  # imported when first used

        return read_late_arrivals(text, self.session.info.attendees, self.session.template.speaker_roles)

    def _add_attendees(self, text: str | None, arrived: datetime | None = None) -> None:
        if not text:
            return
        reading = self._read_arrivals(text)
        if reading.errors:  # the dialog checked; only a change meanwhile gets here
            self.notify("; ".join(reading.errors), title="Attendee not added", severity="warning")
            return
        added = reading.attendees
        self.session.info.attendees.extend(added)
        self.vocabulary = TagVocabulary(self.session.template, self.session.info.attendees)
        self.query_one(NoteInput).vocabulary = self.vocabulary
        self.writer.submit(info_record(self.session.info))
        last = self.session.events[-1] if self.session.events else None
        if arrived is not None and last is not None and datetime.fromisoformat(last.wall_time) > arrived:
            arrived = None  # something was recorded since the key press: events stay in order
        for attendee in added:  # the time they came in, kept as an event (shown on resume, in outputs)
            self.record_event(EventType.ARRIVAL, attendee.pseudonym, at=arrived)
        names = ", ".join(f"{a.pseudonym} ({a.role})" for a in added)
        message = f"Added {names}; @ completes them now."
        notify = ppei_app(self).notify
        if reading.warnings:
            notify(f"{message} {'; '.join(reading.warnings)}", severity="warning", source="late_arrival")
        else:
            notify(message, source="late_arrival")  # replaces an older warning from this key

    def action_agenda(self) -> None:
        from ppei_tui.ui.modals import TextPrompt

        upcoming = self.session.next_agenda_item() or ""
        hint = (
            "Enter for the next planned item, or type a new one" if upcoming else "Type the new agenda item"
        )
        self.app.push_screen(TextPrompt("Agenda item", upcoming, hint), self._set_agenda)

    def _set_agenda(self, title: str | None) -> None:
        if not title:
            return
        if self.session.add_unplanned_agenda_item(title):
            self.writer.submit(info_record(self.session.info))
        self.record_event("agenda", title)

    def action_pause(self) -> None:
        if self.session.ended:
            return
        self.record_event("resume" if self.session.paused else "pause")

    def action_end(self) -> None:
        """F10: end the session. Asks first; with text typed or a note unsaved, says what then."""
        if self.session.ended or self.leaving:
            return
        state = self._leave_state(ending=True)
        if state.text or state.unsaved_notes or state.unsaved_other:
            self.app.push_screen(LeaveDialog(state), lambda choice: self._leave_answered(choice, True))
            return

        from ppei_tui.ui.modals import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                self._finish(ending=True)

        self.app.push_screen(Confirm("End this session? The meeting clock stops for good."), answered)

    def action_report(self) -> None:
        ppei_app(self).write_report(self.opened.path)

    def action_export(self) -> None:
        ppei_app(self).choose_export(self.opened.path)

    @property
    def help_text(self) -> str:
        """The tag syntax with tokens of this session's template, and the number picker's rule."""
        from ppei_tui.ui.modals import HELP_TEXT, tag_help_lines

        tags = tag_help_lines(token_examples(self.vocabulary))
        return HELP_TEXT.format(tags=tags) + (
            f"\n[b]The number picker[/b] (Ctrl+T or F2; Tab or → accepts a completion)\n{PICKER_RULE}"
        )

    def action_help(self) -> None:
        open_help(self.app, self)

    # --- leaving (Ctrl+Q, F10, signals): nothing typed is lost without being asked ---------
    def action_leave(self) -> None:
        # A priority binding runs before the keys typed ahead of it reach the input: decide
        # once they have, so the note being typed is the whole of it.
        self.query_one(NoteInput).after_keys_so_far(self._request_leave)

    def _request_leave(self) -> None:
        if self.leaving:
            return
        state = self._leave_state(ending=False)
        if state.text or state.unsaved_notes or state.unsaved_other:
            self.app.push_screen(LeaveDialog(state), lambda choice: self._leave_answered(choice, False))
        else:
            self._finish(ending=False)

    def _failed_items(self) -> set[tuple[str, int]]:
        """Documents (other than the draft) whose save failed and is being retried."""
        return self.writer.failed() - {DRAFT_KEY}

    def _leave_state(self, ending: bool) -> LeaveState:
        text = self.query_one(NoteInput).value
        failed = self._failed_items()
        notes = sum(1 for table, _ in failed if table == NOTES)
        return LeaveState(
            text=text if text.strip() else "",
            unsaved_notes=notes,
            unsaved_other=len(failed) - notes,
            error=self.last_error or self.keeper.error,
            ending=ending,
            retry_seconds=self.retry_seconds,
        )

    def _leave_answered(self, choice: LeaveChoice | None, ending: bool) -> None:
        if choice is None or choice is LeaveChoice.STAY:
            return
        note_input = self.query_one(NoteInput)
        if choice is LeaveChoice.SAVE_NOTE:
            if note_input.value.strip():
                self.submit_draft(note_input.value)
                note_input.value = ""
            self._finish(ending)
        elif choice is LeaveChoice.KEEP_DRAFT:
            self.draft.text = note_input.value
            if not self.keeper.write_now(self.draft):
                self.notify(
                    f"{self.keeper.error or 'not written yet'}\nThe text stays here; choose again.",
                    title="Could not keep the draft on disk",
                    severity="error",
                )
                return
            self.draft_kept = True
            self._finish(ending)
        else:
            self.draft = Draft()
            note_input.value = ""
            self._finish(ending, force=True)

    def _finish(self, ending: bool, force: bool = False) -> None:
        """Record the end (or leaving), then go once every save in flight has reported."""
        last = self.session.events[-1].type if self.session.events else ""
        if ending and not self.session.ended:
            self.record_event("end")
            self.query_one(NoteInput).disabled = True
        elif not ending and self.session.started and not self.session.ended and last != "leave":
            self.record_event("leave")  # the clock resumes from here, not from the last note
        self.leaving = True
        self.leave_to_home = ending
        self.force_leave = force
        self._exit_if_leaving()

    def _exit_if_leaving(self) -> None:
        """Go once every save in flight has reported; if any failed, ask again what to do."""
        if not self.leaving or self.writer.busy:
            return
        self.leaving = False
        if self._failed_items() and not self.force_leave:
            ending = self.leave_to_home
            self.app.push_screen(
                LeaveDialog(self._leave_state(ending)), lambda choice: self._leave_answered(choice, ending)
            )
            return
        if not self.draft_kept and (self.keeper.submitted or self.opened.saved_draft is not None):
            self.keeper.submit_now(Draft())  # the input is empty now; written before the writer closes
        self.keeper.stop()
        if self.leave_to_home:
            ppei_app(self).close_session(self.opened)
            ppei_app(self).go_home()
            self.app.notify(f"Session ended and saved: {self.opened.path.name}")
        else:
            self.app.exit()

    def leave_on_signal(self, reason: str, timeout: float = 5.0) -> list[str]:
        """SIGTERM/SIGHUP: no dialog can be shown (the terminal may be gone). Write what can be
        written before the app exits: the input's text as the draft, every failed save again, and
        the leave moment; wait (at most `timeout` s) for the writer. Returns what is not on disk."""
        self.keeper.stop()
        if not self.session.ended:
            self.draft.text = self.query_one(NoteInput).value
            self.keeper.submit_now(self.draft)
        for table, ident in sorted(self._failed_items()):
            if table == NOTES:
                self.writer.submit(note_record(self.session.note(ident)))
            elif table == EVENTS:
                self.writer.submit(event_record(self.session.events[ident - 1], ident - 1))
            elif table == INFO:
                self.writer.submit(info_record(self.session.info))
        last = self.session.events[-1].type if self.session.events else ""
        if self.session.started and not self.session.ended and last != "leave":
            self.session.events.append(self.session.make_event("leave", self.clock(), reason))
            self.save_event(len(self.session.events) - 1)
        self.writer.wait_idle(timeout)
        return [f"{table} {ident}" for table, ident in sorted(self.writer.unsaved())]
