"""A single-key question never takes its answer from keys typed before it could be seen
(ui/question_guard.py). Hostile trial: Ctrl+E (readline's end of line) then "discussed budget"
in one burst answered the End question with `d`: the note was discarded and the meeting ended for
good; after Ctrl+Q, "clear" lost c, l, e, a and its `r` chose "stay".

The bursts are made as a terminal makes them: every key is posted before any is handled
(test_burst_dialogs.burst). The pty side is tests/test_question_guard_pty.py."""

import pytest
from save_helpers import settle_written
from test_burst_dialogs import stored
from textual import events

from ppei_tui.ui import question_guard
from ppei_tui.ui.leaving import LeaveDialog
from ppei_tui.ui.modals import Confirm
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.observe import ObserveScreen

SIZE = (130, 36)


CHARACTERS = {"space": " ", "enter": "\r"}


async def burst(pilot, key: str, typed: str = "", *after: str) -> None:
    """`key`, the characters of `typed`, then the keys named `after`, all posted before any is
    handled."""
    names = [key, *("space" if c == " " else c for c in typed), *after]
    for name in names:
        pilot.app.post_message(events.Key(name, CHARACTERS.get(name, name if len(name) == 1 else None)))
    for _ in range(6):
        await pilot.pause(0.05)
    await settle_written(pilot)


def event_types(path) -> list[str]:
    return [e["type"] for e in stored(path)["events"].values()]


def note_texts(path) -> list[str]:
    return [n["text"] for n in stored(path)["notes"].values()]


def typed_note(pilot) -> str:
    observe = next(s for s in pilot.app.screen_stack if isinstance(s, ObserveScreen))
    return observe.query_one(NoteInput).value


async def type_and_save(pilot, text: str) -> None:
    await pilot.press(*text, "enter")
    await settle_written(pilot)


async def test_ctrl_e_then_typing_in_one_burst_goes_back_to_the_note_and_ends_nothing(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_and_save(pilot, "first note")
        await pilot.press(*"second note typed")
        await burst(pilot, "ctrl+e", " discussed budget")  # the `d` used to discard and end
        assert isinstance(pilot.app.screen, LeaveDialog)  # still asking
        assert "went back to the note: “ discussed budget”" in str(
            pilot.app.screen.query_one("#typed-ahead").render()
        )
        assert typed_note(pilot) == "second note typed discussed budget"
        assert "end" not in event_types(path)
        await pilot.press("escape")  # stay: a deliberate answer, as before
        await type_and_save(pilot, " and more")
        assert isinstance(pilot.app.screen, ObserveScreen)
    assert note_texts(path) == ["first note", "second note typed discussed budget and more"]
    assert "end" not in event_types(path)


async def test_ctrl_e_then_so_we_move_on_does_not_save_and_end(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"agreed")
        await burst(pilot, "ctrl+e", " so we move on")  # the `s` used to save and end
        assert isinstance(pilot.app.screen, LeaveDialog)
        assert "end" not in event_types(path) and note_texts(path) == []
        await pilot.press("s")  # now deliberately: save the whole note, then end
        await settle_written(pilot)
    assert note_texts(path) == ["agreed so we move on"]
    assert event_types(path)[-1] == "end"


async def test_an_empty_input_ctrl_e_then_a_word_with_y_is_a_note_and_y_then_asks_about_it(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "ctrl+e", "yes we agreed")  # `y` used to end the meeting
        assert isinstance(pilot.app.screen, Confirm)
        assert typed_note(pilot) == "yes we agreed"
        assert "end" not in event_types(path)
        await pilot.press("y")  # deliberately: end; the note now holds text, so that is asked first
        await pilot.pause()
        assert isinstance(pilot.app.screen, LeaveDialog)
        assert "end" not in event_types(path)
        await pilot.press("s")
        await settle_written(pilot)
    assert note_texts(path) == ["yes we agreed"]
    assert event_types(path)[-1] == "end"


async def test_enter_typed_with_ctrl_e_is_not_a_yes(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "ctrl+e", "", "enter")
        assert isinstance(pilot.app.screen, Confirm)
        assert "were not taken as answers (enter)" in str(pilot.app.screen.query_one("#typed-ahead").render())
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ObserveScreen)
    assert "end" not in event_types(path)


async def test_ctrl_q_then_clear_keeps_every_letter_in_the_note_and_the_app_open(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"room ")
        await burst(pilot, "ctrl+q", "cleared")  # c, l, e, a were dropped and `r` chose stay
        assert pilot.app.is_running and isinstance(pilot.app.screen, LeaveDialog)
        assert typed_note(pilot) == "room cleared"
        await pilot.press("escape")
        await type_and_save(pilot, "")
    assert note_texts(path) == ["room cleared"]


@pytest.fixture
def real_guard(monkeypatch):
    monkeypatch.setattr(question_guard, "ANSWER_GUARD", 0.35)


async def test_with_the_real_guard_a_key_soon_after_the_question_is_drawn_is_no_answer(app_for, real_guard):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("y")  # within 0.35 s of the question's first frame: typed, not seen
        assert isinstance(pilot.app.screen, Confirm)
        assert typed_note(pilot) == "y"
        await pilot.press("backspace")  # no answer either: dropped (the note keeps its y)
        assert "end" not in event_types(path)


async def test_with_the_real_guard_a_deliberate_answer_after_reading_works(app_for, real_guard):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause(0.5)  # the question read
        await pilot.press("y")
        await settle_written(pilot)
        assert not isinstance(pilot.app.screen, Confirm)
    assert event_types(path)[-1] == "end"
