"""A line above the note log where messages appear, so nothing ever covers what is being typed.

Two slots: a passing message (information, gone after its timeout) and a standing one
(a warning or an error, kept until the screen clears it: the observe screen clears it when the
next note is written, or when the failure it reports is resolved; a later message from the same
action, such as the next late arrival added, replaces it too).
"""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from ppei_tui.ui.shown import on_screen


class NoticeLine(Static):
    # As many lines as the message needs, up to 30% of the screen: 4 lines cut the draft notice
    # on resume (what was wrong with two key tags, then "The rest is back in the input") at
    # 80 x 24, and a warning stands until the next note, so it must be readable whole.
    DEFAULT_CSS = """
    NoticeLine { height: auto; max-height: 30%; padding: 0 1; color: $text; }
    NoticeLine.-empty { height: 0; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.passing = ""
        self.standing = ""
        self.standing_severity = "warning"
        self.standing_source = ""  # the action whose warning is standing ("" for any other)
        self._timer: Timer | None = None
        self.add_class("-empty", update=False)  # not mounted yet: its mount styles it, class and all

    def show(
        self, text: str, title: str = "", severity: str = "information", timeout: float = 4, source: str = ""
    ) -> None:
        """Show a message. `source` names the action it reports on (e.g. `late_arrival`): a later
        message from the same action replaces a warning it left standing, so an old failure is
        not shown beside the success that followed it."""
        message = f"{title}: {text}" if title else text
        # One line: the lines of a message (one problem each, say) stay apart, joined by " · ";
        # then drawn safely (a note's ESC as ␛), after the strip (on_screen may end it in a space).
        message = on_screen(" · ".join(line.strip() for line in message.split("\n") if line.strip()))
        if source and source == self.standing_source:
            self.standing, self.standing_source = "", ""
        if severity in ("warning", "error"):
            self.standing, self.standing_severity, self.standing_source = message, severity, source
        else:
            self.passing = message
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(max(1.0, timeout), self._clear_passing)
        self._draw()

    def clear_standing(self) -> None:
        """Drop the warning or error (the next note was written, or the failure is over)."""
        if self.standing:
            self.standing, self.standing_source = "", ""
            self._draw()

    def _clear_passing(self) -> None:
        self.passing = ""
        self._draw()

    @property
    def text(self) -> str:
        """What the line says now, plain (for tests and screen readers)."""
        return " │ ".join(part for part in (self.standing, self.passing) if part)

    def _draw(self) -> None:
        line = Text()
        if self.standing:
            colour = "red" if self.standing_severity == "error" else "yellow"
            line.append("⚠ " + self.standing, style=f"bold {colour}")
        if self.passing:
            if self.standing:
                line.append(" │ ", style="dim")
            line.append(self.passing)
        self.set_class(not line.plain, "-empty")
        self.update(line)
