"""`ppei shade`'s comment prompt and review's "Who is reviewing?" never lose typed text without
asking: Esc, or Ctrl+Q while the prompt is open, asks keep editing / save / discard
(ui/unsaved.py). Checked on what is stored: the session file's shading, the settings file."""

import pytest
from test_reviewer_identity import SIZE, review_from_home, saved_reviewer, session_path, settle
from test_shading import session_file

from ppei_tui.domain.shading import new_shading
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import SessionStore
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.help import KeysHelp
from ppei_tui.ui.modals import AskingPrompt
from ppei_tui.ui.sessions import SessionsScreen
from ppei_tui.ui.shade import ShadeApp
from ppei_tui.ui.unsaved import UnsavedDialog

__all__ = ["session_file", "session_path"]  # fixtures, used by name


@pytest.fixture
def shading_app(session_file, config):
    """A ShadeApp for Hazel on the example session; yields (app, session file)."""
    opened = SessionStore(session_file.parent).open(session_file)
    shading = new_shading(opened.session.shadings, "Hazel", "lay member", config.clock(), {}, {})
    opened.session.shadings.append(shading)
    try:
        yield ShadeApp(opened, shading, config, "Hazel"), session_file
    finally:
        opened.close()


def comments(path) -> dict[str, str]:
    shadings = read_tables(path)[0].get("shadings", {})  # the file with its journal
    return shadings["1"].get("comments", {}) if shadings else {}


async def comment(pilot, text: str) -> AskingPrompt:
    await pilot.press("c")
    await pilot.pause()
    prompt = pilot.app.screen
    assert isinstance(prompt, AskingPrompt)
    await pilot.press(*text)
    return prompt


async def test_esc_in_the_shade_comment_asks_and_keeps_editing_then_s_saves(shading_app):
    app, path = shading_app
    async with app.run_test() as pilot:
        prompt = await comment(pilot, "said twice")
        await pilot.press("escape")  # used to leave the whole screen, the comment gone
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog) and "said twice" in app.screen.text
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is prompt and prompt.query_one("#prompt-input").value == "said twice"
        await pilot.press("escape", "s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.is_running and not isinstance(app.screen, AskingPrompt)
        await pilot.press("escape")  # Esc on the map: done
        await pilot.pause()
    assert app.return_code == 0
    assert comments(path) == {"P.Aligning": "said twice"}


async def test_ctrl_q_in_the_shade_comment_asks_and_s_saves_then_leaves(shading_app):
    app, path = shading_app
    async with app.run_test() as pilot:
        await comment(pilot, "the minutes again")
        await pilot.press("f1")  # the prompt's help on top: the question replaces it
        await pilot.pause()
        assert isinstance(app.screen, KeysHelp)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
    assert comments(path) == {"P.Aligning": "the minutes again"}


async def test_ctrl_q_in_the_shade_comment_then_d_discards_and_leaves(shading_app):
    app, path = shading_app
    async with app.run_test() as pilot:
        await comment(pilot, "not wanted")
        await pilot.press("ctrl+q", "d")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.is_running
    assert comments(path) == {}


async def test_esc_at_who_is_reviewing_with_initials_typed_asks_and_s_saves_them(config, store, session_path):
    async with PpeiApp(config, store).run_test(size=SIZE) as pilot:
        await review_from_home(pilot)
        prompt = pilot.app.screen
        assert isinstance(prompt, AskingPrompt)
        await pilot.press(*"RB", "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog) and "RB" in pilot.app.screen.text
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert pilot.app.screen is prompt
        await pilot.press("escape", "d")  # discard: nothing remembered, no review opened
        await settle(pilot)
        assert isinstance(pilot.app.screen, SessionsScreen)
        assert not (config.config_dir / "settings.json").exists()
        await pilot.press("enter")  # asked again
        await settle(pilot)
        await pilot.press(*"KL", "ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog)
        await pilot.press("s")
        await settle(pilot)
        assert not pilot.app.is_running
    assert saved_reviewer(config) == "KL"


def shading_levels(path) -> dict[str, int]:
    shadings = read_tables(path)[0].get("shadings", {})
    return shadings["1"].get("levels", {}) if shadings else {}


def refusing(app, monkeypatch) -> dict[str, bool]:
    """The session's shading saves fail (a full disk) while `refuse["on"]` is true."""
    refuse = {"on": True}
    save = app.opened.save_shading

    def save_or_refuse(shading):
        if refuse["on"]:
            raise OSError(28, "No space left on device")
        save(shading)

    monkeypatch.setattr(app.opened, "save_shading", save_or_refuse)
    return refuse


async def test_leaving_shade_with_a_level_the_disk_refused_asks_and_s_tries_again(shading_app, monkeypatch):
    app, path = shading_app
    refuse = refusing(app, monkeypatch)
    async with app.run_test() as pilot:
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.press("escape")  # used to exit with status 1, the level not saved
        await pilot.pause()
        question = app.screen
        assert isinstance(question, UnsavedDialog) and "No space left on device" in question.text
        await pilot.press("e")  # keep shading
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, UnsavedDialog)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("s")  # still refused: asked again
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        refuse["on"] = False
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.is_running
    assert app.return_value == 0
    assert shading_levels(path) == {"P.Aligning": 3}


async def test_leaving_shade_with_a_refused_level_then_d_leaves_without_it(shading_app, monkeypatch):
    app, path = shading_app
    refusing(app, monkeypatch)
    async with app.run_test() as pilot:
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not app.is_running
    assert app.return_value == 1  # ppei shade's status: something was not saved
    assert shading_levels(path) == {}
