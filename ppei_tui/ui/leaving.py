"""Leaving the observe screen without losing a note: the draft keeper and the leave dialog.

The note being typed is kept in the session file's `draft` record, at most `delay` seconds
behind the keyboard: the keeper submits it to the session's one ordered writer (never writing
itself, so typing never waits); the draft cleared by Enter is stored in the same append as the
note it became (written_with_note), so no crash can leave the start of a saved note as the
draft. It is resubmitted every heartbeat, so that after a crash the last moment the app was
running is known (the meeting clock resumes from there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from enum import Enum
from typing import NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Label

from ppei_tui.domain.recording import Draft
from ppei_tui.domain.wording import count as count_of
from ppei_tui.storage.journal import Record
from ppei_tui.storage.reading import DRAFT
from ppei_tui.storage.writer import RecordKey, SessionWriter, draft_record
from ppei_tui.ui.help import Dialog
from ppei_tui.ui.shown import on_screen, quote

DRAFT_KEY: RecordKey = (DRAFT, 1)


def copy_draft(draft: Draft) -> Draft:
    return replace(draft, key_tags=list(draft.key_tags))


class DraftKeeper:
    """Keeps the draft on disk shortly behind the keyboard (see the module docstring).

    `node` owns the throttle timer; outcomes arrive at the node as the writer's Saved /
    SaveFailed messages for DRAFT_KEY, which it passes to `saved` / `failed`."""

    def __init__(
        self,
        node: Widget,
        writer: SessionWriter,
        clock: Callable[[], datetime],
        delay: float = 0.5,
    ):
        self.node = node
        self.writer = writer
        self.clock = clock
        self.delay = delay
        self._wanted = Draft()
        self._dirty = False
        self._timer: Timer | None = None
        self.error = ""
        self.stopped = False
        self.submitted = False  # anything sent to the writer by this keeper

    def changed(self, draft: Draft) -> None:
        """The draft changed (or, for a heartbeat, only the moment): submit it soon."""
        self._wanted = copy_draft(draft)
        self._dirty = True
        if self._timer is None and not self.stopped:
            self._timer = self.node.set_timer(self.delay, self._flush)

    def _flush(self) -> None:
        self._timer = None
        if self.stopped or not self._dirty:
            return
        self._dirty = False
        self.submitted = True
        self.writer.submit(draft_record(self._wanted, self.clock()))

    def submit_now(self, draft: Draft) -> None:
        """Submit `draft` at once (when leaving: the writer writes its queue before closing)."""
        self._cancel_timer()
        self._wanted = copy_draft(draft)
        self._dirty = False
        self.submitted = True
        self.writer.submit(draft_record(self._wanted, self.clock()))

    def written_with_note(self, draft: Draft) -> Record:
        """The draft record to store in the same append as the note just made (`draft` is the
        emptied draft): a change waiting for the timer is replaced by it, not written after."""
        self._wanted = copy_draft(draft)
        self._dirty = False
        self.submitted = True
        return draft_record(self._wanted, self.clock())

    def write_now(self, draft: Draft, timeout: float = 5.0) -> bool:
        """Submit `draft` and wait (at most `timeout` s) for the writer: True if it is on disk."""
        self.submit_now(draft)
        self.writer.wait_idle(timeout)
        return self.writer.is_saved(DRAFT_KEY)

    def saved(self) -> None:
        self.error = ""

    def failed(self, error: str) -> bool:
        """Record a failure; True if it is new (worth telling the observer)."""
        new = not self.error
        self.error = error
        return new

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def stop(self) -> None:
        self.stopped = True
        self._cancel_timer()


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


class LeaveDialog(Dialog[LeaveChoice]):  # Dialog: F1 lists its keys (observe-ui's hook)
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
