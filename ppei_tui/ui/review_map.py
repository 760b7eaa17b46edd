"""The review screen's map: a table of selectable verb cells that fits the width it is given.

When every element fits side by side, one column per element under its name (as `ppei map`
draws it). When not (a large framework, a narrow terminal), the elements continue in bands, as
`ppei map`'s bands do (issue 16 §3): band after band down the table, each band starting with a
row of its elements' names and totals, the same number of elements in every band so that a
column holds one element of each band. Nothing scrolls sideways and no name or count is cut;
the arrows reach every cell (the table scrolls down), and Enter on a verb lists its notes.
"""

from __future__ import annotations

from dataclasses import replace

from rich.cells import cell_len
from rich.text import Text
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from ppei_tui.domain.mapping import SHADE_COLOURS, SHADE_TEXT_COLOURS, MapCounts
from ppei_tui.ui.banded_grid import BandedGrid
from ppei_tui.ui.map_bands import BORDER, SCROLLBAR, Cell, GridLayout, plan_bands
from ppei_tui.ui.map_bands import banded_cells as _banded_cells
from ppei_tui.ui.shown import shown_text

__all__ = [
    "BORDER", "SCROLLBAR", "Cell", "GridLayout", "MapGrid", "_banded_cells",
    "element_heading", "element_widths", "plan_grid", "verb_label",
]  # fmt: skip
SIDE_WIDTH = 24  # cells left beside the map for the highlighted note's detail


def element_heading(counts: MapCounts, index: int) -> str:
    element = counts.template.elements[index]
    return f"{element.name} ({element.code}) · {counts.element_total(element.code)}"


def verb_label(counts: MapCounts, cell: Cell) -> str:
    count = counts.count(*cell)
    return f"{cell[1]} {count}" if count else cell[1]


def element_widths(counts: MapCounts, totals: bool = True) -> list[int]:
    """Cells each element's column needs: its heading, with its total (`Meaning (M) · 3`, as a
    band's heading row and, when they fit, the headers side by side show it) or without, and
    its widest verb with its count."""
    widths = []
    for index, element in enumerate(counts.template.elements):
        heading = element_heading(counts, index) if totals else f"{element.name} ({element.code})"
        labels = [verb_label(counts, (element.code, verb)) for verb in element.verbs]
        widths.append(max(cell_len(t) for t in [heading, *labels]))
    return widths


def plan_grid(counts: MapCounts, available: int, padding: int = 1, rows_shown: int = 0) -> GridLayout:
    """The review map's plan (map_bands.plan_bands): each element's heading with its total (as
    a band's heading row and, side by side, its header show it) and its widest verb with its
    count. Where the elements fit side by side only without the totals, the headers give the
    names alone (`totals` False: the lower border lists the totals) rather than going to bands."""
    tallest = max((len(e.verbs) for e in counts.template.elements), default=0)
    widths = element_widths(counts)
    plan = plan_bands(widths, widths, tallest, available, padding, rows_shown)
    if plan.banded:
        names = plan_bands(
            element_widths(counts, totals=False), widths, tallest, available, padding, rows_shown
        )
        if not names.banded:
            return replace(names, totals=False)
    return plan


def _shaded(label: str, level: int) -> Text:
    style = f"{SHADE_TEXT_COLOURS[level]} on {SHADE_COLOURS[level]}" if level else "dim"
    return shown_text(label, style)


