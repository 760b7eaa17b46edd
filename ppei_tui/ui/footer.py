"""The footer of every screen (observe, review, home, the session list, compare, study, shade):
every key shown is whole, at any width.

One widget draws the screen's keys as one line of text, measured against its width (Textual's
Footer is one widget per key and cuts what does not fit: at 130 columns the observe screen lost
End, Help and Quit, home at 100 lost Quit and Help). The first of these that fits is drawn:

1. every key of each action ("^t/F2 Tag"), spaced out, and the palette key on the right;
2. the same, compact (one space between keys);
3. each action's first key only ("^t Tag");
4. without the palette key;
5. then actions are left out one at a time, from the right: first those a narrow footer can do
   without (LATER, or the screen's own `footer_later`: writing the PDF or an export is not what
   an observer needs mid-meeting), then the others but the essential ones (KEEP: End, Help,
   Quit, Back), then those, Help last, until the rest fits. Nothing is ever cut.

F1 lists every key, these included.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

from ppei_tui.ui import keys
from ppei_tui.ui.typed import ppei_app

NARROW = 120  # below it, the palette's titles (PpeiApp.get_key_display) show each action's first key only
LATER = frozenset({"report", "export"})
KEEP = frozenset({"end", "leave", "quit", "back", "help"})  # actions left out last


def essential(action: str) -> str:
    """The action's name without its namespace ("app.quit" -> "quit"), as KEEP names it."""
    return action.rsplit(".", 1)[-1]


def is_narrow(width: int) -> bool:
    return width < NARROW


