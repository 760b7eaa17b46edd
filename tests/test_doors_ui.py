"""Pilot tests of the TUI's doors: a sessions folder that does not exist is asked about, a
read-only one opens sessions read-only and says why."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from save_helpers import settle
from textual.widgets import Input

from ppei_tui.storage.store import SessionStore
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.modals import Confirm
from ppei_tui.ui.observe import ObserveScreen
from ppei_tui.ui.review import ReviewScreen

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
SIZE = (160, 50)


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
        assert any("cannot be written" in n.message for n in app.notices)
    assert path.read_bytes() == before


def _example_in(config) -> Path:
    config.sessions_dir.mkdir(parents=True, exist_ok=True)
    path = config.sessions_dir / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    return path


def slow_open(store, monkeypatch, seconds: float = 0.4) -> None:
    """Opening takes a while (a large session, a slow disk): the second Enter comes first."""
    import time

    real_open = store.open

    def open_slowly(path):
        time.sleep(seconds)
        return real_open(path)

    monkeypatch.setattr(store, "open", open_slowly)


async def test_enter_twice_on_the_sessions_list_opens_the_session_once(config, store, monkeypatch):
    _example_in(config)
    slow_open(store, monkeypatch)
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("enter")  # the review screen has focus now: must not open another
        await settle(pilot)
        reviews = [s for s in app.screen_stack if isinstance(s, ReviewScreen)]
        assert len(reviews) == 1 and reviews[0].opened is not None  # writable: not "another ppei"
        assert not any("another ppei" in n.message for n in app.notices)


async def test_enter_twice_on_the_home_resume_list_resumes_once(config, store, make_info, monkeypatch):
    store.create(make_info()).close()
    slow_open(store, monkeypatch)
    app = PpeiApp(config, store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.action_focus_resume()
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ObserveScreen)
        assert sum(isinstance(s, ObserveScreen) for s in app.screen_stack) == 1
        assert not any(n.title == "Could not open the session" for n in app.notices)


async def test_review_shows_memo_and_history_times_with_their_offsets(config, store):
    import json

    from textual.widgets import Static

    from ppei_tui.ui.edit import HistoryScreen

    path = _example_in(config)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["memos"] = {
        "1": {
            "id": 1,
            "text": "Tokyo memo",
            "created": "2026-10-14T18:00:00+09:00",
            "by": "RB",
            "note_id": None,
        }
    }
    first = data["notes"]["1"]
    first["history"] = [
        {
            "at": "2026-10-15T02:00:00-08:00",
            "by": "JS",
            "field": "text",
            "before": "x",
            "after": first["text"],
        }
    ]
    path.write_text(json.dumps(data), encoding="utf-8")
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        memos = str(app.screen.query_one("#memos", Static).render())
        assert "2026-10-14 09:00 +00:00 (18:00 +09:00 where written) RB" in memos
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        history = str(app.screen.query_one(Static).render())
        assert "2026-10-15 10:00 +00:00 (02:00 -08:00 where written)  JS changed text" in history
