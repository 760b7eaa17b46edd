"""`ppei shade SESSION --as NAME`: a member of the CoP shades the map of one meeting.

Arrow keys move over the verbs; 0-4 sets how strongly the member saw the verb (the levels of
the evidence map); `c` writes a one-line comment on the verb. Every change is saved into the
session file at once (in a worker, the latest state last), with its history kept.

The map is laid out as the review map is (map_bands.py): one column per element when they all
fit in the width, else in bands down the table, each band headed by its elements' names; no
name or verb is cut and nothing scrolls sideways. It is planned again when the terminal is
resized, the cursor kept on its verb.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.driver import Driver
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ppei_tui.config import Config
from ppei_tui.domain.mapping import SHADE_COLOURS, SHADE_TEXT_COLOURS
from ppei_tui.domain.shading import Shading, verb_key
from ppei_tui.domain.template import Template
from ppei_tui.storage.store import OpenSession
from ppei_tui.ui import keys
from ppei_tui.ui.banded_grid import BandedGrid
from ppei_tui.ui.closing_signals import handle_signals, release_signals
from ppei_tui.ui.footer import KeyFooter
from ppei_tui.ui.help import DIALOG_BREAKPOINTS
from ppei_tui.ui.key_order import KeysInOrder
from ppei_tui.ui.map_bands import Cell, GridLayout, plan_bands
from ppei_tui.ui.modals import AskingPrompt
from ppei_tui.ui.shown import shown_text
from ppei_tui.ui.unsaved import UnsavedChoice, UnsavedDialog, save_on_signal

LEVEL_WORDS = ("not seen", "a little", "some", "a lot", "most of all")
COMMENTED = " ✎"
AROUND_GRID = 4  # rows of the screen not the map's: the title, the status (2), the footer


def element_name(template: Template, index: int) -> str:
    element = template.elements[index]
    return f"{element.name} ({element.code})"


def shade_widths(template: Template) -> list[int]:
    """Cells each element's column needs: its name and its widest verb as a cell shows it
    ("3 Reporting ✎", room for the comment mark kept, so a comment does not move the map)."""
    return [
        max(
            [cell_len(element_name(template, index))] + [cell_len(f"0 {v}{COMMENTED}") for v in element.verbs]
        )
        for index, element in enumerate(template.elements)
    ]


class ShadeGrid(BandedGrid):
    """The template's map; each cell shows the member's level for the verb (cells, bands and
    the cursor as banded_grid.BandedGrid keeps them)."""

    def __init__(self, template: Template, label: Callable[[Cell], Text], **kwargs) -> None:
        super().__init__(**kwargs)
        self.template = template
        self.label = label

    def on_mount(self) -> None:
        super().on_mount()
        self.plan()

    def on_resize(self) -> None:
        self.plan()
        self.call_after_refresh(self.show_heading)

    def plan(self) -> None:
        """Lay the map out for the terminal's size, if that changes the plan."""
        widths = shade_widths(self.template)
        tallest = max((len(e.verbs) for e in self.template.elements), default=0)
        size = self.app.size
        plan = plan_bands(
            widths, widths, tallest, size.width, self.cell_padding, size.height - AROUND_GRID, 0
        )
        if plan != self.layout_plan:
            self._rebuild(plan)

    def _rebuild(self, plan: GridLayout) -> None:
        # Text headers: a DataTable reads a str label as markup, and names come from the template file.
        self.lay_out(
            self.template, plan, lambda index: shown_text(element_name(self.template, index)), self._value
        )

    def _value(self, row: int, column: int, cell: Cell | None) -> Text:
        if cell is not None:
            return self.label(cell)
        index = self.headed_element(row, column)
        if index is not None and index < len(self.template.elements):
            return shown_text(element_name(self.template, index), "bold")
        return Text("")

    def redraw(self, cell: Cell) -> None:
        found = self.cell_position(cell)
        if found is not None:
            self.update_cell_at(found, self.label(cell))

    def where(self) -> str:
        """Banded, which band the cursor is in ("band 2 of 2"), as its heading row may have
        scrolled out of sight; "" when not banded."""
        if not self.heading_rows:
            return ""
        band = self.band_of(self.cursor_coordinate.row)
        return f"band {band + 1} of {len(self.heading_rows)}"

    def on_data_table_cell_highlighted(self) -> None:
        self.last_verb = self.current_cell() or self.last_verb
        self.call_after_refresh(self.show_heading)  # after the table's own scroll to the cursor


