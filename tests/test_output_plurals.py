"""One of a thing is said in the singular in what the outputs print (breaker22 item 12: the
iceberg said "(1 verbs)", shade "1 verbs shaded", the session list "1 notes")."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLE

from ppei_tui.cli import main
from ppei_tui.storage.store import SessionStore


def _one_note_session(folder: Path) -> Path:
    """The example meeting with only its first note (one tag, P.Engaging, seen)."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    first = min(data["notes"], key=int)
    data["notes"] = {first: data["notes"][first]}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / EXAMPLE.name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_iceberg_counts_one_verb_in_the_singular(tmp_path, capsys):
    assert main(["map", "--iceberg", str(_one_note_session(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "Above the waterline: seen or said in the meeting (1 verb)" in out
    assert "Below the waterline: inferred by the observer only (0 verbs)" in out


def test_the_session_list_counts_one_note_in_the_singular(tmp_path):
    _one_note_session(tmp_path / "sessions")
    [summary] = SessionStore(tmp_path / "sessions").summaries()
    assert "  1 note  " in summary.describe()
