"""A file name in a PDF reads left to right, as a path does (folders, the name, `.json`), even
when it holds Hebrew or Arabic: only those runs read right to left inside it. Checked from the
order the glyphs are drawn in (pdftotext -bbox gives each word's characters left to right as
drawn) and from the text layer (pypdf)."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppei_tui.outputs.pdf_bidi import visual
from ppei_tui.outputs.pdf_fonts import LeftToRight, load_fonts
from ppei_tui.outputs.pdf_report import write_report
from ppei_tui.storage.store import load_session

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def drawn_words(pdf: Path) -> list[str]:
    """Every word pdftotext finds, its characters in the order drawn, left to right."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True)
    root = ET.fromstring(out.stdout.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    return [w.text or "" for w in root.iter("word")]


def pypdf_text(pdf: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_a_file_name_is_a_left_to_right_paragraph():
    # The bug: the name's first strong letter is Hebrew, so the whole name was set right to
    # left and drawn `json.השיגפ-ץבוק`: the extension first, as if it began the name.
    assert visual("קובץ-פגישה.json") == "json.השיגפ-ץבוק"  # a sentence: right to left
    assert visual("קובץ-פגישה.json", rtl=False) == "השיגפ-ץבוק.json"
    assert visual("2026-10-14-פתיחה.json", rtl=False) == "2026-10-14-החיתפ.json"
    fonts = load_fonts()
    assert fonts.markup(LeftToRight("קובץ-פגישה.json")) == "השיגפ-ץבוק.json"
    assert fonts.markup("קובץ-פגישה.json") == "json.השיגפ-ץבוק"  # typed text keeps its direction


@needs_poppler
def test_a_hebrew_session_file_name_in_provenance_reads_left_to_right(tmp_path, clock):
    source = tmp_path / "2026-10-14-ישיבת-ועדה.json"
    source.write_bytes(EXAMPLE.read_bytes())
    pdf = write_report(load_session(source), source, tmp_path / "r.pdf", clock()).path
    words = drawn_words(pdf)
    # drawn left to right: the date, the Hebrew run (its letters right to left), `.json` last
    assert "2026-10-14-הדעו-תבישי.json" in words
    assert not any(word.startswith("json.") for word in words)
    assert "ישיבת-ועדה" in pypdf_text(pdf)  # the text layer holds the letters as typed


@needs_poppler
def test_a_hebrew_file_name_in_the_study_provenance_reads_left_to_right(tmp_path, capsys):
    from ppei_tui.cli import main

    for index, name in enumerate(["פגישה-א.json", "פגישה-ב.json"]):
        data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
        data["info"]["1"]["id"] = str(index) * 32
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
    output = tmp_path / "study.pdf"
    paths = [str(tmp_path / "פגישה-א.json"), str(tmp_path / "פגישה-ב.json")]
    assert main(["study", *paths, "--format", "pdf", "-o", str(output)]) == 0, capsys.readouterr().err
    words = drawn_words(output)
    assert "א-השיגפ.json" in words and "ב-השיגפ.json" in words
    assert not any(word.startswith("json.") for word in words)