class ShadeHelp(ModalScreen[None]):
    """This screen's keys, from its own bindings."""

    BINDINGS = [Binding("escape,f1,q,question_mark", "close", "Close")]
    HORIZONTAL_BREAKPOINTS = DIALOG_BREAKPOINTS

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="modal-box", id="help"):
            yield Static(self.text)
            yield Label("Esc to close", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


class ShadeApp(KeysInOrder):
    """The shading screen as an app of its own (it is started by `ppei shade`). Keys are handed
    on one at a time, as in ppei's own app (ui/key_order.py): as a plain App it queued a burst
    at the map, so "Down c comment Enter" in one read left the comment prompt empty."""

    CSS_PATH = Path(__file__).with_name("ppei.tcss")
    CSS = """
    ShadeGrid { height: 1fr; }
    #shade-title { padding: 0 1; text-style: bold; }
    #shade-status { padding: 0 1; height: 2; }
    """
    BINDINGS = [
        # No id: the footer would list the five keys ("0/1/2/3/4") rather than its key_display.
        Binding("0,1,2,3,4", "noop", "Level", show=True, key_display="0-4"),
        Binding("c", "comment", "Comment", id="shade.comment"),
        Binding("f1,question_mark", "help", "Help", id="shade.help"),
        # Esc is not a priority binding: in the comment prompt it is the prompt's own (asking
        # first if a comment was typed, ui/unsaved.py), in the help it closes the help.
        # The footer names both keys, as when they were one binding.
        Binding("ctrl+q", "quit", "Done", id="shade.quit", priority=True, key_display="^q/esc"),
        Binding("escape", "leave", "Done", id="shade.leave", show=False),
    ]

    def __init__(self, opened: OpenSession, shading: Shading, config: Config, by: str):
        super().__init__()
        self.exit_report: list[str] = []  # printed exactly by the command line after exit
        self.opened = opened
        self.session = opened.session
        self.shading = shading
        self.config = config
        self.by = by
        self.template = self.session.template
        self._save_lock = threading.Lock()
        self.saved_version = 0
        self.version = 0
        self._signals: list[int] = []
        self.save_error = ""  # why the disk refused the last save that failed

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver with ppei's input reading (ui/paste_parser.py: a paste kept whole,
        Esc then keys read as such), as PpeiApp's."""
        from ppei_tui.ui.paste_parser import install

        install()
        return super().get_driver_class()

    def compose(self) -> ComposeResult:
        info = self.session.info
        yield Label(
            shown_text(
                f"{self.shading.member} ({self.shading.role or 'member'}) shades {info.cop}, {info.date}"
            ),
            id="shade-title",
        )
        yield ShadeGrid(self.template, self._label, id="shade-grid")
        yield Static(id="shade-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ShadeGrid).focus()
        self._status("")
        self._signals = handle_signals(self.leave_on_signal)

    # --- the app closed from outside (ui/closing_signals.py), as PpeiApp's ---------------------
    def leave_on_signal(self, signum: int) -> None:
        """No question can be shown: a comment being typed is saved as `s` would save it, the
        saves in flight finish, then the app exits with 128 + the signal number (the default
        handler killed it at once: a comment typed or a level being written was lost)."""
        problems = save_on_signal(self.screen_stack)
        if self.saved_version != self.version:
            self._save()  # the disk refused the latest change: one more try before exit
        self.call_later(self._exit_after_saves, 128 + signum, problems)

    async def _exit_after_saves(self, status: int, problems: list[str]) -> None:
        await self.workers.wait_for_complete()
        if self.saved_version != self.version:
            problems.append("the latest change to the shading")
        # Printed by the command line after exit, exactly (as PpeiApp.exit_report is).
        if problems:
            self.exit_report.append("\n".join(f"ppei shade: not written before exit: {p}" for p in problems))
        self.exit(status)

    def on_unmount(self) -> None:
        release_signals(self._signals)

    def key_display(self, binding: Binding) -> str:
        """One key as the footer shows it ("^q", "F1"), as in the other screens (KeyFooter)."""
        shown = super().get_key_display(binding)
        return shown.upper() if keys.F_KEY.match(shown) else shown

    def _label(self, cell: Cell) -> Text:
        level = self.shading.level(verb_key(*cell))
        comment = COMMENTED if verb_key(*cell) in self.shading.comments else ""
        style = f"{SHADE_TEXT_COLOURS[level]} on {SHADE_COLOURS[level]}" if level else ""
        return shown_text(f"{level} {cell[1]}{comment}", style)

    def current(self) -> Cell | None:
        return self.query_one(ShadeGrid).current_cell()

    def _status(self, saved: str) -> None:
        cell = self.current()
        grid = self.query_one(ShadeGrid)
        parts = [grid.where()] if grid.where() else []
        if cell is not None:
            key = verb_key(*cell)
            level = self.shading.level(key)
            parts.append(f"{key}: {level} ({LEVEL_WORDS[level]})")
            if key in self.shading.comments:
                parts.append(f"“{self.shading.comments[key]}”")
        line = "  ".join(parts)
        self.query_one("#shade-status", Static).update(
            shown_text(
                line + ("\n" + saved if saved else "\n0-4 sets the level · c comments · Esc when done")
            )
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

    def _refresh_cell(self, cell: Cell) -> None:
        self.query_one(ShadeGrid).redraw(cell)

    def action_comment(self) -> None:
        cell = self.current()
        if cell is None:
            return
        key = verb_key(*cell)

        def write(text: str) -> None:
            comments = dict(self.shading.comments)
            if text.strip():
                comments[key] = " ".join(text.split())
            else:
                comments.pop(key, None)
            self.shading.change(self.shading.levels, comments, self.config.clock(), self.by)
            self._refresh_cell(cell)
            self._save()

        current = self.shading.comments.get(key, "")
        # Esc or Ctrl+Q with a comment typed asks before it is lost (ui/unsaved.py); on_save, not
        # a result callback: a Ctrl+Q that saves first leaves right after it, the comment queued.
        prompt = AskingPrompt(
            f"Comment on {key}", current, "Enter saves · Esc cancels", on_save=write, what="The comment"
        )
        self.push_screen(prompt)

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
                self.save_error = str(error)
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

    async def action_quit(self) -> None:
        """Ctrl+Q anywhere: a comment being typed is asked about first (saved, discarded, or
        kept with the prompt open), then the member leaves."""
        for index in range(len(self.screen_stack) - 1, 0, -1):
            screen = self.screen_stack[index]
            if isinstance(screen, UnsavedDialog):
                return  # the question is on screen: it is answered there
            if isinstance(screen, AskingPrompt):
                for _ in self.screen_stack[index + 1 :]:
                    self.pop_screen()  # its F1 help: the question goes straight above the prompt
                screen.ask_before_closing(then=self._leave_later)
                return
        await self.action_leave()

    def _leave_later(self) -> None:
        self.call_later(self.action_leave)  # after the prompt's save has started its worker

    async def action_leave(self) -> None:
        """Done (Esc, or Ctrl+Q): once the saves in flight finish. If the disk refused the latest
        change, ask first (ui/unsaved.py): keep shading, save (try again), or leave without it
        (status 1); the member's levels used to be left unsaved with only the exit status to say."""
        await self.workers.wait_for_complete()
        if self.saved_version == self.version:
            self.exit(0)
            return
        if isinstance(self.screen, UnsavedDialog):
            return  # already asking
        text = f"the levels and comments since the last save ({self.save_error or 'not written'})"
        self.push_screen(UnsavedDialog("The shading", text, "leave"), self._leave_answered)

    def _leave_answered(self, choice: UnsavedChoice | None) -> None:
        if choice is UnsavedChoice.SAVE:
            self._save()  # writes the shading as it is now; asked again if it fails again
            self._leave_later()
        elif choice is UnsavedChoice.DISCARD:
            self.exit(1)
