"""Control characters in user or file text, drawn visibly: the one mapping the screens
(ui/shown.on_screen) and the command line (outputs/printed) both use, so `ESC[2J` in a
hand-edited session clears neither the app's screen nor the terminal `ppei map` prints to.
Pure stdlib, in the domain, since outputs/ may not import ui/."""

from __future__ import annotations

# C0 controls but the line break, DEL and C1 controls: written to the terminal as they are, an
# ESC starts a command (`ESC[2J` clears the screen), so user text never reaches it raw.
_CONTROLS = {code: chr(0x2400 + code) for code in range(0x20) if code != 0x0A}
_CONTROLS[0x09] = " "  # a tab moves the terminal's cursor to its next stop: a space keeps columns
_CONTROLS[0x7F] = "\u2421"  # ␡
_CONTROLS.update({code: "\ufffd" for code in range(0x80, 0xA0)})  # C1 (0x9B is a one-byte CSI)
CONTROL_CHARACTERS = frozenset(map(chr, _CONTROLS))


def visible_controls(text: str) -> str:
    """`text` with every control character but the line break drawn as one visible sign.

    ESC is drawn as ␛ and BEL as ␇ (the sign of the U+2400 block that names the character), DEL
    as ␡, a C1 control as �, a tab as a space: one code point each, so columns stay right. A
    line break is kept: the callers draw it (a new line, or ⏎ in a one-line field)."""
    if CONTROL_CHARACTERS.isdisjoint(text):
        return text
    return text.translate(_CONTROLS)


def first_control(text: str) -> str | None:
    """The first control character in `text` other than a line break or tab, or None."""
    return next((c for c in text if c in CONTROL_CHARACTERS and c != "\t"), None)


# The bidirectional formatting characters that reorder the text after them: UAX #9's
# embeddings and overrides (LRE, RLE, PDF, LRO, RLO: U+202A-202E) and isolates (LRI, RLI, FSI,
# PDI: U+2066-2069). Printed raw, an RLO turns the rest of a terminal line around, so a file
# name or a note can read as something else (Trojan Source, CVE-2021-42574, names these nine).
# The marks LRM, RLM and ALM (U+200E, U+200F, U+061C) are left as they are: they set the
# direction of the neutral characters beside them only, and are typed inside Hebrew and Arabic
# text on purpose (a full stop after a Hebrew word).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters Textual counts 0 cells wide where terminals disagree (a cursor drawn
# off by one): zero width space, word joiner, zero width no-break space (BOM). ZWJ and ZWNJ
# (U+200D, U+200C) are kept: emoji sequences and Persian words need them.
INVISIBLE = frozenset("\u200b\u2060\ufeff")
# Each is drawn as one sign, one code point (cursor columns stay right): the replacement
# character, as for a C1 control: a character that is there and is not shown as it is.
_FORMAT_SIGNS = {ord(c): "\ufffd" for c in BIDI_CONTROLS | INVISIBLE}
_HIDDEN = BIDI_CONTROLS | INVISIBLE
# Line breaks other than "\n" that terminals or Rich may break a line at.
_LINE_BREAKS = {ord("\n"): "\u23ce", 0x2028: "\u23ce", 0x2029: "\u23ce"}


def terminal_text(text: str) -> str:
    """`text` as the terminal is given it (screens and command line alike): control
    characters as visible_controls draws them, and the bidi formatting characters and invisible
    characters above as U+FFFD; a line break is kept for the caller. The text stored is
    never changed; PDFs draw visible_controls' signs and order the text by UAX #9 themselves."""
    text = visible_controls(text)
    if _HIDDEN.isdisjoint(text):
        return text
    return text.translate(_FORMAT_SIGNS)


def one_line(text: str) -> str:
    """A single-line field (a CoP's name, a site, a file name, a binding id) as printed:
    terminal_text, with a line break (also U+2028, U+2029) drawn as ⏎ rather than breaking the
    line it is printed in (a table row, a header, the observe screen's clock line)."""
    return terminal_text(text).translate(_LINE_BREAKS)
