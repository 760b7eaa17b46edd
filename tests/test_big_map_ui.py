"""The maps of the observe and review screens with a large framework (issue 16 §3).

Observe: at 100 columns every element is reachable by a key (PgDn / PgUp, binding ids
observe.map_next / map_previous), the panel says which elements it shows, and the keys never
reach the note being typed. Review: the map fits the width in bands, no label cut, and the
arrows reach every verb's cell."""

from __future__ import annotations

from big_map_helpers import (
    SMALL,
    TEMPLATES,
    large_config,
    observing_large,
    panel_text,
    paste_notes,
    reviewing_large,
    write_large_session,
)
from rich.cells import cell_len
from save_helpers import settle_written as settle
from textual.coordinate import Coordinate

from ppei_tui.storage.reading import read_tables
from ppei_tui.templates import TemplateLibrary
from ppei_tui.ui.map_panel import MapPanel
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.review_map import MapGrid
from ppei_tui.ui.review_widgets import NotesView

TEMPLATE = TemplateLibrary([TEMPLATES]).get("large-eight")


async def type_meeting(pilot):
    await settle(pilot)
    await paste_notes(pilot)
    await settle(pilot)


def make_app(tmp_path, clock, keymap: str | None = None):
    config = large_config(tmp_path / "sessions", clock)
    config.sessions_dir.mkdir()
    config.config_dir = tmp_path / "config"
    config.config_dir.mkdir()
    if keymap is not None:
        (config.config_dir / "keymap.toml").write_text(keymap, encoding="utf-8")
    return observing_large(config)


async def test_every_element_of_a_large_map_is_shown_whole_by_pgdn_at_100_columns(tmp_path, clock):
    app = make_app(tmp_path, clock)
    async with app.run_test(size=SMALL) as pilot:
        await type_meeting(pilot)
        panel = pilot.app.screen.query_one(MapPanel)
        tags = sum(panel.counts.element_total(e.code) for e in TEMPLATE.elements)
        assert tags == 11  # of the first four notes; the fifth one's token is not understood
        seen: list[int] = []
        titles = []
        for _ in range(len(panel.pages)):
            shown = list(panel.shown_elements)
            text = panel_text(panel)
            titles.append(panel.border_title)
            assert f"elements {shown[0] + 1}-{shown[-1] + 1} of 8" in panel.border_title or (
                f"element {shown[0] + 1} of 8" in panel.border_title
            )
            for index in shown:
                element = TEMPLATE.elements[index]
                total = panel.counts.element_total(element.code)
                assert f"{element.name} ({element.code}) · {total}:" in text
                for verb in element.verbs:
                    count = panel.counts.count(element.code, verb)
                    assert (f"{verb} {count}" if count else verb) in text  # on one line, whole
            seen += shown
            await pilot.press("pagedown")
            await pilot.pause()
        assert seen == list(range(8)), "every element once, in the template's order"
        assert len(titles) > 1 and "PgDn for more" in titles[0] and "back to the first" in titles[-1]
        assert list(panel.shown_elements)[0] == 0  # round to the first page again
        await pilot.press("pageup")
        await pilot.pause()
        assert list(panel.shown_elements)[-1] == 7 and "PgUp back" in panel.border_title
        assert pilot.app.focused is pilot.app.screen.query_one(NoteInput)


async def test_paging_the_map_never_reaches_the_note_being_typed(tmp_path, clock):
    app = make_app(tmp_path, clock)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        note_input = pilot.app.screen.query_one(NoteInput)
        panel = pilot.app.screen.query_one(MapPanel)
        await pilot.press(*"Half a note #Go.ve")
        await pilot.press("pagedown", "pagedown", "pageup", "pagedown")
        await pilot.press(*"to")
        await pilot.pause()
        assert note_input.value == "Half a note #Go.veto"
        assert pilot.app.focused is note_input
        assert list(panel.shown_elements) != [0, 1] or len(panel.pages) == 1
        await pilot.press("enter")
        await settle(pilot)
        path = pilot.app.screen.opened.path
    notes = read_tables(path)[0]["notes"]
    last = notes[str(max(int(k) for k in notes))]
    assert last["text"] == "Half a note #Go.veto"
    assert last["tags"] == [{"element": "Go", "verb": "Vetoing"}]


async def test_the_map_key_is_in_f1_help_and_moves_with_the_keymap(tmp_path, clock):
    app = make_app(tmp_path, clock, keymap='"observe.map_next" = "ctrl+r"\n')
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        lines = {line.description: line.keys for line in pilot.app.screen_help()}
        assert lines["More map"] == "Ctrl+R" and lines["Map back"] == "PgUp"
        panel = pilot.app.screen.query_one(MapPanel)
        assert "Ctrl+R for more" in panel.border_title
        await pilot.press("pagedown")  # no longer bound: nothing moves, nothing is typed
        await pilot.pause()
        assert list(panel.shown_elements)[0] == 0
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert list(panel.shown_elements)[0] > 0
        assert pilot.app.screen.query_one(NoteInput).value == ""


