"""Who review edits are credited to: asked once ("Who is reviewing?") when a review is opened
from the home screen without `--as`, remembered in the settings file beside the theme, shown in
the review's title and changeable there (i). Checked against the stored session file."""

import json
import shutil
from pathlib import Path

import pytest

from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.home import HomeScreen
from ppei_tui.ui.modals import TextPrompt
from ppei_tui.ui.review import ReviewScreen
from ppei_tui.ui.sessions import SessionsScreen

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
SIZE = (160, 50)


async def settle(pilot):
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.3)  # the writer's durable save


@pytest.fixture
def session_path(config, tmp_path):
    config.config_dir = tmp_path / "config"
    config.sessions_dir.mkdir(parents=True)
    path = config.sessions_dir / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    return path


def deleted_by(path) -> list[str]:
    """Who soft-deleted each note (the history entry of its `deleted` change)."""
    notes = read_tables(path)[0]["notes"].values()
    return [h["by"] for n in notes for h in n.get("history", []) if h.get("field") == "deleted"]


def saved_reviewer(config):
    return json.loads((config.config_dir / "settings.json").read_text())["reviewer"]


async def review_from_home(pilot):
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("f3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SessionsScreen)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_first_review_from_home_asks_who_is_reviewing_and_edits_carry_it(
    config, store, session_path
):
    async with PpeiApp(config, store).run_test(size=SIZE) as pilot:
        await review_from_home(pilot)
        prompt = pilot.app.screen
        assert isinstance(prompt, TextPrompt) and "Who is reviewing" in prompt.title_text
        await pilot.press(*"RB", "enter")
        await settle(pilot)
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        assert "reviewing as RB" in str(review.query_one("#title").render())
        await pilot.press("d")  # soft-delete the highlighted note: an edit with its author
        await settle(pilot)
    assert deleted_by(session_path) == ["RB"]  # not the session's observer
    assert saved_reviewer(config) == "RB"


async def test_the_saved_initials_are_used_without_asking_and_i_changes_them(config, store, session_path):
    config.config_dir.mkdir()
    (config.config_dir / "settings.json").write_text(json.dumps({"theme": "textual-dark", "reviewer": "RB"}))
    async with PpeiApp(config, store).run_test(size=SIZE) as pilot:
        await review_from_home(pilot)
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)  # no question: the initials are remembered
        assert "reviewing as RB" in str(review.query_one("#title").render())
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TextPrompt)
        await pilot.press(*"KL", "enter")  # a second researcher takes over (the old initials selected)
        await settle(pilot)
        assert "reviewing as KL" in str(review.query_one("#title").render())
        await pilot.press("d")
        await settle(pilot)
    assert deleted_by(session_path) == ["KL"]
    assert saved_reviewer(config) == "KL"
    assert json.loads((config.config_dir / "settings.json").read_text())["theme"] == "textual-dark"


async def test_as_on_the_command_line_wins_over_the_saved_initials(config, store, session_path):
    config.config_dir.mkdir()
    (config.config_dir / "settings.json").write_text(json.dumps({"reviewer": "RB"}))
    async with PpeiApp(config, store, start_in_review=True, reviewer="ZZ").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
        await pilot.press("d")
        await settle(pilot)
    assert deleted_by(session_path) == ["ZZ"]


async def test_esc_at_the_question_opens_nothing_and_credits_nobody(config, store, session_path):
    async with PpeiApp(config, store).run_test(size=SIZE) as pilot:
        await review_from_home(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SessionsScreen)
    assert not (config.config_dir / "settings.json").exists()
