"""At 100 columns nothing essential is cut (issue 11, newcomer trial): the observe footer keeps
End, Late arrival, Help and Quit in sight, the home headings wrap, and the session list shows
the highlighted session's file in full. Read off the screen as drawn."""

import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st
from screen_text import screen_lines
from test_help_keys import EXAMPLE, SECOND, settle

from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.session_columns import CUT, CUT_MIN, SORT_COLUMNS, WORD_MAX, WRAP_MIN, WRAPPED, fit_widths


@pytest.mark.parametrize("size", [(100, 30), (200, 50)])
async def test_the_observe_footer_keeps_the_essential_keys_in_sight(config, store, make_info, size):
    app = PpeiApp(config, store, store.create(make_info()), is_new=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        footer = screen_lines(app)[-1]
        for label in (
            "Tag",
            "Kind",
            "Seen/inferred",
            "Agenda",
            "Break",
            "Late arrival",
            "End",
            "Help",
            "Quit",
        ):
            assert f" {label}" in footer, (size, label, footer)
        if size[0] >= 120:  # with room, every key of an action and the rest of the actions
            assert "^t/F2 Tag" in footer and "PDF" in footer and "Export" in footer
        await pilot.press("f1")  # and F1 lists what the narrow footer leaves out
        await settle(pilot)
        listed = {key for line in app.screen.lines for key in line.keys}
        assert {"ctrl+p", "f7", "ctrl+s", "f8", "ctrl+k"} <= listed or {"ctrl+p", "ctrl+s"} <= listed


async def test_at_100_columns_the_review_footer_keeps_back_and_help(config, store):
    config.sessions_dir.mkdir(parents=True)
    shutil.copy(EXAMPLE, config.sessions_dir / EXAMPLE.name)
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        joined = "".join(line.strip() for line in lines)  # the label wraps a long path
        assert f"File:{config.sessions_dir / EXAMPLE.name}" in joined  # the file in full
        await pilot.press("enter")
        await settle(pilot)
        footer = screen_lines(app)[-1]
        assert " Back" in footer and " Help" in footer and " Edit" in footer, footer


async def test_at_100_columns_the_home_headings_are_whole(config, store):
    app = PpeiApp(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = " ".join(line.strip() for line in screen_lines(app))
        assert "Unfinished sessions (Ctrl+O, then Enter to resume)" in " ".join(text.split())


async def test_at_100_columns_the_session_list_shows_every_column(config, store, make_info):
    """The state column (and the file's) used to start past the 100th cell: long CoP and site
    names now wrap, the file name is cut with … (it is in full under the table)."""
    config.sessions_dir.mkdir(parents=True)
    shutil.copy(EXAMPLE, config.sessions_dir / EXAMPLE.name)
    shutil.copy(SECOND, config.sessions_dir / SECOND.name)
    unfinished = store.create(make_info(site="A very long site name, Upper Riverside (urban)"))
    unfinished.close()  # an unfinished session, not held by anyone
    (config.sessions_dir / "2026-10-15-broken.json").write_text('{"notes": {"1": ', encoding="utf-8")
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        assert all(len(line.rstrip()) <= 100 for line in lines)
        header = next(line for line in lines if " date " in line and " cop " in line)
        for name in ("date", "cop", "site", "observer", "duration", "notes", "state", "file"):
            assert f" {name}" in header, (name, header)
        state_at = header.index(" state") + 1
        below = lines[lines.index(header) + 1 :]
        states = [line[state_at:].split()[0] for line in below if line[state_at:].strip()]
        table = app.screen.query_one("#sessions-table")
        assert table.row_count == 4
        assert sorted(s for s in states if s in ("finished", "unfinished", "unreadable")) == [
            "finished",
            "finished",
            "unfinished",
            "unreadable",
        ]
        joined = " ".join(line.strip() for line in lines)
        assert "Communications" in joined and "Strategy Group" in joined  # the name wrapped, whole
        await pilot.resize_terminal(200, 40)  # wider: every value on one line, the file whole
        await settle(pilot)
        wide = " ".join(screen_lines(app))
        assert "Communications Strategy Group" in wide and SECOND.name in wide


@given(
    natural=st.fixed_dictionaries({name: st.integers(1, 80) for name in ["mark", *SORT_COLUMNS]}),
    room=st.integers(20, 300),
)
def test_fitted_columns_fill_no_more_than_the_room_when_their_minimums_fit(natural, room):
    widths = fit_widths(natural, room, {name: natural[name] for name in WRAPPED})
    least = {n: min(natural[n], max(WRAP_MIN, min(natural[n], WORD_MAX))) for n in WRAPPED}
    fixed = sum(w for n, w in natural.items() if n not in WRAPPED and n != CUT)
    if fixed + sum(least.values()) + min(natural[CUT], CUT_MIN) <= room:
        assert sum(widths.values()) <= room
    assert all(least[n] <= widths[n] <= natural[n] for n in WRAPPED)
    assert widths[CUT] <= natural[CUT] and all(
        widths[n] == natural[n] for n in natural if n not in (*WRAPPED, CUT)
    )
    if sum(natural.values()) <= room:
        assert widths == natural
