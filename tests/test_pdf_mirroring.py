"""Brackets and quotation marks in right-to-left text: drawn mirrored exactly where UAX #9 rule
L4 says (a character of resolved direction R with the Bidi_Mirrored property, by python-bidi's
BidiMirroring table), and read back from the PDF as typed. Drawn as the mirror character itself,
a typed "(בזמן)" came back from pdftotext and pypdf as ")בזמן(" (they reverse the right-to-left
run and read each glyph as the character it was drawn as); each mirrored character is now drawn
under an alias that the fonts map to the mirror's glyph and the text layer to the typed one."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from ppei_tui.domain.session import Note, Tag
from ppei_tui.outputs import pdf_fonts
from ppei_tui.outputs.pdf_bidi import is_mirror_alias, mirror_alias, typed_of_alias, unaliased, visual
from ppei_tui.outputs.pdf_fonts import load_fonts
from ppei_tui.outputs.pdf_report import write_report
from ppei_tui.storage.store import load_session

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
HEBREW = "אורן פתח את הישיבה (בזמן) ואמר «שלום» לכולם [בערך]"
ARABIC = "قال الرئيس (بوضوح) «مرحبا» للجميع"


def report(tmp_path, clock, texts):
    session = load_session(EXAMPLE)
    wall = session.notes[0].wall_time
    session.notes = [Note(100 + i, t, wall, 1.0 + i, [Tag("P", "Engaging")]) for i, t in enumerate(texts)]
    return write_report(session, EXAMPLE, tmp_path / "m.pdf", clock())


def test_only_bidi_mirrored_characters_in_a_right_to_left_run_are_mirrored():
    # Reading the drawn string left to right: the typed text reversed, each Bidi_Mirrored
    # character shown as its mirror ("(" as ")"): the brackets open towards the text they hold.
    assert unaliased(visual("שלום (עולם)")) == "(םלוע) םולש"
    assert unaliased(visual("«שלום» [א] {ב} <ג> ‹ד›")) == "‹ד› <ג> {ב} [א] «םולש»"
    assert unaliased(visual("א ∈ ב")) == "ב ∋ א"  # mathematical pairs too (BidiMirroring.txt)
    # Quotation marks “ ” „ " have no Bidi_Mirrored property (UnicodeData.txt): L4 leaves them
    for mark in "“”„\"'":
        assert not unicodedata.mirrored(mark)
    assert visual("שלום “עולם”") == "”םלוע“ םולש"
    # In a left-to-right run nothing is mirrored, whatever the paragraph's direction
    assert visual("Ash (hi) שלום") == "Ash (hi) םולש"
    assert visual("שלום (hi) עולם") != visual("שלום (hi) עולם", rtl=False)


def test_a_mirrored_character_is_drawn_with_the_mirrors_glyph():
    drawn = visual("שלום (עולם)")
    aliases = [c for c in drawn if is_mirror_alias(c)]
    assert [typed_of_alias(c) for c in aliases] == [")", "("]  # left to right: the typed ")" first
    fonts = load_fonts()
    for face_name in (fonts.regular, fonts.bold, fonts.italic):
        face = pdfmetrics.getFont(face_name).face
        if not hasattr(face, "charToGlyph"):
            continue  # Helvetica: no alias, the mirror character is drawn itself
        for typed, mirror in ["()", ")(", "«»", "[]", "<>"]:
            assert face.charToGlyph[ord(mirror_alias(typed))] == face.charToGlyph[ord(mirror)]
            assert face.charWidths[ord(mirror_alias(typed))] == face.charWidths[ord(mirror)]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_text_layer_holds_right_to_left_brackets_as_typed(tmp_path, clock):
    result = report(tmp_path, clock, [HEBREW, ARABIC])
    assert result.warnings() == []  # no alias is ever reported as a character no font draws
    with_pypdf = "".join(page.extract_text() for page in PdfReader(result.path).pages)
    with_poppler = subprocess.run(
        ["pdftotext", str(result.path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "(בזמן)" in with_poppler and "«שלום»" in with_poppler
    assert "(بوضوح)" in with_poppler and "«مرحبا»" in with_poppler
    # pypdf puts each run of one font subset in its own order (reportlab gives «» another subset
    # than the Hebrew letters here), so only the brackets inside one run are checked with it
    assert "(בזמן)" in with_pypdf
    for text in (with_pypdf, with_poppler):
        assert ")בזמן(" not in text and ")بوضوح(" not in text
        assert not any(is_mirror_alias(c) for c in text)


def test_without_a_unicode_font_the_mirror_character_itself_is_drawn(tmp_path, clock, monkeypatch):
    monkeypatch.setattr(pdf_fonts, "_find", lambda filename: None)  # Helvetica only
    result = report(tmp_path, clock, ["שלום (עולם)"])
    text = "".join(page.extract_text() for page in PdfReader(result.path).pages)
    assert "[U+1000" not in text and not any("U+1000" in w for w in result.warnings())
    assert "(" in text and ")" in text
