"""Keys typed straight after an Enter that moves the focus, in one burst, go where the focus
went, in order (hostile sweep: "#mat.rep⏎d" in the review filter put the d in the filter).

The burst is made as a terminal makes it (see test_ordered_input): every key is posted to the
App before any is handled; pilot.press() waits after each key and would hide the bug."""

import shutil
import threading
from pathlib import Path

from save_helpers import open_dialog
from test_review_filtering import until
from test_review_ui import EXAMPLE, SIZE, app_for, open_review, settle
from textual import events
from textual.widgets import DataTable, Input

from ppei_tui.domain.mapping import session_map
from ppei_tui.domain.review_filter import filter_notes
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import load_session
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.edit import EditNoteScreen
from ppei_tui.ui.review_widgets import NotesView

CHARACTERS = {"space": " ", "enter": "\r", "backspace": None, "end": None, "ctrl+s": None, "down": None}


async def burst(pilot, *keys: str) -> None:
    """Post every key to the App before any is handled, then let them all be handled."""
    for name in keys:
        pilot.app.post_message(events.Key(name, CHARACTERS.get(name, name)))
    await settle(pilot)


def stored_notes(path: Path) -> dict[str, dict]:
    return read_tables(path)[0]["notes"]


def evidence_ids(path: Path) -> list[int]:
    return sorted(n.id for n in session_map(load_session(path)).evidence[("Mat", "Reporting")])


async def test_a_key_after_enter_in_the_filter_goes_to_the_filtered_list(config, store, session_path):
    first = evidence_ids(session_path)[0]
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("ctrl+f")
        await burst(pilot, *"#mat.rep", "enter", "d")  # filter, back to the list, delete
        assert screen.query_one("#filter", Input).value == "#mat.rep"
        assert screen.query_one(NotesView).has_focus
    notes = stored_notes(session_path)
    assert [int(i) for i, note in notes.items() if note.get("deleted")] == [first]


async def test_keys_after_enter_wait_for_a_slow_filter_then_act_on_its_rows(config, store, session_path):
    """The list shows the old rows until the filter's worker answers: "d" must not delete the
    old list's first note, it waits for the filtered rows (the filter held back here)."""
    evidence = evidence_ids(session_path)
    gate, entered = threading.Event(), threading.Event()

    def slow_for_rep(request, cancelled):
        if request.text == "#mat.rep":
            entered.set()
            assert gate.wait(20)
        return filter_notes(request, cancelled)

    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        unfiltered_first = screen.query_one(NotesView).current.id
        assert unfiltered_first not in evidence  # else this test could not tell the two apart
        screen.matcher = slow_for_rep
        await pilot.press("ctrl+f")
        try:
            for name in (*"#mat.rep", "enter", "down", "d"):
                pilot.app.post_message(events.Key(name, CHARACTERS.get(name, name)))
            await until(pilot, entered.is_set)
            await pilot.pause(0.1)
            assert pilot.app.keys_held() and screen.filter_pending  # waiting, nothing done yet
            assert pilot.app.keys_waiting() == 2  # down and d
        finally:
            gate.set()
        await until(pilot, lambda: not pilot.app.keys_held() and not screen.filter_pending)
        await settle(pilot)
    notes = stored_notes(session_path)
    assert [int(i) for i, note in notes.items() if note.get("deleted")] == [evidence[1]]  # ↓ then d


async def test_keys_after_enter_in_the_session_search_go_to_the_table(config, store, session_path):
    other = session_path.with_name("2026-10-21-communications-strategy-group-example.json")
    shutil.copy(EXAMPLE.with_name(other.name), other)
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        await pilot.press("ctrl+f")
        await burst(pilot, *"communications", "enter", "space")  # search, to the table, mark it
        assert screen.query_one("#search", Input).value == "communications"
        table = screen.query_one(DataTable)
        assert table.has_focus and table.row_count == 1
        assert screen.marked == {str(other)}


async def test_keys_after_enter_in_the_edit_dialog_go_to_the_next_field(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        original = note.text
        await open_dialog(pilot, "enter", EditNoteScreen)
        await burst(pilot, "end", *" (checked)", "enter", "end", *" #val", "ctrl+s")
        await settle(pilot)
    stored = stored_notes(session_path)[str(note.id)]
    assert stored["text"] == original + " (checked)"
    assert {"element": "M", "verb": "Valuing"} in stored["tags"]


async def test_keys_after_enter_in_the_home_form_go_to_the_next_field(config, store):
    """'Governing Body⏎Riverside⏎' in one burst (a text expander): each in its own field."""
    app = PpeiApp(config, store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        screen.query_one("#cop", Input).focus()
        await pilot.pause()
        await burst(pilot, *"Governing Body", "enter", *"Riverside", "enter", *"2026-11-21", "enter")
        assert screen.query_one("#cop", Input).value == "Governing Body"
        assert screen.query_one("#site", Input).value == "Riverside"
        assert screen.query_one("#date", Input).value == "2026-11-21"  # in place of today's, as typed slowly
        assert screen.query_one("#observer", Input).has_focus
