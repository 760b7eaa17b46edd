"""A control character in a note's text (ESC from a hand-edited file, a draft, a paste) is kept
as typed but drawn as a visible sign (␛ for ESC), everywhere the app draws user text: written
raw, `ESC[2J` blanked the observe log and took review's header and list with it. Read from
the screen as drawn (each widget's rendered lines)."""

import json

from save_helpers import open_review
from save_helpers import settle_written as settle
from textual.geometry import Region

from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.note_input import on_screen
from ppei_tui.ui.note_log import NoteLog

EVIL = "evil \x1b[2J esc \x07bell \x7f \x9b31m"
SHOWN = "evil ␛[2J esc ␇bell ␡ �31m"


def screen_text(app) -> str:
    """What the top screen and every widget shown on it draw, line by line, through the public
    `Widget.render_lines` (as tests/test_user_text_drawn.py reads it), not Textual's compositor."""
    screen = app.screen
    widgets = [screen, *screen.query("*")]
    return "\n".join(
        strip.text
        for widget in widgets
        if widget.display and widget.outer_size.area
        for strip in widget.render_lines(Region(0, 0, *widget.outer_size))
    )


def has_controls(text: str) -> bool:
    return any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in text)


def test_on_screen_shows_every_control_character_as_one_visible_sign():
    assert on_screen(EVIL) == SHOWN
    assert on_screen("a\tb\r\nc") == "a b␍\nc"  # a line break is kept; the callers draw it
    assert len(on_screen(EVIL)) == len(EVIL)  # one code point each: cursor columns stay right


async def test_observe_draws_a_note_with_an_escape_visibly_and_stores_it_as_typed(app_for):
    app, path = app_for()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        pilot.app.screen.note_entered(EVIL)
        await settle(pilot)
        shown = screen_text(pilot.app)
        assert not has_controls(shown)
        assert "evil ␛[2J esc" in shown
        assert any("␛[2J" in e.body_text() for e in pilot.app.screen.query_one(NoteLog).entries)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert [n["text"] for n in read_tables(path)[0]["notes"].values()] == [EVIL]


async def test_review_draws_a_note_with_an_escape_visibly_in_list_and_detail(config, store, session_path):
    data = json.loads(session_path.read_text())
    first = min(data["notes"], key=int)
    data["notes"][first]["text"] = EVIL
    data["info"]["1"]["cop"] = "Governing \x1b[2J Body"
    session_path.write_text(json.dumps(data))
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_review(pilot)
        shown = screen_text(pilot.app)
        assert not has_controls(shown)
        assert shown.count("evil ␛[2J esc") >= 2, shown  # the list's row and the detail
        assert "Governing ␛[2J Body" in shown


async def test_the_edit_and_history_dialogs_draw_an_escape_visibly(config, store, session_path):
    data = json.loads(session_path.read_text())
    first = min(data["notes"], key=int)
    data["notes"][first]["text"] = EVIL
    session_path.write_text(json.dumps(data))
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_review(pilot)
        for key in ("enter", "h"):  # the edit dialog (its text field), then the note's history
            await pilot.press(key)
            await settle(pilot)
            shown = screen_text(pilot.app)
            assert not has_controls(shown), key
            assert "evil ␛[2J esc" in shown, key
            if key == "enter":
                assert pilot.app.screen.query_one("#edit-text").value == EVIL  # kept as typed
            await pilot.press("escape")
            await settle(pilot)


async def test_a_memo_and_the_sessions_list_draw_an_escape_visibly(config, store, session_path):
    from ppei_tui.ui.modals import MemoPrompt

    data = json.loads(session_path.read_text())
    data["info"]["1"]["cop"] = "Governing \x1b[2J Body"
    session_path.write_text(json.dumps(data))
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        shown = screen_text(pilot.app)  # the list of sessions
        assert not has_controls(shown) and "Governing ␛[2J Body" in shown
        pilot.app.push_screen(MemoPrompt("Memo", "memo \x1b[2J text"))
        await settle(pilot)
        shown = screen_text(pilot.app)
        assert not has_controls(shown) and "memo ␛[2J text" in shown
