"""Keeping observe's prompt texts on disk: what is typed in the agenda and late-arrival prompts,
open or kept pending after Esc, survives kill -9 as the note being typed does (ui/leaving.py).

The keeper submits the `prompt_texts` record (domain/prompt_record.py) to the session's one
ordered writer, at most `delay` seconds behind the keyboard, and only when what it holds
changed. Taking a text up (the agenda item, the attendee) stores the cleared record in the
same append as the event that takes it up (`written_with`), so no crash can leave a text both
taken up and offered again. Imported when a prompt is first opened, or on resuming a session
whose file holds such a record: never on the way to a new session's first screen.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.timer import Timer
from textual.widget import Widget

from ppei_tui.domain.prompt_record import PromptText, prompt_texts_row
from ppei_tui.storage.journal import Record
from ppei_tui.storage.reading import PROMPT_TEXTS
from ppei_tui.storage.writer import RecordKey, SessionWriter, prompt_texts_record

PROMPT_TEXTS_KEY: RecordKey = (PROMPT_TEXTS, 1)


class PromptKeeper:
    """Keeps the prompt texts (prompt -> PromptText, from `texts()`) on disk shortly behind the
    keyboard. `node` owns the throttle timer; `on_disk` is the record the file holds now (what
    was restored on resume, or {} for none), so an unchanged state is never written again."""

    def __init__(
        self,
        node: Widget,
        writer: SessionWriter,
        texts: Callable[[], dict[str, PromptText]],
        on_disk: dict | None = None,
        delay: float = 0.5,
    ):
        self.node = node
        self.writer = writer
        self.texts = texts
        self.delay = delay
        self._written = on_disk  # the newest row submitted (None: no record in the file)
        self._timer: Timer | None = None
        self.stopped = False

    def changed(self) -> None:
        """The texts changed (a key typed in a prompt, Esc, a prompt dropped): submit soon."""
        if self._timer is None and not self.stopped:
            self._timer = self.node.set_timer(self.delay, self.flush)

    def flush(self) -> None:
        """Submit the texts now if they differ from what was last submitted."""
        self._cancel_timer()
        row = prompt_texts_row(self.texts())
        if self.stopped or row == (self._written if self._written is not None else {}):
            return
        self._written = row
        self.writer.submit(prompt_texts_record(row))

    def written_with(self) -> tuple[Record, ...]:
        """The record to store in the same append as the event taking a text up (the texts are
        already without it): () when the file holds that state already."""
        self._cancel_timer()
        row = prompt_texts_row(self.texts())
        if row == (self._written if self._written is not None else {}):
            return ()
        self._written = row
        return (prompt_texts_record(row),)

    def stop(self) -> None:
        """Leaving: submit what changed (the writer writes its queue before closing), then stop."""
        self.flush()
        self.stopped = True

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
