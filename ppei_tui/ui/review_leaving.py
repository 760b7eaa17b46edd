"""Quitting a review with changes not on disk yet: asked first, as every way out is.

A change to a note or a memo is applied on screen and queued for the session's writer, which
keeps a save the disk refused and retries it. Esc out of the review already refused to go
while one was failing; Ctrl+Q quit, and the writer's close left the failed changes unwritten.
Now Ctrl+Q asks ui/unsaved.py's question (keep editing, while the writer keeps retrying, or
discard and quit: nothing to save, the writer does that by itself), and a signal retries them
once more, waits for the disk a moment, and names what it could not write.
"""

from __future__ import annotations

from collections.abc import Callable

from ppei_tui.storage.reading import MEMOS, NOTES
from ppei_tui.storage.writer import memo_record, note_record
from ppei_tui.ui.review_base import ReviewBase

# How long a quit waits for the writer's attempts in flight (ms, but for a disk that hangs), as
# the observe screen waits to keep a draft.
WAIT_SECONDS = 5.0


class ReviewLeaving(ReviewBase):
    """ReviewScreen's part asked before the app quits (app.PpeiApp._quit_asking)."""

    def _failed_changes(self) -> list[tuple[str, int]]:
        return sorted(self.writer.failed()) if self.writer is not None else []

    def _named(self, changes: list[tuple[str, int]]) -> str:
        names = {NOTES: "note", MEMOS: "memo"}
        return ", ".join(f"{names.get(table, table)} {ident}" for table, ident in changes)

    def ask_before_closing(self, then: Callable[[], None] | None = None, then_words: str = "quit") -> None:
        """Quit (`then`) at once with every change on disk; else ask keep editing / discard."""
        from ppei_tui.ui.unsaved import UnsavedChoice, UnsavedDialog

        if self.writer is not None:  # a change just made (a memo saved on the way out) is tried first
            self.writer.wait_idle(WAIT_SECONDS)
        failed = self._failed_changes()
        if not failed:
            if then is not None:
                then()
            return

        def answered(choice: UnsavedChoice | None) -> None:
            if choice is UnsavedChoice.DISCARD and then is not None:
                then()

        text = f"{self._named(failed)}: not on disk yet, retried every {self.config.retry_seconds:g} s"
        self.app.push_screen(UnsavedDialog("The review", text, then_words, can_save=False), answered)

    def save_on_signal(self) -> str | None:
        """SIGTERM/SIGHUP: submit every failed change again and wait a moment for the disk (a
        dialog above has already queued its text); None if all is on disk, else what is not."""
        if self.writer is None:
            return None
        for table, ident in self._failed_changes():
            if table == NOTES:
                self.writer.submit(note_record(self.session.note(ident)))
            elif table == MEMOS:
                self.writer.submit(memo_record(self.session.memo(ident), ident))
        self.writer.wait_idle(WAIT_SECONDS)
        unsaved = sorted(self.writer.unsaved())
        return f"review of {self.path.name}: {self._named(unsaved)}" if unsaved else None
