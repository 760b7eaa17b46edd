"""Screen layout at 80x24 to 200x50 (breaker22 item 12): every dialog drawn centred, the session
list's [COPY] warning whole at every width, review's title kept to two lines, and Esc on the
first screen opened from the command line leaving the app. Read off the screen as drawn."""

from __future__ import annotations

import json
import shutil

import pytest
from save_helpers import open_dialog, open_review, settle
from screen_text import screen_lines
from test_help_keys import EXAMPLE, SECOND
from test_shade_bands import config_in, shading_large
from textual.widgets import DataTable

from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.help import KeysHelp
from ppei_tui.ui.home import HomeScreen
from ppei_tui.ui.modals import MemoPrompt
from ppei_tui.ui.review import ReviewScreen
from ppei_tui.ui.review_widgets import NotesView
from ppei_tui.ui.sessions import SessionsScreen
from ppei_tui.ui.shade import ShadeHelp
from ppei_tui.ui.unsaved import UnsavedDialog

SIZES = [(80, 24), (100, 30), (200, 50)]


def margins(app, box_id: str, words: str) -> tuple[int, int, int, int]:
    """Cells left, right, above and below the dialog box `box_id` on the screen, checking that
    `words` are drawn inside it."""
    box = app.screen.query_one(box_id).region
    lines = screen_lines(app)
    row = next(i for i, line in enumerate(lines) if words in line)
    assert box.y <= row < box.bottom and box.x < lines[row].index(words) < box.right, (box, lines)
    return box.x, app.size.width - box.right, box.y, app.size.height - box.bottom


@pytest.mark.parametrize("size", SIZES)
async def test_the_memo_question_before_closing_is_drawn_centred(config, store, session_path, size):
    async with PpeiApp(config, store, start_in_review=True, reviewer="RB").run_test(size=size) as pilot:
        await open_review(pilot)
        await open_dialog(pilot, "m", MemoPrompt, *"Chair reframes the deficit")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog)
        left, right, above, below = margins(pilot.app, "#unsaved-box", "Before you close it:")
        assert left > 0 and above > 0, (left, above)  # not in the top-left corner
        assert abs(left - right) <= 1 and abs(above - below) <= 1, (left, right, above, below)


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_the_help_of_ppei_shade_is_drawn_centred(tmp_path, clock, size):
    with shading_large(config_in(tmp_path, clock)) as (app, _):
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, ShadeHelp)
            left, right, above, below = margins(app, "#help", "Esc to close")
            assert abs(left - right) <= 1 and abs(above - below) <= 1, (left, right, above, below)


async def test_esc_on_the_session_list_opened_by_ppei_review_leaves_the_app(config, store, session_path):
    async with PpeiApp(config, store, start_in_review=True, reviewer="RB").run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, SessionsScreen)
        assert "esc Quit" in screen_lines(pilot.app)[-1]  # the footer says what Esc does
        await pilot.press("escape")
        await settle(pilot)
        assert not pilot.app.is_running
        assert not any(isinstance(screen, HomeScreen) for screen in pilot.app.screen_stack)


async def test_ppei_review_file_then_esc_twice_shows_the_list_then_leaves(config, store, session_path):
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB", review_path=session_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SessionsScreen) and app.is_running
        await pilot.press("escape")
        await settle(pilot)
        assert not app.is_running


async def test_esc_on_the_session_list_opened_from_home_goes_back_home(config, store, session_path):
    async with PpeiApp(config, store, reviewer="RB").run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SessionsScreen)
        assert "esc Back" in screen_lines(pilot.app)[-1]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen) and pilot.app.is_running


async def test_the_copy_warning_is_whole_at_every_width_from_80_to_200(config, store):
    """Two files holding one session: each row's [COPY] is drawn whole, the table within the
    screen, at every width (it was cut to "[CO…" at 130 columns and off screen at 80); the
    columns left out when narrow (file, duration) are under the table for the highlighted row."""
    config.sessions_dir.mkdir(parents=True)
    for name in (EXAMPLE.name, SECOND.name, "csg-copy.json"):
        shutil.copy(SECOND if name != EXAMPLE.name else EXAMPLE, config.sessions_dir / name)
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        for width in [*range(80, 201, 5), 81, 99, 101, 129, 131]:
            await pilot.resize_terminal(width, 30)
            await settle(pilot)
            lines = screen_lines(app)
            assert all(len(line.rstrip()) <= width for line in lines)
            table = app.screen.query_one(DataTable).region
            drawn = lines[table.y : table.bottom]
            assert sum(line.count("[COPY]") for line in drawn) == 2, (width, drawn)
            below = " ".join(line.strip() for line in lines[table.bottom :])
            if " duration" not in drawn[0]:
                assert " · duration 0:30:30" in below, (width, below)  # the highlighted copy's


