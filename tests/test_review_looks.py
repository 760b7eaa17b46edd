"""How the review screen looks at 100x30 and 200x50 (issue 11, found in a newcomer trial in
tmux): the highlighted note is seen over its whole row in both themes and with NO_COLOR, a
deleted note looks deleted, tags are shown in full, and the layout leaves the list and the
detail room at 100 columns. Read from the screen as drawn (the compositor's lines) and the
stored file."""

import pytest
from rich.segment import Segment
from screen_text import screen_strips
from test_review_ui import app_for, open_review, settle, stored_note

from ppei_tui.ui.review_map import MapGrid
from ppei_tui.ui.review_widgets import NotesView
from ppei_tui.ui.widgets import describe_tags

NARROW, WIDE = (100, 30), (200, 50)


def screen_segments(app) -> list[list[Segment]]:
    return [list(strip) for strip in screen_strips(app)]


def screen_lines(app) -> list[str]:
    return ["".join(segment.text for segment in line) for line in screen_segments(app)]


def notes_rows(app) -> tuple[int, int, int]:
    """(first screen line of the list, its x, its width) inside the notes pane's border."""
    region = app.screen.query_one(NotesView).content_region
    return region.y, region.x, region.width


def row_segments(app, note_index: int) -> list[Segment]:
    """The segments of the screen line where row `note_index` starts (it is in view)."""
    view = app.screen.query_one(NotesView)
    top, x, width = notes_rows(app)
    y = top + view.starts[note_index] - view.scroll_offset.y
    line = screen_segments(app)[y]
    cells, picked = 0, []
    for segment in line:  # the cells inside the pane's border, scrollbar excluded
        length = segment.cell_length
        if x <= cells and cells + length <= x + view.scrollable_content_region.width:
            picked.append(segment)
        cells += length
    return picked


def shown_with(segments: list[Segment], check) -> bool:
    """Whether every cell with text in it (not only the blank end) is drawn with `check`."""
    inked = [s for s in segments if s.text.strip()]
    return bool(inked) and all(s.style is not None and check(s.style) for s in inked)


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_the_highlighted_row_is_drawn_over_its_text(config, store, session_path, size):
    async with app_for(config, store).run_test(size=size) as pilot:
        await open_review(pilot)
        app = pilot.app
        before = screen_segments(app)
        await pilot.press("down")
        await settle(pilot)
        after = screen_segments(app)
        view = app.screen.query_one(NotesView)
        assert view.cursor == 1
        cursor_bg = view.get_component_rich_style("notes-view--cursor").bgcolor
        highlighted, plain = row_segments(app, 1), row_segments(app, 0)
        assert "▶" in "".join(s.text for s in highlighted)
        assert "▶" not in "".join(s.text for s in plain)
        assert shown_with(highlighted, lambda style: style.bgcolor == cursor_bg)
        assert not any(s.style and s.style.bgcolor == cursor_bg for s in plain if s.text.strip())
        top = notes_rows(app)[0]
        assert before[top] != after[top]  # the row the cursor left is drawn differently


async def test_the_highlight_shows_in_the_light_theme_too(config, store, session_path):
    async with app_for(config, store).run_test(size=NARROW) as pilot:
        await open_review(pilot)
        pilot.app.theme = "textual-light"
        await settle(pilot)
        view = pilot.app.screen.query_one(NotesView)
        cursor = view.get_component_rich_style("notes-view--cursor")
        assert cursor.bgcolor is not None and cursor.bgcolor != view.rich_style.bgcolor
        assert shown_with(row_segments(pilot.app, 0), lambda style: style.bgcolor == cursor.bgcolor)


async def test_with_no_color_the_highlight_is_a_mark_and_reverse_video(
    config, store, session_path, monkeypatch
):
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for(config, store)
    assert app.no_color
    async with app.run_test(size=NARROW) as pilot:
        await open_review(pilot)
        await pilot.press("down")
        await settle(pilot)
        highlighted, plain = row_segments(app, 1), row_segments(app, 0)
        assert "".join(s.text for s in highlighted).lstrip().startswith("▶")
        assert shown_with(highlighted, lambda style: bool(style.reverse))
        assert not any(s.style and s.style.reverse for s in plain if s.text.strip())


