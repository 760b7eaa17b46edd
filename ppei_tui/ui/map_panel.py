"""The observe screen's map panel: the whole map when it fits, else a page of elements at a
time, with a title saying which elements are shown and which key shows the others.

The panel never takes the keyboard (the note input keeps it): the screen's "next / previous
map elements" bindings (PgDn / PgUp, binding ids observe.map_next / observe.map_previous, so a
keymap may move them) turn the pages. Nothing is cut and nothing is hidden without the title
saying so (issue 16 §3): a page holds whole element paragraphs, wrapped between verbs. An
element taller than the panel by itself (30 codes, or 15 at 100 x 24) is shown a panel's height
of its lines at a time, the title saying which lines ("element 3 of 8, lines 7-12 of 14"): the
same keys reach all of it, so no code is left to the mouse wheel.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from ppei_tui.domain.mapping import MapCounts
from ppei_tui.outputs.terminal_map import bands, element_paragraph, grid_fits, grid_height, grid_text, legend
from ppei_tui.ui.keys import friendly
from ppei_tui.ui.shown import shown_text

NEXT_ID = "observe.map_next"
PREVIOUS_ID = "observe.map_previous"


class MapPage(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    """Elements `first`..`last` (0-based, inclusive) of the template, as `body` lines.

    A part of one element taller than a page: its lines `line_from` (0-based) onwards, of
    `element_lines` in all (0 when the page holds whole elements)."""

    first: int
    last: int
    body: RenderableType
    lines: int
    line_from: int = 0
    element_lines: int = 0

    @property
    def is_part(self) -> bool:
        return self.element_lines > 0


def _lines(text: Text, width: int, console: Console) -> int:
    """Lines `text` takes at `width`: its own lines when none is wider (flow's paragraphs; the
    cheap case, counted on every save), else as the console wraps it."""
    lines = text.plain.split("\n")
    if all(cell_len(line) <= width for line in lines):
        return len(lines)
    return len(text.wrap(console, width))


def _split_lines(text: Text, width: int, console: Console) -> list[Text]:
    """`text`'s lines as drawn at `width` (as _lines counts them), styles kept."""
    lines = text.split("\n", allow_blank=True)
    if all(cell_len(line.plain) <= width for line in lines):
        return list(lines)
    return list(text.wrap(console, width))


def _element_parts(index: int, paragraph: Text, width: int, budget: int, console: Console) -> list[MapPage]:
    """Element `index`, taller than `budget` lines, as pages of `budget` of its lines each."""
    lines = _split_lines(paragraph, width, console)
    return [
        MapPage(
            index,
            index,
            Text("\n").join(lines[start : start + budget]),
            len(lines[start : start + budget]),
            start,
            len(lines),
        )
        for start in range(0, len(lines), budget)
    ]


def map_pages(counts: MapCounts, width: int, height: int, console: Console) -> list[MapPage]:
    """The map cut into pages of whole elements, each no wider than `width` and (with the
    legend) no taller than `height` lines where possible.

    One page (the grid, or every element's paragraph) when all of it fits; else as many
    elements per page as fit, in the template's order. An element taller than a page by itself
    is cut into pages of its lines (MapPage.is_part), in order, so every page fits.
    """
    elements = counts.template.elements
    if not elements:
        return [MapPage(0, -1, legend(), 1)]
    budget = max(1, height - _lines(legend(), width, console))
    if grid_fits(counts, width) and grid_height(counts) <= budget:
        return [MapPage(0, len(elements) - 1, grid_text(counts), grid_height(counts))]
    paragraphs = [element_paragraph(counts, index, width) for index in range(len(elements))]
    heights = [_lines(p, width, console) for p in paragraphs]
    pages: list[MapPage] = []
    for group in bands(heights, budget, gap=0):  # whole elements, in order, as many as fit
        if len(group) == 1 and heights[group[0]] > budget:
            pages += _element_parts(group[0], paragraphs[group[0]], width, budget, console)
            continue
        body = Text("\n").join(paragraphs[i] for i in group)
        pages.append(MapPage(group[0], group[-1], body, sum(heights[i] for i in group)))
    return pages


