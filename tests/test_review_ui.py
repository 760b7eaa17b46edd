"""Pilot tests of reviewing past sessions, checked against the stored session file."""

import json

from conftest import EXAMPLE  # noqa: F401 - other test files import it from here
from rich.console import Console
from save_helpers import open_review
from save_helpers import settle_written as settle

from ppei_tui.domain.mapping import session_map
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import load_session
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.review_map import MapGrid
from ppei_tui.ui.review_widgets import NotesView
from ppei_tui.ui.sessions import CompareScreen, SessionsScreen

SIZE = (160, 50)


def stored_note(path, note_id):
    return read_tables(path)[0]["notes"][str(note_id)]


def app_for(config, store):
    return PpeiApp(config, store, start_in_review=True, reviewer="RB")


async def test_filter_and_map_cell_show_a_verbs_evidence(config, store, session_path):
    evidence = session_map(load_session(session_path)).evidence[("Mat", "Reporting")]
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        notes = screen.query_one(NotesView)
        assert len(notes.notes) == 60
        await pilot.press("ctrl+f", *"#mat.rep")
        await settle(pilot)  # the filter is matched in a worker
        assert [n.id for n in notes.notes] == [n.id for n in evidence]
        await pilot.press("ctrl+f", "ctrl+u", *"#BE d", "enter")  # typing `d` in the filter deletes nothing
        await settle(pilot)
        assert all(not n.deleted for n in screen.session.notes)
        grid = screen.query_one(MapGrid)
        grid.focus()
        grid.move_cursor(row=1, column=1)  # Materiality · Reporting
        await pilot.press("enter")  # the one keystroke
        await settle(pilot)
        assert screen.query_one("#filter").value == "#Mat.reporting"
        assert [n.id for n in notes.notes] == [n.id for n in evidence]
        assert grid.cells[1][1] == ("Mat", "Reporting")


