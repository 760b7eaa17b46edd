"""Control characters in session and template text reach no terminal from the command line
(breaker22 item 6): `ESC]0;...BEL` in a hand-edited session's community retitled the window and
`ESC[2J` in its site cleared the screen, through `ppei map` (also --iceberg, --shadings,
--compare) and `ppei study`, piped and on a terminal; a template named with ESC passed
`ppei templates check` and was printed raw by it and by `ppei templates`. They are now drawn
with the signs the screens use (␛ ␇), and files written keep the text exact."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import EXAMPLE

from ppei_tui.cli import main
from ppei_tui.domain.controls import visible_controls
from ppei_tui.ui.shown import on_screen

OTHER = EXAMPLE.with_name("2026-10-21-communications-strategy-group-example.json")
COP = "Evil\x1b]0;PWNED-TITLE\x07\x1b[31mRED\x1b[0m"
SITE = "Site\x1b[2Jcleared"
COP_SHOWN = "Evil␛]0;PWNED-TITLE␇␛[31mRED␛[0m"
SITE_SHOWN = "Site␛[2Jcleared"
HOSTILE_TEMPLATE = """id: esc
name: "Esc\\e[2Jname\\e]0;T\\a"
version: "1.0"
elements:
  - code: A
    name: "Al\\e[31mpha"
    verbs: ["One", "Two"]
"""


@pytest.fixture
def evil_session(tmp_path: Path) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["info"]["1"]["cop"] = COP
    data["info"]["1"]["site"] = SITE
    path = tmp_path / "evil" / "evil.json"
    path.parent.mkdir()
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


class _Terminal(io.StringIO):
    """stdout as a colour terminal, so the commands take their rich path."""

    def isatty(self) -> bool:
        return True


def _no_hostile_bytes(text: str) -> None:
    assert "\x07" not in text
    assert "\x1b]" not in text and "\x1b[2J" not in text and "\x1b[5m" not in text


def test_screens_and_command_line_draw_controls_with_the_same_signs():
    text = f"{COP} {SITE}\tend\n"
    assert visible_controls(text) == on_screen(text) == f"{COP_SHOWN} {SITE_SHOWN} end\n"


@pytest.mark.parametrize("options", [[], ["--iceberg"], ["--shadings"], ["--by", "practice"]])
def test_map_piped_prints_a_hostile_community_and_site_visibly(evil_session, options, capsys):
    assert main(["map", str(evil_session), *options]) == 0
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "Evil␛]0;PWNED" in out  # (study cuts the column: "Evil␛]0;PWNED-TI…")


def test_map_compare_and_study_piped_print_the_site_visibly(evil_session, capsys):
    other = evil_session.with_name("other.json")
    other.write_text(OTHER.read_text(encoding="utf-8"), encoding="utf-8")  # not a copy: compared
    assert main(["map", "--compare", str(evil_session), str(other)]) == 0
    assert main(["study", str(evil_session.parent)]) == 0
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert out.count(SITE_SHOWN) >= 2, out  # compare's title and study's meeting row
    assert COP_SHOWN in out


@pytest.mark.parametrize("command", [["map"], ["map", "--iceberg"], ["study"]])
def test_on_a_colour_terminal_only_rich_colours_reach_it(evil_session, command, monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "200")  # wide enough for study's table to show the community
    target = evil_session.parent if command == ["study"] else evil_session
    assert main([*command, str(target)]) == 0
    out = terminal.getvalue()
    assert "\x1b[" in out  # the rich path was taken: its own colours are there
    _no_hostile_bytes(out)
    assert "Evil␛]0;PWNED" in out  # (study cuts the column: "Evil␛]0;PWNED-TI…")


def test_exports_keep_the_text_exact(evil_session, tmp_path, capsys):
    output = tmp_path / "out.json"
    assert main(["export", str(evil_session), "--format", "json", "-o", str(output)]) == 0
    exported = json.loads(output.read_text(encoding="utf-8"))
    assert COP in _strings(exported) and SITE in _strings(exported)


def _strings(value) -> set[str]:
    if isinstance(value, str):
        return {value}
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return {text for item in items for text in _strings(item)}


def test_templates_check_refuses_a_name_with_a_control_character(tmp_path, capsys):
    template = tmp_path / "esc.yaml"
    template.write_text(HOSTILE_TEMPLATE, encoding="utf-8")
    assert main(["templates", "check", str(template)]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    lines = err.splitlines()
    assert (
        f"{template}:2:1: name: 'Esc\\x1b[2Jname\\x1b]0;T\\x07' holds the control character U+001B"
        in lines[0]
    )
    assert f"{template}:6:5: elements[0].name:" in lines[1] and "U+001B, which no one can type" in lines[1]


def test_templates_lists_a_refused_template_without_its_escapes(tmp_path, capsys):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "esc.yaml").write_text(HOSTILE_TEMPLATE, encoding="utf-8")
    assert main(["--templates-dir", str(folder), "templates"]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "(invalid)" in out and "elements[0].name" in out
    assert "hatfield-ppei" in out  # the good templates are still listed


def test_agree_json_keeps_the_text_exact_and_no_control_raw(evil_session, capsys):
    """JSON escapes C0 itself; DEL and C1 (0x9B is a one-byte CSI) are written as \\u escapes."""
    data = json.loads(evil_session.read_text(encoding="utf-8"))
    data["info"]["1"].update(id="b" * 32, cop=COP + "\x9b2J\x7f", observer="Second observer")
    second = evil_session.with_name("second.json")
    second.write_text(json.dumps(data), encoding="utf-8")
    assert main(["agree", str(evil_session), str(second), "--json"]) == 0
    out = capsys.readouterr().out
    assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in out)
    assert [s["cop"] for s in json.loads(out)["sessions"]] == [COP, COP + "\x9b2J\x7f"]
