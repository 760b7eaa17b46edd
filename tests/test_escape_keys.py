"""Textual's parser, as the app installs it, reads Esc and the keys after it in one read as Esc,
then those keys, however the bytes are cut into reads (ui/escape_keys.py, breaker 22 item 4).

Textual's own reading of the breaker's bursts: "abc ESC ' continued' Enter F12" gave the keys
a b c ^ space c o n t ... (the ESC re-issued as "^" at the next ESC), and "Ctrl+T ESC 2" a "™"."""

from __future__ import annotations

import pytest
from textual import events

from ppei_tui.ui.alt_keys import as_typed
from ppei_tui.ui.escape_keys import EscapesAsTyped


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def installed_parser(clock: Clock):
    """The parser the Linux driver makes once the app has installed the paste fix, on `clock`."""
    from textual.drivers import linux_driver

    from ppei_tui.ui.paste_parser import install

    install()
    parser = linux_driver.XTermParser()
    escapes = parser.parser  # the paste fix wraps EscapesAsTyped, which wraps Textual's parser
    assert isinstance(escapes, EscapesAsTyped)
    escapes.clock = clock
    return parser


def keys_read(chunks: list[str], bound: frozenset[str] = frozenset()) -> list[str]:
    """The keys (as the App hands them on: ui/alt_keys.as_typed) and pastes `chunks` make, each
    chunk one read, with a pause after the last."""
    clock = Clock()
    parser = installed_parser(clock)
    made = [event for chunk in chunks for event in [*parser.feed(chunk), *parser.tick()]]
    clock.now += 1.0  # the pause: what was held goes
    made += list(parser.tick())
    names: list[str] = []
    for event in made:
        if isinstance(event, events.Key):
            names += [key.key for key in as_typed(event, bound)]
        elif isinstance(event, events.Paste):
            names.append(f"paste:{event.text}")
    return names


def typed(*parts: str) -> list[str]:
    """Key names: a part in brackets is one key, any other is typed letter by letter."""
    names: list[str] = []
    for part in parts:
        if part.startswith("<") and part.endswith(">"):
            names.append(part[1:-1])
        else:
            names += ["space" if c == " " else c for c in part]
    return names


LONG_BURST = "half typed\x07abc\x1b continued\r\x1b[24~\x1bafter f12\r\x07\x1b\x07\x1bafter two\r"
LONG_KEYS = typed(
    "half typed", "<ctrl+g>", "abc", "<escape>", " continued", "<enter>", "<f12>", "<escape>", "after f12",
    "<enter>", "<ctrl+g>", "<escape>", "<ctrl+g>", "<escape>", "after two", "<enter>",
)  # fmt: skip


def test_the_breakers_long_burst_is_read_as_typed_with_no_circumflex():
    assert keys_read([LONG_BURST]) == LONG_KEYS


@pytest.mark.parametrize("cut", range(1, len(LONG_BURST)))
def test_the_long_burst_cut_into_two_reads_anywhere_is_read_the_same(cut):
    assert keys_read([LONG_BURST[:cut], LONG_BURST[cut:]]) == LONG_KEYS


def test_the_long_burst_read_a_character_at_a_time_is_read_the_same():
    assert keys_read(list(LONG_BURST)) == LONG_KEYS


@pytest.mark.parametrize(
    ("data", "keys"),
    [
        ("\x14\x1b2", typed("<ctrl+t>", "<escape>", "2")),  # Textual: ctrl+t, "™"
        ("\x1bfor\x1bbe", typed("<escape>", "for", "<escape>", "be")),  # Textual: ctrl+right, ctrl+left
        ("\x1bb", typed("<ctrl+left>")),  # macOS Terminal's Option+Left, as Textual reads it
        ("\x1bf\x1bf", typed("<ctrl+right>", "<ctrl+right>")),  # Option+Right repeating
        ("ab\x1bcd\r", typed("ab", "<escape>", "cd", "<enter>")),
        ("\x1b.\x1b\r", typed("<escape>", "<full_stop>", "<escape>", "<enter>")),  # Textual lost both ESCs
        ("x\x1b", typed("x", "<escape>")),
        ("\x1b\x1bq", typed("<escape>", "<escape>", "q")),
        ("\x1bOlivia", typed("<escape>", "Olivia")),  # no key Textual reads is ESC O l
    ],
)
def test_esc_then_a_key_in_one_read_is_esc_then_the_key(data, keys):
    assert keys_read([data]) == keys


def test_what_begins_with_esc_and_is_a_key_or_a_paste_is_read_as_before():
    data = "\x1b[A\x1bOP\x1bOa\x1b[24~\x1b\x7f\x1b[200~p\x1bq\x1b[201~\x1b[<0;3;4M"
    assert keys_read([data]) == ["up", "f1", "ctrl+up", "f12", "ctrl+w", "paste:p\x1bq"]  # and a mouse press


def test_a_real_alt_key_alone_in_its_read_is_alt_when_bound_and_esc_then_the_key_when_not():
    assert keys_read(["\x1bt"], bound=frozenset({"alt+t"})) == ["alt+t"]
    assert keys_read(["\x1bT"], bound=frozenset({"alt+shift+t"})) == ["alt+shift+t"]
    assert keys_read(["\x1bt"]) == ["escape", "t"]


def test_a_bound_alt_key_read_on_its_own_stays_alt_when_typing_follows_in_the_next_read():
    assert keys_read(["\x1bt", "ed"], bound=frozenset({"alt+t"})) == ["alt+t", "e", "d"]
    assert keys_read(["\x1bt", "ed"]) == ["escape", "t", "e", "d"]
    assert keys_read(["\x1bO", "P"]) == ["f1"]  # an F-key cut in two is still the F-key


def test_a_lone_esc_waits_for_the_escape_delay_then_is_esc():
    clock = Clock()
    parser = installed_parser(clock)
    assert list(parser.feed("\x1b")) == [] and list(parser.tick()) == []  # more may follow
    clock.now += 1.0
    assert [event.key for event in parser.tick()] == ["escape"]
