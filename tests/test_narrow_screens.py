"""At 100 columns nothing essential is cut (issue 11, newcomer trial): the observe footer keeps
End, Late arrival, Help and Quit in sight, the home headings wrap, and the session list shows
the highlighted session's file in full. Read off the screen as drawn."""

import shutil

import pytest
from test_help_keys import EXAMPLE, settle

from ppei_tui.ui.app import PpeiApp


def screen_lines(app) -> list[str]:
    return ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize("size", [(100, 30), (200, 50)])
async def test_the_observe_footer_keeps_the_essential_keys_in_sight(config, store, make_info, size):
    app = PpeiApp(config, store, store.create(make_info()), is_new=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        footer = screen_lines(app)[-1]
        for label in (
            "Tag",
            "Kind",
            "Seen/inferred",
            "Agenda",
            "Break",
            "Late arrival",
            "End",
            "Help",
            "Quit",
        ):
            assert f" {label}" in footer, (size, label, footer)
        if size[0] >= 120:  # with room, every key of an action and the rest of the actions
            assert "^t/F2 Tag" in footer and "PDF" in footer and "Export" in footer
        await pilot.press("f1")  # and F1 lists what the narrow footer leaves out
        await settle(pilot)
        listed = {key for line in app.screen.lines for key in line.keys}
        assert {"ctrl+p", "f7", "ctrl+s", "f8", "ctrl+k"} <= listed or {"ctrl+p", "ctrl+s"} <= listed


async def test_at_100_columns_the_review_footer_keeps_back_and_help(config, store):
    config.sessions_dir.mkdir(parents=True)
    shutil.copy(EXAMPLE, config.sessions_dir / EXAMPLE.name)
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        joined = "".join(line.strip() for line in lines)  # the label wraps a long path
        assert f"File:{config.sessions_dir / EXAMPLE.name}" in joined  # the file in full
        await pilot.press("enter")
        await settle(pilot)
        footer = screen_lines(app)[-1]
        assert " Back" in footer and " Help" in footer and " Edit" in footer, footer


async def test_at_100_columns_the_home_headings_are_whole(config, store):
    app = PpeiApp(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = " ".join(line.strip() for line in screen_lines(app))
        assert "Unfinished sessions (Ctrl+O, then Enter to resume)" in " ".join(text.split())
