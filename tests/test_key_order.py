"""ui/key_order's marker: how KeysInOrder knows a widget has nothing more in hand, through
Textual's public message API only (issue 12 §4: it read MessagePump._pending_message before)."""

from __future__ import annotations

import asyncio

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from ppei_tui.ui import key_order
from ppei_tui.ui.key_order import KeysInOrder, Marker


class OneWidget(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(id="box")


async def marker_seen(behind: int) -> list[tuple[bool, int]]:
    """Post a marker to a widget and `behind` messages after it, before the widget handles any;
    what the marker saw when it ran: (followed, the public queue size then)."""
    seen: list[tuple[bool, int]] = []
    ran = asyncio.Event()
    app = OneWidget()
    async with app.run_test() as pilot:
        box = app.query_one("#box")
        await pilot.pause()

        def came_out(marker: Marker) -> None:
            seen.append((marker.followed, box.message_queue_size))
            ran.set()

        assert box.post_message(Marker(came_out))
        for _ in range(behind):
            box.post_message(events.Callback(lambda: None))
        # Waited for without pilot.pause(), which posts a message of its own to every widget
        await asyncio.wait_for(ran.wait(), 5)
        await asyncio.sleep(0.05)  # time for a second run, were the marker to bubble
    return seen


async def test_a_marker_with_nothing_behind_it_is_not_followed():
    assert await marker_seen(0) == [(False, 0)]


async def test_a_marker_knows_the_message_textual_took_out_behind_it():
    """The message behind the marker is out of the queue while the marker runs (Textual peeks
    at it), so the queue size alone says 0: the marker is what tells KeysInOrder to wait."""
    assert await marker_seen(1) == [(True, 0)]


async def test_a_marker_with_two_behind_it_sees_one_followed_and_one_queued():
    assert await marker_seen(2) == [(True, 1)]


class HoldingInput(Input):
    """An input whose first h is held (as review holds keys for a filter still being matched)."""

    held_once = False

    def on_key(self, event: events.Key) -> None:  # before Input's own handler inserts it
        app = self.app
        assert isinstance(app, KeysInOrder)
        if event.key == "h" and not self.held_once:
            self.held_once = True
            event.stop()
            event.prevent_default()
            app.hold_keys(event)


class HoldsOneKey(KeysInOrder):
    def compose(self) -> ComposeResult:
        yield HoldingInput(id="box")


async def typed_with_a_hold(release: bool) -> tuple[str, int, str]:
    """Type a, h, b in one burst: (the value while held, keys waiting then, the value after)."""
    app = HoldsOneKey()
    async with app.run_test() as pilot:
        box = app.query_one("#box", Input)
        box.focus()
        await pilot.pause()
        for name in "ahb":
            app.post_message(events.Key(name, name))
        await pilot.pause(0.05)
        held, waiting = box.value, app.keys_waiting()
        if release:
            app.release_keys()
        await pilot.pause(0.3)
        return held, waiting, box.value


async def test_held_keys_go_on_in_order_when_released():
    assert await typed_with_a_hold(release=True) == ("a", 2, "ahb")


async def test_held_keys_go_on_by_themselves_after_a_while(monkeypatch):
    """A holder that never lets go (a filter that never answers) does not leave the app deaf."""
    monkeypatch.setattr(key_order, "HOLD_AT_MOST", 0.1)
    assert await typed_with_a_hold(release=False) == ("a", 2, "ahb")