async def test_a_map_that_fits_has_one_page_and_no_pager(tmp_path, clock):
    app = make_app(tmp_path, clock)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        panel = pilot.app.screen.query_one(MapPanel)
        assert len(panel.pages) == 1 and not panel.border_title
        text = panel_text(panel)
        assert all(f"({e.code}) ·" in text for e in TEMPLATE.elements)


async def test_pages_follow_the_space_left_by_the_tag_picker(tmp_path, clock):
    app = make_app(tmp_path, clock)
    async with app.run_test(size=SMALL) as pilot:
        await type_meeting(pilot)
        panel = pilot.app.screen.query_one(MapPanel)
        before = [(p.first, p.last) for p in panel.pages]
        await pilot.press(*"Budget", "ctrl+t")  # the picker takes lines above the input
        await pilot.pause()
        assert len(panel.pages) > len(before)
        panel_text(panel)  # still nothing scrolled out of sight
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert [(p.first, p.last) for p in panel.pages] == before
        assert pilot.app.screen.query_one(NoteInput).value == "Budget"


# --- the review screen's map -------------------------------------------------------------------
async def open_large_review(pilot):
    from ppei_tui.ui.review import ReviewScreen

    await settle(pilot)
    await pilot.press("enter")  # the one session in the list
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


def review_app(tmp_path, clock):
    config = large_config(tmp_path / "sessions", clock)
    config.sessions_dir.mkdir()
    write_large_session(config)
    return reviewing_large(config)


def assert_fits_whole(grid) -> None:
    """No sideways scrolling, and every label within its column (so none is cut)."""
    assert grid.max_scroll_x == 0 and grid.region.right <= grid.screen.size.width
    columns = list(grid.columns.values())
    for row in range(grid.row_count):
        for column, spec in enumerate(columns):
            label = grid.get_cell_at(Coordinate(row, column))
            assert cell_len(label.plain) <= spec.width, (row, column, label.plain)


async def test_review_map_at_100_columns_is_in_bands_and_the_arrows_reach_every_cell(tmp_path, clock):
    async with review_app(tmp_path, clock).run_test(size=SMALL) as pilot:
        screen = await open_large_review(pilot)
        grid = screen.query_one(MapGrid)
        await pilot.press("f2")  # the keys go to the map (at this width it then shows)
        await settle(pilot)
        assert grid.has_focus and grid.display
        assert grid.layout_plan.banded and len(grid.heading_rows) > 1
        assert_fits_whole(grid)
        shown = [cell for row in grid.cells for cell in row if cell is not None]
        assert sorted(shown) == sorted(TEMPLATE.verb_cells())  # every verb once
        assert grid.layout_plan.per_band == 4  # 8 elements in 2 even bands at 100 columns
        bands = len(grid.heading_rows)
        assert grid.border_subtitle == f"Meaning (M) · band 1 of {bands} · ↓ / PgDn for more"
        reached = set()
        for column in range(len(grid.columns)):
            for _ in range(grid.row_count):
                row, col = grid.cursor_coordinate
                cell = grid.cells[row][col]
                if cell is not None:
                    reached.add(cell)
                    top, height = grid.scroll_offset.y, grid.scrollable_content_region.height
                    assert top <= row < top + height, "the cursor's cell is scrolled into sight"
                await pilot.press("up" if column % 2 else "down")
            await pilot.press("right")
        assert reached == set(TEMPLATE.verb_cells()), "every verb's cell, by the arrows alone"
        # Enter on a verb in the last band lists its notes.
        row, column = grid.position("Kn", "Briefing")
        assert row > grid.heading_rows[-1]
        grid.move_cursor(row=row, column=column)
        await pilot.pause()
        assert grid.border_subtitle.startswith(f"Knowledge-sharing (Kn) · band {bands} of {bands}")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#filter").value == "#Kn.briefing"
        assert [n.id for n in screen.query_one(NotesView).notes] == [4]
        # The map now counts note 4 alone (its totals narrower): back in it, the cursor is
        # still on the verb, and the bands still fit whole.
        await pilot.press("f2")
        await settle(pilot)
        row, column = grid.cursor_coordinate
        assert grid.cells[row][column] == ("Kn", "Briefing")
        assert grid.get_cell_at(Coordinate(row, column)).plain == "Briefing 1"
        assert_fits_whole(grid)


async def test_review_map_relays_out_when_the_terminal_narrows_and_keeps_the_cursor(tmp_path, clock):
    async with review_app(tmp_path, clock).run_test(size=(200, 50)) as pilot:
        screen = await open_large_review(pilot)
        grid = screen.query_one(MapGrid)
        assert not grid.layout_plan.banded and grid.show_header  # side by side, as before
        assert_fits_whole(grid)
        assert grid.max_scroll_y == 0, "at 200 x 50 the whole 8 x 15 map is in sight"
        grid.move_cursor(row=2, column=6)  # Évaluation · Benchmarking
        await pilot.pause()
        assert grid.cells[2][6] == ("Ev", "Benchmarking")
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        await pilot.press("f2")  # narrow, the map shows while it has the keys
        await settle(pilot)
        assert grid.layout_plan.banded and not grid.show_header
        assert_fits_whole(grid)
        row, column = grid.cursor_coordinate
        assert grid.cells[row][column] == ("Ev", "Benchmarking")
        # Up onto the band's heading (no verb there): wide again, the cursor is on the verb
        # it was last on, not sent back to the first.
        while grid.cells[grid.cursor_coordinate.row][column] is not None:
            await pilot.press("up")
        assert grid.cursor_coordinate.row in grid.heading_rows
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        row, column = grid.cursor_coordinate
        assert grid.cells[row][column] == ("Ev", "Measuring")


