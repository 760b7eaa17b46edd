"""`ppei report` on meeting details far longer than a page: one detail of 10,000 characters (a
pasted site, a role, an agenda item) once made reportlab refuse the whole PDF (LayoutError: a
table row taller than a page; an attendee cell of one long word leaving the next column a
negative width), and a long right-to-left detail made the table split its row for ever. Each
report runs as its own process with a time limit, so a hang fails the test instead of the suite."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppei_tui.domain.records import Attendee
from ppei_tui.storage.copying import write_new_session
from ppei_tui.storage.store import load_session

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
WORD = "x" * 10_000  # one unbroken word
WORDS = " ".join(["word"] * 2_500)
HEBREW = " ".join(["שלום"] * 2_500)  # taller than a page in the details' column


def report(tmp_path: Path, change) -> str:
    """The text layer of `ppei report` on the example with `change(session)` applied."""
    session = load_session(EXAMPLE)
    change(session)
    source = tmp_path / "long.json"
    write_new_session(source, session)
    out = tmp_path / "long.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "ppei_tui", "report", str(source), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(out).pages))


def site(text):
    def change(session):
        session.info.site = text

    return change


def role(text):
    def change(session):
        session.info.attendees.append(Attendee("Pat", text))

    return change


def pseudonym(text):
    def change(session):
        session.info.attendees.append(Attendee(text, "GP"))

    return change


def agenda(text):
    def change(session):
        session.info.agenda.append(text)

    return change


@pytest.mark.parametrize(
    "change",
    [site(WORD), site(WORDS), role(WORD), pseudonym(WORD), agenda(WORD)],
    ids=["site-one-word", "site-words", "role", "pseudonym", "agenda-item"],
)
def test_a_detail_longer_than_a_page_is_printed_whole(change, tmp_path):
    text = report(tmp_path, change)
    runs = re.findall("x{100,}", text)
    words = text.count("word")
    assert sum(len(run) for run in runs) >= 10_000 or words >= 2_500


def test_a_right_to_left_detail_longer_than_a_page_is_printed_whole(tmp_path):
    text = report(tmp_path, site(HEBREW))
    # pypdf may give the letters in either order; every word must be there, once per place drawn
    assert text.count("שלום") + text.count("םולש") >= 2_500
