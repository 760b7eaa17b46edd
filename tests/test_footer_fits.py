"""The observe and review footers fit any width (ui/footer.py): between 120 and about 165
columns Textual's Footer cut the last keys (End, Help, Quit at 130 columns on observe). Read off
the screen as drawn: every key the footer shows is whole, and the essential ones are there."""

import shutil

import pytest
from screen_text import screen_lines, screen_strips
from test_help_keys import EXAMPLE, settle

from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.footer import FITS, FooterKey, KeyFooter, choose
from ppei_tui.ui.help import KeysHelp
from ppei_tui.ui.map_panel import MapPanel


def footer_line(app) -> str:
    return screen_lines(app)[-1]


def check_whole(app, width: int, essential: set[str]) -> str:
    """The footer line, after checking it against what the footer says it drew."""
    line = footer_line(app)
    footer = app.screen.query_one(KeyFooter)
    drawn = [item for _, _, item in footer.drawn]
    assert len(line) == width
    for start, end, item in footer.drawn:  # each key and its description, whole, where drawn
        shown = line[start:end]
        assert item.description in shown and shown.strip(" ▏").startswith(item.first), (width, shown, line)
    assert essential <= {item.description for item in drawn}, (width, line)
    # Every action of the screen is shown whole or not at all: no description is cut short.
    for active in app.screen.active_bindings.values():
        description = active.binding.description
        if active.binding.show and description not in {item.description for item in drawn}:
            assert f" {description}" not in line, (width, description, line)
    last_word = line.split()[-1]
    assert any(last_word in f"{item.first} {item.keys} {item.description}".split() for item in drawn), line
    return line


@pytest.mark.parametrize("width", [80, 100, 120, 130, 140, 150, 165, 200])
async def test_the_observe_footer_keeps_end_help_and_quit_whole(config, store, make_info, width):
    app = PpeiApp(config, store, store.create(make_info()), is_new=True)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        line = check_whole(app, width, {"Tag", "End", "Help", "Quit"})
        # PgDn "More map" is offered only while the map is in pages (the default map fits here).
        paged = len(app.screen.query_one(MapPanel).pages) > 1
        assert (" More map" in line) == paged or width < 130, (width, line)
        if width >= 130:  # room for every action, one key each at least
            for description in ("PDF", "Export", "Late arrival"):
                assert f" {description}" in line, (width, line)


@pytest.mark.parametrize("width", [80, 100, 130, 150, 165, 200])
async def test_the_review_footer_keeps_back_and_help_whole(config, store, width):
    config.sessions_dir.mkdir(parents=True)
    shutil.copy(EXAMPLE, config.sessions_dir / EXAMPLE.name)
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        check_whole(app, width, {"Filter", "Edit", "Back", "Help"})


async def test_the_footer_follows_a_resize(config, store, make_info):
    app = PpeiApp(config, store, store.create(make_info()), is_new=True)
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        assert "^t/F2 Tag" in footer_line(app)
        await pilot.resize_terminal(130, 30)
        await settle(pilot)
        line = check_whole(app, 130, {"End", "Help", "Quit"})
        assert "^t Tag" in line and "F2" not in line


async def test_a_click_on_a_footer_key_presses_it(config, store, make_info):
    app = PpeiApp(config, store, store.create(make_info()), is_new=True)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        start = next(start for start, _, item in footer.drawn if item.description == "Help")
        await pilot.hover(KeyFooter, offset=(start + 1, 0))  # the key under the pointer lights up
        await settle(pilot)
        backgrounds = {seg.text.strip(): seg.style.bgcolor for seg in screen_strips(app)[-1]}
        assert backgrounds["F1"] == backgrounds["Help"] != backgrounds["^t"]
        assert footer.tooltip == "Every key and the tag syntax"
        await pilot.click(KeyFooter, offset=(start + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, KeysHelp)


def key(description: str, action: str, first: str = "^x", every: str = "^x/F9") -> FooterKey:
    return FooterKey(first, every, first, description, action)


def test_actions_are_left_out_from_the_right_later_ones_first_essential_ones_last():
    items = [
        key("Tag", "tag"),
        key("PDF", "report"),
        key("Break", "pause"),
        key("End", "end"),
        key("Help", "help"),
    ]
    room = sum(len(f"{i.first} {i.description}") for i in items) + len(items) - 1  # one space between
    assert not FITS[-1].spaced and not FITS[-1].every_key
    assert [i.description for i in choose(items, None, room, frozenset({"report"}))[1]] == [
        "Tag",
        "PDF",
        "Break",
        "End",
        "Help",
    ]
    assert [i.description for i in choose(items, None, room - 1, frozenset({"report"}))[1]] == [
        "Tag",
        "Break",
        "End",
        "Help",
    ]
    assert [i.description for i in choose(items, None, 20, frozenset({"report"}))[1]] == ["End", "Help"]
    assert [i.description for i in choose(items, None, 8, frozenset({"report"}))[1]] == ["Help"]
    assert choose(items, None, 0, frozenset())[1] == []


@pytest.mark.parametrize("width", [80, 100, 130])
async def test_the_home_footer_keeps_quit_and_help_whole(config, store, width):
    app = PpeiApp(config, store)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        check_whole(app, width, {"Start observing", "Quit", "Help"})
