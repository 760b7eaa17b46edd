"""Review keys typed in one burst after a key that opens a dialog, moves the focus or filters
go where a slow typist's would, in order (hostile sweep: 'Enter d' on a map verb deleted the
old row's note; 'C-f dog⏎' left the filter empty and d, o, Enter acted on the list; 'm quick
memo burst C-s' saved 'memo burst'; 'Enter xyz' on a row lost 'xyz'). Every check is on the
stored session file.

The burst is made as a terminal makes it (see test_ordered_input): every key is posted to the
App before any is handled; pilot.press() waits after each key and would hide the bug."""

import json
import shutil

from save_helpers import open_review
from save_helpers import settle_written as settle
from test_review_ui import EXAMPLE, SIZE, app_for
from textual import events
from textual.widgets import Input

from ppei_tui.domain.mapping import session_map
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import load_session
from ppei_tui.ui.review import ReviewScreen
from ppei_tui.ui.review_map import MapGrid
from ppei_tui.ui.review_widgets import NotesView
from ppei_tui.ui.sessions import SessionsScreen

NAMED = {"enter": "\r", "ctrl+s": None, "ctrl+f": None, "f2": None, "down": None, "escape": "\x1b"}


async def burst(pilot, *parts: str) -> None:
    """Post every key to the App before any is handled (a part that is a key name is that key,
    any other is typed letter by letter), then let them all be handled."""
    for part in parts:
        names = [part] if part in NAMED else ["space" if c == " " else c for c in part]
        for name in names:
            pilot.app.post_message(events.Key(name, NAMED.get(name, " " if name == "space" else name)))
    for _ in range(4):
        await pilot.pause(0.05)
        await settle(pilot)


def tables(path):
    return read_tables(path)[0]


def deleted(path) -> list[int]:
    return [int(i) for i, note in tables(path)["notes"].items() if note.get("deleted")]


async def note_three(pilot, screen) -> int:
    await pilot.press("down", "down")
    await settle(pilot)
    return screen.query_one(NotesView).current.id


async def on_map_cell(pilot, screen, key) -> None:
    await pilot.press("f2")
    await settle(pilot)
    grid = screen.query_one(MapGrid)
    assert grid.has_focus
    for row, cells in enumerate(grid.cells):
        for column, cell in enumerate(cells):
            if cell == key:
                grid.move_cursor(row=row, column=column)
                await settle(pilot)
                return
    raise AssertionError(f"{key} not on the map")


async def test_enter_d_on_a_map_verb_deletes_a_note_of_that_verb_not_the_old_row(config, store, session_path):
    evidence = [n.id for n in session_map(load_session(session_path)).evidence[("Mat", "Reporting")]]
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        third = await note_three(pilot, screen)
        assert third not in evidence  # else this test could not tell the two apart
        await on_map_cell(pilot, screen, ("Mat", "Reporting"))
        await burst(pilot, "enter", "d")
        assert screen.query_one("#filter", Input).value == "#Mat.reporting"
    [gone] = deleted(session_path)
    assert gone != third and gone in evidence  # a note of the verb chosen, not the old row


async def test_enter_d_on_a_verb_of_no_notes_deletes_nothing(config, store, session_path):
    data = json.loads(session_path.read_text(encoding="utf-8"))
    for note in data["notes"].values():  # no note left of Materiality · Reporting
        note["tags"] = [t for t in note["tags"] if (t["element"], t["verb"]) != ("Mat", "Reporting")]
    session_path.write_text(json.dumps(data), encoding="utf-8")
    assert not session_map(load_session(session_path)).evidence.get(("Mat", "Reporting"))
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await note_three(pilot, screen)
        await on_map_cell(pilot, screen, ("Mat", "Reporting"))
        await burst(pilot, "enter", "d")
        assert screen.query_one("#filter", Input).value == "#Mat.reporting"
        assert screen.query_one(NotesView).notes == []
    assert deleted(session_path) == []


async def test_ctrl_f_dog_enter_in_one_burst_filters_by_dog(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await burst(pilot, "ctrl+f", "dog", "enter")
        assert screen.query_one("#filter", Input).value == "dog"
        assert screen.query_one(NotesView).has_focus
        assert pilot.app.screen is screen  # Enter did not open the edit dialog
    assert deleted(session_path) == []


async def test_ctrl_f_in_the_session_list_takes_the_search_typed_after_it(config, store, session_path):
    other = session_path.with_name("2026-10-21-communications-strategy-group-example.json")
    shutil.copy(EXAMPLE.with_name(other.name), other)
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SessionsScreen)
        await burst(pilot, "ctrl+f", "café", "enter", "enter")
        assert screen.query_one("#search", Input).value == "café"
        assert pilot.app.screen is screen  # no session matches: the second Enter opened none


async def test_a_memo_typed_in_one_burst_is_stored_whole(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        await burst(pilot, "m", "quick memo burst", "ctrl+s")
        assert isinstance(pilot.app.screen, ReviewScreen)
    memos = list(tables(session_path)["memos"].values())
    assert [(m["text"], m["note_id"]) for m in memos] == [("quick memo burst", note.id)]
    assert deleted(session_path) == []


async def test_text_typed_straight_after_enter_on_a_row_goes_into_the_edit_dialog(
    config, store, session_path
):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        original = note.text
        await burst(pilot, "enter", "xyz", "ctrl+s")
        assert pilot.app.screen is screen
    assert tables(session_path)["notes"][str(note.id)]["text"] == original + "xyz"
