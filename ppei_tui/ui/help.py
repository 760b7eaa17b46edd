"""F1 on any screen or dialog: the keys that work there, read from its own active bindings.

The list is built when F1 is pressed from `Screen.active_bindings` (the screen's bindings, the
focused widget's and its parents', and the app's), so it shows keys as they are bound now,
keymap changes included, and never goes stale (the idea of posting's and harlequin's help
screens). A screen may add prose (the observe screen adds the tag syntax) through `help_text`.

Keys a widget takes itself rather than through a binding (Enter in an input or a list, Tab
completing, PgDn scrolling) are listed from a `help_keys()` method of the focused widget, its
containers and the screen: a list of HelpKey (keys as bound, "up,down"; what they do; a longer
word). Each place is headed by its `help_title` ("In the notes list"), never a class name.
"""

from __future__ import annotations

import re
from typing import NamedTuple, TypeVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from ppei_tui.ui.keys import HELP, friendly
from ppei_tui.ui.shown import shown_text

# A dialog screen narrower than its box's width (96 cells for help, the editor, the leave
# dialog) is "-cramped": ppei.tcss then makes the box the screen's width, so nothing is cut
# off at 80 columns (a min-width wins over a max-width in Textual's layout).
DIALOG_BREAKPOINTS = [(0, "-cramped"), (96, "-roomy")]
# Fewer than 30 rows (80x24) is "-low": a dialog's lists take fewer rows (the export dialog's
# path and hints were below its box's bottom at 24 rows).
DIALOG_HEIGHTS = [(0, "-low"), (30, "-high")]

ResultType = TypeVar("ResultType")


class KeyLine(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    """One action and every key that runs it, in one place of the binding chain."""

    place: str
    keys: tuple[str, ...]
    description: str
    tooltip: str


class HelpKey(NamedTuple):
    """A key a widget or dialog handles itself, for F1: keys as Textual names them
    ("enter", "up,down"), what they do, and a longer explanation."""

    keys: str
    description: str
    tooltip: str = ""


def human_name(node: DOMNode) -> str:
    """`help_title`, or the class name in words ("LeaveDialog" -> "Leave dialog")."""
    title = getattr(node, "help_title", "")
    if title:
        return str(title)
    words = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", type(node).__name__.removesuffix("Screen"))
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else type(node).__name__


def _place(node: DOMNode, screen: Screen) -> str:
    if node is screen:
        return "On this screen"
    if isinstance(node, App):
        return "Everywhere"
    pane = _pane_help(node, screen)
    return f"In {pane[0] if pane else human_name(node)}"


def _pane_help(node: DOMNode, screen: Screen) -> tuple[str, list] | None:
    """A screen may describe a widget it holds (a widget of another module, e.g. the review
    map): `screen.pane_help(node)` -> (title, keys) or None."""
    method = getattr(screen, "pane_help", None)
    return method(node) if callable(method) and node is not screen else None


def _own_keys(node: DOMNode, screen: Screen) -> list[HelpKey]:
    # Plain (keys, description[, tooltip]) tuples are taken too, so a screen on the observe
    # path need not import this module to say what its widgets' keys do.
    pane = _pane_help(node, screen)
    method = getattr(node, "help_keys", None)
    items = pane[1] if pane else method() if callable(method) else []
    return [HelpKey(*item) for item in items]


def key_lines(screen: Screen) -> list[KeyLine]:
    """The screen's keys grouped by place: the focused widget (and what holds it) first, then
    the screen, then the app. Each place lists its bindings and the keys it handles itself."""
    chain: list[DOMNode] = []
    node: DOMNode | None = screen.focused
    while node is not None and node is not screen:
        chain.append(node)
        node = node.parent
    chain.append(screen)
    rank = {id(n): index for index, n in enumerate(chain)}
    grouped: dict[tuple[int, str, str], list[tuple[str, Binding]]] = {}
    nodes: dict[int, DOMNode] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system or not (binding.id or binding.show):
            continue  # Textual's own unnamed defaults (focus, copy) and hidden editing keys
        marker = (id(active.node), binding.action, binding.description)
        nodes[id(active.node)] = active.node
        grouped.setdefault(marker, []).append((key, binding))
    lines: list[tuple[int, int, KeyLine]] = []
    listed: set[tuple[int, str]] = set()  # (node, key) bound there: not listed twice
    for (node_id, _action, description), keys in grouped.items():
        node = nodes[node_id]
        binding = keys[0][1]
        shown = tuple(dict.fromkeys(key for key, _ in keys))
        listed.update((node_id, key) for key in shown)
        place = rank.get(node_id, len(chain) + (1 if isinstance(node, App) else 0))
        line = KeyLine(_place(node, screen), shown, description or binding.action, binding.tooltip or "")
        lines.append((place, 0, line))
    for place, holder in enumerate(chain):
        for own in _own_keys(holder, screen):
            own_keys = tuple(k.strip() for k in own.keys.split(",") if (id(holder), k.strip()) not in listed)
            if own_keys:
                line = KeyLine(_place(holder, screen), own_keys, own.description, own.tooltip)
                lines.append((place, 1, line))
    lines.sort(key=lambda entry: (entry[0], entry[1]))
    return [line for _, _, line in lines]


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
        # Text, not str: a Rich table reads a str cell as markup, and keys come from the
        # user's keymap.toml ("[" and "]" are keys too).
        table.add_row(Text(" / ".join(friendly(key) for key in line.keys)), Text(description))
    return table


class KeysHelp(ModalScreen[None]):
    """The keys of the screen underneath (and any prose it gives), scrollable; Esc or F1 closes."""

    BINDINGS = [Binding(f"escape,q,{HELP}", "close", "Close help", id="help.close")]
    HORIZONTAL_BREAKPOINTS = DIALOG_BREAKPOINTS

    def __init__(self, title: str, lines: list[KeyLine], text: str = ""):
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="modal-box", id="help") as box:
            box.border_title = shown_text(f"Help: {self.title_text}")  # a title may name a verb
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
    HORIZONTAL_BREAKPOINTS = DIALOG_BREAKPOINTS
    VERTICAL_BREAKPOINTS = DIALOG_HEIGHTS

    _dismissed = False

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        """Close the dialog with `result`, once: Textual pops the screen on top, so a second
        dismiss (a second Enter queued behind the first) popped the screen beneath, the observe
        screen itself. A dialog already closed, or not on top, is left as it is."""
        if self._dismissed or self.app.screen is not self:
            return AwaitComplete.nothing()
        self._dismissed = True
        return super().dismiss(result)

    def action_help(self) -> None:
        open_help(self.app, self)


def screen_title(screen: Screen) -> str:
    return human_name(screen)


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