async def test_a_deleted_note_looks_deleted_in_the_row_and_the_detail(config, store, session_path):
    async with app_for(config, store).run_test(size=NARROW) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        await pilot.press("d", "x")  # delete it, then show deleted notes
        await settle(pilot)
        assert stored_note(session_path, note.id)["deleted"] is True
        view = screen.query_one(NotesView)
        assert view.notes[0] is note and view.cursor == 1  # the cursor moved on when it went
        row = row_segments(pilot.app, 0)
        text = "".join(s.text for s in row)
        assert "deleted" in text
        struck = [s for s in row if s.text.strip() and "deleted" not in s.text]
        assert struck and all(s.style.strike for s in struck)
        await pilot.press("up")
        await settle(pilot)
        assert "DELETED" in str(screen.query_one("#note-detail").render())


def tags_cells(app) -> list[str]:
    """The tags column of each row in view, its lines joined, read off the screen under the
    list's heading ("tags" ... "note")."""
    lines = screen_lines(app)
    header = next(line for line in lines if " tags " in line and line.rstrip().endswith("note"))
    start, end = header.index(" tags ") + 1, header.rindex(" note") + 1
    view = app.screen.query_one(NotesView)
    top, _x, _width = notes_rows(app)
    shown = []
    for index in range(len(view.notes)):
        first = view.starts[index] - view.scroll_offset.y
        last = view.starts[index + 1] - view.scroll_offset.y
        if first < 0 or last > view.scrollable_content_region.height:
            continue
        parts = [lines[top + y][start:end].strip() for y in range(first, last)]
        shown.append(" ".join(p for p in parts if p))
    return shown


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_tags_are_shown_in_full(config, store, session_path, size):
    async with app_for(config, store).run_test(size=size) as pilot:
        screen = await open_review(pilot)
        view = screen.query_one(NotesView)
        shown = tags_cells(pilot.app)
        assert len(shown) >= 5
        assert shown == [describe_tags(note) for note in view.notes[: len(shown)]]
        assert any(len(tags) > 28 for tags in shown)  # one at least that was cut before


async def test_at_100x30_the_list_and_the_detail_have_room_and_f2_shows_the_map(config, store, session_path):
    async with app_for(config, store).run_test(size=NARROW) as pilot:
        screen = await open_review(pilot)
        view, grid = screen.query_one(NotesView), screen.query_one(MapGrid)
        detail = screen.query_one("#note-detail")
        assert detail.region.width >= 90  # was 2 cells beside the map
        assert view.columns.text >= 30  # the note's text column (was about 11)
        rows = [
            i for i, start in enumerate(view.starts[:-1]) if start < view.scrollable_content_region.height
        ]
        assert len(rows) >= 7  # whole rows in view (was 6 one-line rows)
        assert not grid.region.height  # the map waits for its key at this width
        for key in ("f2", "tab"):  # F2 (or o), and Tab as on a wide screen, reach the map
            await pilot.press(key)
            await settle(pilot)
            assert grid.has_focus and grid.region.height >= 8, key
            assert not detail.region.height  # in the detail's place
            await pilot.press("escape")  # back to the notes, not out of the review
            await settle(pilot)
            assert view.has_focus and not grid.region.height and detail.region.width >= 90


async def test_at_200x50_the_map_sits_beside_a_wide_detail(config, store, session_path):
    async with app_for(config, store).run_test(size=WIDE) as pilot:
        screen = await open_review(pilot)
        grid, detail = screen.query_one(MapGrid), screen.query_one("#note-detail")
        assert grid.display and grid.region.height >= 8
        assert grid.region.right <= detail.region.x and detail.region.width >= 60
        assert screen.query_one(NotesView).scrollable_content_region.height >= 20


async def test_side_by_side_map_headers_hold_the_element_totals(config, store, session_path):
    """At 200 columns the Hatfield map is side by side; each header says its element's total, as
    the bands' heading rows do (`Meaning (M) · 3`)."""
    async with app_for(config, store).run_test(size=WIDE) as pilot:
        await open_review(pilot)
        grid = pilot.app.screen.query_one(MapGrid)
        assert not grid.layout_plan.banded and grid.layout_plan.totals
        counts = grid.counts
        assert [column.label.plain for column in grid.columns.values()] == [
            f"{e.name} ({e.code}) · {counts.element_total(e.code)}" for e in counts.template.elements
        ]
        assert " · " in "".join(screen_lines(pilot.app))
