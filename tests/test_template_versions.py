"""Sessions recorded with two versions of one template, combined (issue 16 §4, issue 10):
map, compare, report and .qdpx use the union, in either order, and drop no coding."""

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from pypdf import PdfReader

from ppei_tui.cli import main
from ppei_tui.domain.mapping import aggregate_map, combined_maps
from ppei_tui.domain.session import Note, Tag, new_session_info, parse_attendees
from ppei_tui.domain.template import template_from_data
from ppei_tui.domain.versions import combine_templates
from ppei_tui.storage.store import SessionStore, load_session
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir

NS = {"p": "urn:QDA-XML:project:1.0"}


def make_session(store, template, cop, date, clock, notes):
    info = new_session_info(
        template, cop, clock(), observer="DH", attendees=parse_attendees("Ash: GP lead"), date=date
    )
    opened = store.create(info)
    for index, (text, tags) in enumerate(notes, start=1):
        note = Note(index, text, clock().isoformat(), 10.0 * index, [Tag(*t) for t in tags])
        opened.session.notes.append(note)
        opened.save_note(note)
    opened.close()
    return opened.path


@pytest.fixture
def two_versions(tmp_path, clock):
    v10 = TemplateLibrary([bundled_templates_dir()]).get("hatfield-ppei")
    data = v10.to_dict()
    data["version"] = "1.1"
    data["elements"][2]["verbs"].append("Questioning")  # 1.1 adds a verb to Competence
    data["elements"][1]["verbs"][0] = "Time consuming"  # ... and respells one (same once folded)
    data["elements"][4]["name"] = "Meaning"  # ... and renames an element
    v11 = template_from_data(data)
    store = SessionStore(tmp_path / "sessions")
    a = make_session(store, v10, "Governing Body", "2026-10-01", clock, [("a1 #eng", [("P", "Engaging")])])
    b = make_session(
        store,
        v11,
        "Governing Body",
        "2026-10-08",
        clock,
        [("b1", [("C", "Questioning")]), ("b2", [("Mat", "Time consuming"), ("P", "Engaging")])],
    )
    return a, b


def test_the_union_is_independent_of_order_and_says_what_changed(two_versions):
    a, b = (load_session(p) for p in two_versions)
    forward, backward = (
        combine_templates([a.template, b.template]),
        combine_templates([b.template, a.template]),
    )
    assert forward.template == backward.template and forward.messages() == backward.messages()
    competence = forward.template.element("C")
    assert competence.verbs[-1] == "Questioning"
    assert forward.template.element("Mat").verbs[0] == "Time consuming"  # the newest spelling
    assert forward.canonical(a.template, Tag("Mat", "Time-consuming")) == Tag("Mat", "Time consuming")
    assert any("v1.1 (after v1.0) adds C.Questioning" in m for m in forward.messages())
    assert any("renames element M 'Meanings' as 'Meaning'" in m for m in forward.messages())
    assert any("writes Mat.Time-consuming as 'Time consuming': one code" in m for m in forward.messages())
    assert forward.template.element("M").name == "Meaning"


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_map_and_compare_count_every_coding_in_either_order(two_versions, order, capsys):
    paths = [str(two_versions[i]) for i in order]
    sessions = [load_session(Path(p)) for p in paths]
    counts = aggregate_map(sessions)
    assert sum(counts.counts.values()) == 4
    assert counts.count("C", "Questioning") == 1 and counts.count("P", "Engaging") == 2
    assert counts.count("Mat", "Time consuming") == 1
    maps = combined_maps(sessions)
    assert [m.template for m in maps] == [counts.template] * 2
    assert main(["map", "--plain", *paths]) == 0
    out, err = capsys.readouterr()
    assert "Questioning 1" in out and "Engaging 2" in out
    assert "v1.1 (after v1.0) adds C.Questioning" in err
    assert main(["map", "--compare", "--plain", *paths]) == 0
    out, _ = capsys.readouterr()
    assert out.count("Questioning") >= 2


def test_map_output_does_not_depend_on_the_order_of_arguments(two_versions, capsys):
    a, b = map(str, two_versions)
    main(["map", "--plain", a, b])
    forward = capsys.readouterr().out
    main(["map", "--plain", b, a])
    backward = capsys.readouterr().out
    strip_title = lambda text: text.split("\n", 1)[1]  # noqa: E731  the title lists the sessions in order
    assert strip_title(forward) == strip_title(backward)


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_qdpx_and_qdc_hold_every_coding_in_either_order(two_versions, order, tmp_path, capsys):
    paths = [str(two_versions[i]) for i in order]
    out = tmp_path / "both.qdpx"
    assert main(["export", *paths, "-f", "qdpx", "-o", str(out)]) == 0
    assert "adds C.Questioning" in capsys.readouterr().err
    archive = zipfile.ZipFile(out)
    root = ET.fromstring(archive.read("project.qde"))
    codes = {c.get("guid"): c.get("name") for c in root.iter("{urn:QDA-XML:project:1.0}Code")}
    coded = sorted(codes[r.get("targetGUID")] for r in root.iter("{urn:QDA-XML:project:1.0}CodeRef"))
    assert coded == [
        "Competence: Questioning",
        "Materiality: Time consuming",
        "Participation: Engaging",
        "Participation: Engaging",
    ]
    names = [n for n in codes.values()]
    # 22 verbs + the new one, 5 element categories, 4 practice sets and their category: each once
    assert len(names) == len(set(names)) == 23 + 5 + 4 + 1
    qdc = tmp_path / "both.qdc"
    assert main(["export", *paths, "-f", "qdc", "-o", str(qdc)]) == 0
    assert "Competence: Questioning" in qdc.read_text()


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_report_compares_on_the_union_in_either_order(two_versions, order, tmp_path, capsys):
    first, other = (str(two_versions[i]) for i in order)
    pdf = tmp_path / "r.pdf"
    assert main(["report", first, other, "-o", str(pdf)]) == 0
    assert "adds C.Questioning" in capsys.readouterr().err
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Competence · Questioning" in text and "Templates reconciled" in text


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_csv_of_both_versions_names_each_code_once(two_versions, order, tmp_path):
    import csv

    paths = [str(two_versions[i]) for i in order]
    out = tmp_path / "long.csv"
    assert main(["export", *paths, "-f", "csv-long", "-o", str(out)]) == 0
    rows = [
        r
        for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
        if r["source"] == "evidence"
    ]
    assert sorted((r["element_code"], r["verb"]) for r in rows) == [
        ("C", "Questioning"),
        ("Mat", "Time consuming"),  # the 1.0 spelling Time-consuming is the same code
        ("P", "Engaging"),
        ("P", "Engaging"),
    ]


