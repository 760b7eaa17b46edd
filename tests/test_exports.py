"""Exports read back: CSV through csv, JSON against its schema, REFI-QDA against the XSDs."""

import csv
import dataclasses
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from ppei_tui.cli import main
from ppei_tui.domain.session import Memo, Note, Tag
from ppei_tui.outputs import exports, refi_import, refi_project, refi_qda
from ppei_tui.outputs.exports import LoadedSession
from ppei_tui.storage.store import load_session

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "sessions" / "2026-10-14-governing-body-example.json"
REFI = Path(__file__).resolve().parent / "refi_qda_schemas"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
NS = {"p": refi_qda.PROJECT_NS, "c": refi_qda.CODEBOOK_NS}
ADVERSARIAL = [
    'comma, "quoted" and\nnew line',
    "x<y & AT&T </para>",
    "=SUM(A1:A2)",
    "@Ash says hi",
    "-minus",
    "emoji \U0001f642 and caf\u00e9",
    "\u4f60\u597d \u041f\u0440\u0438\u0432\u0435\u0442",
    "control\x0bchar",
    "it's \u2018curly\u2019 \u201cquotes\u201d",
]


@pytest.fixture
def example():
    return LoadedSession(EXAMPLE, load_session(EXAMPLE))


@pytest.fixture
def adversarial(tmp_path):
    """The example plus notes full of awkward text, two memos, and one deleted note."""
    path = tmp_path / "adversarial.json"
    shutil.copy(EXAMPLE, path)
    session = load_session(path)
    first = session.notes[0]
    for index, text in enumerate(ADVERSARIAL):
        session.notes.append(
            Note(
                500 + index,
                text,
                first.wall_time,
                30.0 + index,
                [Tag("M", "Valuing")],
                ["trust"],
                agenda_item="Welcome and apologies",
            )
        )
    session.notes.append(
        Note(600, "deleted one", first.wall_time, 50.0, [Tag("P", "Engaging")], deleted=True)
    )
    session.memos = [
        Memo.from_dict(m)
        for m in [
            {
                "id": 1,
                "text": "Memo on the session <&>",
                "created": "2026-10-20T09:00:00+01:00",
                "by": "A",
                "note_id": None,
            },
            {
                "id": 2,
                "text": "Memo on note 3",
                "created": "2026-10-20T09:05:00+01:00",
                "by": "A",
                "note_id": 3,
            },
            {
                "id": 3,
                "text": "withdrawn thought",
                "created": "2026-10-20T09:10:00+01:00",
                "by": "B",
                "note_id": None,
                "deleted": True,
                "history": [
                    {"at": "2026-10-21T09:00:00+01:00", "by": "B", "text": "first thought"},
                    {"at": "2026-10-22T09:00:00+01:00", "by": "B", "deleted": False},
                ],
            },
        ]
    ]
    return LoadedSession(path, session)


def read_csv(payload: bytes) -> list[dict[str, str]]:
    assert payload.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    return list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


def test_csv_wide_round_trips_awkward_text(adversarial):
    rows = read_csv(exports.csv_wide([adversarial], excel_safe=False))
    live = adversarial.session.live_notes()
    assert len(rows) == len(live)
    by_id = {row["note_id"]: row for row in rows}
    for note in live:
        assert by_id[str(note.id)]["text"] == note.text
    assert "600" not in by_id
    assert by_id["500"]["tags"] == "M.Valuing" and by_id["500"]["practice_sets"] == "trust"


def test_csv_neutralises_formulas_for_excel_unless_raw(adversarial):
    rows = {r["note_id"]: r for r in read_csv(exports.csv_wide([adversarial]))}
    assert rows["502"]["text"] == "'=SUM(A1:A2)" and rows["503"]["text"] == "'@Ash says hi"
    assert rows["500"]["text"] == ADVERSARIAL[0]


def test_csv_long_has_a_row_per_note_and_tag(example):
    rows = read_csv(exports.csv_long([example]))
    assert len(rows) == sum(len(n.tags) for n in example.session.live_notes())
    assert {r["element"] for r in rows} == {
        "Participation",
        "Materiality",
        "Competence",
        "Boundary encounters",
        "Meanings",
    }
    assert all(r["verb"] for r in rows)


