"""F1 on every screen and dialog lists that screen's own keys (built from its bindings)."""

import shutil
from pathlib import Path

from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.help import KeysHelp

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"


async def help_keys(pilot) -> dict[str, str]:
    await pilot.press("f1")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, KeysHelp), screen
    keys = {key: line.description for line in screen.lines for key in line.keys}
    await pilot.press("escape")
    await pilot.pause()
    return keys


def example_into(config) -> Path:
    config.sessions_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(EXAMPLE, config.sessions_dir / EXAMPLE.name))


async def test_f1_on_home_sessions_review_compare_and_dialogs(config, store):
    example_into(config)
    app = PpeiApp(config, store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        home = await help_keys(pilot)
        assert home["ctrl+s"] == "Start observing" and home["f3"] == "Review past sessions"
        await pilot.press("f3")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        sessions = await help_keys(pilot)
        assert sessions["c"] == "Compare" and sessions["space"] == "Mark"
        await pilot.press("enter")
        await pilot.pause()
        asked = await help_keys(pilot)  # the first review from home asks who is reviewing
        assert asked["escape"] == "Cancel"
        await pilot.press(*"RB", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        review = await help_keys(pilot)
        assert review["t"] == "Tag" and review["h"] == "History" and review["ctrl+f"] == "Filter"
        assert review["i"] == "Reviewer"
        await pilot.press("enter")  # the edit dialog
        await pilot.pause()
        edit = await help_keys(pilot)
        assert edit["ctrl+s"] == "Save"
        assert pilot.app.screen.__class__.__name__ == "EditNoteScreen"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("m")  # a memo prompt
        await pilot.pause()
        prompt = await help_keys(pilot)
        assert "escape" in prompt


async def test_f1_in_a_dialog_of_the_observe_screen(config, store, make_info):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f10")  # "End this session?"
        await pilot.pause()
        confirm = await help_keys(pilot)
        assert confirm["y"] == "Yes" and confirm["n"] == "No"
        assert pilot.app.screen.__class__.__name__ == "Confirm"
