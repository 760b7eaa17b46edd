"""The study PDF read back with pypdf: every section, every session named and hashed."""

from __future__ import annotations

import hashlib
import io
import stat

import pytest
from pypdf import PdfReader
from study_helpers import note, session, source, write_study_folder

from ppei_tui import __version__
from ppei_tui.cli import main
from ppei_tui.domain.study import build_study
from ppei_tui.outputs.study_pdf import SECTIONS, study_pdf


@pytest.fixture
def folder(tmp_path, hatfield):
    return write_study_folder(tmp_path / "sessions", hatfield)


def pdf_text(path) -> str:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_study_pdf_has_every_section_and_names_every_session(folder, tmp_path, hatfield, capsys):
    output = tmp_path / "study.pdf"
    code = main(["study", str(folder), "-o", str(output)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "3 sessions" in out
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    text = pdf_text(output)
    words = flat(text)
    for heading in SECTIONS:
        assert heading in words
    for heading in ("By site", "By practice set", "Verbs never observed in the study"):
        assert heading in words
    # Cover: the study's sessions, dates, CoPs, sites, observers and template.
    assert "3 meetings" in words and "2026-01-10 to 2026-03-05" in words
    assert "Governing Body (2)" in words and "Patient group (1)" in words
    assert "rural (1)" in words and "urban (2)" in words
    assert "=RB" in words and "hatfield-ppei" in words
    assert "d.json: unfinished" in words
    # Every session named with the SHA-256 of its bytes; template hash and version.
    for name in ("a.json", "b.json", "c.json"):
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert name in words and digest in words.replace(" ", "")
    assert hatfield.content_hash() in words.replace(" ", "")
    assert f"ppei-tui {__version__}" in words
    # Per meeting: its three most evidenced verbs (a.json: Engaging 2, Aligning 1, Reporting 1).
    assert "P · Engaging (2)" in words and "Mat · Reporting (1)" in words
    assert "Boundary encounters · Inspiring" in words  # never observed


def test_typed_text_is_escaped_and_trend_months_cover_the_year(hatfield):
    odd = session(hatfield, "R&D <board>", "Site 'A' & co", "2026-01-05", [note(1, "P.Aligning")], "Zoë")
    later = session(hatfield, "R&D <board>", "Site 'A' & co", "2026-06-05", [note(1, "M.Valuing")], "Zoë")
    study = build_study([source(odd, "x.json"), source(later, "y.json")])
    result = study_pdf(study, __import__("datetime").datetime(2026, 12, 1))
    words = flat("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(result.payload)).pages))
    assert "R&D <board>" in words and "Site 'A' & co" in words and "Zoë" in words
    for month in ("Jan", "Feb", "Mar", "Apr", "May", "Jun"):
        assert month in words
    assert result.pages >= 5


def test_the_pdf_is_never_written_over_a_session_file(folder, capsys):
    before = (folder / "a.json").read_bytes()
    code = main(["study", str(folder), "-o", str(folder / "a.json"), "--format", "pdf", "--force"])
    assert code == 1 and "session file" in capsys.readouterr().err
    assert (folder / "a.json").read_bytes() == before


def big_template(hatfield):
    """Twelve elements with accented names and ten verbs each, five practice sets."""
    from dataclasses import replace

    from ppei_tui.domain.template import Element

    elements = tuple(
        Element(f"E{i}", f"Élément numéro {i} — «{i}»", "", tuple(f"Vérbe{i}-{j} ç" for j in range(10)))
        for i in range(12)
    )
    return replace(
        hatfield,
        id="grand-cadre",
        elements=elements,
        practice_sets=("confiance", "leadership", "apprentissage", "partenariat", "équité"),
    )


def test_a_large_accented_framework_prints_whole(hatfield, tmp_path):
    template = big_template(hatfield)
    notes = [note(i + 1, f"E{i}.Vérbe{i}-{i % 10} ç", practice=("équité",)) for i in range(12)]
    first = session(template, "Comité de santé", "Île rurale", "2026-01-05", notes, "Zoë")
    second = session(template, "Comité de santé", "Île rurale", "2026-04-05", notes[:6], "Zoë")
    study = build_study([source(first, "un.json"), source(second, "deux.json")])
    result = study_pdf(study, __import__("datetime").datetime(2026, 12, 1))
    (tmp_path / "big.pdf").write_bytes(result.payload)
    words = flat("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(result.payload)).pages))
    for element in template.elements:
        assert element.name in words
    assert "«11» · Vérbe11-0 ç" in words.replace("- ", "-")  # never observed, listed whole
    assert "équité" in words and "Comité de santé" in words and "Île rurale" in words


def test_notes_still_in_a_journal_are_counted_and_its_hash_cited(folder, tmp_path, hatfield, capsys):
    from ppei_tui.storage.store import OpenSession

    live = session(hatfield, "Governing Body", "urban", "2026-04-02", [note(1, "C.Learning")])
    opened = OpenSession.create(folder / "live.json", live.info)
    try:
        for index, event in enumerate(live.events):
            opened.save_event(event, index)
        opened.save_note(live.notes[0])
        journal = folder / "live.json.journal"
        assert journal.stat().st_size > 0  # the note is in the journal, not yet in the file
        output = tmp_path / "study.pdf"
        assert main(["study", str(folder), "-o", str(output)]) == 0, capsys.readouterr().err
        words = flat(pdf_text(output)).replace(" ", "")
        assert "live.json.journal" in words
        assert hashlib.sha256(journal.read_bytes()).hexdigest() in words
        assert "C·Learning(1)" in words
    finally:
        opened.close()
