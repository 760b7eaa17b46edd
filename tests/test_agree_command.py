"""`ppei agree`: JSON figures recomputed by hand, refusals, and the PDF read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppei_tui.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"


@pytest.fixture
def two_observers(tmp_path: Path) -> tuple[Path, Path]:
    """The example meeting and a second observer's copy of it: same notes and times, but the
    second observer never used Mat.Reporting and also coded note 1 as M.Valuing."""
    first = tmp_path / "first.json"
    first.write_bytes(EXAMPLE.read_bytes())
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["info"]["1"].update(id="b" * 32, observer="Second observer")
    for note in data["notes"].values():
        note["tags"] = [t for t in note["tags"] if (t["element"], t["verb"]) != ("Mat", "Reporting")]
    data["notes"]["1"]["tags"].append({"element": "M", "verb": "Valuing"})
    second = tmp_path / "second.json"
    second.write_text(json.dumps(data), encoding="utf-8")
    return first, second


def run_json(capsys, *args: str) -> dict:
    assert main(["agree", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_figures_follow_the_rule(two_observers, capsys):
    first, second = two_observers
    document = run_json(capsys, str(first), str(second))
    assert document["unit"] == "5m" and document["units"] == len(document["unit_labels"])
    assert [s["file"] for s in document["sessions"]] == ["first.json", "second.json"]
    reporting = document["verbs"]["Mat.Reporting"]
    assert reporting["both"] == 0 and reporting["only_second"] == 0 and reporting["only_first"] > 0
    assert reporting["kappa"] == 0.0  # the second observer is silent: no better than chance
    # Recompute one verb by hand from the session file: bins of 5 minutes from the start event.
    data = json.loads(first.read_text(encoding="utf-8"))
    from datetime import datetime

    start = min(
        datetime.fromisoformat(e["wall_time"]) for e in data["events"].values() if e["type"] == "start"
    )
    bins = {
        int((datetime.fromisoformat(n["wall_time"]) - start).total_seconds() // 300)
        for n in data["notes"].values()
        if not n.get("deleted") and {"element": "Mat", "verb": "Reporting"} in n["tags"]
    }
    assert reporting["only_first"] == len(bins)
    assert reporting["neither"] == document["units"] - len(bins)
    engaging = document["verbs"]["P.Engaging"]
    assert engaging["only_first"] == engaging["only_second"] == 0 and engaging["kappa"] == 1.0
    unused = [k for k, v in document["verbs"].items() if v["both"] + v["only_first"] + v["only_second"] == 0]
    for key in unused:
        assert (
            document["verbs"][key]["kappa"] is None and "never used" in document["verbs"][key]["kappa_reason"]
        )
    assert -1 <= document["pooled"]["kappa"] <= 1 and document["pooled"]["krippendorff_alpha"] is not None
    assert "pairs" not in document


def test_three_observers_and_agenda_units(two_observers, tmp_path, capsys):
    first, second = two_observers
    third = tmp_path / "third.json"  # a third observer who coded exactly as the first
    data = json.loads(first.read_text(encoding="utf-8"))
    data["info"]["1"].update(id="c" * 32, observer="Third observer")
    third.write_text(json.dumps(data), encoding="utf-8")
    document = run_json(capsys, str(first), str(second), str(third), "--unit", "agenda")
    assert document["unit"] == "agenda" and set(document["pairs"]) == {"1-2", "1-3", "2-3"}
    assert document["pairs"]["1-3"]["pooled"]["agreement"] == 1.0


def test_different_templates_are_refused_and_differences_warned(two_observers, tmp_path, capsys):
    first, second = two_observers
    data = json.loads(second.read_text(encoding="utf-8"))
    data["info"]["1"]["template"]["id"] = "another-framework"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    assert main(["agree", str(first), str(other)]) == 1
    err = capsys.readouterr().err
    assert "different templates" in err and "other.json" in err
    data = json.loads(second.read_text(encoding="utf-8"))
    data["info"]["1"]["date"] = "2026-10-15"
    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps(data), encoding="utf-8")
    assert main(["agree", str(first), str(moved), "--plain"]) == 0
    assert "differ in date" in capsys.readouterr().err
    assert main(["agree", str(first), str(second), "--unit", "5x"]) == 1
    assert main(["agree", str(first)]) == 1


def test_plain_table_names_bands(two_observers, capsys):
    first, second = two_observers
    assert main(["agree", str(first), str(second), "--plain"]) == 0
    out = capsys.readouterr().out
    assert "Mat.Reporting" in out and "almost perfect" in out and "Krippendorff" in out


def test_pdf_has_the_table_and_the_notes_behind_each_disagreement(two_observers, tmp_path, capsys):
    first, second = two_observers
    output = tmp_path / "agree.pdf"
    assert main(["agree", str(first), str(second), "-o", str(output)]) == 0
    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert "Agreement between observers" in text and "Mat.Reporting" in text
    assert "Where" in text and "differ" in text
    data = json.loads(first.read_text(encoding="utf-8"))
    reporting_note = next(
        n for n in data["notes"].values() if {"element": "Mat", "verb": "Reporting"} in n["tags"]
    )
    assert reporting_note["text"].split()[0] in text
    assert oct(output.stat().st_mode & 0o777) == "0o600"
    assert main(["agree", str(first), str(second), "-o", str(output)]) == 1  # exists: --force
    assert main(["agree", str(first), str(second), "-o", str(first), "--force"]) == 1
    assert "session file" in capsys.readouterr().err
    assert first.read_bytes() == EXAMPLE.read_bytes()
