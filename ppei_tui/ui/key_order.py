"""Keys (and pastes) reach the App's widgets one at a time, each once the one before it is done.

Why. Textual's App hands every key to the focused widget's message queue as soon as it reads
it. In a burst (tmux send-keys, laggy SSH, a text expander) the whole burst is queued at the
widget that had the focus when it arrived, before the first key is handled; a key that opens a
dialog, closes one, or moves the focus (F12, Ctrl+G, Enter in a prompt, Ctrl+F, m, Enter on a
row) therefore left the keys typed after it at the old widget: "F12 Ivy: chair⏎after ivy⏎"
stored the attendee "vy: chair", typed "after ivy" into the closed dialog, whose second Enter
dismissed it again and popped the observe screen. A key bound on the screen also ran late (it
bubbles through the parents' queues to its binding) while the list took the letters behind it.

Here the App keeps the keys it reads in a queue of its own and hands on the next only when the
one before it has been handled all the way: its widget and each parent up to the screen have
taken it and what it posted on the way (Input.Submitted, DataTable.RowSelected...), the App has
run any binding it bubbled to, and the screen on top is ready (mounted, with its focus set). Each
key is then given to the widget focused at that moment, as a slow typist's would be. A marker
lost on the way (a widget removed meanwhile) only costs a short wait (GIVE_UP_AFTER).

A screen whose next keys must wait for work of its own (review: the rows of the filter typed
before them, matched in a worker) holds them here (hold_keys) and lets them go (release_keys):
they are then handed on as any key, in order, before the keys read since.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from functools import partial

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump
from textual.timer import Timer

GIVE_UP_AFTER = 1.0  # seconds: a key still not known to be done lets the next one go anyway
SCREEN_WAIT = 0.01  # seconds between looks at a screen that is not ready yet
MAX_SCREEN_WAIT = 1.0  # a screen not ready after this long gets the key anyway
REQUEUE = 4  # a node whose queue keeps filling is waited for this many rounds at most
HOLD_AT_MOST = 30.0  # seconds: held keys go on anyway (a filter that never answers)


def _copy(event: events.Event) -> events.Event:
    copy: events.Event
    if isinstance(event, events.Key):
        copy = type(event)(event.key, event.character)  # a PastedKey stays one (ui/paste_parser)
    else:
        assert isinstance(event, events.Paste)
        copy = events.Paste(event.text)
    copy.time = event.time  # when it was read: a question asks (ui/question_guard.py)
    return copy


class Marker(events.Callback, bubble=False, verbose=True):  # as Callback: runs where posted
    """The callback message call_later posts, that also learns whether a message stood behind
    it in the queue when Textual took it out.

    Why. Textual takes the message after the one it is about to handle out of the queue to see
    whether the one in hand supersedes it (MessagePump's loop asks `message.can_replace(next)`),
    so while the marker runs, that next message is in neither the queue nor the public
    `message_queue_size`. Textual asks the marker itself, through the public `can_replace`, only
    when there is such a message: the marker answers no (nothing is dropped) and notes it."""

    def __init__(self, came_out: Callable[[Marker], None]) -> None:
        super().__init__(partial(came_out, self))
        self.followed = False  # a message stood behind this one when Textual took it out

    def can_replace(self, message: Message) -> bool:
        self.followed = True
        return False


# Textual finds a message's handler by its class's handler name ("on_marker" for this one);
# a marker is run as the callback it is, by the handler every message pump has (on_callback).
Marker.handler_name = events.Callback.handler_name


class KeysInOrder(App):
    """An App that hands on keys and pastes one at a time (see the module docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._keys_waiting: deque[events.Event] = deque()
        self._key_in_hand: object | None = None  # a token for the key being handled, if any
        self._screen_waited = 0.0
        self._watchdog: Timer | None = None
        self._settled_screen: object | None = None  # the screen last found ready (or waited out)
        self._key_target: MessagePump | None = None  # the widget (or screen) given the key
        self._key_bubbled = False  # the key came back up to the App (to run its binding)
        self._hold: object | None = None  # a token for the hold in force (hold_keys), if any

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._keys_waiting.append(_copy(event))
            await self._hand_on_next()
            return
        if isinstance(event, events.Key):
            self._key_bubbled = True  # its binding, if any, runs now, here
        await super().on_event(event)

    def keys_waiting(self) -> int:
        """How many keys read are not handed on yet (the one being handled not counted)."""
        return len(self._keys_waiting)

    def hold_keys(self, event: events.Key) -> None:
        """Keep `event`, the key being handled (its handler stops it), and every key after it,
        to be handed on in order once `release_keys()` is called, HOLD_AT_MOST seconds at most
        (a holder that never answers must not leave the app deaf to every key)."""
        # Sent by the App, as the driver's keys are: a message bubbles no further than its
        # sender, and one made in the holder's handler would never reach the App's bindings.
        self._keys_waiting.appendleft(_copy(event).set_sender(self))
        self._hold = token = object()
        self.set_timer(HOLD_AT_MOST, partial(self._hold_over, token))

    def keys_held(self) -> bool:
        """Whether keys are held (hold_keys) and not released yet."""
        return self._hold is not None

    def release_keys(self) -> None:
        """Hand on the keys held (if any), the first of them to the widget focused then."""
        if self._hold is not None:
            self._hold = None
            self.call_later(self._hand_on_next)

    def _hold_over(self, token: object) -> None:
        if self._hold is token:
            self.release_keys()

    def _screen_ready(self) -> bool:
        """Whether the screen on top is mounted with its focus set (or has nothing to focus).
        A screen that never focuses anything is waited for once, MAX_SCREEN_WAIT at most."""
        try:
            screen = self.screen
        except Exception:  # no screen yet
            return False
        if screen is self._settled_screen:
            return True
        if not screen.is_mounted:
            return False
        return screen.focused is not None or not screen.focus_chain

    async def _hand_on_next(self) -> None:
        if self._key_in_hand is not None or self._hold is not None or not self._keys_waiting:
            return
        if not self._screen_ready() and self._screen_waited < MAX_SCREEN_WAIT:
            self._screen_waited += SCREEN_WAIT
            self._key_in_hand = token = object()
            self._watch(SCREEN_WAIT, token)
            return
        self._screen_waited = 0.0
        self._settled_screen = self.screen
        event = self._keys_waiting.popleft()
        if isinstance(event, events.Key) and event.key.startswith("alt+"):  # Esc + key read as one?
            from ppei_tui.ui.alt_keys import as_typed  # here: not on the start path (issue 12)

            read_at = event.time
            event, *after = as_typed(event, self.screen.active_bindings)
            for made in (event, *after):
                made.time = read_at  # read with the Esc: a question asks (ui/question_guard.py)
            self._keys_waiting.extendleft(reversed(after))
        typed_before_shown = getattr(self.screen, "typed_before_shown", None)  # ui/question_guard
        if isinstance(event, events.Key) and typed_before_shown is not None and typed_before_shown(event):
            self.call_next(self._hand_on_next)  # no answer to the question on top: the next key
            return
        self._key_in_hand = token = object()
        self._watch(GIVE_UP_AFTER, token)
        target: MessagePump = self.focused or self.screen
        self._key_target, self._key_bubbled = target, False
        await super().on_event(event)  # as Textual does: priority bindings, else to the focus
        self._follow(target, token, 0)

    def _watch(self, delay: float, token: object) -> None:
        if self._watchdog is not None:
            self._watchdog.stop()
        self._watchdog = self.set_timer(delay, partial(self._done, token))

    def _follow(self, node: MessagePump, token: object, rounds: int) -> None:
        """Wait, node by node up to the App, until what `token`'s key set off there is done."""
        if self._key_in_hand is not token:
            return
        if not node.post_message(Marker(partial(self._at, node, token, rounds))):
            if node is self:
                self._done_now(token)
            else:
                self._follow(self._up(node), token, 0)

    def _at(self, node: MessagePump, token: object, rounds: int, marker: Marker) -> None:
        # The marker came out of node's queue: messages posted there meanwhile go first (the
        # App's too: a binding's focus() is a callback queued on the App), the one Textual
        # took out behind the marker included (see Marker).
        busy = node.message_queue_size > 0 or marker.followed
        if busy and rounds < REQUEUE:
            self._follow(node, token, rounds + 1)
        elif node is self and self._key_bubbled and self._key_target is not None:
            # A binding ran here: what it posted to the widget (DataTable's Enter posts
            # CellSelected to the table) is followed up again, from the widget.
            self._key_bubbled = False
            self._follow(self._key_target, token, 0)
        elif node is self:
            self._done_now(token)
        else:
            self._follow(self._up(node), token, 0)

    def _up(self, node: MessagePump) -> MessagePump:
        parent = node.parent if isinstance(node, DOMNode) else None
        return parent if isinstance(parent, MessagePump) else self

    def _done_now(self, token: object) -> None:
        self.call_next(self._done, token)

    async def _done(self, token: object) -> None:
        if self._key_in_hand is token:
            self._key_in_hand = None
            await self._hand_on_next()
