"""A bracketed paste that holds an escape sequence arrives whole, in order, as one paste.

Textual's input parser (textual/_xterm_parser.py, XTermParser.parse, Textual 8.2) keeps a paste's
characters only as its outer loop reads them: at an ESC inside a paste it reads the rest of the
sequence in its inner loop, which does not add to the paste, and when the next ESC comes it
re-issues what it gathered as key presses (ESC as `^`). So pasting `one ESC[31mtwo ESC[0m three`
typed `^[31mtwo ^[0m three` as keys at once, and the paste (`one ` and the ESCs) came after them:
a note typed "typed ", that paste and " end" was stored as "typed ^[31mtwo^[0m threeone  end".

PasteKeepingParser hides every ESC inside a paste (other than the one that ends it) from that
loop, as a character no text holds, and puts the ESCs back into the paste event it makes. The
paste's text is then exactly what was pasted; the screens draw its control characters as signs
(ui/shown.py). `install()` makes Textual's Linux driver use it (it names XTermParser in its
module: there is no other way in); everything else Textual parses is unchanged.

This leans on Textual internals on purpose, as the fault is there: the private module
textual._xterm_parser (XTermParser, the paste markers) and the Linux driver's use of it. No
private attribute is read (tests/test_no_private_library_attributes.py); a Textual release that
changes them is caught by test_input_pty's paste tests. Report upstream and drop this module
once Textual keeps escape sequences inside a paste.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from typing import Any

from textual import events
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser

ESC = "\x1b"
HIDDEN_ESC = "\U0010fffd"  # a private-use code point (plane 16's last): in no pasted text


class PasteKeepingParser(XTermParser):
    def __init__(self, debug: bool = False) -> None:
        self._in_paste = False
        self._held = ""  # the end of a chunk inside a paste that may be the start of its end marker
        self._before = ""  # the end of the last chunk outside a paste (a start marker cut in two)
        super().__init__(debug)

    def parse(self, token_callback: Callable[[Any], None]) -> Generator[Any, str, None]:
        def restored(token: Any) -> None:
            if isinstance(token, events.Paste) and HIDDEN_ESC in token.text:
                token = events.Paste(token.text.replace(HIDDEN_ESC, ESC))
            token_callback(token)

        return super().parse(restored)

    def feed(self, data: str) -> Iterable[Any]:
        if not data:  # end of input: what was held back goes as it came, then the end
            held, self._held = self._held, ""
            if held:
                yield from super().feed(held)
            yield from super().feed(data)
            return
        shown = self._hide(self._held + data)
        if shown:  # all of it held back: nothing to feed yet (an empty feed means the end)
            yield from super().feed(shown)

    def _hide(self, data: str) -> str:
        """`data` with the ESCs inside a paste replaced by HIDDEN_ESC; a possible start of the
        end marker at its end is held back for the next chunk."""
        out: list[str] = []
        index = 0
        self._held = ""
        while index < len(data):
            if not self._in_paste:
                seen = self._before + data[index:]
                start = seen.find(BRACKETED_PASTE_START)
                if start < 0:
                    self._before = seen[-(len(BRACKETED_PASTE_START) - 1) :]
                    out.append(data[index:])
                    break
                after = start + len(BRACKETED_PASTE_START) - len(self._before)  # index in data[index:]
                out.append(data[index : index + after])
                index += after
                self._in_paste, self._before = True, ""
                continue
            end = data.find(BRACKETED_PASTE_END, index)
            if end < 0:
                rest = data[index:]
                cut = rest.rfind(ESC)
                if cut >= 0 and BRACKETED_PASTE_END.startswith(rest[cut:]):
                    rest, self._held = rest[:cut], rest[cut:]
                out.append(rest.replace(ESC, HIDDEN_ESC))
                break
            out.append(data[index:end].replace(ESC, HIDDEN_ESC) + BRACKETED_PASTE_END)
            index = end + len(BRACKETED_PASTE_END)
            self._in_paste = False
        return "".join(out)


def install() -> None:
    """Textual's Linux driver makes its parser from this module's class from now on, if it
    still makes it from XTermParser (a Textual that does not is left as it is: pastes then
    behave as Textual's do, and test_input_pty's paste tests fail)."""
    from textual.drivers import linux_driver

    if getattr(linux_driver, "XTermParser", None) is XTermParser:
        linux_driver.XTermParser = PasteKeepingParser  # type: ignore[misc]
