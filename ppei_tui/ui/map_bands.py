"""Planning a map's table in bands, shared by the review map (review_map.py) and the shading
screen (shade.py): when every element fits side by side, one column per element; when not, the
elements continue in bands down the table, each band headed by a row of its elements' names,
the same number of elements in every band so that a column holds one element of each band.
Pure functions of the cells each element needs; what a cell shows is the screen's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest

from ppei_tui.domain.template import Template

Cell = tuple[str, str]
BORDER = 2  # the table's border, left and right
SCROLLBAR = 2  # the vertical scrollbar, when the rows are more than the table shows


@dataclass(frozen=True)
class GridLayout:
    """`per_band` elements side by side; `widths` of the table's columns (padding excluded)."""

    per_band: int
    widths: tuple[int, ...]

    @property
    def banded(self) -> bool:
        return len(self.widths) < self.elements

    elements: int = 0
    # Side by side: whether the headers hold the element totals (the review map: when the
    # columns fit with them; else the names alone, the totals on the lower border)
    totals: bool = True


def plan_bands(
    whole: Sequence[int],
    banded: Sequence[int],
    tallest: int,
    available: int,
    padding: int = 1,
    rows_shown: int = 0,
    border: int = BORDER,
) -> GridLayout:
    """The most elements per band whose columns fit in `available` cells. `whole`: the cells
    each element's column needs side by side (under a header row); `banded`: the same when
    banded (its heading is then a row of the table); `tallest`: the most verbs of an element.
    Border and scrollbar are included: the one-band table has a scrollbar only when its rows
    are more than `rows_shown`. Column j of the table holds element j of every band, so it is
    as wide as the widest of them; each column adds `padding` cells on both sides. One element
    per band when even that does not fit (the table then scrolls sideways). The bands are
    filled evenly: the fewest bands that fit, with as few elements each as still fit in that
    many."""
    count = len(whole)
    rows = 1 + tallest
    chrome = border + (SCROLLBAR if rows > rows_shown else 0)
    if sum(whole) + 2 * padding * count + chrome <= available:
        return GridLayout(count, tuple(whole), count)

    def columns(per_band: int) -> list[int]:
        return [max(banded[i] for i in range(j, count, per_band)) for j in range(per_band)]

    def fits(per_band: int) -> bool:
        return sum(columns(per_band)) + 2 * padding * per_band + border + SCROLLBAR <= available

    most = next((n for n in range(count - 1, 1, -1) if fits(n)), 1)
    # As many bands as `most` needs, but filled evenly (8 elements in 2 bands of 4, not 6 and
    # 2): the same rows, narrower columns, no band of mostly empty columns.
    bands = -(-count // most)
    per_band = next(n for n in range(-(-count // bands), most + 1) if n == most or fits(n))
    return GridLayout(per_band, tuple(columns(per_band)), count)


def banded_cells(template: Template, per_band: int) -> tuple[list[list[Cell | None]], list[int]]:
    """Rows of the banded table: for each band a heading row (no cells) and its verbs; and
    the heading rows' numbers."""
    rows: list[list[Cell | None]] = []
    headings: list[int] = []
    elements = template.elements
    for start in range(0, len(elements), per_band):
        band = elements[start : start + per_band]
        headings.append(len(rows))
        rows.append([None] * per_band)
        columns = [[(e.code, v) for v in e.verbs] for e in band]
        for row in zip_longest(*columns):
            rows.append(list(row) + [None] * (per_band - len(band)))
    return rows, headings


def side_by_side_cells(template: Template) -> list[list[Cell | None]]:
    """Rows of the one-band table (its header names the elements): element j's verbs in
    column j."""
    columns = [[(e.code, v) for v in e.verbs] for e in template.elements]
    return [list(row) for row in zip_longest(*columns)]
