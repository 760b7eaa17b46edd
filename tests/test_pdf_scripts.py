"""Every script in the PDF as it reads: right-to-left order and Arabic joining checked from
the word positions pdftotext reports, and the text layer read back with pypdf."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppei_tui.domain.session import Note, Tag
from ppei_tui.outputs.pdf_bidi import unaliased, visual
from ppei_tui.outputs.pdf_report import write_report
from ppei_tui.storage.store import load_session

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
HEBREW = "שלום עולם התקציב אושר היום"
ARABIC = "مرحبا بالعالم الميزانية تكفي اليوم"
MIXED = "Ash said שלום לכולם and left"
ADVERSARIAL = ["x<y", "AT&T", "😊 smile", "café naïve Ångström", "你好世界", "👩\u200d⚕\ufe0f doctor"]


def report_with(tmp_path, clock, texts):
    session = load_session(EXAMPLE)
    wall = session.notes[0].wall_time
    session.notes = [Note(100 + i, t, wall, 1.0 + i, [Tag("P", "Engaging")]) for i, t in enumerate(texts)]
    return write_report(session, EXAMPLE, tmp_path / "scripts.pdf", clock()).path


def words_with_positions(pdf: Path) -> list[tuple[str, float, float]]:
    """(word as drawn, xMin, yMin) for every word pdftotext finds."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True)
    root = ET.fromstring(out.stdout.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    return [(w.text or "", float(w.get("xMin")), float(w.get("yMin"))) for w in root.iter("word")]


def as_typed(drawn: str) -> str:
    """A right-to-left word drawn in visual order (joined forms) back in typed form."""
    return unicodedata.normalize("NFKC", drawn[::-1])


def positions(words, logical_words: list[str], line: float | None = None) -> list[float]:
    found = []
    for word in logical_words:
        matches = [(x, y) for drawn, x, y in words if as_typed(drawn) == word and line in (None, y)]
        assert matches, f"{word} not drawn as one right-to-left word"
        found.append(matches[0])
    assert len({y for _, y in found}) == 1  # all on one line
    return [x for x, _ in found]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_hebrew_and_arabic_words_run_right_to_left(tmp_path, clock):
    pdf = report_with(tmp_path, clock, [HEBREW, ARABIC, MIXED])
    words = words_with_positions(pdf)
    for text in (HEBREW, ARABIC):
        xs = positions(words, text.split())
        assert xs == sorted(xs, reverse=True), text  # first typed word furthest right
    line = next(y for drawn, _, y in words if drawn == "Ash")
    xs = positions(words, ["שלום", "לכולם"], line)
    assert xs[0] > xs[1]
    latin = {drawn: x for drawn, x, y in words if drawn in ("Ash", "said", "and", "left") and y == line}
    assert latin["Ash"] < latin["said"] < xs[1] < xs[0] < latin["and"] < latin["left"]


def test_arabic_letters_are_drawn_joined():
    drawn = visual("مرحبا")
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in drawn)  # presentation (joined) forms
    assert unicodedata.normalize("NFKC", drawn[::-1]) == "مرحبا"
    # brackets kept with what they hold, drawn mirrored (as aliases of the typed ones: pdf_bidi)
    assert unaliased(visual("שלום (test) עולם")) == "םלוע (test) םולש"


def test_text_layer_keeps_every_drawn_character(tmp_path, clock):
    pdf = report_with(tmp_path, clock, ADVERSARIAL)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for literal in ["x<y", "AT&T", "😊 smile", "café naïve Ångström", "你好世界"]:
        assert literal in text, literal
    assert "ὠ" not in text
    assert "\U0001f469" in text and "doctor" in text  # ZWJ itself has no glyph to draw


def presentation_forms(text: str) -> set[str]:
    return {c for c in text if 0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFF}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_arabic_text_layer_holds_the_letters_as_typed(tmp_path, clock):
    # breaker22 item 10: the text layer held the joined forms (ﻣﺮﺣﺒﺎ), so searching or copying the
    # PDF never found the typed مرحبا; the glyphs drawn are still the joined forms (see above).
    lam_alef = "هذه ملاحظة"  # ملاحظة is drawn with the lam-alef ligature ﻼ
    pdf = report_with(tmp_path, clock, [ARABIC, lam_alef])
    with_pypdf = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    poppler = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True)
    with_poppler = poppler.stdout
    for text in (with_pypdf, with_poppler):
        assert ARABIC in text
        assert not presentation_forms(text)
    assert lam_alef in with_pypdf
    # poppler 22 reverses the two letters of a ligature in right-to-left text (README says so)
    assert "هذه ملاحظة" in with_poppler or "هذه مالحظة" in with_poppler


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_speaker_and_tags_follow_a_right_to_left_note_whole(tmp_path, clock):
    # breaker22 item 10 (big.pdf page 30): the details joined the note's trailing '#M.val 2000'
    # into one left-to-right run, so right to left it read: Hebrew, [Beech ...], 2000, #M.val.
    session = load_session(EXAMPLE)
    text = "שלום עולם, זו הערה בעברית #M.val 2000"
    note = Note(100, text, session.notes[0].wall_time, 1.0, [Tag("P", "Engaging")], [], "Beech", "chair")
    session.notes = [note]
    pdf = write_report(session, EXAMPLE, tmp_path / "details.pdf", clock()).path
    words = words_with_positions(pdf)
    line = next(y for drawn, _, y in words if drawn == "#M.val")
    on_line = {drawn: x for drawn, x, y in words if abs(y - line) < 4}  # details are smaller
    hebrew = positions(words, ["שלום", "עולם,", "זו", "הערה", "בעברית"], line)
    assert hebrew == sorted(hebrew, reverse=True)
    # right to left: the Hebrew, then what was typed after it ('#M.val 2000' reads left to
    # right as typed), then the details, leftmost: after the note in reading order
    assert on_line["[Beech"] < on_line["#M.val"] < on_line["2000"] < min(hebrew)
