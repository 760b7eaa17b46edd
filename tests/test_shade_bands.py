"""The shading screen with a large framework (tests/fixtures/templates/large-eight.yaml: 8
elements x 15 codes, accents, codes M and Ma): its map in bands as the review map's
(map_bands.py), every verb reached by the arrows and shaded as the one under the cursor (read
back from the stored session file), labels whole in the width, re-planned on resize with the
cursor kept on its verb, and the project's one-line footer (KeyFooter)."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

from big_map_helpers import SMALL, large_config, write_large_session
from rich.cells import cell_len
from screen_text import screen_lines

from ppei_tui.domain.shading import new_shading, verb_key
from ppei_tui.storage.store import SessionStore
from ppei_tui.ui.footer import KeyFooter
from ppei_tui.ui.shade import ShadeApp, ShadeGrid


@contextmanager
def shading_large(config, member: str = "Hazel"):
    """A ShadeApp on a finished session of the large template; yields (app, session path)."""
    path = write_large_session(config)
    opened = SessionStore(config.sessions_dir).open(path)
    try:
        shading = new_shading(opened.session.shadings, member, "lay member", config.clock(), {}, {})
        opened.session.shadings.append(shading)
        yield ShadeApp(opened, shading, config, member), path
    finally:
        opened.close()


def stored(path: Path) -> dict:
    return next(iter(json.loads(path.read_text(encoding="utf-8"))["shadings"].values()))


def config_in(tmp_path: Path, clock):
    config = large_config(tmp_path / "sessions", clock)
    config.sessions_dir.mkdir()
    return config


def label_at(grid: ShadeGrid, row: int, column: int) -> str:
    return grid.get_cell_at((row, column)).plain


def element_above(grid: ShadeGrid, row: int, column: int) -> str:
    """The element code named by the heading over (row, column), as drawn: the band's heading
    row when banded, the column's header when not."""
    if grid.show_header:
        heading = str(grid.ordered_columns[column].label)
    else:
        headings = [r for r in range(row + 1) if not any(grid.cells[r]) and label_at(grid, r, 0)]
        start = headings[-1]
        heading = label_at(grid, start, column)
    return heading.rsplit("(", 1)[1].rstrip(")")


async def test_every_verb_is_reached_by_the_arrows_and_shaded_as_the_one_shown(tmp_path, clock):
    """At 100 x 30, the map in bands: the arrows alone walk every cell (row by row, there and
    back); on each verb a digit is pressed, and the verb drawn under the cursor, with the
    element named above it, is what the session file stores for that level."""
    with shading_large(config_in(tmp_path, clock)) as (app, path):
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            grid = app.query_one(ShadeGrid)
            assert grid.layout_plan is not None and grid.layout_plan.banded
            await pilot.press("up")  # to the first band's heading row
            assert grid.cursor_coordinate == (0, 0)
            expected: dict[str, int] = {}
            columns = len(grid.cells[0])
            for row in range(len(grid.cells)):
                order = range(columns) if row % 2 == 0 else range(columns - 1, -1, -1)
                for step, column in enumerate(order):
                    if step:
                        await pilot.press("right" if row % 2 == 0 else "left")
                    assert grid.cursor_coordinate == (row, column)
                    shown = label_at(grid, row, column)
                    if grid.cells[row][column] is None:
                        await pilot.press("3")  # a heading: nothing to shade
                        continue
                    level = 1 + len(expected) % 4
                    verb = shown.split(" ", 1)[1]
                    expected[verb_key(element_above(grid, row, column), verb)] = level
                    await pilot.press(str(level))
                    assert label_at(grid, row, column) == f"{level} {verb}"
                if row < len(grid.cells) - 1:
                    await pilot.press("down")
            await app.workers.wait_for_complete()
            await pilot.press("escape")
        assert app.return_code == 0
        template = app.template
    everything = {verb_key(e.code, v) for e in template.elements for v in e.verbs}
    assert set(expected) == everything and len(everything) == 120
    assert stored(path)["levels"] == expected


async def test_names_and_verbs_are_whole_within_100_columns(tmp_path, clock):
    """Walking down the map at 100 x 30, every element's name and every verb with its level is
    drawn whole on some screen; nothing is wider than the terminal or scrolls sideways."""
    with shading_large(config_in(tmp_path, clock)) as (app, _):
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            grid = app.query_one(ShadeGrid)
            seen: list[str] = []
            for _ in range(len(grid.cells)):
                seen += screen_lines(app)
                await pilot.press("down")
                await pilot.pause()
            assert grid.max_scroll_x == 0 and grid.virtual_size.width <= SMALL[0]
            assert all(cell_len(line) <= SMALL[0] for line in seen)
            text = "\n".join(seen)
            for element in app.template.elements:
                assert f"{element.name} ({element.code})" in text
                for verb in element.verbs:
                    assert f"0 {verb}" in text, verb
            footer = app.query_one(KeyFooter)
            assert footer.region.width == SMALL[0]
            await pilot.press("escape")


async def test_resizing_plans_again_and_keeps_the_cursor_on_its_verb(tmp_path, clock):
    with shading_large(config_in(tmp_path, clock)) as (app, path):
        async with app.run_test(size=(200, 50)) as pilot:
            await pilot.pause()
            grid = app.query_one(ShadeGrid)
            assert grid.layout_plan is not None and not grid.layout_plan.banded
            await pilot.press(*["down"] * 14, *["right"] * 7)  # Kn.Myth-busting, the last verb
            assert app.current() == ("Kn", "Myth-busting")
            await pilot.resize_terminal(*SMALL)
            await pilot.pause()
            assert grid.layout_plan.banded and grid.layout_plan.per_band == 4
            assert app.current() == ("Kn", "Myth-busting")
            await pilot.press("2")
            await pilot.press("up", "left")  # Ev.Testing, one up and left in the second band
            await pilot.resize_terminal(200, 50)
            await pilot.pause()
            assert not grid.layout_plan.banded
            assert app.current() == ("Ev", "Testing")
            await pilot.press("4", "c", *"said twice", "enter")
            await app.workers.wait_for_complete()
            await pilot.press("escape")
    shading = stored(path)
    assert shading["levels"] == {"Kn.Myth-busting": 2, "Ev.Testing": 4}
    assert shading["comments"] == {"Ev.Testing": "said twice"}


async def test_the_shading_screen_has_the_projects_footer(tmp_path, clock):
    """KeyFooter (as every other screen), not Textual's Footer: F1 written as elsewhere, the
    five level keys as one '0-4'."""
    from textual.widgets import Footer

    with shading_large(config_in(tmp_path, clock)) as (app, _):
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            assert not app.query(Footer) and len(app.query(KeyFooter)) == 1
            line = screen_lines(app)[-1]
            assert "0-4 Level" in line and "F1" in line and "Done" in line and "f1" not in line
            await pilot.press("escape")
