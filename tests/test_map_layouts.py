"""The on-screen map layouts hold for every template (issue 16 §3): the observe panel's pages
and the review table's bands, for generated templates of 1 to 40 elements of 1 to 30 codes
(accented names, composed and decomposed, hyphens, names that start other names)."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from test_layout_any_size import every_code_used, templates

from ppei_tui.domain.mapping import session_map
from ppei_tui.outputs.terminal_map import legend
from ppei_tui.ui.map_panel import map_pages
from ppei_tui.ui.review_map import BORDER, SCROLLBAR, _banded_cells, element_widths, plan_grid, verb_label


def rendered(renderable, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text().splitlines()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates, st.integers(min_value=40, max_value=200), st.integers(min_value=3, max_value=30))
def test_observe_pages_hold_every_element_once_whole_and_in_order(template, width, height):
    """Every page fits the panel: an element taller than a page by itself comes in parts of its
    lines, one after another, which together hold each of its codes whole."""
    counts = session_map(every_code_used(template))
    console = Console(width=width)
    pages = map_pages(counts, width, height, console)
    shown = [index for page in pages for index in range(page.first, page.last + 1)]
    assert list(dict.fromkeys(shown)) == list(range(len(template.elements)))  # in order
    budget = max(1, height - len(legend().wrap(console, width)))
    texts: dict[int, str] = {}  # each page's lines, joined per element (a tall one's parts)
    for page in pages:
        lines = rendered(page.body, width)
        assert all(cell_len(line) <= width for line in lines)
        assert len(lines) == page.lines <= budget  # nothing left to scroll to
        if page.is_part:
            assert page.first == page.last and page.line_from == len(texts.get(page.first, "").splitlines())
        for index in range(page.first, page.last + 1):
            texts[index] = texts.get(index, "") + "\n".join(lines) + "\n"
    assert sorted(texts) == list(range(len(template.elements)))
    for index, element in enumerate(template.elements):
        text = unicodedata.normalize("NFC", texts[index])
        parts = [p for p in pages if p.is_part and p.first == index]
        assert not parts or parts[-1].line_from + parts[-1].lines == parts[-1].element_lines
        for verb in element.verbs:  # whole, on one line, with its count
            label = unicodedata.normalize("NFC", verb_label(counts, (element.code, verb)))
            assert label in text, label


def band_width(widths: list[int], count: int, per_band: int) -> int:
    """Cells of a table of `per_band` columns, each as wide as its widest element, padded."""
    return sum(max(widths[i] for i in range(j, count, per_band)) + 2 for j in range(per_band))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates, st.integers(min_value=40, max_value=220))
def test_review_bands_hold_every_verb_once_and_fit_the_width(template, available):
    counts = session_map(every_code_used(template))
    plan = plan_grid(counts, available, padding=1, rows_shown=10)
    if not plan.banded:
        cells = [(e.code, v) for e in template.elements for v in e.verbs]
        assert len(plan.widths) == len(template.elements)
        assert sum(plan.widths) + 2 * len(plan.widths) + BORDER <= available
    else:
        rows, headings = _banded_cells(template, plan.per_band)
        cells = [cell for row in rows for cell in row if cell is not None]
        assert all(all(cell is None for cell in rows[h]) for h in headings)
        widths = element_widths(counts)
        for index, width in enumerate(widths):  # each element's labels fit its column
            assert width <= plan.widths[index % plan.per_band]
        if plan.per_band > 1:
            assert sum(plan.widths) + 2 * plan.per_band + BORDER + SCROLLBAR <= available
        # The fewest bands: no more elements per band that would save a band fit.
        count, bands = len(template.elements), len(headings)
        for more in range(plan.per_band + 1, count):
            if -(-count // more) < bands:
                assert band_width(widths, count, more) + BORDER + SCROLLBAR > available, more
    assert sorted(cells) == sorted(template.verb_cells())
