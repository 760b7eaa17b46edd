"""Hostile and hand-edited session files against every command that reads sessions.

Each case breaks one record of a good session file. Every reader (map, report, every export
format, observe --resume, the home list, opening for review) must answer with one message
naming the file, the record and the field, and leave the file's bytes exactly as they were.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ppei_tui.cli import main
from ppei_tui.outputs.commands import EXPORT_FORMATS
from ppei_tui.storage.store import SessionStore
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.sessions import SessionsScreen

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"


def _note(data: dict, key: str = "1") -> dict:
    return data["notes"][key]


def _set(table: str, key: str, field: str, value):
    def mutate(data: dict) -> None:
        data[table][key][field] = value

    return mutate


def _delete(table: str, key: str, field: str):
    def mutate(data: dict) -> None:
        del data[table][key][field]

    return mutate


def _duplicate_id(data: dict) -> None:
    _note(data, "2")["id"] = 1


def _add_memo_without_time(data: dict) -> None:
    data["memos"]["1"] = {"id": 1, "text": "a memo", "by": "RB", "note_id": None}


# name -> (change to the parsed file, record, field). A value of the string "<NUMBER>" is
# replaced in the JSON text by a literal number JSON cannot otherwise carry (NaN, 1e400).
CASES = {
    "offset as text": (_set("notes", "1", "offset_seconds", "abc"), "notes/1", "offset_seconds"),
    "tags as text": (_set("notes", "1", "tags", "P.Aligning"), "notes/1", "tags"),
    "tags a number": (_set("notes", "1", "tags", 5), "notes/1", "tags"),
    "key tags a number": (_set("notes", "1", "key_tags", 5), "notes/1", "key_tags"),
    "text missing": (_delete("notes", "1", "text"), "notes/1", "text"),
    "text a number": (_set("notes", "1", "text", 42), "notes/1", "text"),
    "text null": (_set("notes", "1", "text", None), "notes/1", "text"),
    "cop null": (_set("info", "1", "cop", None), "info/1", "cop"),
    "cop missing": (_delete("info", "1", "cop"), "info/1", "cop"),
    "offset NaN": (_set("notes", "1", "offset_seconds", "<NaN>"), "notes/1", "offset_seconds"),
    "offset 1e400": (_set("notes", "1", "offset_seconds", "<1e400>"), "notes/1", "offset_seconds"),
    "event offset as text": (_set("events", "1", "offset_seconds", "0:00"), "events/1", "offset_seconds"),
    "unknown event type": (_set("events", "1", "type", "party"), "events/1", "type"),
    "event time not a time": (_set("events", "1", "wall_time", "yesterday"), "events/1", "wall_time"),
    "verb the template lacks": (
        _set("notes", "1", "tags", [{"element": "P", "verb": "Dancing"}]),
        "notes/1",
        "tags[0].verb",
    ),
    "element the template lacks": (
        _set("notes", "1", "tags", [{"element": "Zz", "verb": "Aligning"}]),
        "notes/1",
        "tags[0].element",
    ),
    "tag without verb": (_set("notes", "1", "tags", [{"element": "P"}]), "notes/1", "tags[0].verb"),
    "unknown kind": (_set("notes", "1", "kind", "gossip"), "notes/1", "kind"),
    "unknown evidence": (_set("notes", "1", "evidence", "rumoured"), "notes/1", "evidence"),
    "unknown practice set": (_set("notes", "1", "practice_sets", ["money"]), "notes/1", "practice_sets[0]"),
    "duplicate note id": (_duplicate_id, "notes/2", "id"),
    "deleted as text": (_set("notes", "1", "deleted", "no"), "notes/1", "deleted"),
    "memo without time": (_add_memo_without_time, "memos/1", "created"),
    "attendees as text": (_set("info", "1", "attendees", "Ash, Birch"), "info/1", "attendees"),
}
EXPORTS = [f"export-{fmt}" for fmt in sorted(EXPORT_FORMATS)]
READERS = ["map", "report", *EXPORTS, "observe-resume", "home-list", "study", "agree", "worksheet", "shade"]


def write_case(directory: Path, case: str) -> Path:
    mutate, _, _ = CASES[case]
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    mutate(data)
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace('"<NaN>"', "NaN").replace('"<1e400>"', "1e400")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "hand-edited.json"
    path.write_text(text, encoding="utf-8")
    return path


def run_reader(reader: str, path: Path, tmp_path: Path, capsys) -> str:
    """Run one reader on the file; returns the message it gave (stderr, or the list entry)."""
    common = ["--sessions-dir", str(path.parent)]
    if reader == "home-list":
        [summary] = SessionStore(path.parent).summaries()
        assert summary.session is None
        return summary.describe()
    if reader == "map":
        argv = ["map", str(path), "--plain"]
    elif reader == "report":
        argv = ["report", str(path), "-o", str(tmp_path / "out.pdf")]
    elif reader == "observe-resume":
        argv = ["observe", "--resume", str(path)]
    elif reader == "study":
        argv = ["study", str(path), "--format", "csv", "-o", str(tmp_path / "out.csv")]
    elif reader == "agree":
        argv = ["agree", str(path), str(path)]
    elif reader == "worksheet":
        argv = ["worksheet", str(path), "-o", str(tmp_path / "out.pdf")]
    elif reader == "shade":
        argv = ["shade", str(path), "--as", "Ash"]
    else:
        fmt = reader.removeprefix("export-")
        argv = ["export", str(path), "-f", fmt, "-o", str(tmp_path / f"out{EXPORT_FORMATS[fmt]}")]
    code = main(argv + common)
    captured = capsys.readouterr()
    assert code == 1, captured
    assert captured.out == ""
    return captured.err


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_session_is_named_by_file_record_and_field(case, reader, tmp_path, capsys, in_a_terminal):
    path = write_case(tmp_path / "sessions", case)
    before = path.read_bytes()
    message = run_reader(reader, path, tmp_path, capsys)
    _, record, field = CASES[case]
    assert path.name in message
    assert f"record {record}" in message and f"field {field}" in message, message
    assert "Traceback" not in message
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("out")], "no output was written"
    assert not list(path.parent.glob("*.lock")) and not list(path.parent.glob(".*.tmp"))


@pytest.mark.parametrize("reader", READERS)
def test_json_nested_100000_deep_is_refused_without_recursion_error(reader, tmp_path, capsys, in_a_terminal):
    directory = tmp_path / "sessions"
    directory.mkdir()
    path = directory / "deep.json"
    path.write_text('{"info": {"1": ' + "[" * 100_000 + "]" * 100_000 + "}}")
    before = path.read_bytes()
    message = run_reader(reader, path, tmp_path, capsys)
    assert path.name in message and "nested too deeply" in message
    assert path.read_bytes() == before


async def test_opening_each_bad_session_for_review_explains_it(config, tmp_path):
    """Review open: each broken file gets a notice naming it, its record and field."""
    paths = {}
    for index, case in enumerate(sorted(CASES)):
        directory = tmp_path / f"case{index}"
        paths[case] = write_case(directory, case)
    befores = {case: path.read_bytes() for case, path in paths.items()}
    config.sessions_dir.mkdir(parents=True)
    shutil.copy(EXAMPLE, config.sessions_dir / EXAMPLE.name)
    app = PpeiApp(config, SessionStore(config.sessions_dir), start_in_review=True, reviewer="RB")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        for case, path in paths.items():
            shown = len(app.notices)
            app.open_review(str(path))
            await app.workers.wait_for_complete()
            await pilot.pause()
            [message] = [text for _, title, text in app.notices[shown:] if title == "Could not open"]
            _, record, field = CASES[case]
            assert str(path) in message
            assert f"record {record}" in message and f"field {field}" in message
            assert isinstance(app.screen, SessionsScreen)  # FirstSessionsScreen under `ppei review`
    for case, path in paths.items():
        assert path.read_bytes() == befores[case], case
