"""`ppei recode`: a second coder's copy of another observer's session gets its own id, so `agree`
takes the pair (one meeting, two codings) while a study still counts the meeting once (README,
"Re-coding another observer's session"). Asserted on the stored files."""

from __future__ import annotations

import json
import shutil
import stat
from datetime import datetime
from pathlib import Path

import pytest

from ppei_tui.cli import main
from ppei_tui.domain.session_schema import check_session_tables

SESSIONS = Path(__file__).resolve().parents[1] / "sessions"
BOARD = SESSIONS / "2026-10-14-governing-body-example.json"
MEMO = {"id": 1, "text": "DH's memo", "created": "2026-10-14T16:00:00+01:00", "by": "DH"}


@pytest.fixture
def original(tmp_path: Path) -> Path:
    """The example Governing Body session with a memo, in a folder of its own."""
    folder = tmp_path / "handed-over"
    folder.mkdir()
    tables = json.loads(BOARD.read_text(encoding="utf-8"))
    tables["memos"] = {"1": MEMO}
    path = folder / "board-DH.json"
    path.write_text(json.dumps(tables), encoding="utf-8")
    return path


def run(capsys, config, *argv) -> tuple[int, str, str]:
    code = main(["--sessions-dir", str(config.sessions_dir), "--create", *map(str, argv)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tables_of(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def new_files(config) -> list[Path]:
    return sorted(p for p in config.sessions_dir.glob("*.json"))


def test_the_copy_is_a_new_session_of_the_same_meeting_and_notes(original, config, capsys):
    code, out, err = run(capsys, config, "recode", original, "--coder", "Rowan")
    assert code == 0, err
    (copy,) = new_files(config)
    before, after = tables_of(original), tables_of(copy)
    info, first = after["info"]["1"], before["info"]["1"]
    assert info["id"] != first["id"] and len(info["id"]) == 32
    assert copy.name == f"2026-10-14-governing-body-{info['id'][:8]}.json"
    for field in ("cop", "site", "date", "observer", "attendees", "agenda", "template", "created"):
        assert info[field] == first[field], field
    assert info["coder"] == "Rowan"
    assert info["recoded_from"] == {
        "id": first["id"],
        "file": "board-DH.json",
        "observer": "Observer A",
        "coder": "",
        "meeting": first["id"],
        "at": info["recoded_from"]["at"],
    }
    assert datetime.fromisoformat(info["recoded_from"]["at"]).tzinfo is not None
    assert after["notes"] == before["notes"] and len(after["notes"]) == 60  # texts, times, tags
    assert after["events"] == before["events"]
    assert after["memos"] == {}  # the first coder's memos stay with their session
    assert check_session_tables(after) == []
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert tables_of(original) == before  # the original is untouched
    assert f"{copy}: Rowan's copy of board-DH.json (observer Observer A)" in out
    assert f"ppei agree {original} {copy}" in out


def test_agree_takes_the_recoded_copy_and_refuses_a_hand_copy(original, config, capsys):
    hand_copy = original.with_name("board-copy.json")
    shutil.copy(original, hand_copy)
    code, _, err = run(capsys, config, "agree", original, hand_copy)
    assert code == 1 and "copies of one session" in err
    assert run(capsys, config, "recode", original, "--coder", "Rowan")[0] == 0
    (copy,) = new_files(config)
    # Rowan re-codes: note 2 loses Mat.Reporting and gains Mat.Processing.
    tables = tables_of(copy)
    tables["notes"]["2"]["tags"] = [{"element": "Mat", "verb": "Processing"}]
    copy.write_text(json.dumps(tables), encoding="utf-8")
    code, out, err = run(capsys, config, "agree", original, copy, "--json")
    assert code == 0, err
    assert "share no moment" not in err and "differ in" not in err  # one meeting, as recorded
    result = json.loads(out)
    assert [s["observer"] for s in result["sessions"]] == ["Observer A", "Observer A"]
    assert result["sessions"][1]["coder"] == "Rowan"
    assert result["sessions"][1]["recoded_from"]["file"] == "board-DH.json"
    reporting, processing = result["verbs"]["Mat.Reporting"], result["verbs"]["Mat.Processing"]
    assert reporting["only_first"] == 1 and processing["only_second"] == 1  # both in the 0-5 min unit
    assert result["verbs"]["P.Engaging"]["kappa"] == 1.0
    code, out, _ = run(capsys, config, "agree", original, copy, "--plain")
    assert code == 0 and "Observer A (board-DH.json)  and  Rowan (" in out


def test_the_study_counts_one_meeting_once_whichever_copies_are_given(original, config, capsys):
    assert run(capsys, config, "recode", original, "--coder", "Rowan")[0] == 0
    (first_copy,) = new_files(config)
    assert run(capsys, config, "recode", first_copy, "--coder", "Oak")[0] == 0
    (second_copy,) = [p for p in new_files(config) if p != first_copy]
    assert (
        tables_of(second_copy)["info"]["1"]["recoded_from"]["meeting"]
        == tables_of(original)["info"]["1"]["id"]
    )
    shutil.copy(original, config.sessions_dir / original.name)
    code, out, err = run(capsys, config, "study", config.sessions_dir, "--plain")
    assert code == 0, err
    assert out.startswith("Study of 1 meeting,")
    (row,) = [line for line in out.splitlines() if line.startswith("2026-10-14")]
    assert "Riverside CCG (urban)  Observer A   1:11:00     60    77" in row  # the original, once
    for copy in (first_copy, second_copy):
        assert f"skipped {copy.name}: another coding of the meeting in board-DH.json, which is counted" in out
    # Without the original, the first copy made counts (the second was made later).
    (config.sessions_dir / original.name).unlink()
    for copy, made in ((first_copy, "2026-12-01T10:00:00+01:00"), (second_copy, "2026-12-01T09:30:00+00:00")):
        tables = tables_of(copy)  # 09:00 UTC, then 09:30 UTC: times are compared as moments
        tables["info"]["1"]["recoded_from"]["at"] = made
        copy.write_text(json.dumps(tables), encoding="utf-8")
    _, out, _ = run(capsys, config, "study", config.sessions_dir, "--plain")
    assert out.startswith("Study of 1 meeting,")
    assert f"skipped {second_copy.name}: another coding of the meeting in {first_copy.name}" in out
    assert "Observer A, coded by Rowan" in out


def test_nothing_is_ever_written_over(original, config, capsys, tmp_path):
    taken = tmp_path / "taken.json"
    taken.write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, config, "recode", original, "--coder", "Rowan", "--out", taken)
    assert code == 1 and "taken.json: already exists; refusing to overwrite it" in err
    assert taken.read_text(encoding="utf-8") == "mine"
    code, _, err = run(capsys, config, "recode", original, "--coder", "Rowan", "-o", original)
    assert code == 1 and "already exists" in err
    # A journal already under the new file's name would be replayed into it: refused too.
    fresh = tmp_path / "fresh.json"
    Path(f"{fresh}.journal").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, config, "recode", original, "--coder", "Rowan", "-o", fresh)
    assert code == 1 and "fresh.json.journal is already there" in err and not fresh.exists()


def test_out_may_be_a_folder_and_the_coder_comes_from_the_environment(
    original, config, capsys, tmp_path, monkeypatch
):
    folder = tmp_path / "mine"
    folder.mkdir()
    monkeypatch.delenv("PPEI_OBSERVER", raising=False)
    code, _, err = run(capsys, config, "recode", original, "-o", folder)
    assert code == 1 and "--coder NAME" in err and list(folder.iterdir()) == []
    code, _, err = run(capsys, config, "recode", original, "-o", folder, "--coder", "  ")
    assert code == 1 and list(folder.iterdir()) == []
    monkeypatch.setenv("PPEI_OBSERVER", "Ivy")
    code, out, err = run(capsys, config, "recode", original, "-o", folder)
    assert code == 0, err
    (copy,) = folder.iterdir()
    assert tables_of(copy)["info"]["1"]["coder"] == "Ivy" and "Ivy's copy" in out


def test_an_unreadable_session_is_named_and_nothing_written(config, capsys, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, config, "recode", broken, "--coder", "Rowan")
    assert code == 1 and "broken.json" in err and "not valid JSON" in err
    assert not config.sessions_dir.exists() or new_files(config) == []


def test_a_recoded_from_that_is_not_text_is_a_schema_problem():
    tables = json.loads(BOARD.read_text(encoding="utf-8"))
    tables["info"]["1"]["recoded_from"] = {"id": 7}
    problems = check_session_tables(tables)
    assert [(p.record, p.field) for p in problems] == [("info/1", "recoded_from")]
    assert "id: expected text" in problems[0].message


def test_exports_and_the_report_say_whose_coding_it_is(original, config, capsys, tmp_path):
    import jsonschema
    from pypdf import PdfReader

    from ppei_tui.outputs import exports

    assert run(capsys, config, "recode", original, "--coder", "Rowan")[0] == 0
    (copy,) = new_files(config)
    exported = tmp_path / "copy.export.json"
    code, _, err = run(capsys, config, "export", copy, "--format", "json", "-o", exported)
    assert code == 0, err
    document = json.loads(exported.read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads(exports.SCHEMA_FILE.read_text(encoding="utf-8")))
    (session,) = document["sessions"]
    assert session["observer"] == "Observer A" and session["coder"] == "Rowan"
    assert session["recoded_from"]["file"] == "board-DH.json"
    markdown = tmp_path / "copy.md"
    assert run(capsys, config, "export", copy, "--format", "md", "-o", markdown)[0] == 0
    assert "- Coded by: Rowan" in markdown.read_text(encoding="utf-8")
    report = tmp_path / "copy.pdf"
    code, _, err = run(capsys, config, "report", copy, "-o", report)
    assert code == 0, err
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(report).pages)
    first_id = tables_of(original)["info"]["1"]["id"]
    assert "Re-coded copy coded by Rowan, a copy of board-DH.json" in text
    assert f"(id {first_id}, observer Observer A)" in text


