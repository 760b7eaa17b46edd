"""`ppei shade SESSION --as NAME`: a member of the CoP shades the map of one meeting.

Arrow keys move over the verbs; 0-4 sets how strongly the member saw the verb (the levels of
the evidence map); `c` writes a one-line comment on the verb. Every change is saved into the
session file at once (in a worker, the latest state last), with its history kept.
"""

from __future__ import annotations

import threading
from itertools import zip_longest
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label, Static

from ppei_tui.config import Config
from ppei_tui.domain.mapping import SHADE_COLOURS, SHADE_TEXT_COLOURS
from ppei_tui.domain.shading import Shading, verb_key
from ppei_tui.storage.store import OpenSession
from ppei_tui.ui.modals import TextPrompt

LEVEL_WORDS = ("not seen", "a little", "some", "a lot", "most of all")


class ShadeGrid(DataTable[Text]):
    """The template's map; each cell shows the member's level for the verb."""

    def on_mount(self) -> None:
        self.cursor_type = "cell"
        self.zebra_stripes = False


class ShadeHelp(ModalScreen[None]):
    """This screen's keys, from its own bindings."""

    BINDINGS = [Binding("escape,f1,q,question_mark", "close", "Close")]

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="modal-box", id="help"):
            yield Static(self.text)
            yield Label("Esc to close", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


class ShadeApp(App[int]):
    """The shading screen as an app of its own (it is started by `ppei shade`)."""

    CSS_PATH = Path(__file__).with_name("ppei.tcss")
    CSS = """
    ShadeGrid { height: 1fr; }
    #shade-title { padding: 0 1; text-style: bold; }
    #shade-status { padding: 0 1; height: 2; }
    """
    BINDINGS = [
        Binding("0,1,2,3,4", "noop", "Level 0-4", id="shade.level", show=True, key_display="0-4"),
        Binding("c", "comment", "Comment", id="shade.comment"),
        Binding("f1,question_mark", "help", "Help", id="shade.help"),
        Binding("ctrl+q,escape", "leave", "Done", id="shade.leave", priority=True),
    ]

    def __init__(self, opened: OpenSession, shading: Shading, config: Config, by: str):
        super().__init__()
        self.opened = opened
        self.session = opened.session
        self.shading = shading
        self.config = config
        self.by = by
        self.template = self.session.template
        self.cells: list[list[tuple[str, str] | None]] = []
        self._save_lock = threading.Lock()
        self.saved_version = 0
        self.version = 0

    def compose(self) -> ComposeResult:
        info = self.session.info
        yield Label(
            f"{self.shading.member} ({self.shading.role or 'member'}) shades {info.cop}, {info.date}",
            id="shade-title",
        )
        yield ShadeGrid(id="shade-grid")
        yield Static(id="shade-status")
        yield Footer()

    def on_mount(self) -> None:
        grid = self.query_one(ShadeGrid)
        for element in self.template.elements:
            grid.add_column(f"{element.name} ({element.code})", key=element.code)
        columns = [[(e.code, v) for v in e.verbs] for e in self.template.elements]
        self.cells = [list(row) for row in zip_longest(*columns)]
        for index, row in enumerate(self.cells):
            grid.add_row(*[self._label(cell) for cell in row], key=str(index))
        grid.focus()
        self._status("")

    def _label(self, cell: tuple[str, str] | None) -> Text:
        if cell is None:
            return Text("")
        level = self.shading.level(verb_key(*cell))
        comment = " ✎" if verb_key(*cell) in self.shading.comments else ""
        style = f"{SHADE_TEXT_COLOURS[level]} on {SHADE_COLOURS[level]}" if level else ""
        return Text(f"{level} {cell[1]}{comment}", style=style)

    def current(self) -> tuple[str, str] | None:
        grid = self.query_one(ShadeGrid)
        row, column = grid.cursor_coordinate
        if row >= len(self.cells) or column >= len(self.template.elements):
            return None
        return self.cells[row][column]

    def _status(self, saved: str) -> None:
        cell = self.current()
        parts = []
        if cell is not None:
            key = verb_key(*cell)
            level = self.shading.level(key)
            parts.append(f"{key}: {level} ({LEVEL_WORDS[level]})")
            if key in self.shading.comments:
                parts.append(f"“{self.shading.comments[key]}”")
        line = "  ".join(parts)
        self.query_one("#shade-status", Static).update(
            Text(line + ("\n" + saved if saved else "\n0-4 sets the level · c comments · Esc when done"))
        )

    def on_data_table_cell_highlighted(self) -> None:
        self._status("")

    def on_key(self, event: Key) -> None:
        if event.character is not None and len(event.character) == 1 and event.character in "01234":
            event.stop()
            self.set_level(int(event.character))

    def action_noop(self) -> None:
        """The digits are read in on_key; this binding only shows them in the footer."""

    def set_level(self, level: int) -> None:
        cell = self.current()
        if cell is None:
            return
        levels = dict(self.shading.levels)
        levels[verb_key(*cell)] = level
        self.shading.change(levels, self.shading.comments, self.config.clock(), self.by)
        self._refresh_cell(cell)
        self._save()

    def _refresh_cell(self, cell: tuple[str, str]) -> None:
        grid = self.query_one(ShadeGrid)
        row = next(i for i, r in enumerate(self.cells) if cell in r)
        grid.update_cell(str(row), cell[0], self._label(cell))

    def action_comment(self) -> None:
        cell = self.current()
        if cell is None:
            return
        key = verb_key(*cell)

        def write(text: str | None) -> None:
            if text is None:
                return
            comments = dict(self.shading.comments)
            if text.strip():
                comments[key] = " ".join(text.split())
            else:
                comments.pop(key, None)
            self.shading.change(self.shading.levels, comments, self.config.clock(), self.by)
            self._refresh_cell(cell)
            self._save()

        current = self.shading.comments.get(key, "")
        self.push_screen(TextPrompt(f"Comment on {key}", current, "Enter saves · Esc cancels"), write)

    def _save(self) -> None:
        self.version += 1
        self._save_worker(self.version)
        self._status("saving…")

    @work(thread=True, exit_on_error=False, group="shade-save")
    def _save_worker(self, version: int) -> None:
        # Whichever worker runs last writes the shading as it is then: the latest version wins.
        with self._save_lock:
            try:
                self.opened.save_shading(self.shading)
            except OSError as error:
                self.call_from_thread(self._status, f"✗ NOT SAVED: {error}; the next change retries")
                return
            self.saved_version = max(self.saved_version, version)
        self.call_from_thread(self._status, "✓ saved")

    def action_help(self) -> None:
        lines = ["[b]Shading the map[/b]", "", "  arrows           move over the verbs"]
        lines += [
            f"  {b.key_display or b.key:<16} {b.description}" for b in self.BINDINGS if isinstance(b, Binding)
        ]
        lines += ["", "Levels: " + "; ".join(f"{i} {w}" for i, w in enumerate(LEVEL_WORDS))]
        lines += ["Verbs you leave at 0 count as not seen. Every change is saved at once."]
        self.push_screen(ShadeHelp("\n".join(lines)))

    async def action_leave(self) -> None:
        await self.workers.wait_for_complete()
        self.exit(0 if self.saved_version == self.version else 1)
