"""The one-line input of every screen: control characters drawn as signs, Enter moving on.

Keys in a burst (SSH, a text expander, a busy laptop) reach it in the order typed because the
App hands on one key at a time, each once the one before it has been handled all the way, its
binding included, and to the widget focused at that moment (ui/key_order.KeysInOrder). Textual's
own Input, sent a whole burst at once, inserts the printable keys queued behind a bound key
(Backspace, the arrows, Enter) before the App runs that key's binding: "#Mat.proc", twenty
Backspaces and " +trust" were stored as "#Mat +trust" (tests/test_ordered_input.py).
"""

from __future__ import annotations

from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input

from ppei_tui.ui.shown import on_screen


class ShownText(Highlighter):
    """An input's value as drawn: control characters as signs (ui/shown.py), one code point
    each, so the cursor stays on its character and the styles on theirs; `value` is unchanged."""

    def highlight(self, text: Text) -> None:
        shown = on_screen(text.plain)
        if shown != text.plain:
            text.plain = shown


NEXT = "next"  # enter_focus: Enter moves to the next field


class OrderedInput(Input):
    """An Input that draws its value's control characters as signs and can move on at Enter.

    `enter_focus`: None (Enter leaves the focus to the screen's Submitted handler), "next" (the
    next field), or a selector on the screen. Keys typed after the Enter, in one burst, go where
    the focus went ("#mat⏎t" filters by #mat, then presses t in the list): KeysInOrder hands
    each key to the widget focused when its turn comes.
    """

    def __init__(self, *args: Any, enter_focus: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enter_focus = enter_focus
        if self.highlighter is None:  # Input draws its value through its highlighter (public)
            self.highlighter = ShownText()

    async def action_submit(self) -> None:
        await super().action_submit()
        if self.enter_focus == NEXT:
            self.screen.focus_next()
        elif self.enter_focus is not None:
            self.screen.set_focus(self.screen.query_one(self.enter_focus))