def test_json_export_validates_against_the_shipped_schema(adversarial, clock):
    document = json.loads(exports.json_export([adversarial], clock()))
    schema = json.loads(exports.SCHEMA_FILE.read_text())
    jsonschema.validate(document, schema)
    notes = document["sessions"][0]["notes"]
    assert [n["text"] for n in notes] == [n.text for n in adversarial.session.notes]
    assert document["schema_version"] == 1 and document["sessions"][0]["file_sha256"] == adversarial.sha256
    withdrawn = document["sessions"][0]["memos"][2]
    assert withdrawn["deleted"] is True and withdrawn["history"][0]["before"] == "first thought"
    document["sessions"][0]["notes"][0]["kind"] = "gossip"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_markdown_groups_by_agenda_and_escapes(adversarial):
    text = exports.markdown_export([adversarial]).decode()
    assert "## Welcome and apologies" in text and "## Any other business" in text
    assert r"x\<y & AT&T \</para\>" in text
    assert "**Observer reflection:**" in text
    assert "## Memos" in text and r"Memo on the session \<&\>" in text and "withdrawn" not in text


def test_markdown_memos_say_which_note_they_are_on_and_who_wrote_them(adversarial):
    text = exports.markdown_export([adversarial]).decode()
    note_3 = adversarial.session.note(3)
    offset = exports.format_offset(note_3.offset_seconds)
    assert f"- On note 3 ({offset}), by A, 2026-10-20T09:05:00+01:00: Memo on note 3" in text
    assert r"- On the session, by A, 2026-10-20T09:00:00+01:00: Memo on the session \<&\>" in text


def validate_codebook(payload: bytes) -> None:
    xmlschema.XMLSchema(str(REFI / "Codebook.xsd")).validate(payload.decode("utf-8"))


def test_codebook_validates_has_unique_names_and_stable_guids(example):
    payload = refi_qda.codebook_export(example.session.template)
    validate_codebook(payload)
    assert payload == refi_qda.codebook_export(example.session.template)
    from xml.etree import ElementTree as ET

    codes = ET.fromstring(payload).findall(".//c:Code", NS)
    names = [c.get("name") for c in codes]
    assert len(names) == len(set(names))
    assert all(GUID.match(c.get("guid")) for c in codes)
    categories = [c for c in codes if c.get("isCodable") == "false"]
    assert [c.get("name") for c in categories][:5] == [
        "Participation (P)",
        "Materiality (Mat)",
        "Competence (C)",
        "Boundary encounters (BE)",
        "Meanings (M)",
    ]
    assert all(c.find("c:Description", NS).text for c in categories)
    assert "Materiality: Reporting" in names
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c.get("color")) for c in codes if c.get("color"))


def open_project(payload: bytes):
    from xml.etree import ElementTree as ET

    archive = zipfile.ZipFile(io.BytesIO(payload))
    qde = archive.read("project.qde").decode("utf-8")
    xmlschema.XMLSchema(str(REFI / "Project-mrt2019.xsd")).validate(qde)
    return archive, ET.fromstring(qde)


