"""A one-line input that takes every key in the order it was typed.

Why. Textual's Input inserts printable keys in its own key handler, but a key it binds
(Backspace, Delete, the arrows, Home/End, Enter, Tab) is not handled there: the key bubbles up
through the parents' message queues to the App, which only then runs the binding. Meanwhile the
input has already inserted the printable keys queued behind it. In a burst (SSH, a text
expander, a busy laptop) "#Mat.proc", twenty Backspaces and " +trust" were therefore stored as
"#Mat +trust" with two Backspaces applied after the text: the edit dialog, the review filter and
every prompt stored or searched something other than what was typed.

Here a key that the screen binds (the input's own bindings first, then its parents', as Textual
resolves them, so a keymap applies) runs its action in this handler, awaited, before the next
key in the queue is looked at. Priority bindings were already run by the App before the key was
forwarded; they are left alone. A key that moves the focus on (Enter, Tab) moves it at once,
and the keys queued behind it follow the focus (see OrderedInput). The note input
(ui/note_input.NoteInput) does the same for the observe screen, through the same `run_bound_key`.
"""

from __future__ import annotations

from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual import events
from textual.widget import Widget
from textual.widgets import Input

from ppei_tui.ui.shown import on_screen


class ShownText(Highlighter):
    """An input's value as drawn: control characters as signs (ui/shown.py), one code point
    each, so the cursor stays on its character and the styles on theirs; `value` is unchanged."""

    def highlight(self, text: Text) -> None:
        shown = on_screen(text.plain)
        if shown != text.plain:
            text.plain = shown


async def run_bound_key(widget: Widget, event: events.Key) -> bool:
    """Run now, awaited, the action `event.key` is bound to on `widget`'s screen (the focused
    widget's bindings first, then its parents', as Textual resolves them, so a keymap applies);
    the key is stopped and goes no further. False, the key left as it was, when the key has no
    binding there, its binding is disabled, or it is a priority binding (the App ran it already).
    """
    active = widget.screen.active_bindings.get(event.key)
    if active is None or not active.enabled or active.binding.priority:
        return False
    event.stop()
    event.prevent_default()
    await widget.app.run_action(active.binding.action, active.node)
    return True


NEXT = "next"  # enter_focus: Enter moves to the next field


def forward_key(event: events.Key, target: Widget) -> None:
    """Send `event` on to `target` as the App sends a key to the focused widget; stopped here."""
    event.stop()
    event.prevent_default()
    # Textual's one way to hand a key to a widget as a keypress (marked forwarded, so the App
    # does not take it for a new one) is private; tests/test_no_private_library_attributes.py
    # checks that Textual still has it.
    target._forward_event(events.Key(event.key, event.character))


class OrderedInput(Input):
    """An Input whose bound keys (Backspace, arrows, Enter, Tab, Ctrl+S...) run in typing order.

    A key that moves the focus on (Tab to the next field; Enter where `enter_focus` says) moves
    it at once, and the keys typed after it, already queued here, go on to the widget now
    focused, in order: "#mat⏎t" in one burst filters by #mat, then presses t in the list.
    `enter_focus`: None (Enter leaves the focus to the screen's Submitted handler, which comes
    after the keys queued here), "next" (the next field), or a selector on the screen.
    """

    def __init__(self, *args: Any, enter_focus: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enter_focus = enter_focus
        if self.highlighter is None:  # Input draws its value through its highlighter (public)
            self.highlighter = ShownText()

    async def on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not None and focused is not self:  # typed after a key that moved focus on
            forward_key(event, focused)
            return
        if not event.is_printable:  # a printable key: Input's own handler inserts it, in order
            await run_bound_key(self, event)

    async def action_submit(self) -> None:
        await super().action_submit()
        if self.enter_focus == NEXT:
            self.screen.focus_next()
        elif self.enter_focus is not None:
            self.screen.set_focus(self.screen.query_one(self.enter_focus))