# --- selecting what the union map prints (--element, --practice) ------------------------------
@pytest.fixture
def two_frameworks(tmp_path, clock):
    """Hatfield's map and Shove's three elements, which both use the code MAT (as `Mat`): in the
    union Shove's is MAT_2 (domain/versions.py)."""
    library = TemplateLibrary([bundled_templates_dir()])
    store = SessionStore(tmp_path / "sessions")
    a = make_session(
        store, library.get("hatfield-ppei"), "GB", "2026-10-01", clock, [("a1", [("Mat", "Reporting")])]
    )
    b = make_session(
        store,
        library.get("shove-three-elements"),
        "GB",
        "2026-10-08",
        clock,
        [("b1", [("MAT", "Handling")]), ("b2", [("MEAN", "Justifying")])],
    )
    return a, b


def counted(out: str) -> int:
    [number] = re.findall(r"^(\d+) notes? counted", out, re.MULTILINE)
    return int(number)


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_map_element_selects_every_code_the_union_map_prints(two_frameworks, order, capsys):
    paths = [str(two_frameworks[i]) for i in order]
    assert main(["map", "--plain", *paths]) == 0
    printed = re.findall(r"\(([^()]+)\): \d+ tags?", capsys.readouterr().out)
    assert printed == ["P", "Mat", "C", "BE", "M", "MAT_2", "COMP", "MEAN"]
    notes_in = {"Mat": 1, "MAT_2": 1, "MEAN": 1}  # by hand from the fixture's three notes
    for code in printed:
        assert main(["map", "--plain", "--element", code, *paths]) == 0, capsys.readouterr().err
        out = capsys.readouterr().out
        assert counted(out) == notes_in.get(code, 0), (code, out)
    main(["map", "--plain", "--element", "MAT_2", *paths])
    assert "Handling 1" in capsys.readouterr().out
    main(["map", "--plain", "--element", "Mat", *paths])
    assert "Reporting 1" in capsys.readouterr().out  # Materiality, not an empty map


def test_map_element_unknown_names_the_union_codes(two_frameworks, capsys):
    assert main(["map", "--plain", "--element", "MAT_3", *map(str, two_frameworks)]) == 1
    err = capsys.readouterr().err
    assert "unknown element 'MAT_3'; valid elements (code or name): P (Participation), Mat (" in err
    assert "MAT_2 (Materials), COMP (Competences), MEAN (Meanings)" in err


@pytest.fixture
def respelled_versions(tmp_path, clock):
    """v1.1 writes the element code Mat as MAT and the practice set trust as Trust: one code and
    one practice set each in the union, spelled as the newest version does."""
    v10 = TemplateLibrary([bundled_templates_dir()]).get("hatfield-ppei")
    data = v10.to_dict()
    data["version"] = "1.1"
    data["elements"][1]["code"] = "MAT"
    data["practice_sets"][0] = "Trust"
    v11 = template_from_data(data)
    store = SessionStore(tmp_path / "sessions")
    a = make_session(store, v10, "GB", "2026-10-01", clock, [("a1", [("Mat", "Reporting")])])
    b = make_session(store, v11, "GB", "2026-10-08", clock, [("b1", [("MAT", "Reporting")])])
    for path, practice in ((a, "trust"), (b, "Trust")):
        opened = SessionStore(path.parent).open(path)
        note = opened.session.notes[0]
        note.practice_sets = [practice]
        opened.save_note(note)
        opened.close()
    return a, b


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
@pytest.mark.parametrize(
    "selector", [["--element", "MAT"], ["--element", "Mat"], ["--practice", "trust"], ["--practice", "Trust"]]
)
def test_map_selectors_count_both_versions_in_either_order(respelled_versions, order, selector, capsys):
    paths = [str(respelled_versions[i]) for i in order]
    assert main(["map", "--plain", *selector, *paths]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert counted(out) == 2 and "Reporting 2" in out


def test_map_shadings_of_combined_sessions_select_by_the_union_codes(two_frameworks, capsys):
    """--shadings draws each session on its own template (its shadings are in its codes), so
    the union's `--element MAT_2` must still select the Shove session's MAT notes."""
    a, b = map(str, two_frameworks)
    assert (
        main(
            ["shade", b, "--as", "Hazel", "--levels", "MAT.Handling=3", "--sessions-dir", str(Path(b).parent)]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["map", "--plain", "--shadings", "--element", "MAT_2", a, b]) == 0
    out = capsys.readouterr().out
    handling = next(line for line in out.splitlines() if line.startswith("MAT.Handling"))
    assert handling.split()[1:] == ["4", "3", "3"]  # evidence (its one note, the busiest), Hazel, median
    justifying = next(line for line in out.splitlines() if line.startswith("MEAN.Justifying"))
    assert justifying.split()[1] == "0"  # b2 is in MEAN, not selected
