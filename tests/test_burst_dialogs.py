"""Keys typed in one burst after a key that opens or closes a dialog, or moves the focus, go
where a slow typist's would, in order (hostile sweep, tmux send-keys: "F12 Ivy: chair⏎after
ivy⏎" stored the attendee "vy: chair", lost the note, and the second Enter dismissed the
closed dialog again, popping the observe screen itself).

The burst is made as a terminal makes it (see test_ordered_input): every key is posted to the
App before any is handled; pilot.press() waits after each key and would hide the bug."""

from save_helpers import settle_written
from textual import events

from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.observe import ObserveScreen

SIZE = (150, 45)
CHARACTERS = {"space": " ", "enter": "\r", "ctrl+s": None, "ctrl+g": None, "f12": None, "ctrl+u": None}


def keys_of(*parts: str) -> list[str]:
    """Names of keys: a part that is a key name stays one key, any other is typed letter by letter."""
    names: list[str] = []
    for part in parts:
        if part in CHARACTERS and part != "space":
            names.append(part)
        else:
            names.extend("space" if c == " " else c for c in part)
    return names


async def burst(pilot, *parts: str) -> None:
    """Post every key to the App before any is handled, then let them all be handled."""
    for name in keys_of(*parts):
        pilot.app.post_message(events.Key(name, CHARACTERS.get(name, name)))
    for _ in range(6):
        await pilot.pause(0.05)
    await settle_written(pilot)


def stored(path):
    return read_tables(path)[0]


async def test_a_late_arrival_typed_in_one_burst_is_stored_whole_and_the_note_after_it_too(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "f12", "Ivy: chair", "enter", "after ivy", "enter")
        assert isinstance(pilot.app.screen, ObserveScreen)  # not popped by a second dismiss
        await burst(pilot, "f12", "Elm: chair", "enter", "after elm", "enter")
        assert isinstance(pilot.app.screen, ObserveScreen)
    tables = stored(path)
    names = [e["detail"] for e in tables["events"].values() if e["type"] == "arrival"]
    assert names == ["Ivy", "Elm"]
    assert [n["text"] for n in tables["notes"].values()] == ["after ivy", "after elm"]


async def test_an_agenda_item_typed_in_one_burst_is_stored_whole_and_the_note_after_it_too(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "ctrl+g", "Unplanned thing", "enter", "after agenda", "enter")
        assert isinstance(pilot.app.screen, ObserveScreen)
    tables = stored(path)
    agenda = [e["detail"] for e in tables["events"].values() if e["type"] == "agenda"]
    assert agenda[-1] == "Unplanned thing"
    assert [n["text"] for n in tables["notes"].values()] == ["after agenda"]
    assert [n["agenda_item"] for n in tables["notes"].values()] == ["Unplanned thing"]