LONG_COP = (
    "North Riverside and Upper Valley Clinical Commissioning Group Primary Care Communities of "
    "Practice Steering Forum"
)


async def review_rows(config, store, size, cop: str | None) -> tuple[int, list[str], str]:
    """(rows of the notes list, the title's lines as drawn, F1's words) reviewing the example
    session, its CoP renamed `cop`."""
    path = config.sessions_dir / EXAMPLE.name
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    if cop is not None:
        data["info"]["1"]["cop"] = cop
    path.write_text(json.dumps(data), encoding="utf-8")
    return await review_rows_of_the_file(config, store, size)


async def review_rows_of_the_file(config, store, size) -> tuple[int, list[str], str]:
    async with PpeiApp(config, store, start_in_review=True, reviewer="RB").run_test(size=size) as pilot:
        screen = await open_review(pilot)
        title = screen.query_one("#title").region
        lines = screen_lines(pilot.app)[title.y : title.bottom]
        rows = screen.query_one(NotesView).content_region.height
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(pilot.app.screen, KeysHelp)
        words = " ".join(str(pilot.app.screen.query_one("#help-text").render()).split())
    return rows, [line.strip() for line in lines], words


@pytest.mark.parametrize("size", SIZES)
async def test_a_long_cop_name_takes_at_most_two_title_lines_in_review(config, store, size):
    config.sessions_dir.mkdir(parents=True)
    rows, _, _ = await review_rows(config, store, size, None)  # "Governing Body"
    long_rows, title, help_words = await review_rows(config, store, size, LONG_COP)
    assert len(title) <= 2 and long_rows == rows, (title, long_rows, rows)
    assert title[0].startswith("Review: North Riverside")
    if size[0] < 200:
        assert "…" in title[0] and title[-1].endswith("reviewing as RB"), title
    assert LONG_COP in help_words  # the whole name, in F1's help


async def test_a_read_only_review_keeps_its_warning_in_a_cut_title(config, store):
    config.sessions_dir.mkdir(parents=True)
    await review_rows(config, store, (80, 24), LONG_COP)  # writes the session file
    holder = store.open(config.sessions_dir / EXAMPLE.name)  # open in another ppei: read-only here
    try:
        _, title, _ = await review_rows_of_the_file(config, store, (80, 24))
    finally:
        holder.close()
    assert len(title) == 2 and title[1].startswith("[read-only: open in another ppei]"), title


@pytest.mark.parametrize(
    ("key", "box", "words"),
    [
        ("f1", "#help", "Help: Reviewing a session"),
        ("enter", "#edit-box", "Note 1 at 0:00:30"),
        ("f8", "#export-box", "Export"),
        ("m", "#memo-box", "Memo on note"),
        ("h", "#history", "No changes since it was typed"),
    ],
)
async def test_review_dialogs_fit_within_80_columns(config, store, session_path, key, box, words):
    """Help, the editor and the memo list were 96 cells wide at least, the export dialog 90:
    at 80 columns their right side, with its border and text, was off the screen."""
    async with PpeiApp(config, store, start_in_review=True, reviewer="RB").run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        await pilot.press(key)
        await settle(pilot)
        left, right, above, below = margins(pilot.app, box, words)
        assert left >= 0 and right >= 0 and abs(left - right) <= 1, (left, right)


async def test_the_export_dialog_shows_its_path_and_hint_at_80x24(config, store, session_path):
    async with PpeiApp(config, store, start_in_review=True, reviewer="RB").run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        await pilot.press("f8")
        await settle(pilot)
        box = pilot.app.screen.query_one("#export-box").region
        lines = screen_lines(pilot.app)[box.y : box.bottom]
        path = pilot.app.screen.query_one("#export-path").region
        assert box.y <= path.y and path.bottom <= box.bottom, (path, box)  # the path's whole box
        assert any(str(config.sessions_dir)[:40] in line for line in lines), lines  # the path, drawn
        assert any("Esc cancels" in line for line in lines), lines
