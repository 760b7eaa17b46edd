"""The Textual application: home, observing, and reviewing past sessions."""

from __future__ import annotations

import signal
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ppei_tui.config import Config
from ppei_tui.domain.wording import count as count_of
from ppei_tui.storage.store import OpenSession, SessionStore
from ppei_tui.ui import keys
from ppei_tui.ui.app_review import ReviewOpening
from ppei_tui.ui.closing_signals import handle_signals, release_signals
from ppei_tui.ui.messages import Notice
from ppei_tui.ui.notice_line import NoticeLine
from ppei_tui.ui.observe import ObserveScreen
from ppei_tui.ui.stylesheets import FIRST_SCREEN_CSS, BottomScreen, read_other_screens_css


class NoticeRecord(NamedTuple):
    """A message the app showed (on a screen's notice line or as a toast)."""

    severity: str
    title: str
    message: str


class PpeiApp(ReviewOpening):  # KeysInOrder beneath: keys one at a time (key_order)
    CSS_PATH = FIRST_SCREEN_CSS  # the rest, ppei.tcss, when first needed (ui/stylesheets.py)
    TITLE = "ppei-tui"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = keys.PALETTE
    COMMAND_PALETTE_DISPLAY = "^k"
    BINDINGS = [
        Binding(keys.HELP, "help", "Help", id="app.help", tooltip="The keys of this screen"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
        keys.PALETTE_BINDING,
    ]

    def __init__(
        self,
        config: Config,
        store: SessionStore,
        opened: OpenSession | None = None,
        is_new: bool = False,
        copies: list[Path] | None = None,
        start_in_review: bool = False,
        reviewer: str = "",
        review_path: Path | None = None,
    ):
        super().__init__()
        self.config = config
        self.store = store
        self._initial = (opened, is_new)
        self._initial_copies = copies  # `observe --resume` of a file another file's session shares
        self.start_in_review = start_in_review
        self.review_path = review_path  # `ppei review FILE`: opened over the list of sessions
        # Who review edits and memos are credited to: `ppei review --as NAME`, else the initials
        # saved in the settings file, else asked before the first review opens (ensure_reviewer).
        self.reviewer = reviewer
        # Sessions being opened for review: a second Enter before the first open finishes
        # must not open the session twice (the second saw the first as "another ppei").
        self.opening_reviews: set[Path] = set()
        self.open_sessions: list[OpenSession] = []
        self._signals: list[int] = []
        self.notices: list[NoticeRecord] = []  # every message shown, oldest first
        # Printed on stderr by the command line once the app has exited (ui/recovering.py): the
        # full text of notes the disk refused, too long and too exact for Textual's exit message.
        self.exit_report: list[str] = []
        # The saved look is set before the app runs: a theme change makes Textual parse every CSS
        # source again, and now only its own and observe.tcss are there (set in on_mount, after
        # the first screen's sources were read and styled, it cost a light-theme start ~19M
        # instructions more). Its problem, if any, is shown once the app runs (on_mount).
        self._theme_problem = self._apply_saved_theme()

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, its input parser keeping an escape sequence inside a bracketed
        paste in the paste (ui/paste_parser.py: Textual's own split the paste into keys)."""
        from ppei_tui.ui.paste_parser import install

        install()
        return super().get_driver_class()

    def action_help(self) -> None:
        """F1 anywhere: the keys of the active screen or dialog, from its own bindings."""
        from ppei_tui.ui.help import open_help

        open_help(self)

    def on_mount(self) -> None:
        self._remember_theme_changes()
        self._apply_keymap()
        self._signals = handle_signals(self.leave_on_signal)
        opened, is_new = self._initial
        if opened is not None:
            if self._initial_copies:  # `observe --resume` of a file another file's session shares
                self.resume_asking(opened, self._initial_copies)
            else:
                self.observe(opened, is_new)  # straight to typing; home is built only if asked for
        elif self.start_in_review:
            from ppei_tui.ui.sessions import FirstSessionsScreen  # Esc there leaves the app

            self.push_screen(FirstSessionsScreen(self.store))
            if self.review_path is not None:
                self.open_review(str(self.review_path))
        else:
            self.go_home()

    # --- navigation ---------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        """Textual's blank bottom screen, as a BottomScreen: its CSS base chain matches the
        observe screen's, so Textual does not parse Screen's and Widget's CSS twice at start."""
        return BottomScreen(id="_default")

    def push_screen(self, screen: Screen[Any] | str, *args: Any, **kwargs: Any) -> Any:
        """Textual's push_screen; any screen but observe first has ppei.tcss read (its rules),
        if the app started on observe and has not read it yet (ui/stylesheets.py)."""
        if not isinstance(screen, ObserveScreen):
            read_other_screens_css(self)
        return super().push_screen(screen, *args, **kwargs)

    def observe(self, opened: OpenSession, is_new: bool) -> None:
        self.open_sessions.append(opened)
        self.push_screen(ObserveScreen(opened, self.config, is_new))

    def resume_asking(self, opened: OpenSession, copies: list[Path]) -> None:
        """Resume `opened` once the observer has said yes to `copies`: other files holding its
        session (storage/resume_copies.py), asked about before anything is recorded into it."""
        from ppei_tui.ui.copies_question import ask_about_copies  # only when resuming a copy

        ask_about_copies(self, opened, copies, lambda: self.observe(opened, False))

    def go_home(self) -> None:
        from ppei_tui.ui.home import HomeScreen  # not needed to start straight into observing

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.action_refresh()
        else:
            self.push_screen(HomeScreen(self.config, self.store))

    def action_show_sessions(self) -> None:
        from ppei_tui.ui.sessions import SessionsScreen

        self.push_screen(SessionsScreen(self.store))

    async def action_quit(self) -> None:
        """Ctrl+Q (Textual's priority binding, checked before any screen's): leaving goes through
        the observe screen, which asks first if anything typed is not on disk yet."""
        self._quit_asking(len(self.screen_stack))

    def _leave_or_exit(self) -> None:
        observing = [s for s in self.screen_stack if isinstance(s, ObserveScreen)]
        if observing:
            observing[-1].action_leave()
        else:
            self.exit()

    def _quit_asking(self, below: int) -> None:
        """Quit, first asking each screen under index `below` that holds typed text or changes
        not on disk (a memo, a prompt, a review, the home form; ui/unsaved.py), top first: each
        answer carries the quit on to the next, then through the observe screen's own question."""
        from ppei_tui.ui.leaving import LeaveDialog
        from ppei_tui.ui.unsaved import UnsavedDialog

        for index in range(min(below, len(self.screen_stack)) - 1, -1, -1):
            screen = self.screen_stack[index]
            if isinstance(screen, (UnsavedDialog, LeaveDialog)):
                return  # the question is on screen: it is answered there (not asked twice)
            if isinstance(screen, ObserveScreen):
                break  # it asks itself; the home form beneath it is not this quit's
            ask = getattr(screen, "ask_before_closing", None)
            if callable(ask):
                above = self.screen_stack[index + 1 :]
                if all(s.is_modal for s in above):  # its F1 help: the question goes straight above it
                    for _ in above:
                        self.pop_screen()
                ask(then=partial(self._quit_asking, index))
                return
        self._leave_or_exit()

    def close_session(self, opened: OpenSession) -> None:
        if opened in self.open_sessions:
            self.open_sessions.remove(opened)
            opened.close()

    # --- signals: the app closed from outside (ui/closing_signals.py) -------------------------
    def leave_on_signal(self, signum: int) -> None:
        """No dialog can be shown: each dialog with typed text saves it (ui/unsaved.py), each
        observe screen writes what it can, then the app exits
        (status 128 + signal number); what could not be written is printed after exit."""
        from ppei_tui.ui.unsaved import save_on_signal

        reason = f"{signal.Signals(signum).name}: the app was closed from outside"
        problems = save_on_signal(self.screen_stack)  # a dialog's text first: observe waits for its writer
        for screen in self.screen_stack:
            if isinstance(screen, ObserveScreen):
                problems += screen.leave_on_signal(reason)
        # Printed by the command line after exit, exactly (outputs/printed): Textual's exit
        # message would read "[bold]" in a note as markup and wrap the text to the window.
        # First: they say the recovery reports below them hold the text in full.
        if problems:
            self.exit_report.insert(0, "\n".join(f"ppei: not written before exit: {p}" for p in problems))
        self.exit(return_code=128 + signum)

    def on_unmount(self) -> None:
        release_signals(self._signals)
        for opened in list(self.open_sessions):
            opened.close()

    # --- outputs --------------------------------------------------------------------------
    def choose_export(self, session_path: Path) -> None:
        """F8: a list of formats and an editable path beside the session file, then export."""
        from ppei_tui.outputs.commands import EXPORT_FORMATS
        from ppei_tui.ui.export_dialog import ExportDialog

        def chosen(answer: tuple[str, Path] | None) -> None:
            if answer is not None:
                self.export_session(session_path, *answer)

        self.push_screen(ExportDialog(session_path, EXPORT_FORMATS), chosen)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
        source: str = "",
    ) -> None:
        """Every message passes here: kept in `notices`, and shown on the screen's notice line
        when it has one (the observe screen: a toast there would cover the note being typed).
        `source` names the action a message reports on (see NoticeLine.show).

        A toast is drawn as plain text, whatever `markup` says: messages quote notes, names and
        files (`[/]` in one raised MarkupError, `[@click=app.quit]` ran an action), and
        Widget.notify passes markup=True by default, so the flag cannot tell a caller that
        means markup from one that does not; no message here uses markup. Control characters
        are drawn as signs (ui/shown.on_screen); `notices` keeps the message as given."""
        from ppei_tui.ui.shown import on_screen

        del markup  # see above: never markup
        self.notices.append(NoticeRecord(severity, title, message))
        lines = self.screen.query(NoticeLine)
        if lines:
            lines.first().show(message, title, severity, timeout or 4, source=source)
            return
        shown = on_screen(message)
        super().notify(shown, title=on_screen(title), severity=severity, timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        """Ctrl+C outside a text field, or in the note with nothing selected (NoteInput.action_copy):
        Textual's own says how to quit in markup (`[b]...[/b]`), which notify draws as typed (see
        notify), so the same words, plain."""
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit", "leave"):  # observe's Quit is "leave"
                self.notify(
                    f"Press {self.get_key_display(active.binding)} to quit the app",
                    title="Do you want to quit?",
                )
                return

    def on_notice(self, notice: Notice) -> None:
        self.notify(notice.text, title=notice.title, severity=notice.severity, timeout=notice.timeout)

    @work(thread=True, exit_on_error=False, group="report")
    def export_session(self, session_path: Path, fmt: str, output: Path) -> None:
        from ppei_tui.outputs.commands import export_bytes
        from ppei_tui.outputs.exports import LoadedSession, write_export

        warnings: list[str] = []
        try:
            loaded = [LoadedSession.read(session_path)]  # read once: notes and hash agree
            # Re-exporting a session replaces its previous export of the same format.
            payload = export_bytes(fmt, loaded, self.config.clock(), True, warnings)
            write_export(output, payload, force=True, reading=[session_path])
        except Exception as error:  # shown; the app and the session carry on
            self.post_message(Notice.failure("Export failed", error))
            return
        self.post_message(Notice(f"Exported {fmt}", "\n".join([str(output), *dict.fromkeys(warnings)])))

    @work(thread=True, exit_on_error=False, group="report")
    def write_report(self, session_path: Path) -> None:
        """The PDF of a session as it is on disk, in a thread: the UI carries on meanwhile."""
        from ppei_tui.outputs.pdf_report import write_report
        from ppei_tui.storage.snapshot import load_session_bytes

        output = session_path.with_suffix(".pdf")
        self.post_message(Notice("PDF summary", f"Writing {output.name}…", timeout=3))
        try:
            snapshot = load_session_bytes(session_path)  # read once: notes and hash agree
            result = write_report(
                snapshot.session, session_path, output, self.config.clock(), snapshots=[snapshot]
            )
        except Exception as error:  # shown; the app and the session carry on
            self.post_message(Notice.failure("PDF summary failed", error))
            return
        message = f"{result.path} ({count_of(result.pages, 'page')}, {count_of(result.notes, 'note')})"
        for warning in result.warnings():
            message += f"\nWarning: {warning}"
        self.post_message(Notice("PDF summary written", message, timeout=10))

    # --- keys, the command palette and the look ------------------------------------------------
    def _apply_keymap(self) -> None:
        """Rebind keys from keymap.toml by binding id; a bad file is reported and not used."""
        config_dir = self.config.config_dir
        if config_dir is None or not (config_dir / keys.KEYMAP_FILE).exists():
            return  # no keymap: nothing to import or check
        try:
            keymap = keys.load_keymap(config_dir, keys.all_binding_ids(), keys.note_editing_keys())
        except keys.KeymapError as error:
            self.notify(str(error), title="Keymap not used", severity="error", timeout=30)
            return
        self.set_keymap(keymap)

    def get_key_display(self, binding: Binding) -> str:
        """Every key an action is on, as the palette's titles show it: "^t/F2" (the first key
        only on a narrow terminal). The footer of every screen (ui/footer.py) chooses for
        itself from the width it has."""
        from ppei_tui.ui.footer import is_narrow

        if is_narrow(self.size.width):
            return self.key_display(binding)
        return keys.shown_keys(self.screen, binding, self.key_display)

    def key_display(self, binding: Binding) -> str:
        """One key as the footer shows it ("^t", "F2")."""
        shown = super().get_key_display(binding)
        return shown.upper() if keys.F_KEY.match(shown) else shown

    def screen_help(self) -> list[keys.KeyLine]:
        return keys.help_lines(self.screen)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: this screen's actions (with their keys), the light and dark looks."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            group = binding.id or binding.action
            if not binding.id or group in seen or binding.id == "app.quit":
                continue
            seen.add(group)
            title = f"{binding.description} ({self.get_key_display(binding)})"
            yield SystemCommand(
                title,
                binding.tooltip or binding.description,
                partial(self.run_action, binding.action, active.node),
            )
        yield SystemCommand(
            "Light look", "Textual's light theme (remembered)", partial(self.use_theme, "textual-light")
        )
        yield SystemCommand(
            "Dark look", "Textual's dark theme (remembered)", partial(self.use_theme, "textual-dark")
        )
        yield from super().get_system_commands(screen)

    def _apply_saved_theme(self) -> str:
        """Set the theme saved in the settings file; gives why it was not used ("" if it was)."""
        from ppei_tui.ui.preferences import load_theme

        theme, problem = load_theme(self.config.config_dir, set(self.available_themes))
        self.theme = theme
        return problem

    def _remember_theme_changes(self) -> None:
        if self._theme_problem:
            self.call_later(self.notify, self._theme_problem, severity="warning")
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def use_theme(self, name: str) -> None:
        self.theme = name

    def _remember_theme(self, theme: object) -> None:
        from ppei_tui.ui.preferences import save_theme

        if self.config.config_dir is None:
            return
        try:
            save_theme(self.config.config_dir, self.theme)
        except OSError as error:  # the look still changes; it is only not remembered
            self.notify(f"The theme is not remembered: {error}", severity="warning")
