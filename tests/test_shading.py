"""Members shading the map: parsing, the stored record, the screen, comparisons and print."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppei_tui.cli import main
from ppei_tui.domain.mapping import session_map
from ppei_tui.domain.shading import (
    Shading,
    ShadingError,
    compare_member,
    evidence_levels,
    median_levels,
    parse_levels,
    resolve_verb,
)
from ppei_tui.storage.store import SessionStore, load_session
from ppei_tui.ui.shade import ShadeApp

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    path = tmp_path / "sessions" / EXAMPLE.name
    path.parent.mkdir()
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def test_levels_are_read_by_element_and_any_unambiguous_verb_beginning(hatfield):
    assert parse_levels(hatfield, "P.Aligning=3, mat.rep=4; M.val=0") == {
        "P.Aligning": 3,
        "Mat.Reporting": 4,
        "M.Valuing": 0,
    }
    assert resolve_verb(hatfield, "Participation.engaging") == "P.Engaging"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("P.Aligning=5", "from 0 to 4"),
        ("P.Aligning=-1", "from 0 to 4"),
        ("P.Aligning=two", "from 0 to 4"),
        ("X.Aligning=2", "no element 'X'"),
        ("P.Dancing=2", "is not a verb"),
        ("Mat.re=2", "is ambiguous"),
        ("P.Aligning", "VERB=LEVEL"),
        ("Aligning=2", "ELEMENT.VERB"),
        ("P.Aligning=1,P.align=2", "given twice"),
        # breaker22 item 12: int() reads these as 3; a worksheet typed in keeps ASCII digits only
        ("P.Aligning=\u0663", r"from 0 to 4, in ASCII digits \(not '\u0663' U\+0663\)"),
        ("P.Aligning=\uff13", r"in ASCII digits \(not '\uff13' U\+FF13\)"),
        ("P.Aligning=\u00b2", r"in ASCII digits \(not '\u00b2' U\+00B2\)"),
    ],
)
def test_bad_levels_say_what_is_wrong(hatfield, text, says):
    with pytest.raises(ShadingError, match=says):
        parse_levels(hatfield, text)


def test_comparison_with_the_evidence_by_hand(hatfield):
    from ppei_tui.domain.mapping import compute_map

    counts = compute_map(hatfield, [])  # no notes: every evidence level is 0
    evidence = evidence_levels(counts)
    shading = Shading(
        1, "Hazel", "lay member", "2026-10-14T12:00:00+01:00", {"P.Aligning": 3, "M.Valuing": 1}
    )
    comparison = compare_member(shading, evidence)
    assert comparison.differences == {"P.Aligning": (3, 0)}  # M.Valuing is only one level apart
    assert comparison.weighted_kappa.value == pytest.approx(0.0)  # the evidence has one level only
    others = [shading, Shading(2, "Oak", "", "x", {"P.Aligning": 1}), Shading(3, "Ivy", "", "x", {})]
    assert median_levels(others, ["P.Aligning", "M.Valuing"]) == {"P.Aligning": 1, "M.Valuing": 0}
    assert median_levels(others[:2], ["P.Aligning"]) == {"P.Aligning": 1}  # lower middle of 1 and 3


def test_levels_from_paper_are_saved_with_comments(session_file, capsys, monkeypatch):
    monkeypatch.setenv("PPEI_SESSIONS_DIR", str(session_file.parent))
    args = ["shade", str(session_file), "--as", "Hazel", "--role", "lay member"]
    assert (
        main([*args, "--levels", "P.Aligning=3,Mat.Reporting=4", "--comment", "Mat.rep=minutes <&> read"])
        == 0
    )
    stored = json.loads(session_file.read_text(encoding="utf-8"))["shadings"]["1"]
    assert stored["member"] == "Hazel" and stored["role"] == "lay member"
    assert stored["levels"] == {"P.Aligning": 3, "Mat.Reporting": 4}
    assert stored["comments"] == {"Mat.Reporting": "minutes <&> read"}
    session = load_session(session_file)
    assert [s.member for s in session.shadings] == ["Hazel"]


@pytest.mark.parametrize("levels", ["P.Aligning=7", "Q.Nothing=1", "P.Aligning"])
def test_bad_levels_from_paper_save_nothing(session_file, capsys, monkeypatch, levels):
    monkeypatch.setenv("PPEI_SESSIONS_DIR", str(session_file.parent))
    before = session_file.read_bytes()
    assert main(["shade", str(session_file), "--as", "Hazel", "--levels", levels]) == 1
    assert "nothing was saved" in capsys.readouterr().err
    assert session_file.read_bytes() == before


def test_a_level_out_of_range_in_the_file_is_reported_on_load(session_file):
    from ppei_tui.storage.atomic import SessionFileError

    data = json.loads(session_file.read_text(encoding="utf-8"))
    data["shadings"] = {
        "1": {"id": 1, "member": "Hazel", "created": "2026-10-14T12:00:00+01:00", "levels": {"P.Aligning": 9}}
    }
    session_file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SessionFileError, match="shadings/1"):
        load_session(session_file)


async def test_the_shading_screen_saves_levels_and_comments(session_file, config):
    store = SessionStore(session_file.parent)
    opened = store.open(session_file)
    try:
        from ppei_tui.domain.shading import new_shading

        shading = new_shading(opened.session.shadings, "Hazel", "lay member", config.clock(), {}, {})
        opened.session.shadings.append(shading)
        app = ShadeApp(opened, shading, config, "Hazel")
        async with app.run_test() as pilot:
            await pilot.press("3")  # P.Aligning: the first cell
            await pilot.press("down", "4")  # P.Imagining
            await pilot.press("right", "2")  # Mat.Reporting (the second verb of Materiality)
            await pilot.press("c", *"said twice", "enter")
            await pilot.press("9", "x")  # not levels: ignored
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("escape")
        assert app.return_code == 0
    finally:
        opened.close()
    stored = json.loads(session_file.read_text(encoding="utf-8"))["shadings"]["1"]
    assert stored["levels"] == {"P.Aligning": 3, "P.Imagining": 4, "Mat.Reporting": 2}
    assert stored["comments"] == {"Mat.Reporting": "said twice"}
    assert [h["field"] for h in stored["history"]] == ["levels", "levels", "levels", "comments"]


def test_map_and_agree_with_shadings(session_file, capsys, monkeypatch):
    monkeypatch.setenv("PPEI_SESSIONS_DIR", str(session_file.parent))
    assert (
        main(["shade", str(session_file), "--as", "Hazel", "--levels", "P.Aligning=4,Mat.Reporting=0"]) == 0
    )
    assert main(["shade", str(session_file), "--as", "Oak", "--levels", "Mat.Reporting=4"]) == 0
    capsys.readouterr()
    assert main(["map", str(session_file), "--shadings"]) == 0
    out = capsys.readouterr().out
    assert "Hazel" in out and "Oak" in out and "median" in out
    evidence = evidence_levels(session_map(load_session(session_file)))
    assert main(["agree", str(session_file), "--shadings", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    hazel = document["members"]["Hazel"]
    if abs(4 - evidence["P.Aligning"]) >= 2:
        assert hazel["differences"]["P.Aligning"] == {"member": 4, "evidence": evidence["P.Aligning"]}
    assert evidence["Mat.Reporting"] >= 2 and "Mat.Reporting" in hazel["differences"]
    assert -1 <= hazel["weighted_kappa"] <= 1 and set(document["members"]) == {"Hazel", "Oak"}


def test_worksheet_from_a_session_and_from_a_template(session_file, tmp_path, capsys):
    sheet = tmp_path / "sheet.pdf"
    assert main(["worksheet", str(session_file), "-o", str(sheet)]) == 0
    text = "".join(p.extract_text() for p in PdfReader(sheet).pages)
    assert "Governing Body" in text and "Time-consuming" in text and "Welcoming" in text
    assert oct(sheet.stat().st_mode & 0o777) == "0o600"
    blank = tmp_path / "blank.pdf"
    assert main(["worksheet", "shove-three-elements", "-o", str(blank)]) == 0
    assert main(["worksheet", str(session_file), "-o", str(session_file)]) == 1
    assert main(["worksheet", "no-such-template", "-o", str(tmp_path / "x.pdf")]) == 1


def test_shadings_travel_into_json_csv_long_and_qdpx(session_file, tmp_path, capsys, monkeypatch):
    import csv
    import io
    import zipfile

    import jsonschema

    from ppei_tui.outputs import exports

    monkeypatch.setenv("PPEI_SESSIONS_DIR", str(session_file.parent))
    assert (
        main(
            ["shade", str(session_file), "--as", "Hazel", "--levels", "M.Valuing=3", "--comment", "M.val=yes"]
        )
        == 0
    )
    out = tmp_path / "out"
    out.mkdir()
    assert main(["export", str(session_file), "--format", "json", "-o", str(out / "s.json")]) == 0
    document = json.loads((out / "s.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads(exports.SCHEMA_FILE.read_text()))
    assert document["sessions"][0]["shadings"][0]["levels"] == {"M.Valuing": 3}
    assert main(["export", str(session_file), "--format", "csv-long", "-o", str(out / "long.csv")]) == 0
    rows = list(csv.DictReader(io.StringIO((out / "long.csv").read_text(encoding="utf-8-sig"))))
    members = [r for r in rows if r["source"] == "member"]
    assert [(r["member"], r["element_code"], r["verb"], r["level"]) for r in members] == [
        ("Hazel", "M", "Valuing", "3")
    ]
    assert {r["source"] for r in rows} == {"evidence", "member"}
    assert main(["export", str(session_file), "--format", "qdpx", "-o", str(out / "p.qdpx")]) == 0
    with zipfile.ZipFile(out / "p.qdpx") as archive:
        project = archive.read("project.qde").decode("utf-8")
        texts = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".txt")]
    assert "Shading 1 by Hazel on" in project
    assert any("M.Valuing: 3 (yes)" in t and "P.Aligning: 0" in t for t in texts)


def test_a_member_who_shades_again_changes_their_own_shading(session_file, capsys, monkeypatch):
    monkeypatch.setenv("PPEI_SESSIONS_DIR", str(session_file.parent))
    assert main(["shade", str(session_file), "--as", "Hazel", "--levels", "P.Aligning=2"]) == 0
    assert main(["shade", str(session_file), "--as", "hazel", "--levels", "P.Aligning=4,M.Valuing=1"]) == 0
    shadings = json.loads(session_file.read_text(encoding="utf-8"))["shadings"]
    assert list(shadings) == ["1"]
    assert shadings["1"]["levels"] == {"P.Aligning": 4, "M.Valuing": 1}
    assert [(h["before"], h["after"]) for h in shadings["1"]["history"]][-1] == (
        {"P.Aligning": 2},
        {"P.Aligning": 4, "M.Valuing": 1},
    )
