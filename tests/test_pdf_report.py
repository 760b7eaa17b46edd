"""The PDF summary, read back with pypdf."""

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppei_tui.cli import main
from ppei_tui.domain.session import Memo, Note, Tag
from ppei_tui.outputs import pdf_document, pdf_fonts
from ppei_tui.outputs.pdf_report import write_report
from ppei_tui.storage.store import load_session

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
SECTIONS = [
    "1. The meeting",
    "2. The conceptual map",
    "Practice set: trust",
    "3. The iceberg",
    "Below the waterline",
    "4. Frequencies and timeline",
    "5. Evidence for each shaded verb",
    "6. Field notes in time order",
    "7. Provenance",
]
ADVERSARIAL = [
    "x<y",
    "AT&T",
    "</para>",
    "<b>open",
    '<img src="/etc/passwd">',
    "<font size=60>huge</font>",
    "caf\u00e9 na\u00efve \u00c5ngstr\u00f6m",
    "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440",
    "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac",
    "\u4f60\u597d\u4e16\u754c",
    "\u3053\u3093\u306b\u3061\u306f",
    "\uc548\ub155\ud558\uc138\uc694",
    "tab\there & 'quotes' \"double\"",
]
# A private-use character: no font on any machine draws it (an emoji may be drawn where an
# emoji font such as Symbola is installed).
NO_GLYPH = "glyph \ue000 here"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "example.pdf"
    assert main(["report", str(EXAMPLE), "-o", str(out)]) == 0
    return out, pdf_text(out)


def test_every_section_is_present(example_pdf):
    _, text = example_pdf
    for heading in SECTIONS:
        assert heading in text, heading


def test_meeting_details_and_notes_are_findable(example_pdf):
    _, text = example_pdf
    session = load_session(EXAMPLE)
    for value in (
        "Governing Body",
        "Riverside CCG (urban)",
        "Observer A",
        "Hatfield PPEI conceptual map",
        "Hazel",
        "service user",
        "1:11:00",
    ):
        assert value in text
    flat = squash(text)
    for note in session.notes:
        assert squash(note.text) in flat, note.text


def test_evidence_lists_each_shaded_verb_with_its_count(example_pdf):
    from ppei_tui.domain.mapping import session_map

    _, text = example_pdf
    counts = session_map(load_session(EXAMPLE))
    for element, verb in counts.shaded_cells():
        name = load_session(EXAMPLE).template.element(element).name
        assert f"{name} · {verb} ({counts.count(element, verb)})" in text


def test_provenance_names_the_file_and_its_hash(example_pdf):
    _, text = example_pdf
    digest = hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    assert squash(digest) in squash(text)
    assert load_session(EXAMPLE).template.content_hash() in squash(text)
    assert EXAMPLE.name in text


def add_notes(session, texts):
    first = session.notes[0]
    for index, text in enumerate(texts):
        session.notes.append(
            Note(
                900 + index,
                text,
                first.wall_time,
                10.0 + index,
                [Tag("P", "Engaging")],
                kind="quote" if index % 3 == 0 else "observation",
            )
        )


def test_adversarial_text_prints_literally_or_is_warned_about(tmp_path, clock):
    session = load_session(EXAMPLE)
    long_note = "A" * 5000
    add_notes(session, [*ADVERSARIAL, NO_GLYPH, long_note, "", "line one\nline two"])
    result = write_report(session, EXAMPLE, tmp_path / "adv.pdf", clock())
    text = pdf_text(result.path)
    flat = squash(text)
    for literal in ADVERSARIAL:
        assert squash(literal) in flat, literal
    assert "huge" in text and "(empty note)" in text and "line one" in text and "line two" in text
    long_runs = sum(len(run) for run in re.findall("A{200,}", flat))
    assert long_runs == 2 * 5000  # in the evidence and in the full notes, split only by page breaks
    assert "glyph [U+E000] here" in text
    assert any("U+E000" in warning for warning in result.warnings())
    reader = PdfReader(result.path)
    for page in reader.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        assert not any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())


def test_without_a_unicode_font_characters_are_reported_not_boxed(tmp_path, clock, monkeypatch):
    monkeypatch.setattr(pdf_fonts, "_find", lambda filename: None)
    session = load_session(EXAMPLE)
    add_notes(session, ["\u041f\u0440\u0438\u0432\u0435\u0442", "caf\u00e9"])
    result = write_report(session, EXAMPLE, tmp_path / "latin.pdf", clock())
    assert any("\u041f U+041F" in w for w in result.warnings())
    text = pdf_text(result.path)
    assert "[U+041F]" in text and "caf\u00e9" in text


