"""The app's part that opens sessions for review: once each, off the UI thread, after knowing
who is reviewing (`--as`, $PPEI_OBSERVER, the saved initials, or asked once).

A base of PpeiApp (ui/app.py), which gives the attributes declared here; kept apart so that
app.py holds navigation, signals, outputs and keys, each file under ~400 lines.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import work

from ppei_tui.config import Config
from ppei_tui.storage.store import OpenSession, SessionStore
from ppei_tui.ui.key_order import KeysInOrder
from ppei_tui.ui.messages import Notice, ReviewReady


class ReviewOpening(KeysInOrder):
    """Opening a session for review and knowing who reviews (see the module docstring)."""

    config: Config
    store: SessionStore
    reviewer: str
    opening_reviews: set[Path]
    open_sessions: list[OpenSession]

    def close_session(self, opened: OpenSession) -> None:
        """Release `opened` (PpeiApp's: fold and unlock it)."""
        raise NotImplementedError

    def open_review(self, path: str) -> None:
        """Open a session for review, once: ignored while it is being opened or is open. Asks
        who is reviewing first if that is not known yet (see ensure_reviewer)."""
        if not self.reviewer:
            self.ensure_reviewer(lambda: self.open_review(path))
            return
        from ppei_tui.ui.review import ReviewScreen

        wanted = Path(path)
        if wanted in self.opening_reviews or any(
            isinstance(screen, ReviewScreen) and screen.path == wanted for screen in self.screen_stack
        ):
            return
        self.opening_reviews.add(wanted)
        self._open_for_review(wanted)

    @work(thread=True, exit_on_error=False, group="load")
    def _open_for_review(self, path: Path) -> None:
        from ppei_tui.storage.folders import SessionsFolderNotWritableError
        from ppei_tui.storage.lock import SessionLockedError
        from ppei_tui.storage.store import load_session

        reason = ""
        try:
            try:
                opened = self.store.open(path)
                session = opened.session
            except SessionLockedError as locked:  # open elsewhere (maybe as another file): read-only
                opened, session = None, load_session(path)
                reason = str(locked).removeprefix(f"{path}: ")
            except SessionsFolderNotWritableError:  # it can still be read
                opened, session = None, load_session(path)
                reason = f"the folder {path.parent} cannot be written (make it writable to edit)"
        except Exception as error:  # unreadable file: say so, stay on the list
            self.opening_reviews.discard(path)  # no screen follows; Enter may try again
            self.post_message(Notice("Could not open", str(error), "error", 10))
            return
        self.post_message(ReviewReady(path, session, opened, reason))

    def ensure_reviewer(self, then: Callable[[], None]) -> None:
        """Know who is reviewing, then call `then`: `--as`, else $PPEI_OBSERVER (config.observer,
        so F3 on the home screen credits the same person `ppei review` does), else the saved
        initials, else asked once ("Who is reviewing?") and saved beside the theme. Esc leaves
        `then` uncalled."""
        from ppei_tui.ui.preferences import load_reviewer

        self.reviewer = self.reviewer or self.config.observer or load_reviewer(self.config.config_dir)
        if self.reviewer:
            then()
            return

        def answered(name: str | None) -> None:
            if name:  # saved by the prompt's on_save (set_reviewer)
                then()

        self.ask_reviewer(answered)

    def ask_reviewer(self, answered: Callable[[str | None], None]) -> None:
        """Ask for the initials; saved (set_reviewer) as the prompt closes, then `answered(name)`
        (None after Esc, or when the initials were saved on the way out by a quit)."""
        from ppei_tui.ui.modals import AskingPrompt
        from ppei_tui.ui.preferences import reviewer_problem

        prompt = AskingPrompt(  # Esc or Ctrl+Q with initials typed asks first (ui/unsaved.py)
            "Who is reviewing? Your initials",
            self.reviewer,
            "Edits and memos in review are credited to them; remembered on this computer "
            "(i in review changes them)",
            check=reviewer_problem,
            on_save=self.set_reviewer,
            what="The reviewer's name",
        )
        self.push_screen(prompt, answered)

    def set_reviewer(self, name: str) -> None:
        """Credit review edits to `name` from now on and remember it in the settings file."""
        from ppei_tui.ui.preferences import save_reviewer

        self.reviewer = name.strip()
        if self.config.config_dir is None:
            return
        try:
            save_reviewer(self.config.config_dir, self.reviewer)
        except OSError as error:  # edits still carry the name; it is only not remembered
            self.notify(f"Your initials are not remembered: {error}", severity="warning")

    def on_review_ready(self, ready: ReviewReady) -> None:
        from ppei_tui.ui.review import ReviewScreen

        self.opening_reviews.discard(ready.path)
        if ready.opened is not None:
            self.open_sessions.append(ready.opened)
        screen = ReviewScreen(ready.path, ready.session, ready.opened, self.config, self.reviewer)
        if ready.read_only_reason:
            screen.read_only_reason = ready.read_only_reason
        self.push_screen(screen)

    def close_review(self, screen) -> None:
        if screen.opened is not None:
            self.close_session(screen.opened)
        self.pop_screen()
        if hasattr(self.screen, "reload"):
            self.screen.reload()
