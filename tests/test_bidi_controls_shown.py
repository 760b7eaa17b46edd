"""Bidi overrides, embeddings and isolates, invisible characters, and line breaks in one-line
fields reach no terminal raw (trial of 20:35): U+202E turned the rest of a `ppei map` header,
a `ppei templates` row or a note in the log around (Trojan Source, CVE-2021-42574); a line
break in --cop pushed the clock and "● recording" off the observe screen's top line. One rule
in domain/controls.py (terminal_text, one_line) for the screens and the command line; the
session file keeps the text exact."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import EXAMPLE
from screen_text import screen_lines
from test_help_keys import settle
from textual import events

from ppei_tui.cli import main
from ppei_tui.domain.controls import BIDI_CONTROLS, one_line, terminal_text
from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.shown import on_screen, quote

RLO = "\u202e"
COP = f"Gov\nBody{RLO}live"


@pytest.mark.parametrize("char", sorted(BIDI_CONTROLS) + ["\u200b", "\u2060", "\ufeff"])
def test_every_override_embedding_isolate_and_invisible_character_is_a_sign(char):
    assert terminal_text(f"a{char}b") == "a\ufffdb"
    assert on_screen(f"a{char}b") == "a\ufffdb"  # the screens draw the same sign


def test_marks_typed_in_hebrew_and_joiners_are_kept():
    """LRM/RLM/ALM set the direction of the neutral characters beside them only (UAX #9 W1-N2);
    ZWJ joins emoji sequences and ZWNJ Persian letters."""
    text = "שלום\u200f. x\u200ey \u061c 👩\u200d⚕️ می\u200cخواهم"
    assert terminal_text(text) == text


def test_a_one_line_field_draws_a_line_break_as_a_sign():
    assert one_line("Gov\nBody\u2028x\u2029y") == "Gov⏎Body⏎x⏎y"
    assert one_line(COP) == "Gov⏎Body\ufffdlive"
    assert terminal_text("a\nb") == "a\nb"  # a note's own line breaks: the caller draws them
    assert quote(f"a{RLO}b\nc", 40) == "a\ufffdb ⏎ c"  # the unsaved question's quote


@pytest.fixture
def hostile_session(tmp_path: Path) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["info"]["1"]["cop"] = COP
    data["info"]["1"]["site"] = f"North{RLO}x"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_ppei_map_prints_the_header_on_one_line_with_signs(hostile_session, capsys):
    assert main(["map", str(hostile_session), "--plain"]) == 0
    out = capsys.readouterr().out
    assert RLO not in out
    assert out.splitlines()[0] == "Gov⏎Body\ufffdlive 2026-10-14"
    assert read_tables(hostile_session)[0]["info"]["1"]["cop"] == COP  # the file keeps it exact


def test_ppei_templates_prints_one_row_per_template_whatever_its_file_name(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "templates"
    folder.mkdir()
    text = (EXAMPLE.parents[1] / "observation_templates" / "hatfield-ppei.yaml").read_text(encoding="utf-8")
    name = f"new\nline{RLO}lmay.yaml"
    (folder / name).write_text(text.replace("id: hatfield-ppei", "id: hostile-name", 1), encoding="utf-8")
    monkeypatch.setenv("PPEI_TEMPLATES_DIR", str(folder))
    assert main(["templates"]) == 0
    out = capsys.readouterr().out
    assert RLO not in out
    [row] = [line for line in out.splitlines() if line.startswith("hostile-name")]
    assert row.endswith(f"{folder}/new⏎line\ufffdlmay.yaml")


async def test_the_observe_top_line_keeps_the_clock_with_a_line_break_in_the_cop(config, store, make_info):
    opened = store.create(dataclasses.replace(make_info(), cop=COP))
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        pilot.app.post_message(events.Paste(f"note{RLO}x\u200by"))  # as a terminal pastes it
        await settle(pilot)
        lines = screen_lines(app)
        assert lines[0].startswith(" Gov⏎Body\ufffdlive ·"), lines[0]
        assert lines[0].rstrip().endswith("0:00:00 ● recording"), lines[0]
        assert not any(RLO in line or "\u200b" in line for line in lines)
        assert any("note\ufffdx\ufffdy" in line for line in lines), lines  # the note being typed
        await pilot.press("enter")
        await settle(pilot)
        assert sum("note\ufffdx\ufffdy" in line for line in screen_lines(app)) == 1  # in the log
    notes = read_tables(opened.path)[0]["notes"].values()
    assert [n["text"] for n in notes] == [f"note{RLO}x\u200by"]  # stored exactly as typed


def test_export_names_a_file_with_a_line_break_and_an_override_on_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    name = f"x\nna{RLO}me.json"
    (tmp_path / name).write_bytes(EXAMPLE.read_bytes())
    assert main(["export", name, "-f", "md", "-o", "out.md"]) == 0
    out = capsys.readouterr().out
    assert RLO not in out
    lines = out.splitlines()
    assert lines[0] == "out.md: md, 1 session, 60 notes"
    assert lines[1].startswith("  x⏎na\ufffdme.json SHA-256 ")
    assert len(lines) == 2
