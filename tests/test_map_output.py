import re
from pathlib import Path

import pytest
from rich.console import Console

from ppei_tui.cli import main
from ppei_tui.domain.mapping import NoteFilter, aggregate_map, session_map
from ppei_tui.domain.session import Note, Session, Tag, new_session_info
from ppei_tui.outputs.terminal_map import map_renderable, plain_map
from ppei_tui.storage.store import load_session

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"


@pytest.fixture
def example() -> Session:
    return load_session(EXAMPLE)


def test_example_session_is_realistic(example):
    notes = example.live_notes()
    assert 55 <= len(notes) <= 70
    assert {t.element for n in notes for t in n.tags} == {"P", "Mat", "C", "BE", "M"}
    assert {n.kind for n in notes} == {"observation", "quote", "reflection"}
    assert len({n.agenda_item for n in notes}) >= 5 and len(example.breaks()) == 1
    assert example.ended and all(n.unresolved == [] for n in notes)
    assert {a.role for a in example.info.attendees} >= {"GP lead", "lay representative", "service user"}


def make_session(hatfield, clock, notes):
    session = Session(new_session_info(hatfield, "CoP", clock()))
    session.notes = notes
    return session


def test_filters_each_dimension(hatfield, clock):
    a = Note(
        1,
        "budget #rep",
        "",
        60,
        [Tag("Mat", "Reporting")],
        ["trust"],
        "Ash",
        "GP lead",
        "quote",
        "seen",
        "Finance",
    )
    b = Note(
        2,
        "welcome",
        "",
        600,
        [Tag("BE", "Welcoming"), Tag("Mat", "Reporting")],
        ["leadership"],
        "Birch",
        "lay representative",
        "observation",
        "inferred",
        "Welcome",
    )
    session = make_session(hatfield, clock, [a, b])
    cases = {
        NoteFilter(): 2,
        NoteFilter(practice_sets=frozenset({"trust"})): 1,
        NoteFilter(agenda_items=frozenset({"Welcome"})): 1,
        NoteFilter(kinds=frozenset({"quote"})): 1,
        NoteFilter(evidence=frozenset({"inferred"})): 1,
        NoteFilter(speaker_roles=frozenset({"lay representative"})): 1,
        NoteFilter(speakers=frozenset({"Ash"})): 1,
        NoteFilter(elements=frozenset({"BE"})): 1,
        NoteFilter(cells=frozenset({("Mat", "Reporting")})): 2,
        NoteFilter(start_seconds=300): 1,
        NoteFilter(end_seconds=300): 1,
        NoteFilter(text="BUDGET"): 1,
        NoteFilter(practice_sets=frozenset({"trust", "leadership"})): 2,
    }
    for note_filter, expected in cases.items():
        assert session_map(session, note_filter).count("Mat", "Reporting") == expected, note_filter


def test_aggregate_over_sessions(hatfield, clock, example):
    extra = make_session(hatfield, clock, [Note(1, "x", "", 0, [Tag("P", "Persisting")])])
    combined = aggregate_map([example, extra])
    assert combined.count("P", "Persisting") == session_map(example).count("P", "Persisting") + 1
    assert combined.notes_counted == len(example.live_notes()) + 1


def test_aggregate_over_different_templates_keeps_them_apart(clock, example):
    # Sessions of two frameworks are drawn on the union of both (domain/versions.py): each
    # framework's elements stay its own, and a shared code is suffixed, so nothing is dropped.
    from ppei_tui.domain.versions import combine_sessions
    from ppei_tui.templates import TemplateLibrary, bundled_templates_dir

    shove = TemplateLibrary([bundled_templates_dir()]).get("shove-three-elements")
    other = Session(new_session_info(shove, "x", clock()))
    other.notes.append(Note(1, "x", "", 0, [Tag("MAT", "Handling")]))
    counts = aggregate_map([example, other])
    assert counts.count("MAT_2", "Handling") == 1
    assert counts.count("P", "Persisting") == session_map(example).count("P", "Persisting")
    assert any("MAT_2" in m for m in combine_sessions([example, other]).messages())


