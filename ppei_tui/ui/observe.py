"""The observe screen: write timestamped, tagged notes live while the meeting runs."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from ppei_tui.domain.tags import current_token, token_examples
from ppei_tui.storage.reading import PROMPT_TEXTS
from ppei_tui.storage.store import NOTES
from ppei_tui.ui import keys
from ppei_tui.ui.draft_keeper import DRAFT_KEY
from ppei_tui.ui.footer import LATER, KeyFooter
from ppei_tui.ui.map_panel import MapPanel
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.note_log import NoteLog
from ppei_tui.ui.notice_line import NoticeLine
from ppei_tui.ui.observe_leaving import ObserveLeaving
from ppei_tui.ui.observe_map import ObserveMap
from ppei_tui.ui.observe_meeting import ObserveMeeting
from ppei_tui.ui.observe_resume import ObserveResume
from ppei_tui.ui.observe_tagging import ObserveTagging
from ppei_tui.ui.saving import Saved, SaveFailed, failure_text, show_open_warnings
from ppei_tui.ui.status_bar import StatusBar
from ppei_tui.ui.stylesheets import read_after_first_frame
from ppei_tui.ui.tag_picker import PICKER_RULE


class ObserveScreen(ObserveLeaving, ObserveMeeting, ObserveTagging, ObserveMap, ObserveResume):
    """Write timestamped, tagged notes live; its parts are in the observe_* modules (see
    ui/observe_base.py), its keys and layout, the typing and the writer's outcomes here."""

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
            tooltip="Next elements (or lines of a tall one) of a map too big for its panel; typing goes on",
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
        yield StatusBar(
            f"{info.cop} · {info.site or 'no site'} · {self.session.template.name}", id="status-bar"
        )
        yield NoticeLine(id="notice")
        with Vertical(id="observe-body"):
            yield NoteLog(id="note-log")
            yield MapPanel(id="map-panel")
        yield Static("", id="hint", markup=False)  # tag labels: names people typed
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
        read_after_first_frame(self)  # the other screens' rules, once the observer can type

    def post_message(self, message: Message) -> bool:
        """Two messages Textual sends at start that would redo work for nothing.

        The first ScreenResume (posted by push_screen) does not style every node again: each
        was styled as it was mounted, just before, with the stylesheet as it is (the theme is
        set before the screen is pushed; focus restyles what it changes itself). Later ones
        (back from a dialog or from home) restyle as Textual does.

        A Resize to the size the screen is laid out at is dropped: Textual lays the whole
        screen out again for it at once, apart from the layout already due, and draws what is
        waiting in a frame of its own. The App passes on the terminal's last size when idle
        even when it did not change (the headless driver's at start), and the screen's first
        layout sends one to the screen itself. A layout asked for meanwhile is done as usual."""
        if isinstance(message, events.Resize) and message.size == self.outer_size:
            return False
        if isinstance(message, events.ScreenResume) and not self.resumed_once:
            self.resumed_once = True
            message.refresh_styles = False
        return super().post_message(message)

    def _heartbeat(self) -> None:
        if not self.session.ended and not self.leaving:
            self.keeper.changed(self.draft)

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

    # --- the writer's outcomes (the parts submit; the marks and the map follow here) --------
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
        if table == PROMPT_TEXTS:  # the text is still in its prompt or pending; retried by itself
            self.notify(
                f"{outcome.error}\nThe agenda or late-arrival text is only on screen; retried by itself.",
                title="Could not keep the prompt text on disk",
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

    # --- help ---------------------------------------------------------------------------
    @property
    def help_text(self) -> Text:
        """The tag syntax with tokens of this session's template, and the number picker's rule.
        The tokens come from the template file, so they are Text put between the markup, never
        read as markup (ui/shown.shown_text says why)."""
        from ppei_tui.ui.modals import HELP_TEXT, tag_help_lines
        from ppei_tui.ui.shown import shown_text

        before, after = HELP_TEXT.split("{tags}")
        after += f"\n[b]The number picker[/b] (Ctrl+T or F2; Tab or → accepts a completion)\n{PICKER_RULE}"
        tags = tag_help_lines(token_examples(self.vocabulary))
        return Text.assemble(Text.from_markup(before), shown_text(tags), Text.from_markup(after))

    def action_help(self) -> None:
        from ppei_tui.ui.help import open_help  # read at the first F1: the first screen does not need it

        open_help(self.app, self)
