"""The screen as drawn, read through Textual's public API only.

Tests used to read `app.screen._compositor.render_strips()`, a private attribute that a Textual
minor release may rename or change (the pins allow minor releases). This builds the same lines
from two public calls: `Screen.get_widget_at(x, y)`, which answers which widget is on top at a
cell (the compositor's own answer, layers and overlays included) and where that widget is, and
`Widget.render_lines(crop)`, which draws part of a widget as Strips (text and styles). Each run of
cells one widget covers on a row is cut from that widget's line, and the runs are joined.
"""

from __future__ import annotations

from textual.app import App
from textual.geometry import Region
from textual.strip import Strip


def screen_strips(app: App) -> list[Strip]:
    """Every row of the current screen, top to bottom, each `app.size.width` cells wide."""
    screen = app.screen
    width, height = screen.size
    rows = []
    for y in range(height):
        on_top = [screen.get_widget_at(x, y) for x in range(width)]
        pieces = []
        start = 0
        while start < width:
            widget, region = on_top[start]
            end = start + 1
            while end < width and on_top[end][0] is widget:
                end += 1
            (line,) = widget.render_lines(Region(0, y - region.y, region.width, 1))
            pieces.append(line.crop(start - region.x, end - region.x))
            start = end
        rows.append(Strip.join(pieces))
    return rows


def screen_lines(app: App) -> list[str]:
    """The current screen's rows as text (no styles)."""
    return [strip.text for strip in screen_strips(app)]
