"""The study view's table of meetings laid out to fit the screen's width, no figure dropped.

The whole table (date, CoP, site, observer, duration, notes, tags, then a cell per element or
practice set) needs about 150 columns with the default framework, so at 80 or 100 it used to
scroll sideways, the figures out of sight. When it does not fit: first the meetings (their CoP,
site and observer wrapped onto more lines), then their figures by date, in as few tables as fit
the width, the categories shared out evenly between them (5 elements at 80 columns: 3 and 2).
The same split as `ppei study` on a narrow terminal (outputs/study_text.split_meetings).
"""

from __future__ import annotations

import math
import textwrap

from rich.cells import cell_len

from ppei_tui.outputs.study_text import TextTable, split_meetings

CELL_PADDING = 1  # DataTable's cell_padding: cells added on each side of every column
# Kept free at the right: the view's own scroll bar, and the table's when it scrolls down.
SCROLL_BARS = 4
NARROWEST_NAME = 6  # a CoP, site or observer column is never made narrower than this
FIGURES_FROM = 7  # the meeting table's first figure column (after date ... tags)


def column_widths(table: TextTable) -> list[int]:
    """Each column's width in cells: its widest line, header included."""

    def widest(text: str) -> int:
        return max((cell_len(line) for line in text.split("\n")), default=0)

    return [
        max([widest(header)] + [widest(row[index]) for row in table.rows])
        for index, header in enumerate(table.headers)
    ]


def table_width(table: TextTable) -> int:
    """What a DataTable of `table` takes across, its cell padding included."""
    return sum(width + 2 * CELL_PADDING for width in column_widths(table))


def fitted_tables(table: TextTable, width: int) -> list[TextTable]:
    """`table` as it is when it fits `width` columns, else the meetings and then the figures
    (see the module's docstring). Every cell of `table` is in one of the tables returned."""
    room = width - SCROLL_BARS
    if table_width(table) <= room or len(table.headers) <= FIGURES_FROM:
        return [table]
    who, figures = split_meetings(table, FIGURES_FROM)
    return [wrap_names(who, room), *share_out(figures, room)]


def wrap_names(table: TextTable, room: int) -> TextTable:
    """The name columns (`table.shrinkable`) wrapped at spaces onto more lines, each as wide as
    the widest width that lets the table fit `room` columns; a word is never cut, so a column is
    never narrower than its longest word (nor than NARROWEST_NAME). A table that fits already
    is left as it is."""
    widths = column_widths(table)
    names = sorted(table.shrinkable)
    floors = {
        i: max([NARROWEST_NAME] + [cell_len(w) for r in table.rows for w in r[i].split()]) for i in names
    }
    fixed = sum(w + 2 * CELL_PADDING for i, w in enumerate(widths) if i not in table.shrinkable)
    fixed += 2 * CELL_PADDING * len(names)

    def capped(cap: int) -> dict[int, int]:
        return {i: min(widths[i], max(cap, floors[i])) for i in names}

    cap = max((widths[i] for i in names), default=0)
    while cap > NARROWEST_NAME and fixed + sum(capped(cap).values()) > room:
        cap -= 1
    limits = capped(cap)
    if all(limits[i] >= widths[i] for i in names):
        return table
    rows = [
        [_wrapped(cell, limits[i]) if i in limits else cell for i, cell in enumerate(row)]
        for row in table.rows
    ]
    headers = [_wrapped(h, limits[i]) if i in limits else h for i, h in enumerate(table.headers)]
    return TextTable(headers, rows, table.breaks, table.numeric_from, table.shrinkable)


def _wrapped(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text


def share_out(figures: TextTable, room: int) -> list[TextTable]:
    """The date column and the figure columns, as few tables as fit `room`, the figure
    columns shared out evenly (at least one a table, whatever the width)."""
    widths = column_widths(figures)
    date = widths[0] + 2 * CELL_PADDING
    widest = max(widths[1:]) + 2 * CELL_PADDING
    each = max(1, (room - date) // widest)
    count = len(widths) - 1
    size = math.ceil(count / math.ceil(count / each))
    parts = []
    for start in range(1, count + 1, size):
        columns = [0, *range(start, min(start + size, count + 1))]
        parts.append(
            TextTable(
                [figures.headers[i] for i in columns],
                [[row[i] for i in columns] for row in figures.rows],
                figures.breaks,
                1,
            )
        )
    return parts
