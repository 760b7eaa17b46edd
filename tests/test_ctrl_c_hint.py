"""Ctrl+C in observe says how to quit (breaker22 item 12)."""

from __future__ import annotations

from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.app import PpeiApp


async def test_ctrl_c_in_the_note_with_nothing_selected_names_the_quit_key(config, store, make_info):
    """breaker22 item 12: Ctrl+C in observe did nothing and said nothing (the note input binds
    it to copy, before Textual's own 'press Ctrl+Q to quit' hint)."""
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.pause()
        await pilot.press(*"half a note", "ctrl+c")
        await pilot.pause()
        assert [(n.title, n.message) for n in pilot.app.notices][-1] == (
            "Do you want to quit?",
            "Press ^q to quit the app",
        )
        assert pilot.app.is_running and pilot.app.screen.query_one("NoteInput").text == "half a note"
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)
    assert [n["text"] for n in read_tables(opened.path)[0]["notes"].values()] == ["half a note"]