def pager_title(page: MapPage, number: int, total: int, next_key: str, previous_key: str) -> str:
    """The panel's title when the map takes more than one page (`number` 0-based), e.g.
    "Map: elements 1-3 of 8 · PgDn for more", "... · PgDn for more · PgUp back", or for a
    part of a tall element "Map: element 3 of 8, lines 7-12 of 14 · PgDn for more"."""
    shown = (
        f"element {page.first + 1}"
        if page.first == page.last
        else f"elements {page.first + 1}-{page.last + 1}"
    )
    of = f" of {total}"
    if page.is_part:
        of += f", lines {page.line_from + 1}-{page.line_from + page.lines} of {page.element_lines}"
    last_part = not page.is_part or page.line_from + page.lines >= page.element_lines
    more = "for more" if page.last < total - 1 or not last_part else "back to the first"
    back = f" · {previous_key} back" if number and previous_key else ""
    return f"Map: {shown}{of} · {next_key} {more}{back}"


class MapPanel(VerticalScroll, can_focus=False):
    """The live map under the note log, at most 40% of the screen's height (observe.tcss); when
    the map needs more, a page of elements at a time (see the module's docstring)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.counts: MapCounts | None = None
        self.pages: list[MapPage] = []
        self.page = 0
        self._first_shown = 0  # the element the page starts with: kept across resizes and saves
        self._line_shown = 0  # and its first line shown, when the page is part of a tall element

    def compose(self) -> ComposeResult:
        yield Static(id="map-content")

    def show(self, counts: MapCounts) -> None:
        """Draw `counts` (the same page stays shown)."""
        self.counts = counts
        self._draw()

    def turn(self, step: int) -> None:
        """Show the next (`step` 1) or previous (-1) page, round from the last to the first."""
        if len(self.pages) < 2:
            return
        self.page = (self.page + step) % len(self.pages)
        self._first_shown = self.pages[self.page].first
        self._line_shown = self.pages[self.page].line_from
        self._draw()

    @property
    def shown_elements(self) -> range:
        """Indexes of the template's elements on the page shown."""
        if not self.pages:
            return range(0)
        page = self.pages[self.page]
        return range(page.first, page.last + 1)

    def on_resize(self) -> None:
        self._draw(force=False)

    def _space(self) -> tuple[int, int]:
        """Cells (width, height) a page may use: the panel's width and its largest height.

        Before the first layout (size 0) the screen's size stands in for the panel's and its
        container's, so the map is in the first frame; the resize that follows draws it again
        only if that changes what is shown (_draw)."""
        gutter = self.styles.gutter
        parent = self.parent
        laid_out = self.size.width > 0 and isinstance(parent, Widget) and parent.size.width > 0
        size = self.size if laid_out else self.app.size
        width = size.width - gutter.width
        max_height = self.styles.max_height
        if max_height is None or not isinstance(parent, Widget):
            height = size.height
        else:
            height = int(max_height.resolve(parent.size if laid_out else self.app.size, self.app.size))
        return width, height - gutter.height

    def _key(self, binding_id: str) -> str:
        """The first key `binding_id` is on now (a keymap may have moved it); "" if none."""
        found = [k for k, a in self.screen.active_bindings.items() if a.binding.id == binding_id]
        return friendly(found[0]) if found else ""

    def _page_shown(self) -> int:
        """The page holding the element (and, in a tall one, the line) shown before."""
        holding = [n for n, p in enumerate(self.pages) if p.first <= self._first_shown <= p.last]
        if not holding:
            return 0
        at_line = [n for n in holding if self.pages[n].line_from <= self._line_shown]
        return at_line[-1] if at_line else holding[0]

    def _draw(self, force: bool = True) -> None:
        width, height = self._space()
        if self.counts is None or width <= 0 or height <= 0:
            return
        pages = map_pages(self.counts, width, height, self.app.console)
        if not force and pages == self.pages:
            return  # a resize that changes nothing shown: no update, no second layout
        paged = len(self.pages) > 1
        self.pages = pages
        if paged != (len(self.pages) > 1):  # the footer offers PgDn only for a paged map
            self.screen.refresh_bindings()
        self.page = self._page_shown()
        page = self.pages[self.page]
        total = len(self.counts.template.elements)
        self.border_title = (  # Text: a str title is read as markup, and keys come from keymap.toml
            shown_text(pager_title(page, self.page, total, self._key(NEXT_ID), self._key(PREVIOUS_ID)))
            if len(self.pages) > 1
            else None
        )
        self.query_one("#map-content", Static).update(Group(page.body, legend()))
        # Paged, the panel keeps its largest height: the log does not jump as pages turn, and
        # the panel is resized (so re-paged) when the space above the input grows again.
        fixed = self.styles.max_height if len(self.pages) > 1 else None
        if self.styles.height != fixed:
            self.styles.height = fixed
