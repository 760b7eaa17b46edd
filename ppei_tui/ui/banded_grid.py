"""A map table laid out by map_bands' plan, shared by the review map (review_map.MapGrid) and the
shading screen (shade.ShadeGrid): the columns, the rows of (element code, verb) cells, the band
heading rows, and the cursor kept on its verb when the plan changes. What a cell or header shows
is each screen's own (the `header` and `value` given to `lay_out`).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from ppei_tui.domain.template import Template
from ppei_tui.ui.map_bands import Cell, GridLayout, banded_cells, side_by_side_cells


class BandedGrid(DataTable[Text]):
    """`cells[row][column]` is the (element code, verb) shown there, or None (a band's heading
    row, or below an element's last verb); `heading_rows` are the rows heading each band (none
    side by side)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cells: list[list[Cell | None]] = []
        self.heading_rows: list[int] = []
        self.layout_plan: GridLayout | None = None
        self.last_verb: Cell | None = None  # the verb the cursor was last on

    def on_mount(self) -> None:
        self.cursor_type = "cell"
        self.zebra_stripes = False

    def lay_out(
        self,
        template: Template,
        plan: GridLayout,
        header: Callable[[int], str | Text],
        value: Callable[[int, int, Cell | None], Text],
    ) -> None:
        """Fill the table by `plan`: side by side under `header(element index)`, or in bands
        with no header; each cell drawn by `value(row, column, cell)`. On a band's heading or a
        blank cell, the cursor goes back to the verb it was last on."""
        current = self.current_cell() or self.last_verb
        self.clear(columns=True)
        self.layout_plan = plan
        self.show_header = not plan.banded
        if plan.banded:
            for column, width in enumerate(plan.widths):
                self.add_column("", width=width, key=f"column-{column}")
            self.cells, self.heading_rows = banded_cells(template, plan.per_band)
        else:
            for index, (element, width) in enumerate(zip(template.elements, plan.widths, strict=True)):
                self.add_column(header(index), width=width, key=element.code)
            self.cells, self.heading_rows = side_by_side_cells(template), []
        for row, cells in enumerate(self.cells):
            self.add_row(*[value(row, column, cell) for column, cell in enumerate(cells)], key=str(row))
        if current is not None:
            self.move_to_cell(current)
        elif plan.banded:
            self.move_cursor(row=1, column=0, animate=False)  # the first verb, not a heading

    def band_of(self, row: int) -> int:
        """The band (from 0) that `row` is in; 0 side by side."""
        return max((n for n, start in enumerate(self.heading_rows) if start <= row), default=0)

    def headed_element(self, row: int, column: int) -> int | None:
        """The index of the element whose name heads (row, column), if that is a heading cell."""
        if row not in self.heading_rows or self.layout_plan is None:
            return None
        return self.heading_rows.index(row) * self.layout_plan.per_band + column

    def current_cell(self) -> Cell | None:
        row, column = self.cursor_coordinate
        if row < len(self.cells) and column < len(self.cells[row]):
            return self.cells[row][column]
        return None

    def cell_position(self, cell: Cell) -> Coordinate | None:
        for row, cells in enumerate(self.cells):
            if cell in cells:
                return Coordinate(row, cells.index(cell))
        return None

    def move_to_cell(self, cell: Cell) -> None:
        found = self.cell_position(cell)
        if found is not None:
            self.move_cursor(row=found.row, column=found.column, animate=False)

    def show_heading(self) -> None:
        """Banded, keep the cursor's band heading in sight when the cursor's row allows it."""
        if not self.heading_rows or not self.display:
            return
        row = self.cursor_coordinate.row
        heading = max((start for start in self.heading_rows if start <= row), default=0)
        height = self.scrollable_content_region.height
        if height and self.scroll_offset.y > heading and row - heading < height:
            self.scroll_to(y=heading, animate=False)