def test_a_failed_build_leaves_no_half_pdf_and_keeps_the_old_one(tmp_path, clock, monkeypatch):
    out = tmp_path / "report.pdf"
    out.write_bytes(b"previous report")

    def explode(self, *args, **kwargs):
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(pdf_document.SimpleDocTemplate, "build", explode)
    with pytest.raises(RuntimeError):
        write_report(load_session(EXAMPLE), EXAMPLE, out, clock())
    assert out.read_bytes() == b"previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_report_command_warns_on_stderr(tmp_path, capsys):
    session_path = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, session_path)
    data = session_path.read_text(encoding="utf-8").replace("Meeting closes five minutes early", NO_GLYPH)
    session_path.write_text(data, encoding="utf-8")
    assert main(["report", str(session_path), "-o", str(tmp_path / "r.pdf")]) == 0
    captured = capsys.readouterr()
    assert "pages" in captured.out and "U+E000" in captured.err
    assert main(["report", str(tmp_path / "missing.json"), "-o", str(tmp_path / "m.pdf")]) == 1


def test_memos_and_a_comparison_section(tmp_path, clock):
    other_path = tmp_path / "other.json"
    data = EXAMPLE.read_text(encoding="utf-8").replace("Riverside CCG (urban)", "Hillside CCG (rural)")
    other_path.write_text(data, encoding="utf-8")
    other = load_session(other_path)
    other.notes = [n for n in other.notes if not any(t.element == "BE" for t in n.tags)]
    session = load_session(EXAMPLE)
    session.memos = [
        Memo(1, "Power <sits> with Elm", "2026-10-20T09:00:00+01:00", "RB", 3),
        Memo(2, "A withdrawn thought", "2026-10-20T09:00:00+01:00", deleted=True),
    ]
    result = write_report(session, EXAMPLE, tmp_path / "c.pdf", clock(), [(other, other_path)])
    text = pdf_text(result.path)
    assert "Analytic memos" in text and "Power <sits> with Elm" in text and "by RB" in text
    assert "withdrawn" not in text
    assert "7. Comparison with other sessions" in text and "Hillside CCG (rural)" in text
    assert text.index("7. Comparison") < text.index("8. Provenance") and "7. Provenance" not in text
    assert "Boundary encounters · Inspiring" in text and "not seen" in text
    assert "Compared with other.json" in text


def test_report_command_compares_several_sessions(tmp_path, capsys):
    group = EXAMPLE.with_name("2026-10-21-communications-strategy-group-example.json")
    assert main(["report", str(EXAMPLE), str(group), "-o", str(tmp_path / "c.pdf")]) == 0
    text = pdf_text(tmp_path / "c.pdf")
    assert "7. Comparison with other sessions" in text and "Communications Strategy Group" in text
    # The same file again is not another session (README, "Copies of one session").
    assert main(["report", str(EXAMPLE), str(EXAMPLE), "-o", str(tmp_path / "d.pdf")]) == 1
    assert "is given twice" in capsys.readouterr().err and not (tmp_path / "d.pdf").exists()


def test_notes_with_tokens_not_understood_are_marked_and_quotes_not_wrapped_twice(tmp_path, clock):
    session = load_session(EXAMPLE)
    first = session.notes[0]
    session.notes.append(
        Note(
            990,
            "Chair moves on #enggging",
            first.wall_time,
            5.0,
            [Tag("P", "Engaging")],
            unresolved=["#enggging: no verb of Hatfield PPEI conceptual map starts with 'enggging'"],
        )
    )
    session.notes.append(
        Note(991, '"We have no money" @ash', first.wall_time, 6.0, [Tag("M", "Valuing")], kind="quote")
    )
    text = pdf_text(write_report(session, EXAMPLE, tmp_path / "u.pdf", clock()).path)
    assert text.count("not understood: #enggging") == 2  # in the evidence and in the field notes
    assert '\u201c"We have no money"' not in text and '"We have no money"' in text


def test_agenda_is_numbered_in_the_order_taken_up_on_page_one_and_in_the_notes(tmp_path, clock):
    from ppei_tui.domain.analysis import agenda_order

    session = load_session(EXAMPLE)
    session.info.agenda = [*session.info.agenda, "Never reached item"]
    text = pdf_text(write_report(session, EXAMPLE, tmp_path / "a.pdf", clock()).path)
    order = agenda_order(session)
    page_one = text.split("2. The conceptual map")[0]
    for entry in order:
        assert squash(entry.label()) in squash(page_one)
    assert "Never reached item (planned, not reached)" in page_one
    notes_part = text.split("6. Field notes in time order")[1]
    reached = [e for e in order if e.number]
    positions = [notes_part.find(f"{e.number}. {e.title}") for e in reached]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
