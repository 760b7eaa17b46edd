from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ppei_tui.config import Config
from ppei_tui.domain.session import new_session_info, parse_attendees
from ppei_tui.storage.store import SessionStore
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir

ATTENDEES = "Ash: GP lead; Birch: lay representative; Cedar: chair; Rowan: commissioning support manager"


class FakeClock:
    """A frozen wall clock that tests move forward by hand."""

    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 11, 22, 10, 0, tzinfo=timezone(timedelta(hours=0)))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def lock_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Session-id locks in the test's own folder (child processes inherit it too)."""
    directory = tmp_path / "locks"
    monkeypatch.setenv("PPEI_LOCK_DIR", str(directory))
    return directory


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def attendees():
    return parse_attendees(ATTENDEES)


@pytest.fixture
def hatfield():
    return TemplateLibrary([bundled_templates_dir()]).get("hatfield-ppei")


@pytest.fixture
def config(tmp_path: Path, clock: FakeClock) -> Config:
    return Config(
        tmp_path / "sessions", [bundled_templates_dir()], clock=clock, retry_seconds=0.2, draft_seconds=0.1
    )


@pytest.fixture
def store(config: Config) -> SessionStore:
    return SessionStore(config.sessions_dir)


@pytest.fixture
def make_info(hatfield, clock):
    def make(**overrides):
        values = dict(
            site="North",
            observer="DH",
            attendees=parse_attendees(ATTENDEES),
            agenda=["Welcome", "Minutes", "Finance report"],
        )
        values.update(overrides)
        return new_session_info(hatfield, "Governing Body", clock(), **values)

    return make


@pytest.fixture
def in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process `ppei observe/review/shade` as if run from a terminal: pytest's captured
    descriptors are not one, and these tests are about what comes after the check (which
    tests/test_no_terminal.py tries on real processes)."""
    from ppei_tui import cli

    monkeypatch.setattr(cli, "terminal_problem", lambda program: None)