class FooterKey(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    """One action as the footer may show it: `keys` every key it is on ("^t/F2"), `first`
    its first key ("^t"); `key` is what a click presses."""

    key: str
    keys: str
    first: str
    description: str
    action: str
    enabled: bool = True
    tooltip: str = ""


class Fit(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    """How the footer is drawn at one step of FITS (see the module)."""

    spaced: bool
    every_key: bool
    palette: bool


FITS = (
    Fit(spaced=True, every_key=True, palette=True),
    Fit(spaced=False, every_key=True, palette=True),
    Fit(spaced=False, every_key=False, palette=True),
    Fit(spaced=False, every_key=False, palette=False),
)


def label(item: FooterKey, fit: Fit) -> tuple[str, str]:
    """The key and description parts of an item as drawn: " ^t/F2 " "Tag " spaced out,
    "^t" " Tag" compact."""
    shown = item.keys if fit.every_key else item.first
    if fit.spaced:
        return f" {shown} ", f"{item.description} "
    return shown, f" {item.description}"


def item_width(item: FooterKey, fit: Fit) -> int:
    key, description = label(item, fit)
    return cell_len(key) + cell_len(description)


def palette_width(palette: FooterKey, fit: Fit) -> int:
    """ "▏^k palette " (spaced) or "▏^k palette": the separator, the key, its description."""
    return 1 + cell_len(palette.first) + 1 + cell_len(palette.description) + (1 if fit.spaced else 0)


def choose(
    items: list[FooterKey], palette: FooterKey | None, width: int, later: frozenset[str]
) -> tuple[Fit, list[FooterKey], bool]:
    """The first step of FITS at which the items fit in `width` cells: (that step, the items
    shown in their order, whether the palette key is shown). Past the last step, actions are
    left out one at a time from the right, those in `later` first, the essential ones (KEEP)
    last, until the rest fits."""

    def needed(fit: Fit, shown: list[FooterKey], with_palette: bool) -> int:
        gaps = 0 if fit.spaced else max(0, len(shown) - 1)
        total = sum(item_width(item, fit) for item in shown) + gaps
        return total + (palette_width(palette, fit) if with_palette and palette else 0)

    for fit in FITS:
        with_palette = fit.palette and palette is not None
        if needed(fit, items, with_palette) <= width:
            return fit, items, with_palette
    fit, shown = FITS[-1], list(items)
    backwards = list(reversed(items))
    order = (
        [i for i in backwards if i.action in later]
        + [i for i in backwards if i.action not in later and essential(i.action) not in KEEP]
        + [i for i in backwards if i.action not in later and essential(i.action) in KEEP - {"help"}]
        + [i for i in backwards if essential(i.action) == "help"]  # F1 lists every other key
    )
    for item in order:
        if needed(fit, shown, False) <= width:
            break
        shown.remove(item)
    return fit, shown, False


def screen_keys(
    screen: Screen, display: Callable[[Binding], str]
) -> tuple[list[FooterKey], FooterKey | None]:
    """The footer's actions of `screen` (one per action, in binding order; `show` ones only)
    and its palette key (None if it has none), with their keys as `display` writes one."""
    items: dict[str, FooterKey] = {}
    palette: FooterKey | None = None
    app = screen.app
    bound = screen.active_bindings  # built anew at each reading: read once
    # Shown only when they do something now (the observe screen: PgDn for a map in pages).
    hidden: frozenset[str] = getattr(screen, "footer_hidden", frozenset)()
    for key, active in bound.items():
        binding: Binding = active.binding
        # by its action, not its key: a keymap may move the palette (keys.PALETTE_BINDING)
        if binding.action == keys.PALETTE_BINDING.action and app.ENABLE_COMMAND_PALETTE:
            palette = FooterKey(key, display(binding), display(binding), binding.description, binding.action)
        if not binding.show or binding.action in items or binding.action in hidden:
            continue
        items[binding.action] = FooterKey(
            key,
            keys.shown_keys(screen, binding, display, bound),
            display(binding),
            binding.description,
            binding.action,
            active.enabled,
            active.tooltip or binding.tooltip,
        )
    return list(items.values()), palette


class KeyFooter(Widget, can_focus=False):
    """The screen's keys in one line that fits the width (see the module)."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    """
    # The parts' looks, as Textual's Footer draws them; theme variables in Content styles, not
    # component classes (each of which Textual styles as a node of its own at every restyle).
    KEY = "bold $footer-key-foreground on $footer-key-background"
    DESCRIPTION = "$footer-description-foreground on $footer-description-background"
    SEPARATOR = "$foreground 20%"
    HOVER = " on $block-hover-background"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.drawn: list[tuple[int, int, FooterKey]] = []  # (first cell, end cell, item) as drawn
        self._hover: FooterKey | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self.refresh()

    def render(self) -> Content:
        app = ppei_app(self)
        items, palette = screen_keys(self.screen, app.key_display)
        width = self.size.width
        later = getattr(self.screen, "footer_later", LATER)
        fit, shown, with_palette = choose(items, palette, width, later)
        parts: list[tuple[str, str]] = []
        used = 0
        self.drawn = []
        for number, item in enumerate(shown):
            if number and not fit.spaced:
                parts.append((" ", ""))
                used += 1
            key, description = label(item, fit)
            extra = (" dim" if not item.enabled else "") + (self.HOVER if item == self._hover else "")
            parts += [(key, self.KEY + extra), (description, self.DESCRIPTION + extra)]
            start, used = used, used + cell_len(key) + cell_len(description)
            self.drawn.append((start, used, item))
        if with_palette and palette is not None:
            tail = f" {palette.description}" + (" " if fit.spaced else "")
            start = width - (1 + cell_len(palette.first) + cell_len(tail))
            parts += [
                (" " * max(0, start - used), ""),
                ("▏", self.SEPARATOR),
                (palette.first, self.KEY),
                (tail, self.DESCRIPTION),
            ]
            self.drawn.append((start, width, palette))
        return Content.assemble(*parts)

    def item_at(self, x: int) -> FooterKey | None:
        """The item drawn at cell `x` of the footer, if any."""
        return next((item for start, end, item in self.drawn if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self.item_at(event.x)
        if item != self._hover:
            self._hover = item
            self.tooltip = item.tooltip or item.description if item else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self.item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
