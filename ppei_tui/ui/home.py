"""The home screen: start a new session with a short form, or resume an unfinished one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from ppei_tui import __version__
from ppei_tui.domain.attendees import parse_attendees, read_attendees
from ppei_tui.domain.session import new_session_info
from ppei_tui.storage.folders import SessionsFolderMissingError
from ppei_tui.storage.store import OpenSession, SessionSummary
from ppei_tui.ui import keys
from ppei_tui.ui.footer import KeyFooter
from ppei_tui.ui.ordered_input import NEXT, OrderedInput
from ppei_tui.ui.shown import on_screen, shown_text
from ppei_tui.ui.typed import ppei_app

# The form's typed fields (input id: its label in the question before quitting).
FORM_FIELDS = {
    "cop": "CoP",
    "site": "Site",
    "date": "Date",
    "observer": "Observer",
    "attendees": "Attendees",
    "agenda": "Agenda",
}


class SessionsListed(Message):
    def __init__(self, summaries: list[SessionSummary]):
        super().__init__()
        self.summaries = summaries


class SessionReady(Message):
    """`opened` to observe; `copies`: other files holding its session (resuming), asked about."""

    def __init__(self, opened: OpenSession, is_new: bool, copies: list[Path] | None = None):
        super().__init__()
        self.opened = opened
        self.is_new = is_new
        self.copies = copies


class FolderMissing(Message):
    """Starting a session needs a sessions folder that does not exist: ask before making it."""

    def __init__(self, template_id: str, cop: str, values: dict[str, str]):
        super().__init__()
        self.template_id, self.cop, self.values = template_id, cop, values


class SessionFailed(Message):
    def __init__(self, error: str):
        super().__init__()
        self.error = error


class HomeScreen(Screen):
    help_title = "Home: start or resume a session"
    BINDINGS = [
        Binding(
            "ctrl+s", "start", "Start observing", id="home.start", tooltip="Start a session from the form"
        ),
        Binding(
            "ctrl+r", "refresh", "Refresh list", id="home.refresh", tooltip="Read the sessions folder again"
        ),
        Binding(
            "ctrl+o", "focus_resume", "Resume…", id="home.resume", tooltip="Go to the unfinished sessions"
        ),
        Binding("ctrl+n", "focus_form", "New…", id="home.new", tooltip="Go to the new-session form"),
        Binding(
            keys.REVIEW_SESSIONS,
            "app.show_sessions",
            "Review past sessions",
            id="home.review",
            tooltip="Browse, search, re-code and compare past sessions",
        ),
        Binding("ctrl+q", "app.quit", "Quit", id="home.quit", priority=True),
    ]

    def __init__(self, config, store):
        super().__init__()
        self.config = config
        self.store = store
        self.summaries: list[SessionSummary] = []
        self.first_listing = True
        # A session is being opened or created: Enter (or Ctrl+S) again waits for it, so one
        # press opens one session (a second would find the first's lock and say "in use").
        self.opening = False
        self.template_roles: dict[str, tuple[str, ...]] = {}
        # The form as nothing typed would leave it (or as it started the last session): Ctrl+Q
        # asks first only when the form differs from it (see ask_before_closing).
        self.form_unchanged: dict[str, str] = {}
        self.form_starting: dict[str, str] = {}  # the form that is starting a session now

    def compose(self) -> ComposeResult:
        templates = self.config.templates.templates()
        self.template_roles = {t.id: t.speaker_roles for t in templates}
        options = [(shown_text(f"{t.name} ({t.id} v{t.version})"), t.id) for t in templates]
        default = "hatfield-ppei" if any(t.id == "hatfield-ppei" for t in templates) else Select.BLANK
        with VerticalScroll(id="home"):
            yield Label(f"ppei-tui {__version__} · field notes for communities of practice", id="home-title")
            missing = "" if self.store.directory.is_dir() else " (does not exist yet)"
            yield Label(shown_text(f"Sessions folder: {self.store.directory}{missing}"), classes="hint")
            with Horizontal(id="home-columns"):
                with Vertical(id="new-session"):
                    yield Label("New session (Ctrl+N; Ctrl+S starts)", classes="section")
                    # Real labels: a placeholder alone vanishes as soon as the field is typed in.
                    yield Label("Template", classes="field-label")
                    yield Select(options, value=default, id="template", prompt="Template")
                    yield Label("Community of practice (required)", classes="field-label")
                    yield OrderedInput(placeholder="e.g. Governing Body", id="cop", enter_focus=NEXT)
                    yield Label("Site", classes="field-label")
                    yield OrderedInput(placeholder="e.g. Riverside CCG (urban)", id="site", enter_focus=NEXT)
                    yield Label("Date of the meeting", classes="field-label")
                    yield OrderedInput(
                        value=self.config.clock().date().isoformat(),
                        placeholder="YYYY-MM-DD",
                        id="date",
                        enter_focus=NEXT,
                    )
                    yield Label("Observer", classes="field-label")
                    # $PPEI_OBSERVER, as review uses it: whoever set it is the one observing here.
                    yield OrderedInput(
                        value=self.config.observer,
                        placeholder="your name or initials",
                        id="observer",
                        enter_focus=NEXT,
                    )
                    yield Label("Attendees: pseudonym and role, separated by ;", classes="field-label")
                    yield OrderedInput(
                        placeholder="e.g. Ash: GP lead; Birch (lay representative), Cedar chair",
                        id="attendees",
                        enter_focus=NEXT,
                    )
                    yield Label("", id="attendees-read", classes="hint", markup=False)
                    yield Label("Agenda items, separated by ;", classes="field-label")
                    yield OrderedInput(
                        placeholder="e.g. Welcome; Minutes; Finance report", id="agenda", enter_focus=NEXT
                    )
                    yield Button("Start observing (Ctrl+S)", id="start", variant="primary")
                with Vertical(id="resume"):
                    yield Label("Unfinished sessions (Ctrl+O, then Enter to resume)", classes="section")
                    yield OptionList(id="unfinished")
                    yield Label("", id="unreadable", classes="hint", markup=False)
        yield KeyFooter()

    def help_keys(self) -> list[tuple[str, str, str]]:
        return [
            ("tab,shift+tab", "Next / previous field", ""),
            ("enter", "In the form: next field; in the unfinished sessions: resume the highlighted one", ""),
        ]

    def on_mount(self) -> None:
        self.form_unchanged = self.form_values()
        self.query_one("#cop", Input).focus()
        self.action_refresh()

    # --- the form's typed text on the way out (ui/unsaved.py) ---------------------------------
    def form_values(self) -> dict[str, str]:
        """The form's fields by label, as typed (the template by its id)."""
        values = {"Template": str(self.query_one("#template", Select).value)}
        for field, label in FORM_FIELDS.items():
            values[label] = self.query_one(f"#{field}", Input).value
        return values

    def form_changed(self) -> bool:
        return self.form_values() != self.form_unchanged

    def _form_quoted(self) -> str:
        changed = {k: v for k, v in self.form_values().items() if v != self.form_unchanged.get(k)}
        return " · ".join(f"{label}: {value}" for label, value in changed.items())

    def ask_before_closing(self, then: Callable[[], None] | None = None, then_words: str = "quit") -> None:
        """Ctrl+Q with the form filled in asks first (keep editing or discard: a form has
        nothing to save it to before its session starts), as the dialogs do (ui/unsaved.py)."""
        from ppei_tui.ui.unsaved import UnsavedChoice, UnsavedDialog

        if not self.form_changed():
            if then is not None:
                then()
            return

        def answered(choice: UnsavedChoice | None) -> None:
            if choice is UnsavedChoice.DISCARD and then is not None:
                then()

        question = UnsavedDialog("The new-session form", self._form_quoted(), then_words, can_save=False)
        self.app.push_screen(question, answered)

    def save_on_signal(self) -> str | None:
        """SIGTERM/SIGHUP: the form cannot be kept anywhere; what was typed is printed after exit."""
        return f"the new-session form (not started): {self._form_quoted()}" if self.form_changed() else None

    def action_focus_resume(self) -> None:
        self.query_one("#unfinished", OptionList).focus()

    def action_focus_form(self) -> None:
        self.query_one("#cop", Input).focus()

    def action_refresh(self) -> None:
        self._list_sessions()

    @work(thread=True, exit_on_error=False, group="load")
    def _list_sessions(self) -> None:
        self.post_message(SessionsListed(self.store.summaries()))

    def on_sessions_listed(self, message: SessionsListed) -> None:
        self.summaries = message.summaries
        options = self.query_one("#unfinished", OptionList)
        options.clear_options()
        unfinished = [
            (index, summary)
            for index, summary in enumerate(self.summaries)
            if summary.session is not None and not summary.finished
        ]
        unfinished.sort(
            key=lambda pair: pair[1].session.info.created if pair[1].session else "", reverse=True
        )
        for index, summary in unfinished:
            options.add_option(Option(shown_text(summary.describe()), id=str(index)))
        if not unfinished:
            options.add_option(Option("(none)", id="none", disabled=True))
        else:
            options.highlighted = 0
            if self.first_listing:
                options.focus()  # most likely wanted after a crash or a break: Enter resumes
        self.first_listing = False
        broken = [s.describe() for s in self.summaries if s.session is None]
        self.query_one("#unreadable", Label).update(on_screen("\n".join(broken)))

    @on(Input.Changed, "#attendees")
    @on(Select.Changed, "#template")
    def show_attendees_read(self) -> None:
        """Say how the attendee list is being read, as it is typed (rule: domain/attendees.py)."""
        text = self.query_one("#attendees", Input).value
        roles = self.template_roles.get(str(self.query_one("#template", Select).value), ())
        shown = read_attendees(text, roles).summary() if text.strip() else ""
        self.query_one("#attendees-read", Label).update(on_screen(shown))

    @on(OptionList.OptionSelected, "#unfinished")
    def resume(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id != "none" and not self.opening:
            self.opening = True
            self._open_session(self.summaries[int(event.option.id)].path)

    @work(thread=True, exit_on_error=False, group="load")
    def _open_session(self, path: Path) -> None:
        from ppei_tui.storage.resume_copies import open_for_resume  # with other files of its session

        try:
            opened, copies = open_for_resume(self.store, path)
        except Exception as error:  # locked, unreadable, or gone: say so and stay here
            self.post_message(SessionFailed(str(error)))
            return
        self.post_message(SessionReady(opened, is_new=False, copies=copies))

    @on(Button.Pressed, "#start")
    def start_pressed(self) -> None:
        self.action_start()

    @on(Input.Submitted)
    def field_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter moved to the next field already (enter_focus), before the next key

    def action_start(self) -> None:
        cop = self.query_one("#cop", Input).value.strip()
        template_id = self.query_one("#template", Select).value
        if not cop:
            self.notify("Name the community of practice first.", severity="warning")
            self.query_one("#cop", Input).focus()
            return
        if template_id == Select.BLANK:
            self.notify("Choose a template first.", severity="warning")
            return
        values = {
            name: self.query_one(f"#{name}", Input).value.strip()
            for name in ("site", "date", "observer", "attendees", "agenda")
        }
        reading = read_attendees(values["attendees"], self.template_roles.get(str(template_id), ()))
        if reading.errors:
            self.notify(
                "\n".join(reading.errors), title="Attendees cannot be read", severity="error", timeout=10
            )
            self.query_one("#attendees", Input).focus()
            return
        if not self.opening:
            self.opening = True
            self.form_starting = self.form_values()
            self._create_session(str(template_id), cop, values)

    @work(thread=True, exit_on_error=False, group="load")
    def _create_session(self, template_id: str, cop: str, values: dict[str, str]) -> None:
        try:
            template = self.config.templates.get(template_id)
            info = new_session_info(
                template,
                cop,
                self.config.clock(),
                site=values["site"],
                observer=values["observer"],
                attendees=parse_attendees(values["attendees"], template.speaker_roles),
                agenda=[a.strip() for a in values["agenda"].split(";") if a.strip()],
                date=values["date"],
                app_version=__version__,
            )
            opened = self.store.create(info)
        except SessionsFolderMissingError:  # a mistyped --sessions-dir? ask, never create silently
            self.post_message(FolderMissing(template_id, cop, values))
            return
        except Exception as error:  # bad template or unwritable folder: report, keep the form
            self.post_message(SessionFailed(str(error)))
            return
        self.post_message(SessionReady(opened, is_new=True))

    def on_folder_missing(self, message: FolderMissing) -> None:
        from ppei_tui.ui.modals import Confirm

        self.opening = False

        def answered(create: bool | None) -> None:
            if create:
                if not self.opening:
                    self.opening = True
                    self.store.create_missing = True
                    self._create_session(message.template_id, message.cop, message.values)
            else:
                self.notify(
                    "No session was started. Quit and give the right --sessions-dir, or start "
                    "again and answer y to create the folder.",
                    severity="warning",
                )

        question = f"The sessions folder {self.store.directory} does not exist.\nCreate it and start?"
        self.app.push_screen(Confirm(question), answered)

    def on_session_failed(self, message: SessionFailed) -> None:
        self.opening = False
        self.notify(message.error, title="Could not open the session", severity="error", timeout=10)

    def on_session_ready(self, message: SessionReady) -> None:
        self.opening = False
        if message.is_new:  # the form is used: back home after the session, no question about it
            self.form_unchanged = self.form_starting
        if message.copies:
            ppei_app(self).resume_asking(message.opened, message.copies)
        else:
            ppei_app(self).observe(message.opened, message.is_new)
