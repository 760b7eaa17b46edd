"""A question answered by one key takes its answer only from keys typed once it could be seen.

Why (hostile trial, tmux at 130x36). Ctrl+E, readline's end-of-line and a common reflex, opens
the End question; the typing that follows in the same burst answered it: "Ctrl+E discussed
budget" ended the meeting for good and discarded the note (`d`), " so we move on" saved and
ended (`s`), a word starting with `y` ended an empty one; after Ctrl+Q, "clear" lost c, l, e, a
and its `r` chose "stay". ui/key_order.KeysInOrder hands those keys on one at a time, so each
went to the dialog that was on top by then, as if typed there.

The rule, the same for every single-key question (GuardedQuestion: the leave dialog, the unsaved
question, Confirm, the resume-a-copy question): a key read before the question was first drawn,
or within ANSWER_GUARD seconds after, is no answer, whatever its letter. Its time is the one
Textual stamps on the key when its input parser makes it (Message.time), before any of the burst
is handled, so a burst that arrived with the key that opened the question is always "before".
ANSWER_GUARD is 0.35 s: people take about a quarter of a second to react to a signal they expect
and longer to read a new dialog, so no deliberate answer comes sooner; a burst split across a few
reads (SSH) arrives well within it.

What happens to those keys: a question opened over the note being typed (the End and Quit
questions of the observe screen) gives their characters back to the note (`typed_back`), in
order, at the cursor: they are the note the observer was typing (Ctrl+E meant "end of line").
Dropping them would lose typed text, which the app promises never to do. Other keys (Enter, Esc,
arrows) and the characters of a question with no note beneath are dropped. The question stays
open and says which keys went where, so the next answer is a deliberate one.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label

from ppei_tui.ui.shown import on_screen

ANSWER_GUARD = 0.35  # seconds after the question is first drawn (see the module docstring)
SHOWN_KEYS = 40  # of the dropped keys named in the question


def textual_now() -> float:
    """Now, on the clock Textual stamps messages (and keys) with: Message.time."""
    return Message().time


class GuardedQuestion(Screen):
    """Mixin for a Dialog whose answers are single keys (see the module docstring).

    ui/key_order.KeysInOrder asks `typed_before_shown(key)` before handing a key to the screen
    on top; True means the question took the key as typed before it could be seen."""

    # Where characters typed before the question appeared go (the note input's insert), if any
    typed_back: Callable[[str], object] | None = None
    shown_at: float | None = None  # Textual's clock when the question was first drawn
    returned = ""  # the characters given back to the note
    dropped: tuple[str, ...] = ()  # the other keys typed before the question appeared

    def on_mount(self) -> None:
        self.call_after_refresh(self._drawn)

    def _drawn(self) -> None:
        if self.shown_at is None:
            self.shown_at = textual_now()

    def typed_before_shown(self, event: events.Key) -> bool:
        """Whether `event` was read before this question could be seen (then it is given back to
        the note or dropped, and the question says so); False: it is an answer, as typed."""
        if self.shown_at is not None and event.time >= self.shown_at + ANSWER_GUARD:
            return False
        character = event.character if event.is_printable else None
        if character and self.typed_back is not None:
            self.typed_back(character)
            self.returned += character
        else:
            self.dropped += (event.key,)
        self._say()
        return True

    def _say(self) -> None:
        parts = []
        if self.returned:
            parts.append(f"went back to the note: “{on_screen(self.returned)}”")
        if self.dropped:
            keys = " ".join(self.dropped)
            keys = keys if len(keys) <= SHOWN_KEYS else keys[: SHOWN_KEYS - 1] + "…"
            parts.append(f"were not taken as answers ({on_screen(keys)})")
        text = "Keys typed before this question appeared " + "; ".join(parts) + ". Answer now."
        shown = self.query("#typed-ahead")
        if shown:
            shown.first(Label).update(text)
        else:
            box = self.query(".modal-box")
            (box.first() if box else self).mount(Label(text, id="typed-ahead", classes="hint", markup=False))