def test_project_validates_and_every_selection_points_at_its_note(adversarial, clock):
    archive, root = open_project(refi_project.project_export([adversarial], clock()))
    assert root.get("origin") and root.tag == f"{{{refi_qda.PROJECT_NS}}}Project"
    users = {u.get("guid") for u in root.findall("p:Users/p:User", NS)}
    codable = {
        c.get("guid") for c in root.iter(f"{{{refi_qda.PROJECT_NS}}}Code") if c.get("isCodable") == "true"
    }
    [source] = root.findall("p:Sources/p:TextSource", NS)
    assert source.get("plainTextPath") == f"internal://{source.get('guid')}.txt"
    raw = archive.read(f"sources/{source.get('guid')}.txt")
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    text = raw.decode("utf-8")
    notes = {n.id: n for n in adversarial.session.live_notes()}
    selections = source.findall("p:PlainTextSelection", NS)
    tagged = [n for n in notes.values() if n.tags or n.practice_sets]
    assert len(selections) == len(tagged)
    session_id = adversarial.session.info.id
    by_guid = {refi_qda.guid("selection", session_id, str(n.id)): n for n in tagged}
    for selection in selections:
        start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        note = by_guid[selection.get("guid")]
        # code-point positions, end exclusive; control characters shown visibly (U+240B for VT)
        assert text[start:end] == refi_project.clean_text(note.text)[0]
        assert selection.get("name") == refi_project.selection_name(note.text)
        codings = selection.findall("p:Coding", NS)
        assert len(codings) == len(note.tags) + len(note.practice_sets)
        for coding in codings:
            assert list(coding)[0].tag.endswith("CodeRef")
            assert coding.find("p:CodeRef", NS).get("targetGUID") in codable
            assert coding.get("creatingUser") in users
    assert "deleted one" not in text


def test_project_memos_on_notes_are_annotations_and_session_memos_are_journals(adversarial, clock):
    archive, root = open_project(refi_project.project_export([adversarial], clock()))
    memos = {m.get("name"): m for m in root.findall("p:Notes/p:Note", NS)}
    assert len(memos) == 2  # the deleted memo stays behind
    assert "B" not in {u.get("name") for u in root.findall("p:Users/p:User", NS)}
    source_name = "2026-10-14 Governing Body"
    on_session = memos[f"Memo 1 on {source_name}"]
    on_note = memos[f"Memo 2 on note 3 of {source_name}"]
    assert archive.read(f"sources/{on_session.get('guid')}.txt").decode() == "Memo on the session <&>"
    assert on_session.find("p:Description", NS).text == f"Analytic memo on the whole of {source_name}"
    # A memo on a note: its text in the Note, and the note's span, referenced from the source.
    assert on_note.get("plainTextPath") is None
    assert on_note.find("p:PlainTextContent", NS).text == "Memo on note 3"
    users = {u.get("name"): u.get("guid") for u in root.findall("p:Users/p:User", NS)}
    assert on_session.get("creatingUser") == on_note.get("creatingUser") == users["A"]
    assert on_note.get("creationDateTime") == "2026-10-20T08:05:00Z"
    source = root.find("p:Sources/p:TextSource", NS)
    assert [r.get("targetGUID") for r in source.findall("p:NoteRef", NS)] == [on_note.get("guid")]
    span = on_note.find("p:PlainTextSelection", NS)
    text = archive.read(f"sources/{source.get('guid')}.txt").decode()
    note_3 = adversarial.session.note(3)
    assert text[int(span.get("startPosition")) : int(span.get("endPosition"))] == note_3.text
    for selection in source.findall("p:PlainTextSelection", NS):
        assert selection.find("p:NoteRef", NS) is None


def test_project_times_are_utc_and_source_names_are_safe_file_names(adversarial, clock):
    adversarial.session.info = dataclasses.replace(adversarial.session.info, cop='A/B: "urban" <group>')
    _, root = open_project(refi_project.project_export([adversarial], clock()))
    stamps = [e.get("creationDateTime") for e in root.iter() if e.get("creationDateTime")]
    assert stamps and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s) for s in stamps)
    first = adversarial.session.notes[0]
    selection = root.find("p:Sources/p:TextSource/p:PlainTextSelection", NS)
    assert first.wall_time == "2026-10-14T13:30:30+01:00"
    assert selection.get("creationDateTime") == "2026-10-14T12:30:30Z"
    # QualCoder saves each source as a file named after it.
    assert root.find("p:Sources/p:TextSource", NS).get("name") == "2026-10-14 A-B- -urban- -group-"


def test_several_sessions_make_several_sources(example, clock):
    rural = ROOT / "sessions" / "2026-10-21-communications-strategy-group-example.json"
    _, root = open_project(
        refi_project.project_export([example, LoadedSession(rural, load_session(rural))], clock())
    )
    sources = root.findall("p:Sources/p:TextSource", NS)
    assert len(sources) == 2 and len({s.get("name") for s in sources}) == 2