def test_plain_map_is_aligned_and_carries_counts_and_legend(example):
    counts = session_map(example)
    text = plain_map(counts, "title", width=200)  # wide enough for all five elements side by side
    lines = text.splitlines()
    header = lines[2]
    starts = [header.index(f"{e.name} ({e.code})") for e in example.template.elements]
    for row in lines[4:10]:
        for start in starts[1:]:
            if len(row) > start:
                assert row[start - 2 : start] == "  "
    assert f"Reporting {counts.count('Mat', 'Reporting')}" in text
    assert "[    ] not observed" in text and "[####] over 75%" in text
    assert "\x1b" not in text


def test_map_command_plain_when_piped(capsys, example):
    assert main(["map", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Materiality (Mat)" in out and "\x1b[" not in out
    engaging = session_map(example).count("P", "Engaging")
    assert re.search(rf"Engaging {engaging}\b", out)


def test_map_command_practice_filter_and_by_practice(capsys, example):
    assert main(["map", str(EXAMPLE), "--practice", "trust"]) == 0
    out = capsys.readouterr().out
    trust = session_map(example, NoteFilter(practice_sets=frozenset({"trust"})))
    assert f"{trust.notes_counted} notes counted" in out
    assert main(["map", str(EXAMPLE), "--by", "practice"]) == 0
    out = capsys.readouterr().out
    assert all(f"practice set: {p}" in out for p in ("trust", "leadership", "learning", "partnership"))


def test_map_command_reports_a_broken_file(tmp_path, capsys):
    broken = tmp_path / "x.json"
    broken.write_text("{nope")
    assert main(["map", str(broken)]) == 1
    assert "not valid JSON" in capsys.readouterr().err


def test_colour_map_uses_the_same_counts(example):
    console = Console(record=True, width=160, color_system="truecolor")
    console.print(map_renderable(session_map(example)))
    text = console.export_text()
    counts = session_map(example)
    for element, verb in counts.shaded_cells():
        assert f"{verb} {counts.count(element, verb)}" in text


def test_compare_command_lists_what_differs(capsys):
    rural = EXAMPLE.with_name("2026-10-21-communications-strategy-group-example.json")
    assert main(["map", str(EXAMPLE), str(rural), "--compare"]) == 0
    out = capsys.readouterr().out
    assert "A = Governing Body Riverside CCG (urban) 2026-10-14" in out
    assert "B = Communications Strategy Group Hillside CCG (rural) 2026-10-21" in out
    seen_only_a = out.split("Seen only in A")[1].split("Seen only in B")[0]
    assert "Materiality · Monitoring: A 5, B 0" in seen_only_a
    assert main(["map", str(EXAMPLE), "--compare"]) == 2


def drawn_cells(renderable, width: int) -> list[list[tuple[str, object]]]:
    """Each line as (character, its background, or its style if not a space), trailing
    unstyled spaces dropped: what a reader sees."""
    console = Console(width=width, color_system="truecolor", force_terminal=True)
    lines = []
    for line in console.render_lines(renderable, console.options.update(width=width), pad=False):
        row = [
            (ch, (seg.style.bgcolor if seg.style else None) if ch == " " else seg.style)
            for seg in line
            for ch in seg.text
        ]
        while row and row[-1] == (" ", None):
            row.pop()
        lines.append(row)
    while lines and not lines[-1]:
        lines.pop()
    return lines


@pytest.mark.parametrize("tagged", [0, 1, 9, 80])
def test_the_panel_grid_draws_what_the_compact_table_draws(example, tagged):
    """grid_text (the observe panel's map, without a Rich Table's layout) draws cell for cell,
    colour for colour, what map_table(compact=True) draws wherever the grid fits."""
    from ppei_tui.outputs.terminal_map import grid_fits, grid_text, map_table

    counts = session_map(Session(example.info, notes=example.live_notes()[:tagged]))
    for width in (80, 120, 140, 200):
        if grid_fits(counts, width):
            assert drawn_cells(grid_text(counts), width) == drawn_cells(
                map_table(counts, compact=True), width
            )
    assert grid_fits(counts, 200)
