"""The footer of the observe and review screens: the essential keys stay in sight at 100 columns.

Textual's Footer lays its keys out in one row and cuts what does not fit, so at 100 columns the
observe screen lost End, Late arrival, Help and Quit (the trial saw it end at `^s/F8`). Below
NARROW cells this footer shows each action's first key only (`^t`, not `^t/F2`), is compact,
leaves out the palette key and the actions in LATER (writing the PDF or an export is not what
an observer needs mid-meeting), or in the screen's own `footer_later`; F1 still lists every
key, these included.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 120
LATER = frozenset({"report", "export"})


def is_narrow(width: int) -> bool:
    return width < NARROW


class KeyFooter(Footer):
    """A Footer that fits the essential keys into a narrow terminal (see the module)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._narrow: bool | None = None

    def compose(self) -> ComposeResult:
        narrow = is_narrow(self.app.size.width)
        self._narrow = narrow
        self.set_reactive(Footer.compact, narrow)
        self.set_class(narrow, "-compact")
        self.set_reactive(Footer.show_command_palette, not narrow)
        later = getattr(self.screen, "footer_later", LATER)
        for widget in super().compose():
            if narrow and isinstance(widget, FooterKey) and widget.action in later:
                continue
            yield widget

    def on_resize(self) -> None:
        if self._narrow is not None and is_narrow(self.app.size.width) != self._narrow:
            self.call_after_refresh(self.recompose)
