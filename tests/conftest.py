from __future__ import annotations

import os
import shutil
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ppei_tui.config import Config
from ppei_tui.domain.session import new_session_info, parse_attendees
from ppei_tui.storage import journal
from ppei_tui.storage.store import SessionStore
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir

ATTENDEES = "Ash: GP lead; Birch: lay representative; Cedar: chair; Rowan: commissioning support manager"
EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"


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


@pytest.fixture(autouse=True)
def answer_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot keys are pressed faster than anyone reads a dialog: a key pressed once a question
    is drawn answers it at once here. Keys read before it is drawn are still no answers
    (tests/test_question_guard.py); the real 0.35 s is checked there and in a real terminal."""
    monkeypatch.setattr("ppei_tui.ui.question_guard.ANSWER_GUARD", 0.0)


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Templates read by the command line are kept in the test's own folder, not the user's."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("PPEI_CACHE_DIR", str(directory))
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


def session_info(template, clock, **overrides):
    """The Governing Body meeting the tests observe (site North, observer DH, four attendees,
    three agenda items), starting at `clock()`; `overrides` replace any of those."""
    values = dict(
        site="North",
        observer="DH",
        attendees=parse_attendees(ATTENDEES),
        agenda=["Welcome", "Minutes", "Finance report"],
    )
    values.update(overrides)
    return new_session_info(template, "Governing Body", clock(), **values)


@pytest.fixture
def make_info(hatfield, clock):
    def make(**overrides):
        return session_info(hatfield, clock, **overrides)

    return make


@pytest.fixture
def app_for(config, store, make_info):
    """Builds an app observing a new session (make_info's `overrides`): (app, session path)."""
    from ppei_tui.ui.app import PpeiApp

    def build(**overrides):
        opened = store.create(make_info(**overrides))
        return PpeiApp(config, store, opened, is_new=True), opened.path

    return build


@pytest.fixture
def session_path(config) -> Path:
    """The example Governing Body session (EXAMPLE) copied into the sessions folder, to review."""
    config.sessions_dir.mkdir(parents=True)
    return Path(shutil.copy(EXAMPLE, config.sessions_dir / EXAMPLE.name))


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """A disk that fails (full) while `disk["full"]` is true: every journal fsync refuses."""
    real_fdatasync = os.fdatasync
    state = {"full": False}

    def fdatasync(fd):
        if state["full"]:
            raise OSError(28, "No space left on device")
        return real_fdatasync(fd)

    monkeypatch.setattr(journal.os, "fdatasync", fdatasync)
    return state


@pytest.fixture
def utc_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The test's own folder as the working directory, in time zone UTC, both set back after
    the test (snapshots show relative paths and local times, so they must not depend on either)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield tmp_path
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def frozen(utc_folder, clock) -> Config:
    """A Config on a relative sessions folder in a fresh working directory, UTC, frozen clock
    (the snapshots': tests/test_snapshots*.py)."""
    config = Config(Path("sessions"), [bundled_templates_dir()], clock=clock, retry_seconds=0.2)
    config.sessions_dir.mkdir()
    return config


@pytest.fixture
def frozen_large(utc_folder, clock) -> Config:
    """As test_snapshots.frozen (a relative sessions folder in a fresh working directory, UTC,
    frozen clock), with the large framework of tests/big_map_helpers.py: for its snapshots."""
    from big_map_helpers import large_config  # it imports the app: only where a test asks

    config = large_config(Path("sessions"), clock)
    config.sessions_dir.mkdir()
    return config


@pytest.fixture
def in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process `ppei observe/review/shade` as if run from a terminal: pytest's captured
    descriptors are not one, and these tests are about what comes after the check (which
    tests/test_no_terminal.py tries on real processes)."""
    from ppei_tui import cli

    monkeypatch.setattr(cli, "terminal_problem", lambda program: None)