class MapGrid(BandedGrid):
    """The shaded map; move with the arrows and press Enter on a verb to see its evidence
    (cells, bands and the cursor as banded_grid.BandedGrid keeps them)."""

    class VerbChosen(Message):
        def __init__(self, element: str, verb: str):
            super().__init__()
            self.element = element
            self.verb = verb

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.counts: MapCounts | None = None
        self.planned_for = (0, 0)  # the (width, rows) the plan was made for
        self.subtitle_text: str | None = None  # the border's subtitle, plain (see _subtitle)

    def on_mount(self) -> None:
        super().on_mount()
        self.screen.screen_layout_refresh_signal.subscribe(self, self._space_changed)

    def available_width(self) -> int:
        """The width the map may take: the row it sits in, less room for the note's detail
        when that is shown beside it (the review screen puts it under the list when narrow)."""
        parent = self.parent
        if not isinstance(parent, Widget):
            return self.app.size.width
        beside = parent.styles.layout is not None and parent.styles.layout.name == "horizontal"
        shared = beside and any(w.display for w in parent.children if w is not self)
        return max(1, parent.size.width - (SIDE_WIDTH if shared else 0))

    def rows_shown(self) -> int:
        """Rows the table can show at its tallest: its own max-height or that of the bottom
        of the screen it sits in, whichever is less, without the border."""
        parent = self.parent
        if not isinstance(parent, Widget) or not isinstance(parent.parent, Widget):
            return 0
        pairs = ((self.styles.max_height, parent), (parent.styles.max_height, parent.parent))
        limits = [int(limit.resolve(box.size, self.app.size)) for limit, box in pairs if limit is not None]
        return min(limits) - BORDER if limits else 0

    def _space(self) -> tuple[int, int]:
        return self.available_width(), self.rows_shown()

    def _space_changed(self, _screen: object) -> None:
        """After each layout of the screen: plan again if the room the map may take changed.
        The map's own size follows its columns (width: auto), so when the terminal narrows
        within one layout (200 to 160 columns, the detail still beside it) no resize of the
        map says so; only its parent's width changes."""
        if self.counts is not None and self._space() != self.planned_for:
            self.show(self.counts)

    def show(self, counts: MapCounts) -> None:
        """Draw `counts` (e.g. after the filter changed), the cursor kept on its verb."""
        self.counts = counts
        self.planned_for = available, rows = self._space()
        plan = plan_grid(counts, available, self.cell_padding, rows)
        if plan != self.layout_plan:
            self._rebuild(counts, plan)
            return
        if not plan.banded:  # side by side, the headers hold the totals (drawn with the cells)
            for index, element in enumerate(counts.template.elements):
                self.columns[ColumnKey(element.code)].label = shown_text(self._header(counts, plan, index))
            self._say_where()
        for row, cells in enumerate(self.cells):
            for column, cell in enumerate(cells):
                value = self._value(counts, plan, row, column, cell)
                self.update_cell_at(Coordinate(row, column), value)

    def on_resize(self) -> None:
        if self.counts is not None:
            self.show(self.counts)
        self.call_after_refresh(self.show_heading)

    def _value(self, counts: MapCounts, plan: GridLayout, row: int, column: int, cell: Cell | None) -> Text:
        if cell is not None:
            return _shaded(verb_label(counts, cell), counts.level(*cell))
        index = self.headed_element(row, column)
        if index is not None and index < len(counts.template.elements):
            return shown_text(element_heading(counts, index), "bold")
        return Text("")

    def _rebuild(self, counts: MapCounts, plan: GridLayout) -> None:
        self.lay_out(
            counts.template,
            plan,
            lambda index: shown_text(self._header(counts, plan, index)),
            lambda row, column, cell: self._value(counts, plan, row, column, cell),
        )
        self._say_where()

    @staticmethod
    def _header(counts: MapCounts, plan: GridLayout, index: int) -> str:
        element = counts.template.elements[index]
        return element_heading(counts, index) if plan.totals else f"{element.name} ({element.code})"

    def _say_where(self) -> None:
        """Banded, the border says where the cursor is, as the band's heading row may have
        scrolled out of sight: "Évaluation (Ev) · band 4 of 4 · ↓ / PgDn for more". Side by
        side with headers too narrow for the totals, it gives the totals: "totals: M 4 · Ma 1"."""
        plan, counts = self.layout_plan, self.counts
        if plan is None or counts is None or not plan.banded:
            totals = (
                "totals: "
                + " · ".join(f"{e.code} {counts.element_total(e.code)}" for e in counts.template.elements)
                if plan is not None and counts is not None and not plan.totals
                else None
            )
            self._subtitle(totals)
            return
        row, column = self.cursor_coordinate
        band = self.band_of(row)
        index = band * plan.per_band + column
        elements = counts.template.elements
        where = f"{elements[index].name} ({elements[index].code}) · " if index < len(elements) else ""
        more = "↓ / PgDn for more" if band < len(self.heading_rows) - 1 else "↑ / PgUp back"
        self._subtitle(f"{where}band {band + 1} of {len(self.heading_rows)} · {more}")

    def _subtitle(self, text: str | None) -> None:
        """The border's subtitle: Text (a str is read as markup, and it names elements from
        the template file), set only when it changes (each set repaints the border)."""
        if text != self.subtitle_text:
            self.subtitle_text = text
            self.border_subtitle = shown_text(text) if text is not None else None

    def on_data_table_cell_highlighted(self) -> None:
        self.last_verb = self.current_cell() or self.last_verb
        self._say_where()
        self.call_after_refresh(self.show_heading)  # after the table's own scroll to the cursor

    def position(self, element: str, verb: str) -> tuple[int, int] | None:
        """(row, column) of a verb's cell, or None if the template has no such verb."""
        found = self.cell_position((element, verb))
        return None if found is None else (found.row, found.column)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        cell = self.cells[event.coordinate.row][event.coordinate.column]
        if cell is not None:
            self.post_message(self.VerbChosen(*cell))
