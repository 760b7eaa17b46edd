"""Layouts that hold at any template size (issue 16 §3): the terminal map (plain and colour)
and the PDF build for generated templates and hold every code once, whole."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from rich.console import Console

from ppei_tui.domain.mapping import session_map
from ppei_tui.domain.session import Note, Session, Tag, new_session_info
from ppei_tui.domain.template import Template, template_from_data
from ppei_tui.outputs.pdf_fonts import load_fonts
from ppei_tui.outputs.pdf_map import map_flowables
from ppei_tui.outputs.pdf_report import PAGE_WIDTH, write_report
from ppei_tui.outputs.terminal_map import map_renderable, plain_map

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
HARD_NAMES = [
    "Ré-framing",
    "Naïve-questioning",
    "Über-ruling",
    "Façade-keeping",
    "Légitimating",
    "Sense-making",
]

syllable = st.sampled_from(["re", "Ré", "na", "ïve", "ber", "Ü", "fa", "ça", "de", "ma", "king", "sen", "se"])
name = (
    st.lists(syllable, min_size=1, max_size=4)
    .map("".join)
    .flatmap(
        lambda word: st.sampled_from([word, word.capitalize(), f"{word}-{word[::-1]}", f"{word} {word}"])
    )
)
decomposed = st.booleans()


def make_template(elements: list[list[str]], nfd: bool) -> Template:
    form = "NFD" if nfd else "NFC"
    data = {
        "id": "generated",
        "name": "Generated framework",
        "version": "1",
        "description": "",
        "elements": [
            {
                "code": f"E{index}" if index % 3 else f"E{index}x",
                "name": unicodedata.normalize(form, f"Élément {index}"),
                "definition": "",
                "verbs": [unicodedata.normalize(form, f"{verb}{index}-{n}") for n, verb in enumerate(verbs)],
            }
            for index, verbs in enumerate(elements)
        ],
        "practice_sets": ["trust"],
        "speaker_roles": [],
    }
    return template_from_data(data, "generated")


def every_code_used(template: Template) -> Session:
    session = Session(new_session_info(template, "CoP", NOW))
    cells = template.verb_cells()
    session.notes = [
        Note(i + 1, f"note {i}", NOW.isoformat(), float(i), [Tag(*cell)], ["trust"] if i % 2 else [])
        for i, cell in enumerate(cells)
    ]
    return session


templates = st.builds(
    make_template,
    st.lists(st.lists(name, min_size=1, max_size=30), min_size=1, max_size=40),
    decomposed,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates, st.integers(min_value=60, max_value=200))
def test_terminal_map_holds_every_code_once_and_fits_the_width(template, width):
    counts = session_map(every_code_used(template))
    text = plain_map(counts, "title", width)
    assert max(len(line) for line in text.splitlines()) <= width
    for element, verb in template.verb_cells():
        assert text.count(f"] {verb} {counts.count(element, verb)}") == 1, verb
    for element in template.elements:
        assert f"({element.code}):" in text
    console = Console(width=width, record=True, color_system="truecolor")
    console.print(map_renderable(counts, "title"))
    coloured = console.export_text()
    assert max(len(line) for line in coloured.splitlines()) <= width
    for element, verb in template.verb_cells():
        assert coloured.count(f" {verb} {counts.count(element, verb)} ") == 1, verb


def cell_texts(flowables) -> list[str]:
    """The text of every map cell, line breaks and markup removed."""
    texts = []
    for table in flowables:
        for row in getattr(table, "_cellvalues", [])[1:]:
            for cell in row:
                if cell:
                    plain = re.sub(r"<br/>", "\n", cell.text)
                    texts.append(re.sub(r"<[^>]+>", "", plain))
    return texts


def joined(text: str) -> str:
    """Wrapped cell text read back: a line ending in a hyphen joins the next without a space."""
    return re.sub(r"-\n", "-", text).replace("\n", " ")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates)
def test_pdf_map_holds_every_code_once_and_breaks_no_word(template):
    counts = session_map(every_code_used(template))
    fonts = load_fonts()
    tables = map_flowables(counts, fonts, PAGE_WIDTH)
    texts = [unicodedata.normalize("NFC", joined(t)) for t in cell_texts(tables)]
    expected = [
        unicodedata.normalize("NFC", f"{verb} {counts.count(e, verb)}") for e, verb in template.verb_cells()
    ]
    assert sorted(texts) == sorted(expected)
    for table in tables:
        assert all(width > 0 for width in getattr(table, "_colWidths", [1]))
    for text in cell_texts(tables):
        lines = text.split("\n")
        whole = joined(text)
        used = 0
        for line in lines[:-1]:
            used += len(line)
            # a line ends after a hyphen of the name or before a space: never inside a word
            assert line.endswith("-") or whole[used] == " ", (line, whole)
            used += 0 if line.endswith("-") else 1


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates)
def test_the_report_builds_for_any_template(tmp_path_factory, template):
    out = tmp_path_factory.mktemp("any") / "any.pdf"
    session = every_code_used(template)
    write_report(session, EXAMPLE, out, NOW)
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(out).pages))
    text = unicodedata.normalize("NFC", text)
    for _, verb in template.verb_cells():
        assert re.sub(r"\s+", "", unicodedata.normalize("NFC", verb)) in text


def test_twelve_by_twelve_and_forty_elements_build(tmp_path):
    for shape in ([HARD_NAMES * 2] * 12, [["Sense-making", "Über-ruling", "Ré-framing"]] * 40):
        session = every_code_used(make_template(shape, False))
        result = write_report(session, EXAMPLE, tmp_path / f"{len(shape)}.pdf", NOW)
        assert result.pages > 3


def test_templates_check_names_a_word_too_wide_for_any_layout(tmp_path, capsys):
    from ppei_tui.cli import main

    long_word = "Über" + "x" * 200
    path = tmp_path / "wide.yaml"
    path.write_text(
        "id: wide\nname: Wide\nversion: '1'\ndescription: ''\n"
        f"elements:\n  - code: W\n    name: Wide\n    definition: ''\n    verbs: [{long_word}, Fine-name]\n"
        "practice_sets: [trust]\nspeaker_roles: []\n",
        encoding="utf-8",
    )
    assert main(["templates", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "204 characters" in err and "spaces and hyphens" in err
    path.write_text(path.read_text(encoding="utf-8").replace(long_word, "Über-" + "x" * 20), encoding="utf-8")
    assert main(["templates", "check", str(path)]) == 0