async def test_the_warning_mark_of_a_long_coded_note_stays_in_sight_in_the_review_list(tmp_path, clock):
    config = large_config(tmp_path / "sessions", clock)
    config.sessions_dir.mkdir()
    write_large_session(config, ["Long coding #reframing #M.leg #Ma.minute #Go.overr +trust @Ash #nonsense"])
    async with reviewing_large(config).run_test(size=SMALL) as pilot:
        screen = await open_large_review(pilot)
        view = screen.query_one(NotesView)
        assert view.notes[0].unresolved
        # The tags column wraps a note's tags in full (never cuts them with …), so the mark
        # is on one of the row's lines, all of them on screen.
        height = view.starts[1]
        assert height <= view.scrollable_content_region.height
        drawn = [view.render_line(y).text for y in range(height)]
        assert any("⚠1" in line for line in drawn), drawn


async def test_review_map_plans_again_when_the_terminal_narrows_with_the_detail_beside_it(tmp_path, clock):
    # Wide the map's width follows its columns, so only its row's width says the room shrank:
    # 8 elements side by side need 164 cells, and at 160 columns the detail needs its 24.
    async with review_app(tmp_path, clock).run_test(size=(200, 50)) as pilot:
        screen = await open_large_review(pilot)
        grid = screen.query_one(MapGrid)
        grid.move_cursor(row=2, column=6)  # Évaluation · Benchmarking
        await pilot.pause()
        for size in [(170, 40), (160, 40), (150, 36)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert screen.has_class("-wide")
            assert grid.layout_plan.banded
            assert_fits_whole(grid)
            side = screen.query_one("#review-side")
            assert side.region.x >= grid.region.right and side.region.width >= 20, size
            row, column = grid.cursor_coordinate
            assert grid.cells[row][column] == ("Ev", "Benchmarking"), size
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert not grid.layout_plan.banded and grid.show_header
        assert grid.cells[grid.cursor_coordinate.row][grid.cursor_coordinate.column] == ("Ev", "Benchmarking")


async def test_review_map_fits_whole_at_every_width_from_100_to_200_columns(tmp_path, clock):
    # Both layouts (narrow: the map in the detail's place; wide: beside it) and the widths
    # where the number of elements per band changes.
    async with review_app(tmp_path, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_large_review(pilot)
        grid = screen.query_one(MapGrid)
        per_band = []
        for width in range(100, 201, 10):
            await pilot.resize_terminal(width, 40)
            await settle(pilot)
            if not grid.has_focus:
                await pilot.press("f2")
                await settle(pilot)
            assert grid.display and grid.region.height > 2, width
            assert_fits_whole(grid)
            shown = [cell for row in grid.cells for cell in row if cell is not None]
            assert sorted(shown) == sorted(TEMPLATE.verb_cells()), width
            if screen.has_class("-wide"):  # the detail keeps its room beside the map
                assert screen.query_one("#review-side").region.width >= 20, width
            per_band.append(grid.layout_plan.per_band)
        assert per_band[0] == 4 and per_band[-1] == 8, per_band


async def test_side_by_side_the_element_totals_are_shown_too_and_follow_the_filter(tmp_path, clock):
    """Bands head each element with its total (`Meaning (M) · 4`); side by side the headers hold
    it when the columns fit with it, else (8 x 15 at 200 columns) the lower border lists them."""
    async with review_app(tmp_path, clock).run_test(size=(200, 50)) as pilot:
        screen = await open_large_review(pilot)
        grid = screen.query_one(MapGrid)
        assert grid.display and not grid.layout_plan.banded  # still side by side, as before
        counts = grid.counts
        totals = [counts.element_total(e.code) for e in TEMPLATE.elements]
        assert any(totals)
        headers = [column.label.plain for column in grid.columns.values()]
        if grid.layout_plan.totals:
            assert headers == [
                f"{e.name} ({e.code}) · {n}" for e, n in zip(TEMPLATE.elements, totals, strict=True)
            ]
        else:
            assert headers == [f"{e.name} ({e.code})" for e in TEMPLATE.elements]
            listed = " · ".join(f"{e.code} {n}" for e, n in zip(TEMPLATE.elements, totals, strict=True))
            assert str(grid.border_subtitle) == f"totals: {listed}"
        assert_fits_whole(grid)
        await pilot.press("ctrl+f", *"nosuchword")  # no note matches: every total is 0
        await settle(pilot)
        labels = [column.label.plain for column in grid.columns.values()]
        shown = " ".join([*labels, str(grid.border_subtitle)])
        assert shown.count(" 0") >= len(TEMPLATE.elements) and " 4" not in shown, shown
