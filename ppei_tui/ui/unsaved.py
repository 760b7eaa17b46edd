"""Closing a review dialog (the memo, the note editor) with typed text not saved: ask first.

Esc in the dialog, or Ctrl+Q anywhere while it is open, used to close it and the typed text
was gone. Now a dialog with changes asks, as the observe screen's leave dialog does
(ui/leaving.py): save, discard, or keep editing; Esc keeps editing, as it stays there.

A dialog takes part by mixing in `AsksBeforeClosing` and saying what it holds (`changed`,
`quoted`) and how it saves (`save_now`, False when it cannot: the problem is shown in the
dialog, which stays open). The app's Ctrl+Q calls `ask_before_closing(then=...)` on the top
dialog that has that method, `then` carrying on with the quit (over the observe screen: its
own leave dialog, which asks about the note being typed). Saving goes through the dialog's
`on_save` hook, called before the dialog is dismissed, so a quit that follows finds the change
already queued for the session's writer (which writes its queue before the app closes the
session). A screen that is no dialog (the home form) can ask the same question with nothing to
save: `UnsavedDialog(..., can_save=False)` offers keep editing and discard only.

When the terminal closes (SIGHUP) or the app is told to stop (SIGTERM) no question can be
shown: `save_on_signal` saves what each asking dialog holds, as `s` would, and returns what
could not be saved, which the app prints after it exits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label

from ppei_tui.ui.help import Dialog
from ppei_tui.ui.question_guard import GuardedQuestion
from ppei_tui.ui.shown import quote

QUOTED_CHARS = 240  # of the typed text quoted (wrapped, as the leave dialog quotes it)


class UnsavedChoice(Enum):
    KEEP_EDITING = "edit"
    SAVE = "save"
    DISCARD = "discard"


def quoted(text: str) -> str:
    """`text` for a one-paragraph quote: cut at a word within QUOTED_CHARS with …, line breaks
    shown as ⏎ (ui/shown.quote, as the leave dialog quotes the note being typed)."""
    return quote(text, QUOTED_CHARS)


class UnsavedDialog(Dialog[UnsavedChoice], GuardedQuestion):
    """What to do with a dialog's unsaved text; every choice says what it does to it."""

    help_title = "Closing: changes not saved yet"

    BINDINGS = [
        Binding("escape,e", "choose('edit')", "Keep editing", id="unsaved.edit"),
        Binding("s", "choose('save')", "Save", id="unsaved.save", tooltip="Save the changes, then close"),
        Binding("d", "choose('discard')", "Discard", id="unsaved.discard", tooltip="The changes are lost"),
    ]

    def __init__(self, what: str, text: str, then: str, can_save: bool = True):
        """`what` names the dialog's content ("The memo"), `text` is quoted, `then` says what
        happens after saving or discarding ("close it", "quit"); `can_save` False leaves `s` out
        (the text has nowhere to be saved, as the home form before a session starts)."""
        super().__init__()
        self.what = what
        self.text = text
        self.then = then
        self.can_save = can_save

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box", id="unsaved-box"):
            yield Label(f"Before you {self.then}:", classes="section")
            yield Label(f"{self.what} has changes not saved: “{quoted(self.text)}”", markup=False)
            yield Label("  Esc / e  keep editing")
            if self.can_save:
                yield Label(f"  s        save the changes, then {self.then}")
            yield Label(f"  d        discard the changes and {self.then}: they are lost")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides `s` from active_bindings too, so F1 lists only the answers offered.
        if action == "choose" and parameters and UnsavedChoice(str(parameters[0])) is UnsavedChoice.SAVE:
            return self.can_save
        return True

    def action_choose(self, choice: str) -> None:
        chosen = UnsavedChoice(choice)
        if chosen is not UnsavedChoice.SAVE or self.can_save:
            self.dismiss(chosen)


class AsksBeforeClosing:
    """Mixin for a Dialog holding text: Esc and Ctrl+Q ask before unsaved changes are lost."""

    unsaved_what = "The text"
    # True while closing for a quit: a dialog whose result starts something more (the reviewer's
    # initials open the review) dismisses with None then, its `on_save` having saved.
    quitting = False

    def changed(self) -> bool:
        """True if the dialog holds changes that saving would keep."""
        raise NotImplementedError

    def quoted(self) -> str:
        """The changed text, to quote in the question."""
        raise NotImplementedError

    def save_now(self) -> bool:
        """Save and close; False (and the reason shown in the dialog) if it cannot be saved."""
        raise NotImplementedError

    def close_unsaved(self) -> None:
        """Close without saving."""
        raise NotImplementedError

    def ask_before_closing(self, then: Callable[[], None] | None = None, then_words: str = "quit") -> None:
        """Close (then call `then`), asking first if there are changes: saved, discarded, or
        kept with the dialog open (`then` is not called then)."""
        if not self.changed():
            self.close_unsaved()
            if then is not None:
                then()
            return

        def answered(choice: UnsavedChoice | None) -> None:
            if choice is UnsavedChoice.SAVE:
                if not self._save(quitting=then is not None):
                    return
            elif choice is UnsavedChoice.DISCARD:
                self.close_unsaved()
            else:
                return
            if then is not None:
                then()

        words = then_words if then is not None else "close it"
        assert isinstance(self, Dialog)
        self.app.push_screen(UnsavedDialog(self.unsaved_what, self.quoted(), words), answered)

    def save_on_signal(self) -> str | None:
        """No question can be shown (SIGTERM, SIGHUP): save as `s` would. None if saved (or
        nothing to save), else what could not be saved, with the text, to print after exit."""
        if not self.changed() or self._save(quitting=True):
            return None
        return f"{self.unsaved_what.lower()} (could not be saved): {self.quoted()}"

    def _save(self, quitting: bool) -> bool:
        self.quitting = quitting  # read by save_now as it dismisses (synchronously)
        try:
            return self.save_now()
        finally:
            self.quitting = False


def save_on_signal(screens: Iterable[object]) -> list[str]:
    """`save_on_signal` of every screen that has it, top first: what could not be saved."""
    problems = []
    for screen in reversed(list(screens)):
        save = getattr(screen, "save_on_signal", None)
        if callable(save):
            problem = save()
            if problem:
                problems.append(problem)
    return problems
