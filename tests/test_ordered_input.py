"""Keys that arrive in a burst reach one-line inputs in the order typed (found by a hostile
trial: the edit dialog stored "#Mat +trust @ced" for "#M +trust @cedar", two Backspaces late).

The burst is made the way a terminal makes it: every key is posted to the App before any is
handled (a pilot's press() waits after each key and cannot show this). What keeps the order is
the App (ui/key_order.KeysInOrder, PpeiApp's base): it hands on one key at a time, each once the
one before it, its binding included, has been handled."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from ppei_tui.ui.key_order import KeysInOrder
from ppei_tui.ui.ordered_input import OrderedInput
from ppei_tui.ui.tag_input import TagInput


class OneInput(KeysInOrder):
    def __init__(self, kind: type[Input]) -> None:
        super().__init__()
        self.kind = kind
        self.submitted: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.kind(id="box")

    def on_input_submitted(self, message: Input.Submitted) -> None:
        self.submitted.append(message.value)


class OneInputTextualAlone(App[None]):
    """The same without KeysInOrder: Textual's App, handing every key on as it reads it."""

    def compose(self) -> ComposeResult:
        yield Input(id="box")


def key(name: str) -> events.Key:
    characters = {"space": " ", "enter": "\r"}
    return events.Key(name, characters.get(name, name if len(name) == 1 else None))


def burst(text_keys: list[str]) -> list[events.Key]:
    return [key(name) for name in text_keys]


TYPED = [*"Mat", "space", *"proc", *["backspace"] * 5, "space", *"trust"]


async def type_in_one_burst(app: App[None], keys: list[events.Key]) -> str:
    async with app.run_test() as pilot:
        box = app.query_one("#box", Input)
        box.focus()
        await pilot.pause()
        for event in keys:
            app.post_message(event)
        await pilot.pause()
        await pilot.pause()
        return box.value


@pytest.mark.parametrize("kind", [OrderedInput, TagInput, Input])
async def test_backspaces_in_a_burst_apply_where_they_were_typed(kind: type[Input]) -> None:
    assert await type_in_one_burst(OneInput(kind), burst(TYPED)) == "Mat trust"


async def test_textual_alone_is_what_garbled_the_burst() -> None:
    """The cause, kept as a check that the burst above really is a burst: Textual's App hands
    the whole burst to the input at once, which applies the Backspaces after the text that
    followed them."""
    app = OneInputTextualAlone()
    assert await type_in_one_burst(app, burst(TYPED)) != "Mat trust"


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


class Bound(KeysInOrder):
    """Binds f4 (enabled), f5 (disabled by check_action) and f6 (priority): each notes the
    input's value when it runs."""

    BINDINGS = [
        Binding("f4", "mark('s')", "Save"),
        Binding("f5", "mark('d')", "Disabled"),
        Binding("f6", "mark('p')", "Priority", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ran: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield OrderedInput(id="box")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "mark" and parameters == ("d",))

    def action_mark(self, name: str) -> None:
        self.ran.append((name, self.query_one("#box", Input).value))


async def test_a_binding_in_a_burst_sees_the_text_typed_before_it() -> None:
    """A bound key (f4), a disabled one (f5) and a priority one (f6, which Textual runs before
    handing the key to any widget) each run when their turn comes, not before the text typed
    ahead of them is in nor after the text typed behind them."""
    app = Bound()
    value = await type_in_one_burst(app, burst([*"ab", "f4", *"c", "f5", "f6", *"d"]))
    assert app.ran == [("s", "ab"), ("p", "abc")]
    assert value == "abcd"
