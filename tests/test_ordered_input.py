"""Keys that arrive in a burst reach one-line inputs in the order typed (found by a hostile
trial: the edit dialog stored "#Mat +trust @ced" for "#M +trust @cedar", two Backspaces late).

The burst is made the way a terminal makes it: every key is posted to the App before any is
handled, so the input's queue holds them all at once (a pilot's press() waits after each key
and cannot show this)."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from ppei_tui.ui.note_input import TagInput
from ppei_tui.ui.ordered_input import OrderedInput, run_bound_key


class OneInput(App[None]):
    def __init__(self, kind: type[Input]) -> None:
        super().__init__()
        self.kind = kind
        self.submitted: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.kind(id="box")

    def on_input_submitted(self, message: Input.Submitted) -> None:
        self.submitted.append(message.value)


def key(name: str) -> events.Key:
    characters = {"space": " ", "backspace": None, "left": None, "end": None, "enter": "\r"}
    return events.Key(name, characters.get(name, name))


def burst(text_keys: list[str]) -> list[events.Key]:
    return [key(name) for name in text_keys]


TYPED = [*"Mat", "space", *"proc", *["backspace"] * 5, "space", *"trust"]


async def type_in_one_burst(app: OneInput, keys: list[events.Key]) -> str:
    async with app.run_test() as pilot:
        box = app.query_one("#box", Input)
        box.focus()
        await pilot.pause()
        for event in keys:
            app.post_message(event)
        await pilot.pause()
        await pilot.pause()
        return box.value


@pytest.mark.parametrize("kind", [OrderedInput, TagInput])
async def test_backspaces_in_a_burst_apply_where_they_were_typed(kind: type[Input]) -> None:
    assert await type_in_one_burst(OneInput(kind), burst(TYPED)) == "Mat trust"


async def test_a_plain_input_is_what_garbled_the_burst() -> None:
    """The cause, kept as a check that the burst above really is a burst: Textual's own Input
    applies the Backspaces after the text that followed them."""
    assert await type_in_one_burst(OneInput(Input), burst(TYPED)) != "Mat trust"


async def test_arrows_and_enter_in_a_burst_keep_their_place() -> None:
    app = OneInput(OrderedInput)
    keys = burst([*"ac", "left", *"b", "end", *"d", "enter", *"x"])
    value = await type_in_one_burst(app, keys)
    assert app.submitted == ["abcd"]
    assert value == "abcdx"


def test_every_one_line_input_of_the_screens_takes_keys_in_order() -> None:
    """The screens build their one-line inputs from OrderedInput (or TagInput, one of them)."""
    from pathlib import Path

    ui = Path(__file__).resolve().parents[1] / "ppei_tui" / "ui"
    plain = [
        f"{path.name}:{number}"
        for path in sorted(ui.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "yield Input(" in line or "= Input(" in line
    ]
    assert plain == []
    assert issubclass(TagInput, OrderedInput)


class Bound(App[None]):
    """Binds f4 (enabled), f5 (disabled by check_action) and f6 (priority); f7 is bound nowhere."""

    BINDINGS = [
        Binding("f4", "mark('s')", "Save"),
        Binding("f5", "mark('d')", "Disabled"),
        Binding("f6", "mark('p')", "Priority", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ran: list[str] = []

    def compose(self) -> ComposeResult:
        yield Input(id="box")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "mark" and parameters == ("d",))

    def action_mark(self, name: str) -> None:
        self.ran.append(name)


@pytest.mark.parametrize(("name", "runs"), [("f4", True), ("f5", False), ("f6", False), ("f7", False)])
async def test_run_bound_key_runs_only_an_enabled_binding_that_is_not_priority(name: str, runs: bool) -> None:
    """The one look-up OrderedInput and NoteInput share: an enabled, non-priority binding runs
    at once and the key is stopped; any other key is left as it was, to go on as Textual sends it."""
    app = Bound()
    async with app.run_test() as pilot:
        box = app.query_one("#box", Input)
        box.focus()
        await pilot.pause()
        event = events.Key(name, None)
        assert await run_bound_key(box, event) is runs
        assert app.ran == (["s"] if runs else [])
        assert event._stop_propagation is runs and event._no_default_action is runs
