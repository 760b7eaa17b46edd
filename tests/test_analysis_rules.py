"""The rules every output follows (README "How the figures are computed"), on small
hand-made sessions: the waterline, the agenda order, break lengths, map filters."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ppei_tui.cli import main
from ppei_tui.domain.analysis import (
    agenda_order,
    below_waterline,
    iceberg,
    timeline,
    typed_with_quotes,
)
from ppei_tui.domain.review import edit_note
from ppei_tui.domain.session import Note, Session, Tag
from ppei_tui.domain.tags import TagVocabulary
from ppei_tui.outputs.exports import LoadedSession, csv_long, markdown_export
from ppei_tui.storage.store import load_session

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"


def note(ident, text, tags=(), kind="observation", evidence="seen", agenda="", offset=None, **extra):
    return Note(
        ident,
        text,
        "2026-11-22T10:00:00+00:00",
        float(offset if offset is not None else ident * 10),
        list(tags),
        kind=kind,
        evidence=evidence,
        agenda_item=agenda,
        **extra,
    )


@pytest.fixture
def session(make_info, clock) -> Session:
    session = Session(make_info())
    session.events.append(session.make_event("start", clock()))
    return session


# --- the waterline -------------------------------------------------------------------------
def test_a_reflection_counts_below_the_waterline_whatever_its_evidence_mark(session):
    performing = Tag("C", "Performing")
    session.notes = [
        note(
            1, "I wonder whether the chair rehearsed this", [performing], kind="reflection", evidence="seen"
        ),
        note(2, "Chair reads the minutes", [Tag("Mat", "Reporting")]),
        note(3, "They seem to trust Ash", [Tag("M", "Valuing")], evidence="inferred"),
    ]
    assert below_waterline(session.notes[0]) and below_waterline(session.notes[2])
    assert not below_waterline(session.notes[1])
    ice = iceberg(session)
    assert [(c.element, c.verb) for c in ice.above] == [("Mat", "Reporting")]
    assert [(c.element, c.verb, c.inferred) for c in ice.below] == [
        ("C", "Performing", 1),
        ("M", "Valuing", 1),
    ]


def test_a_verb_with_one_seen_note_sits_above_with_its_inferred_count(session):
    session.notes = [
        note(1, "seen", [Tag("P", "Engaging")]),
        note(2, "reflection", [Tag("P", "Engaging")], kind="reflection"),
    ]
    (cell,) = iceberg(session).above
    assert (cell.seen, cell.inferred, cell.total) == (1, 1, 2)
    assert iceberg(session).below == []


def test_exports_say_the_waterline_of_each_note(session, tmp_path):
    session.notes = [
        note(1, "I wonder", [Tag("C", "Performing")], kind="reflection"),
        note(2, "Chair reads", [Tag("Mat", "Reporting")]),
    ]
    loaded = [LoadedSession(tmp_path / "s.json", session)]
    rows = csv_long(loaded).decode("utf-8-sig").splitlines()
    assert rows[0].endswith(",waterline")
    assert rows[1].endswith(",below") and rows[2].endswith(",above")
    markdown = markdown_export(loaded).decode()
    reflection = next(line for line in markdown.splitlines() if "I wonder" in line)
    seen = next(line for line in markdown.splitlines() if "Chair reads" in line)
    assert "below the waterline" in reflection and "waterline" not in seen


def test_iceberg_command_draws_both_parts_across_a_waterline(tmp_path, capsys):
    path = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    assert main(["map", "--iceberg", str(path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    water = next(i for i, line in enumerate(lines) if "waterline" in line and line.startswith("~"))
    above, below = "\n".join(lines[:water]), "\n".join(lines[water:])
    ice = iceberg(load_session(path))
    for cell in ice.above:
        assert f"{cell.verb} {cell.seen}" in above
    for cell in ice.below:
        assert f"{cell.verb} {cell.inferred}i" in below and f"] {cell.verb} " not in above
    assert "reflection always counts below" in " ".join(out.split())


# --- quotes --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We have no money" @ash', True),
        ("@ash \u201cWe have no money\u201d", True),
        ("\u00abNous n'avons pas d'argent\u00bb", True),
        ("We have no money", False),
        ("#engaging", False),
    ],
)
def test_a_quote_typed_with_its_own_marks_is_recognised(text, expected):
    assert typed_with_quotes(text) is expected


# --- agenda order --------------------------------------------------------------------------
def test_agenda_numbers_follow_the_order_taken_up_and_list_items_not_reached(session, clock):
    session.info.agenda = ["Welcome", "Minutes", "Finance report"]
    for title in ("Welcome", "Urgent: winter pressures", "Finance report", "Welcome"):
        clock.advance(60)
        session.events.append(session.make_event("agenda", clock(), title))
    order = agenda_order(session)
    assert [(e.number, e.title, e.planned) for e in order] == [
        (1, "Welcome", True),
        (2, "Urgent: winter pressures", False),
        (3, "Finance report", True),
        (None, "Minutes", True),
    ]
    assert order[3].label() == "Minutes (planned, not reached)"
    assert order[1].label() == "2. Urgent: winter pressures (added in the meeting)"
    assert [number for _, number, _ in timeline(session).agenda] == [1, 2, 3, 1]


# --- breaks --------------------------------------------------------------------------------
def test_a_break_lasts_from_pause_to_resume_despite_an_agenda_change_inside(session, clock):
    clock.advance(600)
    session.events.append(session.make_event("pause", clock()))
    clock.advance(5 * 60)
    session.events.append(session.make_event("agenda", clock(), "Finance report"))
    clock.advance(10 * 60)
    session.events.append(session.make_event("resume", clock()))
    assert session.breaks() == [(600, 15 * 60)]


def test_leaving_and_reopening_during_a_break_does_not_end_it(session, clock):
    clock.advance(300)
    session.events.append(session.make_event("pause", clock()))
    clock.advance(30)  # the observer quits the app during the break ...
    clock.advance(30)
    session.events.append(session.make_reopen_event(clock()))  # ... and opens it again
    assert session.paused
    clock.advance(60)
    session.events.append(session.make_event("resume", clock()))
    assert session.breaks() == [(300, 120)]


def test_a_meeting_ending_during_a_break_closes_the_break_at_the_end(session, clock):
    clock.advance(300)
    session.events.append(session.make_event("pause", clock()))
    clock.advance(240)
    session.events.append(session.make_event("end", clock()))
    assert session.breaks() == [(300, 240)]


# --- review re-reads tokens ----------------------------------------------------------------
def test_fixing_a_typo_in_review_codes_the_note_and_clears_the_warning(session, clock):
    vocabulary = TagVocabulary(session.template, session.info.attendees)
    key_tag = Tag("Mat", "Reporting")
    typo = note(1, "Chair invites Birch to speak #enggging", [key_tag], unresolved=["#enggging: no verb"])
    edit_note(
        typo, {"text": "Chair invites Birch to speak #engaging", "tags": [key_tag]}, clock(), "RB", vocabulary
    )
    assert typo.tags == [key_tag, Tag("P", "Engaging")]
    assert typo.unresolved == []
    edit_note(typo, {"text": "Chair invites Birch to speak #enggging"}, clock(), "RB", vocabulary)
    assert typo.tags == [key_tag]  # the token's code goes with the token; the key's stays
    assert [p.partition(":")[0] for p in typo.unresolved] == ["#enggging"]
    edit_note(typo, {"text": "Chair invites Birch to speak !r"}, clock(), "RB", vocabulary)
    assert typo.kind == "reflection" and typo.unresolved == []


# --- map filters ---------------------------------------------------------------------------
def test_an_unknown_filter_value_is_an_error_naming_the_valid_ones(capsys):
    assert main(["map", str(EXAMPLE), "--practice", "trsut"]) == 1
    err = capsys.readouterr().err
    assert "trsut" in err and "trust, leadership, learning, partnership" in err
    assert main(["map", str(EXAMPLE), "--element", "Q"]) == 1
    assert "P (Participation), Mat (Materiality), C (Competence), BE (Boundary" in capsys.readouterr().err
    assert main(["map", str(EXAMPLE), "--kind", "joke"]) == 1
    assert "observation, quote, reflection" in capsys.readouterr().err


def test_the_map_heading_names_the_filters(capsys):
    assert main(["map", str(EXAMPLE), "--practice", "Trust", "--kind", "quote"]) == 0
    heading = capsys.readouterr().out.splitlines()[0]
    assert "practice set: trust" in heading and "kind: quote" in heading


def test_no_color_gives_the_plain_level_marks(monkeypatch, capsys):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["map", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "[####]" in out and "\x1b[" not in out


# --- report output -------------------------------------------------------------------------
def test_report_without_output_writes_beside_the_session_and_never_replaces(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = folder / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(path)]) == 0
    pdf = path.with_suffix(".pdf")
    assert pdf.is_file() and not (tmp_path / pdf.name).exists()
    pdf.write_bytes(b"an earlier report")
    assert main(["report", str(path)]) == 1
    assert "--force" in capsys.readouterr().err and pdf.read_bytes() == b"an earlier report"
    assert main(["report", str(path), "--force"]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_iceberg_counts_read_as_the_readme_says():
    """README: `3+1i` is three notes seen or said and one inferred; below the waterline only the
    inferred count shows. The terminal and PDF icebergs both print this label."""
    from ppei_tui.domain.analysis import IcebergCell

    assert IcebergCell("P", "Aligning", 3, 1).counts_label(above=True) == "3+1i"
    assert IcebergCell("P", "Aligning", 3, 0).counts_label(above=True) == "3"
    assert IcebergCell("P", "Aligning", 0, 2).counts_label(above=False) == "2i"
