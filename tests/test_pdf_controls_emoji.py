"""What the PDF report does with characters that are not letters: control characters drawn as
the app's visible signs (breaker22 item 12), and emoji made of several characters, which
reportlab prints as their parts, named in one warning with the notes they are in."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from ppei_tui.domain.session import Note, Tag
from ppei_tui.outputs.pdf_emoji import emoji_sequences
from ppei_tui.outputs.pdf_fonts import load_fonts
from ppei_tui.outputs.pdf_report import write_report
from ppei_tui.storage.store import load_session

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
DOCTOR = "\U0001f469\u200d\u2695\ufe0f"  # 👩‍⚕️ woman, ZWJ, medical symbol, emoji presentation
FLAG = "\U0001f1ec\U0001f1e7"  # 🇬🇧
THUMB = "\U0001f44d\U0001f3fd"  # 👍🏽


def report(tmp_path, clock, texts, cop=None):
    session = load_session(EXAMPLE)
    wall = session.notes[0].wall_time
    tags = [Tag("P", "Engaging")]
    session.notes = [Note(100 + i, t, wall, 60.0 * (i + 1), tags) for i, t in enumerate(texts)]
    if cop is not None:
        session.info.cop = cop
    result = write_report(session, EXAMPLE, tmp_path / "r.pdf", clock())
    return result, "".join(page.extract_text() for page in PdfReader(result.path).pages)


NO_SIGNS = load_fonts().font_for("\u241b") is None


@pytest.mark.skipif(NO_SIGNS, reason="needs a font with the U+2400 signs (Symbola)")
def test_control_characters_print_as_the_apps_signs_without_a_font_warning(tmp_path, clock):
    result, text = report(
        tmp_path,
        clock,
        ["Evil \x1b[31m red \x07 bell\tafter tab \x7f del \x9b c1", "שלום \x1b עולם"],
        cop="Evil\x1b]0;T\x07",
    )
    # pypdf starts a new line at each change of font (the signs come from the symbol font)
    assert "Evil␛[31mred␇bellaftertab␡del\ufffdc1" in "".join(text.split())
    assert "␛" in text.split("שלום")[1]  # kept in a right-to-left note (bidi rule X9 drops ESC)
    assert "[U+" not in text and "\x1b" not in text and "\x07" not in text
    assert result.missing_characters == {}
    assert not any("U+00" in warning for warning in result.warnings())
    # the page footer is drawn in one font, which has no ␛: caret notation, as a terminal shows it
    assert "ppei-tui · Evil^[]0;T^G" in text


def test_emoji_made_of_several_characters_are_found():
    assert emoji_sequences(f"{DOCTOR} doctor {FLAG}{FLAG} {THUMB} 1\ufe0f\u20e3 😊 ☺\ufe0f 2000 #P.eng") == [
        DOCTOR,
        FLAG,
        FLAG,
        THUMB,
        "1\ufe0f\u20e3",
    ]
    assert emoji_sequences("plain café, שלום, a\u200db, 😊") == []


def test_emoji_printed_as_their_parts_are_named_once_with_their_notes(tmp_path, clock):
    result, text = report(tmp_path, clock, [f"{DOCTOR} doctor", "no emoji", f"{DOCTOR} again {FLAG}"])
    emoji_warnings = [warning for warning in result.warnings() if "emoji" in warning]
    assert len(emoji_warnings) == 1
    warning = emoji_warnings[0]
    assert f"{DOCTOR} (the note at 0:01:00 and 1 more)" in warning
    assert f"{FLAG} (the note at 0:03:00)" in warning
    assert "Emoji printed as their\nparts" in text  # and in the provenance table
    assert "doctor" in text and "\U0001f469" in text  # the parts are still drawn
