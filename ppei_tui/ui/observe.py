"""The observe screen: write timestamped, tagged notes live while the meeting runs."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from ppei_tui.config import Config
from ppei_tui.domain.mapping import compute_map
from ppei_tui.domain.recording import Draft, add_tag, note_from_draft
from ppei_tui.domain.session import KIND_LABELS, Event, Note, Tag, format_offset
from ppei_tui.domain.tags import TagVocabulary, current_token, token_examples
from ppei_tui.storage.store import NOTES, OpenSession
from ppei_tui.storage.writer import event_record, info_record, note_record
from ppei_tui.ui import keys
from ppei_tui.ui.modals import Confirm, HelpScreen, TextPrompt
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.saving import Saved, SaveFailed, connect_writer, failure_text, show_open_warnings
from ppei_tui.ui.tag_picker import PICKER_RULE, TagPicker
from ppei_tui.ui.typed import ppei_app
from ppei_tui.ui.widgets import MapPanel, NoteLog


def event_label(event: Event) -> str:
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
    BINDINGS = [
        Binding(
            keys.TAG,
            "tag",
            "Tag",
            id="observe.tag",
            tooltip="Tag the note being typed (or, if empty, the last note): element no., verb no.",
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
        yield Footer()

    def on_mount(self) -> None:
        self._show_history()
        show_open_warnings(self, self.opened)
        self._start_or_reopen()
        self.refresh_map()
        self.refresh_status()
        self.set_interval(1.0, self.refresh_status)
        self.query_one(NoteInput).focus()

    def _show_history(self) -> None:
        """Notes and meeting events already recorded (on resume), in the order they happened
        (wall time), so a note written during a break is shown inside that break."""
        log = self.query_one(NoteLog)
        event_keys = {id(e): f"event-{index + 1}" for index, e in enumerate(self.session.events)}
        for item in self.session.timeline():
            if isinstance(item, Note):
                log.show_note(item, "saved")
            else:
                log.show_marker(item.offset_seconds, event_label(item), key=event_keys[id(item)])

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
            event = self.session.make_reopen_event(self.clock(), self.session.last_known_moment())
            self.session.events.append(event)
            self.save_event(len(self.session.events) - 1)
            self.query_one(NoteLog).show_marker(
                event.offset_seconds, "session reopened", key=f"event-{len(self.session.events)}"
            )

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

    def refresh_map(self) -> None:
        failed = self.writer.failed()
        saved = [n for n in self.session.notes if (NOTES, n.id) not in failed]
        self.query_one(MapPanel).show(compute_map(self.session.template, saved))

    def show_hint(self, text: str = "") -> None:
        if not text:
            parts = []
            if self.draft.kind:
                parts.append(KIND_LABELS[self.draft.kind])
            if self.draft.evidence:
                parts.append(self.draft.evidence)
            parts += [t.label() for t in self.draft.key_tags]
            text = ("Draft: " + " · ".join(parts)) if parts else ""
        self.query_one("#hint", Static).update(text)

    # --- typing (called by NoteInput synchronously, in the order the keys were typed) -------
    def note_started(self) -> None:
        self.draft.begin(self.session, self.clock())

    def note_cleared(self) -> None:
        self.draft.restart_clock()

    def note_entered(self, text: str) -> None:
        self.submit_draft(text)

    @on(NoteInput.Changed, "#note-input")
    def typing(self, event: NoteInput.Changed) -> None:
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
        self.query_one(NoteLog).show_note(note, "pending")
        self.show_hint()
        if problems:
            self.notify(
                "\n".join(str(p) for p in problems),
                title="Token not understood (note kept as typed)",
                severity="warning",
                timeout=8,
            )
        self.save_note(note)
        return note

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
        if table == NOTES:
            self.query_one(NoteLog).set_status(ident, "saved")
            self.refresh_map()
            if self.ack_log is not None:
                with open(self.ack_log, "a", encoding="utf-8") as ack:
                    ack.write(f"{ident}\t{self.session.note(ident).text}\n")
            if outcome.recovered:
                self.notify(f"Note {ident} is now saved.")
        self._exit_if_leaving()

    def on_save_failed(self, message: SaveFailed) -> None:
        outcome = message.outcome
        if not self.writer.is_current(outcome):
            return
        table, ident = outcome.key
        what = f"note {ident}" if table == NOTES else f"the session's {table}"
        if table == NOTES:
            self.query_one(NoteLog).set_status(ident, "unsaved")
        self.notify(
            failure_text(outcome, self.retry_seconds),
            title=f"Could not save {what} to {self.opened.path}",
            severity="error",
            timeout=10,
        )
        self._exit_if_leaving()

    def record_event(self, event_type: str, detail: str = "") -> Event:
        event = self.session.make_event(event_type, self.clock(), detail)
        self.session.events.append(event)
        self.save_event(len(self.session.events) - 1)
        self.query_one(NoteLog).show_marker(
            event.offset_seconds, event_label(event), key=f"event-{len(self.session.events)}"
        )
        self.refresh_status()
        return event

    # --- keys ----------------------------------------------------------------------------
    def _typing(self) -> bool:
        return bool(self.query_one(NoteInput).value.strip())

    def action_tag(self) -> None:
        if self._typing():
            target = "the note being typed"
        elif self.session.notes:
            target = f"the last note ({format_offset(self.session.notes[-1].offset_seconds)})"
        else:
            self.notify("Nothing to tag yet: type a note first.")
            return
        picker = TagPicker(self.session.template, target, self._apply_chosen_tag)
        self.query_one(NoteInput).open_picker(picker)

    def _apply_chosen_tag(self, tag: Tag) -> None:
        if self._typing():
            self.draft.add_key_tag(tag)
            self.show_hint()
            return
        note = self.session.notes[-1]
        if add_tag(note, tag, self.clock(), self.session.info.observer):
            self.query_one(NoteLog).show_note(note, "pending")
            self.save_note(note)
        self.notify(f"Tagged note {note.id}: {tag.label()}")

    def action_kind(self) -> None:
        kind = self.draft.cycle_kind()
        self.show_hint()
        self.notify(f"This note: {KIND_LABELS[kind]}", timeout=2)

    def action_evidence(self) -> None:
        evidence = self.draft.toggle_evidence()
        self.show_hint()
        self.notify(f"This note: {evidence}", timeout=2)

    def action_agenda(self) -> None:
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
        def answered(yes: bool | None) -> None:
            if yes:
                if self._typing():
                    self.submit_draft(self.query_one(NoteInput).value)
                    self.query_one(NoteInput).value = ""
                self.record_event("end")
                self.query_one(NoteInput).disabled = True
                self.leaving = self.leave_to_home = True
                self._exit_if_leaving()

        self.app.push_screen(Confirm("End this session? The meeting clock stops for good."), answered)

    def action_report(self) -> None:
        ppei_app(self).write_report(self.opened.path)

    def action_export(self) -> None:
        ppei_app(self).choose_export(self.opened.path)

    def action_help(self) -> None:
        lines = [
            f"  {line.keys:<18} {line.description}: {line.tooltip}" for line in ppei_app(self).screen_help()
        ]
        lines.append(f"  {'tab / →':<18} accept the suggested tag completion")
        lines.append(f"\n[b]The number picker[/b]\n{PICKER_RULE}")
        self.app.push_screen(HelpScreen("\n".join(lines), token_examples(self.vocabulary)))

    def action_leave(self) -> None:
        # A priority binding runs before the keys typed ahead of it reach the input: leave
        # once they have, so the note being typed is the whole of it.
        self.query_one(NoteInput).after_keys_so_far(self._leave_now)

    def _leave_now(self) -> None:
        if self._typing():
            self.submit_draft(self.query_one(NoteInput).value)
            self.query_one(NoteInput).value = ""
        if self.session.started and not self.session.ended:
            self.record_event("leave")  # the clock resumes from here, not from the last note
        self.leaving = True
        self._exit_if_leaving()

    def _exit_if_leaving(self) -> None:
        """Quit once every save in flight has reported; ask first if any failed."""
        if not self.leaving or self.writer.busy:
            return
        self.leaving = False
        failed = self.writer.failed()
        if not failed:
            if self.leave_to_home:
                ppei_app(self).close_session(self.opened)
                ppei_app(self).go_home()
                self.app.notify(f"Session ended and saved: {self.opened.path.name}")
            else:
                self.app.exit()
            return
        notes = sum(1 for table, _ in failed if table == NOTES)
        self.app.push_screen(
            Confirm(
                f"{notes} note(s) and {len(failed) - notes} other change(s) are not on disk yet "
                "(see the error). Quit anyway and lose them?"
            ),
            lambda yes: self.app.exit() if yes else None,
        )
