"""Pilot tests of the TUI's doors: a sessions folder that does not exist is asked about, a
read-only one opens sessions read-only and says why."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input

from ppei_tui.storage.store import SessionStore
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.modals import Confirm
from ppei_tui.ui.observe import ObserveScreen
from ppei_tui.ui.review import ReviewScreen

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
SIZE = (160, 50)


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("answer", ["y", "n"])
async def test_home_asks_before_creating_a_named_sessions_folder(answer, config, tmp_path):
    typo = tmp_path / "sesions"
    app = PpeiApp(config, SessionStore(typo, create_missing=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#cop", Input).value = "Governing Body"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert str(typo) in app.screen.question
        await pilot.press(answer)
        await settle(pilot)
        if answer == "y":
            assert isinstance(app.screen, ObserveScreen)
            assert [p.parent for p in typo.glob("*.json")] == [typo]
        else:
            assert not typo.exists()
            assert not isinstance(app.screen, ObserveScreen)


async def test_a_session_in_a_read_only_folder_opens_read_only_saying_why(config, monkeypatch):
    config.sessions_dir.mkdir(parents=True)
    path = config.sessions_dir / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    before = path.read_bytes()
    real_open = os.open

    def read_only(name, flags, *args, **kwargs):
        if Path(name).parent == config.sessions_dir and flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, "Read-only file system", str(name))
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    app = PpeiApp(config, SessionStore(config.sessions_dir), start_in_review=True, reviewer="RB")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.opened is None
        assert any("cannot be written" in n.message for n in app._notifications)
    assert path.read_bytes() == before