async def test_edit_text_and_coding_keeps_history(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        original = note.text
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("end", *" (fixed typo)", "tab")
        await pilot.press("ctrl+u", *"#Mat.reporting +trust @hazel !q !i ")
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = stored_note(session_path, note.id)
    assert stored["text"] == original + " (fixed typo)"
    assert stored["tags"] == [{"element": "Mat", "verb": "Reporting"}]
    assert stored["practice_sets"] == ["trust"] and stored["speaker"] == "Hazel"
    assert (stored["kind"], stored["evidence"]) == ("quote", "inferred")
    fields = [h["field"] for h in stored["history"]]
    assert fields[0] == "text" and "tags" in fields and all(h["by"] == "RB" for h in stored["history"])
    assert stored["history"][0]["before"] == original


async def test_tag_with_live_syntax_delete_and_undo(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        await pilot.press("t", *"val", "tab", "enter")  # completion: #val -> #valuing
        await settle(pilot)
        assert stored_note(session_path, note.id)["tags"][-1] == {"element": "M", "verb": "Valuing"}
        await pilot.press("d")
        await settle(pilot)
        assert stored_note(session_path, note.id)["deleted"] is True
        assert note not in screen.query_one(NotesView).notes
        await pilot.press("u")
        await settle(pilot)
    stored = stored_note(session_path, note.id)
    assert stored["deleted"] is False
    assert [h["field"] for h in stored["history"]] == ["tags", "deleted", "deleted"]


async def test_memos_on_a_note_and_the_session(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = screen.query_one(NotesView).current
        # Memos take several lines: Enter starts a new one, Ctrl+S saves.
        await pilot.press("m", *"Seating keeps lay members apart", "enter", *"by the door", "ctrl+s")
        await pilot.press("M", *"Whole meeting turned on the story", "ctrl+s")
        await settle(pilot)
        assert "Seating keeps lay members apart" in str(screen.query_one("#memos").render())
        await pilot.press("h")
        await pilot.pause()
        assert "Seating keeps" in str(pilot.app.screen.query_one("Static").render())
    memos = list(read_tables(session_path)[0]["memos"].values())
    assert [(m["text"], m["note_id"], m["by"]) for m in memos] == [
        ("Seating keeps lay members apart\nby the door", note.id, "RB"),
        ("Whole meeting turned on the story", None, "RB"),
    ]


async def test_memos_can_be_edited_deleted_and_restored_with_history(config, store, session_path, clock):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("M", *"Money talk is led by lay members", "ctrl+s")
        await settle(pilot)
        clock.advance(60)
        await pilot.press("e")  # the list of memos; Enter edits the highlighted one
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("end", *", not the GPs", "ctrl+s")
        await settle(pilot)
        assert "not the GPs" in str(screen.query_one("#memos").render())
        await pilot.press("e", "d")  # delete it
        await settle(pilot)
        assert str(screen.query_one("#memos").render()) == ""
        stored = read_tables(session_path)[0]["memos"]["1"]
        assert stored["deleted"] is True
        await pilot.press("u")  # and bring it back
        await settle(pilot)
    memo = read_tables(session_path)[0]["memos"]["1"]
    assert memo["text"] == "Money talk is led by lay members, not the GPs"
    assert memo["deleted"] is False
    at = "2026-11-22T10:01:00+00:00"
    assert memo["history"] == [
        {
            "at": at,
            "by": "RB",
            "field": "text",
            "before": "Money talk is led by lay members",
            "after": memo["text"],
        },
        {"at": at, "by": "RB", "field": "deleted", "before": False, "after": True},
        {"at": at, "by": "RB", "field": "deleted", "before": True, "after": False},
    ]


async def test_search_sort_and_compare(config, store, session_path):
    other = session_path.with_name("2026-11-20-governing-body-other.json")
    data = read_tables(session_path)[0]
    data["info"]["1"].update(id="f" * 32, site="Hillside (rural)", date="2026-11-20")
    data["notes"] = {k: v for k, v in data["notes"].items() if int(k) <= 20}
    other.write_text(json.dumps(data))
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        table = screen.query_one("#sessions-table")
        assert table.row_count == 2
        await pilot.press("ctrl+f", *"hillside", "enter")
        assert table.row_count == 1
        await pilot.press("ctrl+f", "ctrl+u", "enter")
        await pilot.press("space", "down", "space", "c")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CompareScreen)
        console = Console(record=True, width=200)
        console.print(pilot.app.screen.comparison)
        text = console.export_text()
        assert "A = Governing Body Riverside CCG (urban) 2026-10-14" in text and "Seen only in A" in text
        assert "B = Governing Body Hillside (rural) 2026-11-20" in text


async def test_a_session_being_recorded_opens_read_only(config, store, session_path):
    holder = store.open(session_path)
    try:
        async with app_for(config, store).run_test(size=SIZE) as pilot:
            screen = await open_review(pilot)
            assert screen.opened is None
            await pilot.press("d")
            await settle(pilot)
            assert any("Read-only" in message for _, _, message in pilot.app.notices)
            before = session_path.read_bytes()
            await pilot.press("f8", "end", "enter", "enter")  # reading is enough to export
            await settle(pilot)
            assert session_path.read_bytes() == before
    finally:
        holder.close()
    assert all(not n.deleted for n in load_session(session_path).notes)
    assert "## Welcome and apologies" in session_path.with_name(session_path.stem + ".export.md").read_text()


async def test_export_from_review(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("f8", "end", "enter", "enter")
        await settle(pilot)
    assert "## Welcome and apologies" in session_path.with_name(session_path.stem + ".export.md").read_text(
        encoding="utf-8"
    )


async def test_a_file_broken_since_listing_is_explained_and_left_alone(config, store, session_path):
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        await settle(pilot)
        session_path.write_text('{"notes": {"1": ')  # damaged after the list was read
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SessionsScreen) and pilot.app.is_running
        [(severity, message)] = [
            (sev, msg) for sev, title, msg in pilot.app.notices if title == "Could not open"
        ]
        assert session_path.name in message and severity == "error"
    assert session_path.read_text() == '{"notes": {"1": '