async def test_the_session_list_says_whose_coding_each_row_is(original, config, store, capsys):
    from save_helpers import settle
    from screen_text import screen_lines
    from textual.widgets import DataTable

    from ppei_tui.ui.app import PpeiApp
    from ppei_tui.ui.sessions import SessionsScreen

    assert run(capsys, config, "recode", original, "--coder", "Rowan")[0] == 0
    (copy,) = new_files(config)
    shutil.copy(original, config.sessions_dir / original.name)
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionsScreen)
        table = app.screen.query_one(DataTable)
        rows = {str(table.get_row_at(i)[-1]): table.get_row_at(i) for i in range(table.row_count)}
        assert "Observer A, coded by Rowan" in [str(cell) for cell in rows[copy.name]]
        assert "Observer A" in [str(cell) for cell in rows[original.name]]
        assert not any("COPY" in line for line in screen_lines(app))  # two sessions, not copies


def test_a_refi_qda_project_credits_each_coding_to_its_coder(original, config, capsys, tmp_path):
    from test_exports import NS, open_project

    assert run(capsys, config, "recode", original, "--coder", "Rowan")[0] == 0
    (copy,) = new_files(config)
    project = tmp_path / "both.qdpx"
    code, _, err = run(capsys, config, "export", original, copy, "--format", "qdpx", "-o", project)
    assert code == 0, err
    _, root = open_project(project.read_bytes())  # validated against the REFI-QDA schema
    users = {u.get("guid"): u.get("name") for u in root.findall("p:Users/p:User", NS)}
    credited = {}
    for source in root.findall("p:Sources/p:TextSource", NS):
        creators = {c.get("creatingUser") for c in source.iter() if c.tag.endswith("}Coding")}
        credited[source.get("name")] = {users[guid] for guid in creators}
    assert sorted(credited.values(), key=sorted) == [{"Observer A"}, {"Rowan"}]
    descriptions = [d.text or "" for d in root.iter() if d.tag.endswith("}Description")]
    assert any("Observer: Observer A\nCoded by: Rowan\n" in text for text in descriptions)


async def test_r_in_the_session_list_writes_the_reviewers_copy_and_highlights_it(original, config, store):
    from save_helpers import settle
    from textual.widgets import DataTable

    from ppei_tui.ui.app import PpeiApp

    config.sessions_dir.mkdir()
    shutil.copy(original, config.sessions_dir / original.name)
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await settle(pilot)
        copies = [p for p in new_files(config) if p.name != original.name]
        assert len(copies) == 1
        info = tables_of(copies[0])["info"]["1"]
        assert info["coder"] == "RB" and info["recoded_from"]["file"] == original.name
        assert tables_of(copies[0])["notes"] == tables_of(original)["notes"]
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        highlighted = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert highlighted == str(copies[0])
        notice = list(app.notices)[-1]
        assert notice.title == "Re-code copy written" and copies[0].name in str(notice.message)
