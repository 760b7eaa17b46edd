"""The study view's table of meetings fits 80 and 100 columns without scrolling sideways and
without losing a figure (ui/study_tables.py): the meetings, then their figures by date, split
into as few tables as fit; names wrap at spaces. Read off the DataTables and the screen."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from study_helpers import write_study_folder
from test_study_ui import open_study_of_the_board, settle
from textual.widgets import DataTable

from ppei_tui.domain.study import Dimension
from ppei_tui.outputs.study_text import TextTable, meeting_table
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.review import ReviewScreen
from ppei_tui.ui.study import StudyScreen
from ppei_tui.ui.study_tables import SCROLL_BARS, fitted_tables, table_width


def by_meeting(tables: list[TextTable]) -> list[dict[str, str]]:
    """Each row's cells by column head, over all `tables`, spaces compared as words apart (a
    wrapped name's line break stands for the spaces it replaced)."""
    joined: list[dict[str, str]] = [{} for _ in tables[0].rows]
    for table in tables:
        for cells, row in zip(joined, table.rows, strict=True):
            for header, cell in zip(table.headers, row, strict=True):
                cells[" ".join(header.split())] = " ".join(cell.split())
    return joined


def shown_tables(screen: StudyScreen) -> list[DataTable]:
    return list(screen.query_one("#study-tables").query(DataTable).results(DataTable))


@pytest.mark.parametrize("dimension", list(Dimension))
@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_meetings_fit_the_width_with_every_figure(config, store, hatfield, size, dimension):
    folder = write_study_folder(config.sessions_dir, hatfield)
    async with PpeiApp(config, store, start_in_review=True, reviewer="RB").run_test(size=size) as pilot:
        screen = await open_study_of_the_board(pilot)
        if dimension is Dimension.PRACTICE:
            await pilot.press("b")
            await settle(pilot)
        whole = meeting_table(screen.study, dimension)
        assert table_width(whole) > size[0]  # the whole table would not fit: it is split
        tables = shown_tables(screen)
        assert len(tables) >= 2
        for table in tables + [screen.query_one("#study-body")]:
            assert table.max_scroll_x == 0, (table, table.virtual_size, table.size)
            assert table.virtual_size.width <= table.size.width
        shown = [
            TextTable(
                [str(column.label) for column in table.columns.values()],
                [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)],
            )
            for table in tables
        ]
        assert by_meeting(shown) == by_meeting([whole])  # every cell of every meeting, once or more
        heads = [h for t in shown for h in t.headers if h != "date"]
        assert sorted(heads) == sorted(h for h in whole.headers if h != "date")  # no column twice
        # Enter in the last figures table opens that row's meeting.
        tables[-1].focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
        assert pilot.app.screen.path == folder / "b.json"


async def test_wide_enough_it_is_one_table_and_a_resize_splits_it(config, store, hatfield):
    write_study_folder(config.sessions_dir, hatfield)
    async with PpeiApp(config, store, start_in_review=True, reviewer="RB").run_test(size=(180, 40)) as pilot:
        screen = await open_study_of_the_board(pilot)
        (table,) = shown_tables(screen)
        assert len(table.columns) == 12
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert [len(t.columns) for t in shown_tables(screen)] == [7, 4, 3]  # 5 elements: 3 and 2
        await pilot.resize_terminal(180, 40)
        await settle(pilot)
        assert [len(t.columns) for t in shown_tables(screen)] == [12]


names = st.text(st.characters(codec="utf-8", categories=["L", "Zs"]), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(names, names, names), min_size=1, max_size=4), st.integers(40, 220))
def test_every_cell_is_kept_whatever_the_names_and_width(meetings, width):
    headers = ["date", "CoP", "site", "observer", "duration", "notes", "tags", "P", "Mat", "C", "BE", "M"]
    rows = [
        ["2026-01-10", cop.strip() or "x", site.strip() or "x", who.strip() or "x", "1:30:00", "4", "4"]
        + ["▆75%  75   3"] * 5
        for cop, site, who in meetings
    ]
    table = TextTable(headers, rows, numeric_from=4, shrinkable=frozenset({1, 2, 3}))
    parts = fitted_tables(table, width)
    assert by_meeting(parts) == by_meeting([table])
    if len(parts) > 1:
        for part in parts[1:]:  # the figures fit whenever one category and the date can
            assert table_width(part) <= max(
                width - SCROLL_BARS, table_width(TextTable(part.headers[:2], [r[:2] for r in part.rows]))
            )
