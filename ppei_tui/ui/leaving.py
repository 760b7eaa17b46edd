"""The leave dialog: what is not on disk when the observer asks to leave, and the choices.

The draft keeper (the note being typed kept on disk behind the keyboard) is in
ui/draft_keeper.py: the observe screen needs it from its first frame, this dialog only when
the observer leaves, so the dialog's module (and ui/help.py beneath it) is read then.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label

from ppei_tui.domain.wording import count as count_of
from ppei_tui.ui.help import Dialog
from ppei_tui.ui.question_guard import GuardedQuestion
from ppei_tui.ui.shown import on_screen, quote


class LeaveChoice(Enum):
    STAY = "stay"
    SAVE_NOTE = "save"
    KEEP_DRAFT = "draft"
    DISCARD = "discard"


class LeaveState(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    """What is not on disk when the observer asks to leave."""

    text: str
    unsaved_notes: int
    unsaved_other: int
    error: str
    ending: bool
    retry_seconds: float

    @property
    def verb(self) -> str:
        return "end the session" if self.ending else "quit"


QUOTED_CHARS = 240  # of the typed text quoted in the dialog (wrapped); longer text ends in …


class LeaveDialog(Dialog[LeaveChoice], GuardedQuestion):  # Dialog: F1 lists its keys (observe-ui's hook)
    """Asks what to do with what is not on disk; every choice says what it does to the notes."""

    help_title = "Leaving: what is not saved yet"

    BINDINGS = [
        Binding("r,escape", "choose('stay')", "Keep retrying / stay"),
        Binding("s", "choose('save')", "Save the text as a note"),
        Binding("k", "choose('draft')", "Keep as draft"),
        Binding("d", "choose('discard')", "Discard"),
    ]

    def __init__(self, state: LeaveState):
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        state = self.state
        lost = []
        with Vertical(classes="modal-box", id="leave-box"):
            yield Label(f"Before you {state.verb}:", classes="section")
            if state.unsaved_notes or state.unsaved_other:
                yield Label(  # the error names a file: never markup
                    f"{count_of(state.unsaved_notes, 'note')} and "
                    f"{count_of(state.unsaved_other, 'other change')} (events, agenda) are NOT on disk yet"
                    + (f" ({on_screen(state.error)})" if state.error else "")
                    + ".",
                    markup=False,
                )
                unsaved = state.unsaved_notes + state.unsaved_other
                lost.append(f"the {count_of(unsaved, 'unsaved item')}")
            if state.text:  # wrapped inside the dialog (its CSS), not cut at the edge; never markup
                yield Label(
                    f"The input holds text not saved as a note: “{quote(state.text, QUOTED_CHARS)}”",
                    id="leave-text",
                    markup=False,
                )
                lost.append("the typed text")
            if state.unsaved_notes or state.unsaved_other:
                yield Label(
                    f"  r / Esc  keep retrying (every {state.retry_seconds:g} s) and stay in the session"
                )
            else:
                yield Label("  r / Esc  stay in the session and keep typing")
            if state.text:
                yield Label(f"  s        save the text as a note, then {state.verb} once it is on disk")
                if not state.ending:
                    yield Label("  k        keep the text as a draft (in the input again on resume), quit")
            lost_for_good = (
                "it is lost" if lost in (["the typed text"], ["the 1 unsaved item"]) else "they are lost"
            )
            yield Label(f"  d        discard {' and '.join(lost)} and {state.verb}: {lost_for_good}")
            if state.unsaved_notes or state.unsaved_other:  # ui/recovering.py, as the screen goes
                yield Label("           (to the session; their text is kept in a recovery file beside it)")

    def offers(self, choice: LeaveChoice) -> bool:
        """Whether this dialog offers `choice`: saving or keeping needs typed text, and an
        ending session keeps no draft (it cannot be resumed)."""
        if choice is LeaveChoice.SAVE_NOTE:
            return bool(self.state.text)
        if choice is LeaveChoice.KEEP_DRAFT:
            return bool(self.state.text) and not self.state.ending
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides the binding from active_bindings, so F1 lists only the keys offered here.
        if action == "choose" and parameters:
            return self.offers(LeaveChoice(str(parameters[0])))
        return True

    def action_choose(self, choice: str) -> None:
        chosen = LeaveChoice(choice)
        if self.offers(chosen):
            self.dismiss(chosen)
