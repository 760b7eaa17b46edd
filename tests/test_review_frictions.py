"""Review frictions found in real use (issue 11, "In review"), checked on the stored file."""

from test_review_ui import SIZE, app_for, open_review, settle, stored_note
from textual.widgets import Input, OptionList, Select

from ppei_tui.ui.edit import EditNoteScreen
from ppei_tui.ui.export_dialog import ExportDialog
from ppei_tui.ui.review_map import MapGrid
from ppei_tui.ui.review_widgets import NotesView
from ppei_tui.ui.sessions import SessionsScreen


async def test_t_accepts_the_readme_example_after_its_hash(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        await pilot.press("t", *"#val +trust", "enter")  # the prompt starts with "#": "##val"
        await settle(pilot)
    stored = stored_note(session_path, note.id)
    assert {"element": "M", "verb": "Valuing"} in stored["tags"] and "trust" in stored["practice_sets"]


async def test_counts_say_what_is_shown_and_how_many_are_deleted(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        total = len(screen.session.notes)
        await pilot.press("d")
        await settle(pilot)
        status = str(screen.query_one("#filter-status").render())
        assert status.startswith(f"{total - 1} of {total - 1} notes") and "1 deleted not shown" in status
        await pilot.press("x")
        await settle(pilot)
        status = str(screen.query_one("#filter-status").render())
        assert status.startswith(f"{total} of {total} notes") and "1 of them deleted" in status
    assert stored_note(session_path, 1)["deleted"] is True


async def test_focused_pane_has_a_border_and_f2_switches(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        notes, grid = screen.query_one(NotesView), screen.query_one(MapGrid)
        assert notes.has_focus and notes.styles.border_top[0] == "heavy"
        assert grid.styles.border_top[0] == "round" and "Map" in grid.border_title
        await pilot.press("f2")
        assert grid.has_focus and grid.styles.border_top[0] == "heavy"
        assert notes.styles.border_top[0] == "round"
        await pilot.press("f2")
        assert notes.has_focus


async def test_numbers_in_the_list_and_detail_and_the_cursor_never_under_a_scrollbar(
    config, store, session_path
):
    async with app_for(config, store).run_test(size=(120, 30)) as pilot:
        screen = await open_review(pilot)
        view = screen.query_one(NotesView)
        first = view.notes[0]
        line = view.render_line(0).text
        assert line.split()[:2] == ["▶", str(first.id)]  # the cursor's mark, then the number
        assert str(screen.query_one("#note-detail").render()).startswith(f"Note {first.id} ·")
        for key in ("end", "pageup", "down", "pagedown"):
            await pilot.press(key)
            visible = view.scrollable_content_region.height
            top = view.starts[view.cursor] - view.scroll_offset.y  # a row may take some lines
            bottom = view.starts[view.cursor + 1] - view.scroll_offset.y
            assert top >= 0 and bottom <= visible, key


async def test_edit_dialog_tab_moves_on_and_agenda_opens_on_first_enter(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("enter")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, EditNoteScreen)
        await pilot.press("tab")  # text field -> coding field
        assert dialog.focused.id == "edit-coding"
        await pilot.press("tab")  # nothing to complete (the coding ends in a space): moves on
        assert dialog.focused.id == "edit-agenda"
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.query_one("#edit-agenda", Select).expanded


async def test_f8_offers_formats_and_an_editable_path(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("f8")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        formats = dialog.query_one(OptionList)
        assert [formats.get_option_at_index(i).id for i in range(formats.option_count)][:2] == ["qdpx", "qdc"]
        path = dialog.query_one("#export-path", Input)
        assert path.value == str(session_path.with_name(session_path.stem + ".export.qdpx"))
        await pilot.press("down", "down")  # csv
        assert path.value == str(session_path.with_name(session_path.stem + ".export.csv"))
        await pilot.press("enter")  # to the path, which can be edited
        assert path.has_focus
        path.value = str(session_path.with_name("for-the-team.csv"))
        await pilot.press("enter")
        await settle(pilot)
    written = session_path.with_name("for-the-team.csv")
    assert written.read_text(encoding="utf-8-sig").splitlines()[0].startswith("session")
    assert not session_path.with_name(session_path.stem + ".export.csv").exists()


async def test_review_list_shows_a_broken_file_as_unreadable(config, store, session_path):
    broken = session_path.with_name("2026-10-15-broken.json")
    broken.write_text('{"notes": {"1": ', encoding="utf-8")
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one("#sessions-table")
        keys = [row.key.value for row in table.ordered_rows]
        [row_key] = [k for k in keys if k.endswith(broken.name)]
        cells = [str(c) for c in table.get_row(row_key)]
        assert broken.name in cells and any(c.startswith("unreadable: ") for c in cells)
        table.move_cursor(row=keys.index(row_key))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SessionsScreen)
        assert any("cannot be read" in title for _, title, _ in pilot.app.notices)
    assert broken.read_text(encoding="utf-8") == '{"notes": {"1": '
