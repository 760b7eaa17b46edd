"""A bracketed paste that holds an escape sequence arrives whole, in order, as one paste.

Textual's input parser (Textual 8.2.8, the newest release) keeps a paste's characters only as
its outer loop reads them: at an ESC inside a paste it reads the rest of the sequence in its
inner loop, which does not add to the paste, and when the next ESC comes it re-issues what it
gathered as key presses (ESC as `^`). So pasting `one ESC[31mtwo ESC[0m three` typed
`^[31mtwo ^[0m three` as keys at once, and the paste (`one `) came after them: a note typed
"typed ", that paste and " end" was stored as "typed ^[31mtwo^[0m threeone  end". Nothing after
the parser can mend it: the keys it makes of a paste's escape sequence are the keys a typist
makes, and no event marks where the paste began.

PasteKeepingParser wraps the parser Textual's Linux driver makes and hides every ESC inside a
paste (other than the one that ends it) from it, as a character no text holds, then puts the
ESCs back into the paste event it makes. The paste's text is then exactly what was pasted; the
screens draw its control characters as signs (ui/shown.py). Everything else is parsed by
Textual's parser as before.

What this leans on, as Textual offers no public hook for its input parser or the bytes read
(App.driver_class picks a driver, but LinuxDriver.run_input_thread makes its parser inside, and
Driver.process_message sees only the events made): the Linux driver makes its parser by calling
the name `XTermParser` in its module, with the debug flag, and uses its `feed` and `tick`.
install() wraps what that name holds (no private module is imported, no private class is
subclassed, no private attribute is read: tests/test_no_private_library_attributes.py); a
Textual release that changes it is caught by test_input_pty's paste tests. Report upstream and
drop this module once Textual keeps escape sequences inside a paste.

A paste without the markers (a terminal or tmux `paste-buffer` without -p) reaches the app as
keys, like typing; only its arrival tells it apart: it comes in one read. A run of more than
PASTE_RUN printable characters in one read, no other key between them, is made of PastedKey
(a Key, marked `pasted`). No person types five characters within one read of the terminal
(each key is its own read, tens of milliseconds apart); a tag picker's number is at most a few
digits, typed as its own run (Ctrl+T 1 4 in one burst is a run of two). The note input's tag
picker takes no pasted key as a pick (ui/note_input.py): "Ctrl+T, paste of '14 people came in
late'" tagged P.Engaging (element 1, code 4) and lost the "14".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual import events

ESC = "\x1b"
# xterm's bracketed-paste markers (DEC private mode 2004), as every terminal sends them
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
HIDDEN_ESC = "\U0010fffd"  # a private-use code point (plane 16's last): in no pasted text
PASTE_RUN = 4  # printable characters in one read, no other key between: more is a paste


class PastedKey(events.Key):
    """A key that came in one read with more than PASTE_RUN printable characters: a paste
    without the bracketed-paste markers (see the module docstring), not a person's typing."""

    pasted = True


# Handled as the Key it is (Textual finds a message's handler by its class's handler name)
PastedKey.handler_name = events.Key.handler_name


def marked_runs(made: Iterable[Any]) -> list[Any]:
    """The events one read made, the keys of each run of more than PASTE_RUN printable
    characters (no other event between them) made PastedKeys."""
    out = list(made)
    start = 0
    for end in range(len(out) + 1):
        printable = end < len(out) and isinstance(out[end], events.Key) and out[end].is_printable
        if printable:
            continue
        if end - start > PASTE_RUN:
            for index in range(start, end):
                key = out[index]
                out[index] = PastedKey(key.key, key.character)
                out[index].time = key.time
        start = end + 1
    return out


def restored(event: Any) -> Any:
    """`event` with the ESCs hidden in a paste's text put back (any other event as it is)."""
    if isinstance(event, events.Paste) and HIDDEN_ESC in event.text:
        return events.Paste(event.text.replace(HIDDEN_ESC, ESC))
    return event


class PasteKeepingParser:
    """Textual's parser `parser`, fed the input with the ESCs inside a paste hidden."""

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        self._in_paste = False
        self._held = ""  # the end of a chunk inside a paste that may be the start of its end marker
        self._before = ""  # the end of the last chunk outside a paste (a start marker cut in two)

    def __getattr__(self, name: str) -> Any:
        # Whatever else the driver asks of its parser is Textual's parser's own
        return getattr(self.parser, name)

    def feed(self, data: str) -> Iterable[Any]:
        """The events `data` makes, as Textual's parser's feed (an empty `data` is the end)."""
        if not data:  # end of input: what was held back goes as it came, then the end
            held, self._held = self._held, ""
            if held:
                yield from map(restored, self.parser.feed(held))
            yield from map(restored, self.parser.feed(data))
            return
        shown = self._hide(self._held + data)
        if shown:  # all of it held back: nothing to feed yet (an empty feed means the end)
            yield from marked_runs(map(restored, self.parser.feed(shown)))

    def tick(self) -> Iterable[Any]:
        """The events a timeout makes (a lone ESC is the Escape key), as Textual's tick."""
        return map(restored, self.parser.tick())

    def _hide(self, data: str) -> str:
        """`data` with the ESCs inside a paste replaced by HIDDEN_ESC; a possible start of the
        end marker at its end is held back for the next chunk."""
        out: list[str] = []
        index = 0
        self._held = ""
        while index < len(data):
            if not self._in_paste:
                seen = self._before + data[index:]
                start = seen.find(PASTE_START)
                if start < 0:
                    self._before = seen[-(len(PASTE_START) - 1) :]
                    out.append(data[index:])
                    break
                after = start + len(PASTE_START) - len(self._before)  # index in data[index:]
                out.append(data[index : index + after])
                index += after
                self._in_paste, self._before = True, ""
                continue
            end = data.find(PASTE_END, index)
            if end < 0:
                rest = data[index:]
                cut = rest.rfind(ESC)
                if cut >= 0 and PASTE_END.startswith(rest[cut:]):
                    rest, self._held = rest[:cut], rest[cut:]
                out.append(rest.replace(ESC, HIDDEN_ESC))
                break
            out.append(data[index:end].replace(ESC, HIDDEN_ESC) + PASTE_END)
            index = end + len(PASTE_END)
            self._in_paste = False
        return "".join(out)


class KeepingPastes:
    """What the Linux driver calls to make its parser: Textual's (`make_parser`), wrapped."""

    def __init__(self, make_parser: Callable[..., Any]) -> None:
        self.make_parser = make_parser

    def __call__(self, debug: bool = False) -> PasteKeepingParser:
        from ppei_tui.ui.escape_keys import EscapesAsTyped  # Esc then keys in one read: Esc, keys

        return PasteKeepingParser(EscapesAsTyped(self.make_parser(debug)))


def install() -> None:
    """Textual's Linux driver makes its parser through KeepingPastes from now on (once; a
    Textual whose driver has no `XTermParser` is left as it is: pastes then behave as
    Textual's do, and test_input_pty's paste tests fail)."""
    from textual.drivers import linux_driver

    make_parser = getattr(linux_driver, "XTermParser", None)
    if make_parser is None or isinstance(make_parser, KeepingPastes):
        return
    linux_driver.XTermParser = KeepingPastes(make_parser)  # type: ignore[misc,assignment]
