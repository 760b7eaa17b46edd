"""Typed text outside the notes (agenda items, headings, the meeting and attendee tables, the
title, memos) set as UAX #9 says: a paragraph whose first strong letter is Hebrew or Arabic is
right to left, flush right, its lines in reading order; the app's words around typed text keep
their own place. Checked from where pdftotext finds each word (its characters as drawn)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

import pytest
from bidi import get_display
from reportlab.lib.pagesizes import A4

from ppei_tui.domain.records import Attendee, Event, EventType, Memo
from ppei_tui.domain.session import Note, Tag
from ppei_tui.outputs.pdf_bidi import visual
from ppei_tui.outputs.pdf_document import SUMMARY_MARGINS
from ppei_tui.outputs.pdf_report import write_report
from ppei_tui.outputs.pdf_tables import LABEL_WIDTH
from ppei_tui.storage.store import load_session

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
LONG = "ועדת ההיגוי האזורית של שירותי בריאות הנפש בקהילה ובבתי החולים הכלליים בצפון הארץ ובגליל המערבי"


class Word(NamedTuple):
    drawn: str  # characters left to right as drawn
    left: float
    right: float
    top: float
    page: int


def words_of(pdf: Path) -> list[Word]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True)
    root = ET.fromstring(out.stdout.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    found = []
    for number, page in enumerate(root.iter("page"), start=1):
        for w in page.iter("word"):
            found.append(
                Word(w.text or "", float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMin")), number)
            )
    return found


def drawn(word: str) -> str:
    """A Hebrew word as drawn: its letters right to left."""
    return word[::-1]


def find(words: list[Word], text: str, after: float = -1.0) -> Word:
    return next(w for w in words if w.drawn == text and w.top > after)


def report(tmp_path, clock, agenda=(), cop=None, attendees=None, memos=()):
    session = load_session(EXAMPLE)
    wall = session.notes[0].wall_time
    session.notes = [Note(100, "the meeting opens", wall, 2.0, [Tag("P", "Engaging")])]
    session.events = [Event(EventType.START, wall, 0.0, True)] + [
        Event(EventType.AGENDA, wall, 1.0 + i, True, title) for i, title in enumerate(agenda)
    ]
    session.info.agenda = list(agenda)
    session.info.cop = cop or session.info.cop
    session.info.attendees = attendees or session.info.attendees
    session.memos = list(memos)
    return write_report(session, EXAMPLE, tmp_path / "r.pdf", clock()).path


def test_uax9_puts_the_number_of_a_right_to_left_item_at_its_right():
    # python-bidi's two implementations agree: in a right-to-left paragraph "1." is drawn to the
    # right of the Hebrew (its full stop to the left of the digit, where a Hebrew reader reads it)
    for text in ["1. פתיחה", "2. תקציב 2027", "10. סיכום: המשך"]:
        assert visual(text) == get_display(text, base_dir="R")
    assert visual("1. פתיחה") == "החיתפ .1"


def test_a_numbered_hebrew_agenda_item_is_a_right_to_left_paragraph_flush_right(tmp_path, clock):
    # The bug: "1. פתיחה" was set flush left, as the English items are, so its number, at its
    # right as UAX #9 says, stood in mid-page instead of at the right margin where a Hebrew
    # reader starts the line.
    pdf = report(tmp_path, clock, agenda=["פתיחה", "Budget review", "תקציב 2027"])
    words = words_of(pdf)
    heading = find(words, "Agenda,")
    margin = A4[0] - SUMMARY_MARGINS.right - 6  # the text's right edge (reportlab's Frame pads 6 pt)
    first, number = find(words, drawn("פתיחה"), heading.top), find(words, ".1", heading.top)
    assert first.top == number.top and first.right < number.left
    assert number.right == pytest.approx(margin, abs=0.5)  # flush right: the number starts the line
    english = find(words, "2.", heading.top)
    assert english.left == pytest.approx(heading.left)  # a left-to-right item stays flush left
    budget, year, three = find(words, drawn("תקציב"), heading.top), find(words, "2027"), find(words, ".3")
    assert year.right < budget.left < three.left and three.right == pytest.approx(margin, abs=0.5)
    # the field notes' heading of the item is set the same way
    section = find(words, "Field")
    assert find(words, ".1", section.top).right == pytest.approx(margin, abs=0.5)


def test_a_long_hebrew_name_wraps_with_its_first_words_on_its_first_line(tmp_path, clock):
    # The bug: the whole name was put in display order, then reportlab broke the lines left to
    # right, so its last words came first: the top line held the end of the name.
    pdf = report(tmp_path, clock, cop=LONG)
    words = words_of(pdf)
    typed = LONG.split()
    label = find(words, "Community")
    cell = [w for w in words if w.page == 1 and label.top - 1 <= w.top < label.top + 60]
    first, last = find(cell, drawn(typed[0])), find(cell, drawn(typed[-1]))
    assert first.top < last.top  # the first typed word on the first line
    line = sorted(
        (w for w in cell if w.top == first.top and w.left > label.left + LABEL_WIDTH), key=lambda w: -w.left
    )
    assert [w.drawn for w in line] == [drawn(t) for t in typed[: len(line)]]  # read from the right
    # the title's line breaks follow the same order
    title = [w for w in words if w.page == 1 and w.top < label.top - 30]
    lines = sorted({w.top for w in title})
    assert len(lines) >= 2 and find(title, drawn(typed[0])).top == lines[0]
    assert find(title, "Field").top == lines[0]  # the app's words first, left to right


def test_attendee_cells_in_hebrew_read_right_to_left_flush_right_in_their_cells(tmp_path, clock):
    people = [Attendee("אורן", 'יו"ר (ממלא מקום)'), Attendee("Ash", "GP lead")]
    words = words_of(report(tmp_path, clock, attendees=people))
    name, role, ash, lead = (
        find(words, drawn("אורן")),
        find(words, ")םוקמ"),  # drawn "(" (mirrored), read back as the ")" typed: test_pdf_mirroring
        find(words, "Ash"),
        find(words, "GP"),
    )
    assert name.left > ash.left + 100  # flush right in the first column, Ash flush left
    assert role.top == name.top and role.left > lead.left + 100
    assert find(words, drawn('יו"ר')).left > role.right  # the role reads right to left


def test_a_right_to_left_memo_starts_with_the_apps_words_at_its_right(tmp_path, clock):
    memo = Memo(1, "הערה חשובה לבדוק שוב", "2026-10-14T10:00:00+00:00", "RB")
    words = words_of(report(tmp_path, clock, memos=[memo]))
    on, by = find(words, "On"), find(words, "RB:")
    first = find(words, drawn("הערה"))
    assert on.top == first.top and on.left < by.left  # "On the session, by RB:" reads left to right
    assert first.right < on.left  # and comes first, at the right, before the memo's own words


def test_a_long_hebrew_name_in_the_footer_is_cut_at_its_end_not_its_start(tmp_path, clock):
    # The bug: the footer was cut to 100 characters after the name was put in display order,
    # which cut the name's first words (drawn at its right) and the date after it.
    words = words_of(report(tmp_path, clock, cop=LONG))
    footer = [w for w in words if w.page == 1 and w.top > 780]
    drawn_footer = {w.drawn for w in footer}
    assert drawn(LONG.split()[0]) in drawn_footer and "2026-10-14" in drawn_footer


def test_the_agreement_pdf_sets_hebrew_notes_and_names_in_their_own_direction(tmp_path, capsys):
    # The agreement PDF drew each note behind a disagreement and each observer line as one
    # string: a Hebrew note wrapped with its last words first, flush left; a Hebrew file name
    # read 'json.' first.
    import json

    from ppei_tui.cli import main

    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    reporting = {"element": "Mat", "verb": "Reporting"}
    note = next(n for n in data["notes"].values() if reporting in n["tags"])
    note["text"] = LONG
    data["info"]["1"]["observer"] = "אורן"
    first = tmp_path / "ישיבה-א.json"
    first.write_text(json.dumps(data), encoding="utf-8")
    data["info"]["1"].update(id="b" * 32, observer="Second observer")
    for each in data["notes"].values():
        each["tags"] = [t for t in each["tags"] if t != reporting]
    second = tmp_path / "second.json"
    second.write_text(json.dumps(data), encoding="utf-8")
    output = tmp_path / "agree.pdf"
    assert main(["agree", str(first), str(second), "-o", str(output)]) == 0, capsys.readouterr().err
    words = words_of(output)
    assert any("א-הבישי.json" in w.drawn for w in words)  # the file name left to right
    typed = LONG.split()
    start, end = find(words, drawn(typed[0])), find(words, drawn(typed[-1]))
    assert start.top < end.top  # wrapped in reading order
    line = [w for w in words if w.page == start.page and abs(w.top - start.top) < 1]
    time = max(line, key=lambda w: w.right)
    assert ":" in time.drawn and time.left > start.right  # its time first, at the right
    assert all(w.right <= time.right for w in line)


def test_a_members_long_hebrew_comment_wraps_in_reading_order(tmp_path, clock):
    # "How members saw it" put each comment in display order, then reportlab broke the lines
    # left to right: a comment longer than a line began with its last words.
    from ppei_tui.domain.shading import Shading

    session = load_session(EXAMPLE)
    keys = [f"{e.code}.{v}" for e in session.template.elements for v in e.verbs]
    comment = f"{LONG} (כמעט) ובסוף הכול הסתדר לשביעות רצון כולם והישיבה ננעלה בזמן שנקבע מראש בהזמנה"
    session.shadings = [
        Shading(1, "אורן", "יו״ר", "2026-10-14T10:00:00+00:00", {k: 2 for k in keys}, {"P.Engaging": comment})
    ]
    pdf = write_report(session, EXAMPLE, tmp_path / "members.pdf", clock()).path
    words = words_of(pdf)
    key = next(w for w in words if w.drawn == "P.Engaging:")
    on_line = sorted(
        (w for w in words if w.page == key.page and abs(w.top - key.top) < 1), key=lambda w: w.left
    )
    assert on_line[0] == key  # the app's words first, left to right, then the comment
    # its first typed words on the key's line, read from the right
    typed = comment.split()
    rest = sorted(on_line[1:], key=lambda w: -w.left)
    assert [w.drawn.strip("“”") for w in rest] == [drawn(t) for t in typed[: len(rest)]]
    last = [w for w in words if w.drawn.strip("“”") == drawn(typed[-1]) and w.top > key.top]
    assert last  # the comment's last word on a later line
    who = find(words, drawn("אורן"), key.top - 60)
    assert find(words, "weighted").top == who.top and who.left < find(words, "weighted").left


def test_a_compared_sessions_hebrew_cop_and_site_keep_the_headings_order(tmp_path, clock):
    # The comparison's heading for each map ("CoP, site, date (n notes)") was one typed string:
    # with a Hebrew CoP first it became a right-to-left paragraph, its date drawn first.
    session, other = load_session(EXAMPLE), load_session(EXAMPLE)
    other.info.cop, other.info.site = "ועדת היגוי", "חיפה"
    second = tmp_path / "other.json"
    second.write_bytes(EXAMPLE.read_bytes())
    pdf = write_report(session, EXAMPLE, tmp_path / "c.pdf", clock(), others=[(other, second)]).path
    words = words_of(pdf)
    cop = find(words, drawn("היגוי"))
    line = sorted((w for w in words if w.page == cop.page and abs(w.top - cop.top) < 1), key=lambda w: w.left)
    # left to right: the CoP (its words right to left), its comma, the site, the date, the count
    assert [w.drawn for w in line] == [
        drawn("היגוי"),
        drawn("ועדת") + ",",
        drawn("חיפה") + ",",
        "2026-10-14",
        "(60",
        "notes)",
    ]
