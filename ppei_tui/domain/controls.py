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
