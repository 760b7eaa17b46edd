"""`ppei study` from the command line: grouping, plain text when piped, the CSV read back."""

from __future__ import annotations

import csv
import io
import stat

import pytest
from study_helpers import note, other_template, session, write_session, write_study_folder

from ppei_tui.cli import main


@pytest.fixture
def folder(tmp_path, hatfield):
    return write_study_folder(tmp_path / "sessions", hatfield)


def run(capsys, *argv):
    code = main(["study", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_plain_text_one_line_per_meeting_grouped_by_cop_and_site(folder, capsys):
    code, out, err = run(capsys, folder)
    assert code == 0, err
    lines = out.splitlines()
    meeting_lines = [line for line in lines if line.startswith("2026-")]
    assert [line[:10] for line in meeting_lines] == ["2026-01-10", "2026-03-05", "2026-02-01"]
    first = meeting_lines[0].split()
    # date, CoP (two words), site, observer, duration, notes, tags, then P: bar+share, per 100, count.
    assert first[:8] == ["2026-01-10", "Governing", "Body", "urban", "DH", "1:30:00", "4", "4"]
    assert first[8:11] == ["▆75%", "75", "3"]
    assert "skipped d.json: unfinished" in out
    assert "\x1b[" not in out  # no colour codes in a pipe
    assert "Sites side by side" in out and "rural" in out and "urban" in out
    never = next(line for line in lines if line.startswith("Never observed"))
    assert "BE.Inspiring" in never and "P.Engaging" not in never


def test_verb_sparklines_break_between_groups(folder, capsys):
    _, out, _ = run(capsys, folder)
    engaging = next(line for line in out.splitlines() if line.startswith("P.Engaging"))
    # Shares 2/4 and 0/2 (Governing Body), then 1/2 (patient group): scaled to the highest.
    assert engaging.split()[1] == "█·|█"


def test_by_practice_and_filters(folder, capsys):
    code, out, _ = run(capsys, folder, "--by", "practice")
    assert code == 0
    assert "per practice set" in out and "trust" in out
    code, out, _ = run(capsys, folder, "--evidence", "seen", "--plain")
    assert code == 0 and "evidence seen" in out
    patients = next(line for line in out.splitlines() if "rural" in line and line.startswith("2026"))
    assert patients.split()[6:8] == ["1", "1"]  # the inferred note is left out


def test_csv_has_exactly_the_issue_columns_and_rules(folder, tmp_path, capsys):
    output = tmp_path / "study.csv"
    code, out, err = run(capsys, folder, "--format", "csv", "-o", output)
    assert code == 0, err
    assert "3 sessions" in out and "66 rows" in out
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    text = output.read_text(encoding="utf-8")
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "session",
        "date",
        "cop",
        "site",
        "observer",
        "element",
        "verb",
        "count",
        "share",
    ]
    assert len(rows) == 3 * 22
    by_key = {(r["session"], r["element"], r["verb"]): r for r in rows}
    engaging = by_key[("a.json", "P", "Engaging")]
    assert (engaging["date"], engaging["cop"], engaging["site"], engaging["observer"]) == (
        "2026-01-10",
        "Governing Body",
        "urban",
        "DH",
    )
    assert (engaging["count"], float(engaging["share"])) == ("2", 0.5)  # 2 of a.json's 4 tags
    assert by_key[("b.json", "C", "Learning")]["share"] == "0.5"
    assert by_key[("a.json", "BE", "Inspiring")]["count"] == "0"
    assert by_key[("c.json", "P", "Engaging")]["observer"] == "'=RB"  # not run as a formula
    for name in ("a.json", "b.json", "c.json"):
        assert sum(float(r["share"]) for r in rows if r["session"] == name) == pytest.approx(1.0)
    assert "d.json" not in {r["session"] for r in rows}


def test_csv_share_is_zero_when_a_session_has_no_counted_tag(folder, tmp_path, capsys):
    output = tmp_path / "study.csv"
    run(capsys, folder, "--practice", "trust", "-o", output)
    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    a_rows = [r for r in rows if r["session"] == "a.json"]
    assert {r["count"] for r in a_rows} == {"0"} and {r["share"] for r in a_rows} == {"0"}
    assert next(r for r in rows if r["session"] == "c.json" and r["verb"] == "Valuing")["share"] == "1"


def test_never_writes_over_a_session_file(folder, capsys):
    before = (folder / "a.json").read_bytes()
    code, _, err = run(capsys, folder, "--format", "csv", "-o", folder / "a.json", "--force")
    assert code == 1 and "session file" in err
    code, _, err = run(capsys, folder / "b.json", "--format", "csv", "-o", folder / "a.json", "--force")
    assert code == 1 and "session file" in err
    assert (folder / "a.json").read_bytes() == before


def test_an_existing_output_needs_force(folder, tmp_path, capsys):
    output = tmp_path / "study.csv"
    output.write_text("mine")
    code, _, err = run(capsys, folder, "-o", output)
    assert code == 1 and "--force" in err and output.read_text() == "mine"
    assert run(capsys, folder, "-o", output, "--force")[0] == 0


def test_mixed_templates_are_refused_naming_the_files(folder, hatfield, capsys):
    tiny = other_template(hatfield)
    write_session(
        folder / "tiny.json", session(tiny, "Other", "urban", "2026-04-01", [note(1, "P.Aligning")])
    )
    code, _, err = run(capsys, folder)
    assert code == 1
    assert "tiny-codebook: tiny.json" in err and "a.json" in err and "--template" in err
    code, out, _ = run(capsys, folder, "--template", "tiny-codebook")
    assert code == 0 and "Study of 1 meeting," in out


def test_an_unreadable_file_is_named_and_the_rest_studied(folder, capsys):
    (folder / "broken.json").write_text("{not json")
    code, out, err = run(capsys, folder)
    assert code == 0
    assert "broken.json" in err and "not valid JSON" in err
    assert (folder / "broken.json").read_text() == "{not json"
    assert "Study of 3 meetings" in out


def test_csv_or_pdf_needs_an_output_file(folder, capsys):
    code, _, err = run(capsys, folder, "--format", "csv")
    assert code == 2 and "-o FILE" in err


def test_a_missing_path_or_an_empty_folder_is_named(folder, tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, tmp_path / "nope.json", empty)
    assert code == 1
    assert (
        "nope.json: no such file or folder" in err
        and f"no readable session file in {tmp_path / 'nope.json'}" in err
    )
    code, out, err = run(capsys, folder, tmp_path / "nope.json")
    assert code == 0 and "Study of 3 meetings" in out and "nope.json" in err


def test_colour_output_on_a_terminal(folder, capsys, monkeypatch):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    code, out, _ = run(capsys, folder)
    assert code == 0 and "\x1b[" in out  # styled by Rich
    assert "Governing" in out and "Sites side" in out and "Never observed" in out


def test_a_narrow_terminal_gets_two_meeting_tables_and_drops_no_column(folder):
    from rich.console import Console

    from ppei_tui.domain.study import build_study
    from ppei_tui.outputs.study_command import load_sources
    from ppei_tui.outputs.study_text import rich_study

    study = build_study(load_sources([folder]).sources)
    console = Console(width=80, record=True, force_terminal=False)
    console.print(rich_study(study, width=80))
    text = console.export_text()
    assert all(len(line) <= 80 for line in text.splitlines())
    figures_header = next(line for line in text.splitlines() if line.startswith("date") and "Mat" in line)
    assert figures_header.split() == ["date", "P", "Mat", "C", "BE", "M"]
    assert "Governing Body" in text and "Patient group" in text and "observer" in text
    assert "▆75%  75   3" in text  # a.json's P cell, whole


def test_practice_and_role_are_matched_as_the_map_matches_them(folder, capsys):
    """`--practice Trust` is the study's `trust` (as `ppei map --practice` reads it), not an
    empty study; an unknown value is refused naming the valid ones."""
    _, exact, _ = run(capsys, folder, "--practice", "trust", "--plain")
    code, folded, err = run(capsys, folder, "--practice", "Trust", "--plain")
    assert code == 0, err
    assert folded == exact  # the same study, heading included
    patients = next(line for line in folded.splitlines() if "rural" in line and line.startswith("2026"))
    assert patients.split()[6:8] == ["1", "1"]  # c.json's one +trust note
    code, _, err = run(capsys, folder, "--practice", "trsut")
    assert code == 1
    assert (
        "unknown practice set 'trsut'; valid practice sets: trust, leadership, learning, partnership" in err
    )
    code, _, err = run(capsys, folder, "--role", "treasurer")
    assert code == 1 and "unknown speaker role 'treasurer'; valid speaker roles: " in err
    code, _, err = run(capsys, folder, "--role", "GP-lead", "--plain")
    assert code == 0, err


def test_the_heading_counts_with_the_apps_own_wording(folder, hatfield, capsys):
    """Study counts are worded by domain.wording.count, like every other count in the app."""
    _, out, _ = run(capsys, folder)
    assert out.splitlines()[0].startswith("Study of 3 meetings, 2026-01-10 to 2026-03-05: 2 CoPs, 2 sites,")
    tiny = other_template(hatfield)
    write_session(
        folder / "tiny.json", session(tiny, "Other", "urban", "2026-04-01", [note(1, "P.Aligning")])
    )
    _, out, _ = run(capsys, folder, "--template", "tiny-codebook")
    assert out.splitlines()[0].startswith("Study of 1 meeting, 2026-04-01 to 2026-04-01: 1 CoP, 1 site,")
