"""Copies of one session (same id: a sync tool's conflicted copy, a backup, one file given twice)
are never counted as two sessions: every command and view that combines sessions refuses them
with one message naming both files and the id (README, "Copies of one session"), while two
observers' sessions of one meeting (different ids) still agree. On the stored example sessions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from save_helpers import settle
from textual.widgets import DataTable

from ppei_tui.cli import main
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.sessions import CompareScreen, SessionsScreen
from ppei_tui.ui.study import StudyScreen

SESSIONS = Path(__file__).resolve().parents[1] / "sessions"
BOARD = SESSIONS / "2026-10-14-governing-body-example.json"
GROUP = SESSIONS / "2026-10-21-communications-strategy-group-example.json"
GROUP_ID = json.loads(GROUP.read_text(encoding="utf-8"))["info"]["1"]["id"]
BOARD_ID = json.loads(BOARD.read_text(encoding="utf-8"))["info"]["1"]["id"]


@pytest.fixture
def s7(tmp_path: Path) -> Path:
    """The breaker's folder: both example sessions and a copy of the group's (same id)."""
    folder = tmp_path / "s7"
    folder.mkdir()
    for example in (BOARD, GROUP):
        shutil.copy(example, folder / example.name)
    shutil.copy(GROUP, folder / "csg-copy.json")
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_names_the_copies(err: str, *files: Path, session_id: str = GROUP_ID) -> None:
    assert "copies of one session" in err and f"id {session_id}" in err, err
    assert all(str(f) in err for f in files), err
    assert "Traceback" not in err


def test_study_of_a_folder_with_a_copy_is_refused_naming_both(s7, capsys):
    code, out, err = run(capsys, "study", str(s7), "--plain")
    assert code == 1 and out == ""
    assert_names_the_copies(err, s7 / GROUP.name, s7 / "csg-copy.json")
    assert "move the other out of it" in err and "counted as two" in err
    # The copy moved out: 2 meetings, Participation 17 (7 + 10), not 3 meetings and 24.
    (s7 / "csg-copy.json").rename(s7.parent / "csg-copy.json")
    code, out, err = run(capsys, "study", str(s7), "--plain")
    assert code == 0, err
    assert out.startswith("Study of 2 meetings, 2026-10-14 to 2026-10-21")
    participation = next(line for line in out.splitlines() if line.startswith("P Participation"))
    assert participation.split()[-1] == "17"


def test_study_csv_and_two_folders_of_the_same_sessions_are_refused(s7, tmp_path, capsys):
    output = tmp_path / "study.csv"
    code, _, err = run(capsys, "study", str(s7), "-o", str(output))
    assert code == 1 and not output.exists()
    assert_names_the_copies(err, s7 / "csg-copy.json")
    code, _, err = run(capsys, "study", str(SESSIONS), str(s7 / BOARD.name), "--plain")
    assert code == 1
    assert_names_the_copies(err, SESSIONS / BOARD.name, s7 / BOARD.name, session_id=BOARD_ID)


def test_one_file_given_twice_is_refused_by_study_map_and_report(s7, tmp_path, capsys):
    board = s7 / BOARD.name
    for argv in (
        ["study", str(board), str(board), "--plain"],
        ["map", str(board), str(board), "--plain"],
        ["report", str(board), str(board), "-o", str(tmp_path / "out.pdf")],
        ["export", str(board), str(board), "-f", "csv", "-o", str(tmp_path / "out.csv")],
    ):
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == "", argv
        assert f"is given twice (session id {BOARD_ID})" in err, err
        assert "give each file once" in err, err
    assert not (tmp_path / "out.pdf").exists() and not (tmp_path / "out.csv").exists()
    link = tmp_path / "link.json"  # one file under two names: both named
    link.symlink_to(board)
    code, _, err = run(capsys, "study", str(link), str(board), "--plain")
    assert code == 1
    assert f"{link} and {board} are one file (session id {BOARD_ID})" in err, err
    assert "give each file once" in err


def test_map_report_and_export_name_both_copies_in_the_same_words(s7, tmp_path, capsys):
    pair = [str(s7 / GROUP.name), str(s7 / "csg-copy.json")]
    messages = []
    for argv in (
        ["map", *pair, "--plain"],
        ["report", *pair, "-o", str(tmp_path / "out.pdf")],
        ["export", *pair, "-f", "json", "-o", str(tmp_path / "out.json")],
        ["study", *pair, "--plain"],
        ["agree", *pair],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 1
        assert_names_the_copies(err, *map(Path, pair))
        messages.append(err.split(": ", 1)[1].split(": one session")[0])
    assert len(set(messages)) == 1, messages


def test_agree_refuses_copies_and_one_file_twice_but_takes_two_observers(s7, capsys):
    code, out, err = run(capsys, "agree", str(s7 / GROUP.name), str(s7 / "csg-copy.json"), "--json")
    assert code == 1 and out == ""
    assert_names_the_copies(err, s7 / GROUP.name, s7 / "csg-copy.json")
    assert "give each observer's own session file" in err
    code, out, err = run(capsys, "agree", str(s7 / "csg-copy.json"), str(s7 / "csg-copy.json"))
    assert code == 1 and out == "" and "csg-copy.json is given twice" in err
    # A second observer of the same meeting: their own session (own id), the same times.
    data = json.loads(GROUP.read_text(encoding="utf-8"))
    data["info"]["1"].update(id="c" * 32, observer="Observer B")
    for note in data["notes"].values():
        note["tags"] = note["tags"][:1]
    second = s7.parent / "observer-b.json"
    second.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "agree", str(s7 / GROUP.name), str(second), "--json")
    assert code == 0, err
    document = json.loads(out)
    assert document["units"] == 7  # 10:00 to 10:30: bins 0-5 ... 30-35 min
    assert 0 < document["pooled"]["kappa"] < 1
    assert [s["file"] for s in document["sessions"]] == [GROUP.name, "observer-b.json"]


def test_agree_on_two_meetings_a_week_apart_is_refused_unless_asked(s7, capsys):
    pair = [str(s7 / BOARD.name), str(s7 / GROUP.name)]
    code, out, err = run(capsys, "agree", *pair, "--json")
    assert code == 1 and out == ""
    assert "share no moment of time, so they are not one meeting" in err, err
    assert f"{BOARD.name} 2026-10-14 13:30 to 14:55" in err, err
    assert f"{GROUP.name} 2026-10-21 10:00 to 10:30" in err, err
    assert "--different-meetings" in err
    code, out, err = run(capsys, "agree", *pair, "--json", "--different-meetings")
    assert code == 0
    assert json.loads(out)["units"] == 1981
    assert "warning: the sessions share no moment of time" in err


async def mark(pilot, *names: str) -> None:
    """Space on the rows whose file column starts with each name."""
    table = pilot.app.screen.query_one(DataTable)
    for name in names:
        row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[-1]).startswith(name))
        table.move_cursor(row=row)
        await pilot.press("space")


@pytest.mark.parametrize("key", ["c", "y"])
async def test_review_list_refuses_to_compare_or_study_marked_copies(config, store, s7, key):
    for path in s7.iterdir():
        config.sessions_dir.mkdir(exist_ok=True)
        shutil.copy(path, config.sessions_dir / path.name)
    folder = config.sessions_dir
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionsScreen)
        await mark(pilot, GROUP.name, "csg-copy.json")
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, SessionsScreen), "copies were combined"
        notice = app.notices[-1]
        assert notice.severity == "error" and notice.title == "Copies of one session"
        assert_names_the_copies(str(notice.message), folder / GROUP.name, folder / "csg-copy.json")
        assert "mark only one of them" in str(notice.message)
        shown = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("csg-copy.json" in text and GROUP_ID in text for text in shown), shown
        # One copy unmarked, the other meeting marked: combined as two sessions.
        await mark(pilot, "csg-copy.json", BOARD.name)
        await pilot.press(key)
        await settle(pilot)
        if key == "c":
            assert isinstance(app.screen, CompareScreen)
            assert len(app.screen.sessions) == 2
        else:
            assert isinstance(app.screen, StudyScreen)
            assert sorted(m.path.name for m in app.screen.study.meetings) == [BOARD.name, GROUP.name]
    for path in s7.iterdir():
        assert (folder / path.name).read_bytes() == path.read_bytes()
