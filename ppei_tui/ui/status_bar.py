"""The observe screen's top line: the session on the left, the agenda item and the meeting
clock on the right. One widget drawing one line (it was a row of three Labels in a Horizontal:
four widgets to style and lay out at start, and a layout each second as the clock changed)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

from ppei_tui.domain.controls import one_line
from ppei_tui.ui.shown import on_screen


def fitted(text: str, width: int) -> str:
    """`text` cut to `width` cells at its last space that fits (a word longer than the width is
    cut inside), as a one-line label wraps it."""
    if cell_len(text) <= width:
        return text
    cut = text[: max(0, width + 1)].rsplit(" ", 1)[0] if " " in text[: width + 1] else ""
    if not cut or cell_len(cut) > width:
        cut = text
        while cut and cell_len(cut) > width:
            cut = cut[:-1]
    return cut.rstrip()


class StatusBar(Widget):
    """`title` (padded one cell each side), then, on the right, `agenda` (padded two, in the
    accent colour) and `clock` (padded one, bold). The title gives way when the line is short."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $primary-background; }
    """

    def __init__(self, title: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title = title
        self.agenda = ""
        self.clock = ""

    def show(self, agenda: str, clock: str) -> None:
        """Change the agenda item and clock shown (drawn again only if they changed)."""
        if (agenda, clock) != (self.agenda, self.clock):
            self.agenda, self.clock = agenda, clock
            self.refresh()

    def render(self) -> Content:
        # user text, drawn safely and on this one line: a line break in --cop is drawn as ⏎
        agenda = f"  {on_screen(one_line(self.agenda))}  " if self.agenda else ""
        clock = f" {self.clock} " if self.clock else ""
        room = self.size.width - cell_len(agenda) - cell_len(clock)
        title = f" {fitted(on_screen(one_line(self.title)), room - 2)} " if room > 2 else ""
        gap = " " * max(0, room - cell_len(title))
        return Content.assemble((title + gap, ""), (agenda, "$accent"), (clock, "bold"))