def test_the_same_session_twice_is_exported_once_and_two_files_of_one_session_refused(
    example, tmp_path, clock
):
    warnings: list[str] = []
    _, root = open_project(refi_project.project_export([example, example], clock(), warnings))
    assert len(root.findall("p:Sources/p:TextSource", NS)) == 1
    guids = [e.get("guid") for e in root.iter() if e.get("guid")]
    assert len(guids) == len(set(guids))
    assert any("same session" in w for w in warnings)
    edited = tmp_path / "edited.json"
    edited.write_bytes(EXAMPLE.read_bytes().replace(b"Cedar opens on time", b"Cedar opens late"))
    with pytest.raises(ValueError, match="two different files of one session"):
        refi_project.project_export([example, LoadedSession(edited, load_session(edited))], clock())


def test_export_command_refuses_to_overwrite_without_force(tmp_path, capsys):
    out = tmp_path / "x.qdpx"
    assert main(["export", str(EXAMPLE), "-f", "qdpx", "-o", str(out)]) == 0
    first = out.read_bytes()
    assert main(["export", str(EXAMPLE), "-f", "csv", "-o", str(out)]) == 1
    assert "--force" in capsys.readouterr().err and out.read_bytes() == first
    assert main(["export", str(EXAMPLE), "-f", "csv", "-o", str(out), "--force"]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert [p.name for p in tmp_path.iterdir()] == ["x.qdpx"]


def test_codebook_import_and_export_again_gives_the_same_codes(tmp_path, example, capsys):
    qdc = tmp_path / "hatfield-ppei.qdc"
    assert main(["export", str(EXAMPLE), "-f", "qdc", "-o", str(qdc)]) == 0
    assert f"{qdc}: qdc, codebook of hatfield-ppei v1.0, 26 codes" in capsys.readouterr().out
    yaml_path = tmp_path / "imported.yaml"
    assert main(["templates", "import", str(qdc), "-o", str(yaml_path)]) == 0
    assert main(["templates", "check", str(yaml_path)]) == 0
    from ppei_tui.templates import load_template_file

    imported = load_template_file(yaml_path)
    original = example.session.template
    assert [(e.code, e.name, e.verbs) for e in imported.elements] == [
        (e.code, e.name, e.verbs) for e in original.elements
    ]
    assert imported.practice_sets == original.practice_sets
    assert refi_qda.codebook_export(imported) == refi_qda.codebook_export(original)
    assert main(["templates", "import", str(qdc), "-o", str(yaml_path)]) == 1  # no overwrite


def test_a_foreign_flat_codebook_becomes_one_element(tmp_path):
    qdc = tmp_path / "team codes.qdc"
    qdc.write_text(
        f'<CodeBook xmlns="{refi_qda.CODEBOOK_NS}" origin="Other tool"><Codes>'
        '<Code guid="00000000-0000-0000-0000-000000000001" name="Trust issues" isCodable="true"/>'
        '<Code guid="00000000-0000-0000-0000-000000000002" name="Jargon" isCodable="true"/>'
        "</Codes></CodeBook>"
    )
    template = refi_import.codebook_to_template(qdc.read_bytes(), str(qdc))
    assert template.id == "team-codes" and template.elements[0].verbs == ("Trust issues", "Jargon")


def test_bad_codebooks_are_explained(tmp_path):
    from ppei_tui.domain.template import TemplateError

    with pytest.raises(TemplateError, match=r"bad.qdc:1:\d+: XML error"):
        refi_import.codebook_to_template(b"<CodeBook><Codes>", "bad.qdc")
    with pytest.raises(TemplateError, match="DTD"):
        refi_import.codebook_to_template(b'<!DOCTYPE x [<!ENTITY a "b">]><CodeBook/>', "evil.qdc")
    with pytest.raises(TemplateError, match="expected CodeBook"):
        refi_import.codebook_to_template(b"<Project/>", "wrong.qdc")
