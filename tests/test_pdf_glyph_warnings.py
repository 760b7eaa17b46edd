"""Characters a PDF's fonts cannot draw: every PDF the app writes warns about them with the same
words, from pdf_fonts.font_warnings (the agreement PDF used to say nothing), and a character the
italic face lacks (DejaVu Sans Oblique has no Arabic) is drawn in the regular face, never as boxes."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppei_tui.cli import main
from ppei_tui.domain.session import Note, Tag
from ppei_tui.outputs.pdf_fonts import load_fonts
from ppei_tui.outputs.pdf_report import write_report
from ppei_tui.storage.store import load_session

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
NO_GLYPH = "\ue000"  # a private-use character: no font has a glyph for it
ARABIC = "مرحبا بالعالم"
FONTS = load_fonts()
ITALIC_LACKS_ARABIC = (
    FONTS.italic in FONTS.face_coverage and ord("م") not in FONTS.face_coverage[FONTS.italic]
)


def two_observers(tmp_path: Path, text: str) -> tuple[Path, Path]:
    """The example meeting and a second observer's file of it who never used Mat.Reporting, so
    the notes tagged with it (the first one's text set to `text`) are behind a disagreement the
    PDF lists."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    reporting = {"element": "Mat", "verb": "Reporting"}
    next(n for n in data["notes"].values() if reporting in n["tags"])["text"] = text
    first = tmp_path / "first.json"
    first.write_text(json.dumps(data), encoding="utf-8")
    data["info"]["1"].update(id="b" * 32, observer="Second observer")
    for note in data["notes"].values():
        note["tags"] = [t for t in note["tags"] if t != reporting]
    second = tmp_path / "second.json"
    second.write_text(json.dumps(data), encoding="utf-8")
    return first, second


def test_the_agreement_pdf_warns_of_characters_no_font_draws_as_the_report_does(tmp_path, capsys):
    first, second = two_observers(tmp_path, f"budget {NO_GLYPH}{NO_GLYPH} agreed")
    output = tmp_path / "agree.pdf"
    assert main(["agree", str(first), str(second), "-o", str(output)]) == 0
    agree_warnings = [line for line in capsys.readouterr().err.splitlines() if "warning:" in line]
    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert "[U+E000]" in text  # drawn as its code, as in the session report
    assert main(["report", str(first), "-o", str(tmp_path / "r.pdf")]) == 0
    report_warnings = [line for line in capsys.readouterr().err.splitlines() if "warning:" in line]
    glyphs = [line.split("warning: ", 1)[1] for line in report_warnings if "U+E000" in line]
    assert glyphs == ["no font on this machine can draw U+E000; printed as [U+XXXX] in the PDF"]
    assert agree_warnings == [f"ppei agree: warning: {glyphs[0]}"]  # the same words, the character once


def test_the_agreement_pdf_warns_of_nothing_when_every_character_is_drawn(tmp_path, capsys):
    first, second = two_observers(tmp_path, "שלום, the budget was agreed")
    assert main(["agree", str(first), str(second), "-o", str(tmp_path / "agree.pdf")]) == 0
    assert "warning" not in capsys.readouterr().err


@pytest.mark.skipif(not ITALIC_LACKS_ARABIC, reason="needs DejaVu Sans (its Oblique face has no Arabic)")
def test_an_arabic_quote_is_drawn_in_the_regular_face_where_the_italic_has_no_arabic(tmp_path, clock):
    # The bug: a verbatim quote is set in the italic face, which has no Arabic letters: the quote
    # came out as boxes and no warning said so (the check looked at the regular face only).
    session = load_session(EXAMPLE)
    wall = session.notes[0].wall_time
    session.notes = [Note(100, f"{ARABIC} (OK)", wall, 1.0, [Tag("P", "Engaging")], kind="quote")]
    result = write_report(session, EXAMPLE, tmp_path / "quote.pdf", clock())
    assert result.warnings() == []
    drawn: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            drawn.append((str(font.get("/BaseFont")), text))

    for page in PdfReader(result.path).pages:
        page.extract_text(visitor_text=visit)
    arabic = [(font, text) for font, text in drawn if any("ARABIC" in unicodedata.name(c, "") for c in text)]
    latin = [(font, text) for font, text in drawn if "OK" in text]
    assert arabic and all("Oblique" not in font for font, _ in arabic)
    assert latin and all("Oblique" in font for font, _ in latin)  # the rest of the quote stays italic


@pytest.mark.skipif(not ITALIC_LACKS_ARABIC, reason="needs DejaVu Sans (its Oblique face has no Arabic)")
def test_runs_in_a_face_fall_back_to_the_regular_face_only_for_what_it_lacks():
    fonts = load_fonts()
    runs = fonts.runs("quote مرحبا end", face=fonts.italic)
    assert [font for _, font in runs] == ["", fonts.regular, ""]
    assert fonts.runs("quote end", face=fonts.italic) == [("quote end", "")]
    assert fonts.runs("مرحبا")[0][1] == ""  # the regular face draws it itself
    assert fonts.missing == {}


def test_the_study_pdf_warns_of_characters_no_font_draws_as_the_report_does(tmp_path, capsys):
    # `ppei study --format pdf` drew [U+E000] and said nothing: its result's warnings were
    # never printed.
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["info"]["1"]["cop"] = f"Board {NO_GLYPH}"
    session = tmp_path / "s.json"
    session.write_text(json.dumps(data), encoding="utf-8")
    output = tmp_path / "study.pdf"
    assert main(["study", str(session), "--format", "pdf", "-o", str(output)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if "U+E000" in line] == [
        "ppei study: warning: no font on this machine can draw U+E000; printed as [U+XXXX] in the PDF"
    ]
    assert "[U+E000]" in "".join(page.extract_text() for page in PdfReader(output).pages)
