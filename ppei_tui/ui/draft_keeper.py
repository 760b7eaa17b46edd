"""Leaving the observe screen without losing a note: the draft keeper.

The note being typed is kept in the session file's `draft` record, at most `delay` seconds
behind the keyboard: the keeper submits it to the session's one ordered writer (never writing
itself, so typing never waits); the draft cleared by Enter is stored in the same append as the
note it became (written_with_note), so no crash can leave the start of a saved note as the
draft. It is resubmitted every heartbeat, so that after a crash the last moment the app was
running is known (the meeting clock resumes from there).
The leave dialog is in ui/leaving.py, read only when the observer leaves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from textual.timer import Timer
from textual.widget import Widget

from ppei_tui.domain.recording import Draft
from ppei_tui.storage.journal import Record
from ppei_tui.storage.reading import DRAFT
from ppei_tui.storage.writer import RecordKey, SessionWriter, draft_record

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
