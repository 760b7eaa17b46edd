"""Esc read in one go with the keys after it is Esc, then those keys (breaker 22, item 4).

Why. A terminal sends Esc as a lone ESC, and Alt+key, F-keys and arrows as ESC and more. Textual's
parser (8.2.8), at an ESC, gathers what follows until a sequence it knows is complete, a pause of
its escape delay (then: Alt+key), or the next ESC; at that next ESC it re-issues what it gathered
as keys with the first ESC as a "^". Keys that arrive in one read (tmux send-keys, SSH, a busy
laptop) never pause, so "abc Esc ' continued' Enter F12" stored the agenda item
"abc^ continued"; and ESC followed by 2 is in its table as the Mac Option key's "™", so
"Ctrl+T Esc 2" gave the number picker a "™" it ignored.

EscapesAsTyped sits between the paste fix (ui/paste_parser.PasteKeepingParser) and Textual's
parser and rewrites what the parser would misread, before it sees it:
- an ESC followed by a key that begins no escape sequence (not "[", not "O" with a key Textual
  reads after it, not another ESC) is sent as Esc in the Kitty keyboard protocol's form, CSI 27 u,
  which Textual's parser reads at once as the Escape key; the key after it is then read as it is;
- ESC with a letter or digit, alone at the end of what was read, is what Alt+that key sends:
  it is held for the escape delay, or until the next read, then sent as Alt+key in the Kitty
  form (CSI code;3 u), which ui/alt_keys.py makes Esc then the key unless a binding wants it
  (ESC O waits for the next read: an F-key cut in two);
- a lone ESC at the end of what was read is held as long, then sent as Esc (CSI 27 u); if
  more comes first, it is read with it by the rules above;
- ESC Backspace is left as it is: it is Alt+Backspace, which Textual reads as deleting a word;
  so are ESC b and ESC f at the end of a read or before another ESC: macOS Terminal sends them
  for Option+Left and Option+Right (also when the key repeats), which Textual reads as a word
  left and right. Followed by anything else they are Esc then the letter.
ESC [ and ESC O + a key (arrows, F-keys, mouse, the paste markers) go to the parser unchanged.
Inside a paste the paste fix has already hidden every ESC, so none is rewritten there. With
TEXTUAL_DISABLE_KITTY_KEY set Textual's parser would not read the Kitty forms: nothing is
rewritten then (Textual's own reading, "^" and all).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from time import monotonic
from typing import Any

from textual import constants

ESC = "\x1b"
KITTY_ESCAPE = "\x1b[27u"  # the Kitty keyboard protocol's Esc key: CSI 27 u
BACKSPACE = "\x7f"
# The keys Textual reads after ESC O (SS3): xterm's F1-F4, arrows, Home/End in application mode,
# the keypad in application mode, rxvt's Ctrl+arrows
SS3_FINALS = "ABCDFHMPQRSabcdjkmnopqrstuvwxy"
WORD_KEYS = "bf"  # ESC b, ESC f: macOS Terminal's Option+Left / Option+Right (Textual's word keys)
SEQUENCE_STARTS = "[" + ESC  # CSI (arrows, F-keys, mouse, paste markers); a second ESC (its own)


def kitty_alt(character: str) -> str:
    """The Kitty protocol's Alt+`character` (CSI code ; 3 u), Alt+Shift for a capital, as Textual's
    parser names them after its escape delay ("alt+c", "alt+shift+c")."""
    if character.isupper():
        return f"\x1b[{ord(character.lower())};4u"
    return f"\x1b[{ord(character)};3u"


def begins_sequence(after: str) -> bool:
    """Whether an ESC followed by `after` (one or two characters, or none) may be the start of a
    sequence Textual's parser must read: CSI, SS3 (SS3_FINALS), Alt+Backspace."""
    if not after:
        return True
    first = after[0]
    if first in SEQUENCE_STARTS or first == BACKSPACE:
        return True
    return first == "O" and (len(after) == 1 or after[1] in SS3_FINALS)


class EscapesAsTyped:
    """Textual's parser `parser` (feed, tick), fed text whose ESCs are rewritten as above."""

    def __init__(self, parser: Any, clock: Callable[[], float] = monotonic) -> None:
        self.parser = parser
        self.clock = clock
        self.held = ""  # the end of the last text read: a lone ESC, or ESC and a letter or digit
        self.held_at = 0.0

    def __getattr__(self, name: str) -> Any:
        # Whatever else the driver asks of its parser is Textual's parser's own
        return getattr(self.parser, name)

    def feed(self, data: str) -> Iterable[Any]:
        """The events `data` makes, as Textual's parser's feed (an empty `data` is the end)."""
        if not data:  # the end: what is held goes as it would after a pause
            late, self.held = self.released(), ""
            if late:
                yield from self.parser.feed(late)
            yield from self.parser.feed(data)
            return
        if constants.DISABLE_KITTY_KEY:
            text = data
        elif len(self.held) == 2 and self.held[1] != "O":  # ESC O may be an F-key cut in two
            # ESC and a key ended the last read, on their own: what Alt+key sends. Alt+key, then,
            # which ui/alt_keys makes Esc then the key unless a binding wants it (a keymap's).
            text = self.released() + self.rewritten(data)
        else:
            text = self.rewritten(self.held + data)
        if text:  # an empty feed would mean the end
            yield from self.parser.feed(text)

    def tick(self) -> Iterable[Any]:
        """The events a pause makes: what was held, once the escape delay has passed, then
        Textual's parser's own."""
        if self.held and self.clock() - self.held_at >= constants.ESCAPE_DELAY:
            late, self.held = self.released(), ""
            yield from self.parser.feed(late)
        yield from self.parser.tick()

    def released(self) -> str:
        """What is held, as it is sent when nothing followed it: Esc, or Alt+the key."""
        return KITTY_ESCAPE if self.held == ESC else kitty_alt(self.held[1:]) if self.held else ""

    def rewritten(self, text: str) -> str:
        """`text` with its ESCs rewritten (see the module docstring); the end that may be an Esc
        or an Alt+key still coming is kept in `held`."""
        out: list[str] = []
        self.held = ""
        start = 0
        at = text.find(ESC)
        while at >= 0:
            after = text[at + 1 : at + 3]
            if after[:1] in WORD_KEYS and after[:1] and after[1:] in ("", ESC):
                pass  # Option+Left / Right, as Textual reads them
            elif at == len(text) - 1 or (at == len(text) - 2 and after.isalnum()):
                out.append(text[start:at])
                self.held, self.held_at = text[at:], self.clock()
                return "".join(out)
            elif not begins_sequence(after):
                out.append(text[start:at] + KITTY_ESCAPE)
                start = at + 1
            at = text.find(ESC, at + 1)
        out.append(text[start:])
        return "".join(out)
