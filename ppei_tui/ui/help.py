"""F1 on any screen or dialog: the keys that work there, read from its own active bindings.

The list is built when F1 is pressed from `Screen.active_bindings` (the screen's bindings, the
focused widget's and its parents', and the app's), so it shows keys as they are bound now,
keymap changes included, and never goes stale (the idea of posting's and harlequin's help
screens). A screen may add prose (the observe screen adds the tag syntax) through `help_text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from ppei_tui.ui.keys import HELP, friendly

ResultType = TypeVar("ResultType")


@dataclass(frozen=True)
class KeyLine:
    """One action and every key that runs it, in one place of the binding chain."""

    place: str
    keys: tuple[str, ...]
    description: str
    tooltip: str


def _place(node: DOMNode, screen: Screen) -> str:
    if node is screen:
        return "On this screen"
    if isinstance(node, App):
        return "Everywhere"
    return f"In {getattr(node, 'help_title', '') or type(node).__name__}"


def key_lines(screen: Screen) -> list[KeyLine]:
    """The screen's active bindings grouped by action: screen first, then widgets, then the app."""
    grouped: dict[tuple[int, str, str], list[tuple[str, Binding]]] = {}
    nodes: dict[int, DOMNode] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system or not (binding.id or binding.show):
            continue  # Textual's own unnamed defaults (focus, copy) and hidden editing keys
        marker = (id(active.node), binding.action, binding.description)
        nodes[id(active.node)] = active.node
        grouped.setdefault(marker, []).append((key, binding))
    order = {id(screen): 0}
    lines = []
    for (node_id, _action, description), keys in grouped.items():
        node = nodes[node_id]
        binding = keys[0][1]
        shown = tuple(dict.fromkeys(key for key, _ in keys))
        rank = order.get(node_id, 2 if isinstance(node, App) else 1)
        line = KeyLine(_place(node, screen), shown, description or binding.action, binding.tooltip or "")
        lines.append((rank, line))
    lines.sort(key=lambda pair: pair[0])
    return [line for _, line in lines]


def keys_table(lines: list[KeyLine]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    place = None
    for line in lines:
        if line.place != place:
            place = line.place
            table.add_row(Text(place, style="bold underline"), "")
        description = line.description + (f": {line.tooltip}" if line.tooltip else "")
        table.add_row(" / ".join(friendly(key) for key in line.keys), description)
    return table


class KeysHelp(ModalScreen[None]):
    """The keys of the screen underneath (and any prose it gives), scrollable; Esc or F1 closes."""

    BINDINGS = [Binding(f"escape,q,{HELP}", "close", "Close help", id="help.close")]

    def __init__(self, title: str, lines: list[KeyLine], text: str = ""):
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="modal-box", id="help") as box:
            box.border_title = f"Help: {self.title_text}"
            if self.text:  # the screen's own words first (the observe screen: how to write notes)
                yield Static(self.text, id="help-text")
            yield Static(keys_table(self.lines), id="help-keys")
            yield Label(
                "Esc or F1 closes · ↑/↓ PgUp/PgDn scroll · Ctrl+K: the command palette", classes="hint"
            )

    def action_close(self) -> None:
        self.dismiss(None)


class Dialog(ModalScreen[ResultType]):
    """A modal dialog with F1 help: a modal screen cuts the app's bindings off, so F1 is
    bound here for every dialog."""

    BINDINGS = [Binding(HELP, "help", "Help", id="dialog.help", tooltip="The keys of this dialog")]

    def action_help(self) -> None:
        open_help(self.app, self)


def screen_title(screen: Screen) -> str:
    return getattr(screen, "help_title", "") or type(screen).__name__.removesuffix("Screen")


def open_help(app: App, screen: Screen | None = None) -> None:
    """Show the help of `screen` (default: the active one) unless help is already showing."""
    screen = screen or app.screen
    if isinstance(screen, KeysHelp):
        return
    app.push_screen(KeysHelp(screen_title(screen), key_lines(screen), getattr(screen, "help_text", "")))


def open_picker_help(app: App, lines: list[KeyLine]) -> None:
    """F1 in the observe screen's tag picker: the picker's keys and its rule (the picker, the
    note and the digits typed so far are left as they are)."""
    from ppei_tui.ui.tag_picker import PICKER_RULE

    if not isinstance(app.screen, KeysHelp):
        app.push_screen(KeysHelp("The tag picker", lines, PICKER_RULE))
