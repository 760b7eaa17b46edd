"""Pilot tests of the meeting as it happened: agenda sequence, resume timing, attendee reading."""

import json

from save_helpers import settle_written as settle

from ppei_tui.storage.store import load_session
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.home import HomeScreen
from ppei_tui.ui.observe import ObserveScreen
from ppei_tui.ui.status_bar import StatusBar

SIZE = (150, 45)


def log_texts(screen) -> list[str]:
    return [entry.body_text() for entry in screen.query_one("#note-log").entries]


async def test_after_an_unplanned_item_enter_takes_up_the_next_planned_one(config, store, make_info):
    opened = store.create(make_info(agenda=["A1", "A2", "A3"]))
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g", "ctrl+u", *"Surprise item", "enter")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert pilot.app.screen.query_one("#prompt-input").value == "A2"
        await pilot.press("enter", "ctrl+g", "enter")
        await settle(pilot)
        assert "A3" in pilot.app.screen.query_one(StatusBar).agenda
    session = load_session(opened.path)
    assert [e.detail for e in session.events if e.type == "agenda"] == ["A1", "Surprise item", "A2", "A3"]
    assert session.info.agenda == ["A1", "Surprise item", "A2", "A3"]
    assert session.next_agenda_item() is None


async def test_resume_carries_on_from_when_the_app_was_left(config, store, make_info, clock):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(100)
        await pilot.press(*"last note", "enter")
        await settle(pilot)
        clock.advance(50)  # the meeting goes on for 50 s before the observer leaves
        await pilot.press("ctrl+q")
        await settle(pilot)
    clock.advance(3600)
    app = PpeiApp(config, store, store.open(opened.path))
    async with app.run_test(size=SIZE) as pilot:
        assert "0:02:30" in pilot.app.screen.query_one(StatusBar).clock
        clock.advance(10)
        await pilot.press(*"after", "enter")
        await settle(pilot)
    session = load_session(opened.path)
    assert [e.type for e in session.events][-2:] == ["leave", "reopen"]
    assert [n.offset_seconds for n in session.notes] == [100, 160]


async def test_a_note_written_in_a_break_is_shown_in_the_break_on_resume(config, store, make_info, clock):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(60)
        await pilot.press("ctrl+b")
        clock.advance(30)
        await pilot.press(*"said over coffee", "enter")
        await settle(pilot)
        clock.advance(600)
        await pilot.press("ctrl+b")
        clock.advance(5)
        await pilot.press(*"after the break", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    app = PpeiApp(config, store, store.open(opened.path))
    async with app.run_test(size=SIZE) as pilot:
        assert log_texts(pilot.app.screen) == [
            "── session started ──",
            "── agenda: Welcome ──",
            "── break ──",
            "said over coffee",
            "── resumed ──",
            "after the break",
            "── app left ──",
            "── session reopened ──",
        ]


async def test_home_form_shows_how_attendees_were_read_and_refuses_an_unreadable_entry(config, store):
    app = PpeiApp(config, store)
    async with app.run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, HomeScreen)
        await pilot.press(*"Governing Body")
        screen.query_one("#attendees").focus()
        await pilot.press(*"Ash GP lead, Birch lay rep, (chair)")
        await pilot.pause()
        shown = str(screen.query_one("#attendees-read").render())
        assert "Ash: GP lead" in shown and "did you mean 'lay representative'" in shown
        assert "cannot read '(chair)'" in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen) and store.session_paths() == []
        await pilot.press(*["backspace"] * len(", (chair)"), *"; Cedar", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ObserveScreen)
    [path] = store.session_paths()
    attendees = json.loads(path.read_text())["info"]["1"]["attendees"]
    assert attendees == [
        {"pseudonym": "Ash", "role": "GP lead"},
        {"pseudonym": "Birch", "role": "lay rep"},
        {"pseudonym": "Cedar", "role": "other"},
    ]
