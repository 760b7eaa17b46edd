"""The note log of a resumed session: the newest entries are measured before the first frame,
the older ones by a worker after it; the layout it ends with is the one a full measure gives."""

from __future__ import annotations

import threading

from ppei_tui.domain.session import Note, Tag
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.note_log import Columns, Measured, NoteLog

SIZE = (100, 30)
LONG = "The chair reads the finance paper aloud, page by page, while the lay members wait " * 2


def resumed_app(config, store, make_info, clock, notes: int) -> PpeiApp:
    opened = store.create(make_info())
    for number in range(1, notes + 1):
        text = LONG if number % 3 == 0 else f"note {number}"  # one, two or three lines
        tags = [Tag("P", "Engaging")] * (number % 2)
        opened.save_note(Note(number, text, clock().isoformat(), float(number), tags))
    path = opened.path
    opened.close()
    return PpeiApp(config, store, store.open(path), is_new=False)


def measured_in_full(log: NoteLog) -> list[int]:
    """Every entry's height as a full synchronous layout at the log's width gives it."""
    columns = Columns.for_width(log._width(), log.largest_id)
    return [columns.height(entry) for entry in log.entries]


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_older_entries_are_measured_after_the_first_frame_and_end_exact(
    config, store, make_info, clock, monkeypatch
):
    monkeypatch.setattr(NoteLog, "MEASURED_AT_ONCE", 8)
    started: list[int] = []
    real = NoteLog._measure_in_worker
    monkeypatch.setattr(
        NoteLog, "_measure_in_worker", lambda log, *a: started.append(len(a[2])) or real(log, *a)
    )
    app = resumed_app(config, store, make_info, clock, 40)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        log = app.screen.query_one(NoteLog)
        # The older of the 40 notes shown went to the worker (the session's first markers,
        # logged after them, were measured as they came: the log was laid out already).
        assert started == [40 - 8]
        assert log.estimated == 0
        assert log.heights == measured_in_full(log)
        assert log.virtual_size.height == sum(log.heights) > len(log.entries)  # some wrapped
        assert log.scroll_offset.y == log.max_scroll_y  # the newest note is in view
        assert log.entry_lines("40")[0].lstrip().startswith("40 ")


async def test_an_entry_changed_while_the_worker_read_it_keeps_its_new_height(
    config, store, make_info, clock, monkeypatch
):
    monkeypatch.setattr(NoteLog, "MEASURED_AT_ONCE", 5)
    app = resumed_app(config, store, make_info, clock, 20)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        log = app.screen.query_one(NoteLog)
        log._layout()  # laid out again: a report for entries 0..14 is due
        older = log.entries[: log.estimated]
        heights = [log.columns.height(e) for e in older]
        report = Measured(log.layout_number, log.columns, older, heights, [e.version for e in older])
        note = app.screen.session.note(1)  # one line when the worker read it
        note.text = LONG
        log.show_note(note, "pending")
        log.apply_measured(report)
        assert log.heights == measured_in_full(log)
        assert log.heights[log.positions["1"]] > 1
        stale = Measured(log.layout_number - 1, log.columns, older[:3], [9] * 3, [0] * 3)
        log.apply_measured(stale)  # from a layout replaced since: dropped
        assert log.heights == measured_in_full(log)
        await settle(pilot)
        assert log.heights == measured_in_full(log)


async def test_a_failing_layout_worker_is_reported_and_the_app_carries_on(
    config, store, make_info, clock, monkeypatch
):
    monkeypatch.setattr(NoteLog, "MEASURED_AT_ONCE", 5)
    real_height = Columns.height

    def height(columns, entry):
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("cannot measure")
        return real_height(columns, entry)

    monkeypatch.setattr(Columns, "height", height)
    app = resumed_app(config, store, make_info, clock, 20)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.is_running
        assert any("Could not lay out" in n.title and "cannot measure" in n.message for n in app.notices)
        log = app.screen.query_one(NoteLog)
        assert log.entry_lines("20")[0].lstrip().startswith("20 ")  # the newest notes still show
        await pilot.press(*"still typing", "enter")
        await settle(pilot)
        assert app.screen.session.notes[-1].text == "still typing"


async def test_a_note_inserted_among_the_entries_being_measured_moves_them_with_their_heights(
    config, store, make_info, clock, monkeypatch
):
    """A restored draft goes inside the log (show_note before=); a report that arrives after it
    still gives each entry its own height."""
    monkeypatch.setattr(NoteLog, "MEASURED_AT_ONCE", 5)
    app = resumed_app(config, store, make_info, clock, 20)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        log = app.screen.query_one(NoteLog)
        log._layout()
        older = log.entries[: log.estimated]
        heights = [log.columns.height(e) for e in older]
        report = Measured(log.layout_number, log.columns, older, heights, [e.version for e in older])
        inserted = Note(99, LONG, clock().isoformat(), 0.5)
        log.show_note(inserted, "pending", before=older[1].key)  # everything after it moves down
        log.apply_measured(report)
        assert [e.key for e in log.entries[:3]] == [older[0].key, "99", older[1].key]
        assert log.heights == measured_in_full(log)
