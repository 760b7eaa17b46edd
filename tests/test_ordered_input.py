"""Keys that arrive in a burst reach one-line inputs in the order typed (found by a hostile
trial: the edit dialog stored "#Mat +trust @ced" for "#M +trust @cedar", two Backspaces late).

The burst is made the way a terminal makes it: every key is posted to the App before any is
handled, so the input's queue holds them all at once (a pilot's press() waits after each key
and cannot show this)."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from ppei_tui.ui.note_input import TagInput
from ppei_tui.ui.ordered_input import OrderedInput


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
