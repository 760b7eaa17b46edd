"""`ppei review FILE` opens that session at once (over the list of sessions, where Esc goes);
a file that cannot be read is refused in the terminal naming it, and left as it was. Who is
reviewing: `--as`, else $PPEI_OBSERVER, in `ppei review` and on the home screen's review alike."""

import json
import shutil
from pathlib import Path

import pytest
from test_reviewer_identity import settle

from ppei_tui.cli import main
from ppei_tui.config import Config
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import SessionStore
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.home import HomeScreen
from ppei_tui.ui.modals import TextPrompt
from ppei_tui.ui.review import ReviewScreen
from ppei_tui.ui.sessions import SessionsScreen

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
SIZE = (160, 50)


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """The example session in a folder of its own, not the sessions folder."""
    folder = tmp_path / "fieldwork"
    folder.mkdir()
    return Path(shutil.copy(EXAMPLE, folder / EXAMPLE.name))


@pytest.fixture
def started(monkeypatch, in_a_terminal):
    """Stand-in for PpeiApp.run: records the apps `ppei review` would have run."""
    apps: list[PpeiApp] = []
    monkeypatch.setattr(PpeiApp, "run", lambda app, *a, **k: apps.append(app))
    return apps


def deleted_by(path) -> list[str]:
    notes = read_tables(path)[0]["notes"].values()
    return [h["by"] for n in notes for h in n.get("history", []) if h.get("field") == "deleted"]


@pytest.mark.parametrize(
    "content, said",
    [
        (None, "No such file"),
        (b"{ not json", "not valid JSON"),
        (b'{"notes": 3}', ""),
        (b"\xff\xfe\x00garbage", ""),
    ],
    ids=["missing", "not-json", "not-a-session", "binary"],
)
def test_a_file_that_cannot_be_read_is_refused_naming_it_and_left_untouched(
    tmp_path, capsys, started, content, said
):
    path = tmp_path / "broken.json"
    if content is not None:
        path.write_bytes(content)
    assert main(["review", str(path), "--sessions-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"ppei review: {path}") and said in err, err
    assert started == []  # no screen opened
    assert (path.read_bytes() if content is not None else None) == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ([path.name] if content is not None else [])


def test_a_folder_named_as_the_session_is_refused(tmp_path, capsys, started):
    assert main(["review", str(tmp_path), "--sessions-dir", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith(f"ppei review: {tmp_path}") and started == []


def test_a_session_file_is_opened_from_any_folder_and_the_help_says_so(elsewhere, started, capsys, tmp_path):
    assert main(["review", str(elsewhere), "--as", "RB", "--sessions-dir", str(tmp_path / "no-such")]) == 0
    (app,) = started
    assert app.review_path == elsewhere and app.reviewer == "RB" and app.start_in_review
    with pytest.raises(SystemExit):
        main(["review", "--help"])
    assert "SESSION" in capsys.readouterr().out


def test_the_readme_shows_review_of_a_file():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert "ppei review sessions/" in readme


async def test_the_file_opens_at_once_and_esc_shows_the_list(config, store, elsewhere):
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB", review_path=elsewhere)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen) and review.path == elsewhere
        assert review.opened is not None  # writable: the lock is ours
        await pilot.press("d")  # an edit: the file opened is the file written
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SessionsScreen)
    assert deleted_by(elsewhere) == ["RB"]


async def test_a_file_open_in_another_ppei_opens_read_only_saying_why(config, store, elsewhere):
    holder = SessionStore(config.sessions_dir).open(elsewhere)  # "another ppei" holds its lock
    before = elsewhere.read_bytes()
    try:
        app = PpeiApp(config, store, start_in_review=True, reviewer="RB", review_path=elsewhere)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            review = pilot.app.screen
            assert isinstance(review, ReviewScreen) and review.path == elsewhere
            reason = review.read_only_reason
            assert review.opened is None and f"{elsewhere} is open in another ppei" in reason, reason
            await pilot.press("d")  # refused: read-only
            await settle(pilot)
    finally:
        holder.close()
    assert elsewhere.read_bytes() == before


# --- who is reviewing: $PPEI_OBSERVER ---------------------------------------------------------
def test_the_observer_named_in_the_environment_is_in_the_config(monkeypatch):
    monkeypatch.setenv("PPEI_OBSERVER", " HZ ")
    assert Config.from_environment().observer == "HZ"
    monkeypatch.delenv("PPEI_OBSERVER")
    assert Config.from_environment().observer == ""


def test_ppei_review_passes_as_and_leaves_the_environment_to_the_app(
    elsewhere, started, monkeypatch, tmp_path
):
    monkeypatch.setenv("PPEI_OBSERVER", "HZ")
    assert main(["review", str(elsewhere), "--sessions-dir", str(tmp_path)]) == 0
    assert started[0].config.observer == "HZ" and started[0].reviewer == ""
    assert main(["review", str(elsewhere), "--as", "RB", "--sessions-dir", str(tmp_path)]) == 0
    assert started[1].reviewer == "RB"


@pytest.mark.parametrize("from_home", [True, False], ids=["home-F3", "ppei-review"])
async def test_ppei_observer_is_credited_without_asking_from_home_and_from_review(
    config, store, session_path, tmp_path, from_home
):
    config.config_dir = tmp_path / "config"
    config.config_dir.mkdir()
    (config.config_dir / "settings.json").write_text(json.dumps({"reviewer": "OLD"}))  # env wins
    config.observer = "HZ"
    app = PpeiApp(config, store) if from_home else PpeiApp(config, store, start_in_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if from_home:
            assert isinstance(pilot.app.screen, HomeScreen)
            await pilot.press("f3")
            await settle(pilot)
        assert isinstance(pilot.app.screen, SessionsScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, TextPrompt)  # not asked "Who is reviewing?"
        assert isinstance(pilot.app.screen, ReviewScreen)
        assert "reviewing as HZ" in str(pilot.app.screen.query_one("#title").render())
        await pilot.press("d")
        await settle(pilot)
    assert deleted_by(session_path) == ["HZ"]
