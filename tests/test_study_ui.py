"""Pilot tests of the study view: mark a CoP in the sessions list, open the study, open a
meeting in review, write the study PDF from a worker."""

from __future__ import annotations

import stat

import pytest
from pypdf import PdfReader
from screen_text import screen_lines
from study_helpers import write_study_folder
from textual.widgets import DataTable

from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.review import ReviewScreen
from ppei_tui.ui.sessions import SessionsScreen
from ppei_tui.ui.study import StudyScreen, TrendChart

SIZE = (180, 60)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_study_of_the_board(pilot) -> StudyScreen:
    await settle(pilot)
    assert isinstance(pilot.app.screen, SessionsScreen)
    # Newest first: b.json (Governing Body) is highlighted; g marks both of its CoP's sessions.
    await pilot.press("g", "y")
    await settle(pilot)
    assert isinstance(pilot.app.screen, StudyScreen)
    return pilot.app.screen


async def test_mark_a_cop_open_the_study_and_a_meeting(config, store, hatfield):
    folder = write_study_folder(config.sessions_dir, hatfield)
    # `ppei review --as RB`: opening a meeting's review does not ask who is reviewing
    async with PpeiApp(config, store, start_in_review=True, reviewer="RB").run_test(size=SIZE) as pilot:
        screen = await open_study_of_the_board(pilot)
        assert [m.path.name for m in screen.study.meetings] == ["a.json", "b.json"]
        table = screen.query_one("#study-table", DataTable)
        shown = rows(table)
        assert [row[0] for row in shown] == ["2026-01-10", "2026-03-05"]
        assert shown[0][1:4] == ["Governing Body", "urban", "DH"]
        # a.json: P has 3 of 4 tags over 4 notes: share 75%, 75 per 100 notes, 3 tags.
        assert shown[0][7].split() == ["▆75%", "75", "3"]
        charts = screen.query(TrendChart)
        assert [c.key for c in charts] == ["P", "Mat", "C", "BE", "M"]
        await pilot.press("b")
        await pilot.pause()
        assert [str(c.label) for c in table.columns.values()][7:] == [
            "trust",
            "leadership",
            "learning",
            "partnership",
        ]
        await pilot.press("b")
        await pilot.pause()
        table.focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
        assert pilot.app.screen.path == folder / "b.json"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StudyScreen)


async def test_the_study_pdf_is_written_in_a_worker(config, store, hatfield):
    folder = write_study_folder(config.sessions_dir, hatfield)
    before = {p.name: p.read_bytes() for p in folder.glob("*.json")}
    async with PpeiApp(config, store, start_in_review=True).run_test(size=SIZE) as pilot:
        await open_study_of_the_board(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StudyScreen)
    output = folder / "study-2026-01-10-to-2026-03-05.pdf"
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(output).pages).split())
    assert "a.json" in text and "b.json" in text and "c.json" not in text
    assert {p.name: p.read_bytes() for p in folder.glob("*.json")} == before


async def test_nothing_marked_is_explained_and_only_unfinished_ones_are_counted(config, store, hatfield):
    write_study_folder(config.sessions_dir, hatfield)
    async with PpeiApp(config, store, start_in_review=True).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SessionsScreen)
        assert "Mark sessions" in str(list(pilot.app.notices)[-1].message)
        await pilot.press("down", "space", "y")  # d.json only: unfinished
        await settle(pilot)
        assert isinstance(pilot.app.screen, StudyScreen)
        assert [m.path.name for m in pilot.app.screen.study.meetings] == ["d.json"]
        assert "None of the marked sessions is finished" in " ".join(
            str(n.message) for n in pilot.app.notices
        )


@pytest.mark.parametrize("width", [80, 100])
async def test_the_list_and_study_footers_are_the_projects_and_whole(config, store, hatfield, width):
    """The session list and the study use KeyFooter (ui/footer.py) as the other screens do:
    at 80 and 100 columns Back (the list's Quit) and the list's own keys are drawn whole, none cut."""
    from textual.widgets import Footer

    from ppei_tui.ui.footer import KeyFooter

    write_study_folder(config.sessions_dir, hatfield)
    async with PpeiApp(config, store, start_in_review=True).run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        footers = []
        for _ in ("list", "study"):
            screen = pilot.app.screen
            assert not screen.query(Footer) and len(screen.query(KeyFooter)) == 1
            footers.append(screen_lines(pilot.app)[-1])
            await pilot.press("g", "y")
            await settle(pilot)
        # The list is `ppei review`'s first screen: its Esc leaves ppei (tests/test_screen_layout.py).
        assert " Quit" in footers[0] and " Search" in footers[0], footers[0]
        assert " Back" in footers[1] and " PDF" in footers[1], footers[1]
