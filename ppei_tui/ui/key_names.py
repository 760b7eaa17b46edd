"""Which keys a keymap may name: the names Textual reports, and keys a terminal cannot send.

A key is refused when Textual never reports it ("esc", "return": Textual's names are escape
and enter), or when a terminal sends it as the byte of another key, so the binding never fires.

TERMINAL_ALIASES comes from the xterm/VT100 Ctrl-key mapping (xterm "Control Sequences", C0
control characters; VT100 User Guide, table 3-5), as terminals send it with modifyOtherKeys
and the kitty keyboard protocol off, their default and Textual's (its Linux driver asks for
neither): Ctrl with @, A-Z, [, \\, ], ^ or _ sends that character's code minus 0x40, and

    Ctrl+Space, Ctrl+2, Ctrl+@   NUL   Textual: ctrl+@
    Ctrl+3, Ctrl+[               ESC   escape
    Ctrl+4, Ctrl+\\               0x1C  ctrl+backslash
    Ctrl+5, Ctrl+]               0x1D  ctrl+right_square_bracket
    Ctrl+6, Ctrl+^               0x1E  ctrl+circumflex_accent
    Ctrl+7, Ctrl+/, Ctrl+_       0x1F  ctrl+underscore
    Ctrl+8, Ctrl+?               DEL   backspace (as is Ctrl+H, 0x08)
    Ctrl+M / Ctrl+I              CR / HT: enter / tab

Shift changes none of these bytes (Ctrl+Shift+E sends 0x05, as Ctrl+E does). Ctrl with any
other character (Ctrl+1, Ctrl+comma, Ctrl+é) has no control code: most terminals send the
plain character or nothing. Ctrl+Enter and Shift+Enter send CR, Ctrl+Tab sends HT.
"""

from __future__ import annotations

import unicodedata

from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")  # Textual reports them sorted
# Names in Textual's Keys that no terminal input becomes (prompt_toolkit's leftovers).
NEVER_REPORTED = {"return": "enter", "ctrl-at": "ctrl+@"}
# Names people write for keys Textual names otherwise.
OTHER_NAMES = {
    "esc": "escape",
    "return": "enter",
    "del": "delete",
    "ins": "insert",
    "pgup": "pageup",
    "pgdn": "pagedown",
    "spacebar": "space",
    "bs": "backspace",
}
NAMED_KEYS = frozenset(
    key.value for key in Keys if "+" not in key.value and not key.value.startswith("<")
) - set(NEVER_REPORTED)
# Ctrl+name -> (what the app sees, the byte the terminal sends): the table in the docstring.
TERMINAL_ALIASES: dict[str, tuple[str, str]] = {
    **{f"ctrl+{name}": ("ctrl+@", "NUL") for name in ("space", "2", "at")},
    **{f"ctrl+{name}": ("escape", "ESC") for name in ("3", "left_square_bracket")},
    "ctrl+4": ("ctrl+backslash", "0x1C"),
    "ctrl+5": ("ctrl+right_square_bracket", "0x1D"),
    "ctrl+6": ("ctrl+circumflex_accent", "0x1E"),
    **{f"ctrl+{name}": ("ctrl+underscore", "0x1F") for name in ("7", "slash")},
    **{f"ctrl+{name}": ("backspace", "DEL") for name in ("8", "question_mark")},
    "ctrl+h": ("backspace", "0x08"),
    "ctrl+m": ("enter", "CR"),
    "ctrl+i": ("tab", "HT"),
    "ctrl+enter": ("enter", "CR"),
    "shift+enter": ("enter", "CR"),
    "ctrl+tab": ("tab", "HT"),
}
# Ctrl+character with a control code of its own: Textual reports these names.
CONTROL_CODE_NAMES = {"at", "backslash", "right_square_bracket", "circumflex_accent", "underscore"}


def character_name(character: str) -> str:
    """Textual's name for the key that types `character`: "a" -> "a", "," -> "comma",
    "\\" -> "backslash" (its Unicode name, with Textual's short names)."""
    if character.isalnum():
        return character
    name = unicodedata.name(character, character).lower().replace("-", "_").replace(" ", "_")
    return KEY_NAME_REPLACEMENTS.get(name, name)


def _named_character(name: str) -> str | None:
    """The printable character a key name stands for ("comma" -> ","), or None."""
    if len(name) == 1:
        return name if name.isprintable() and not name.isspace() else None
    originals = {short: original for original, short in KEY_NAME_REPLACEMENTS.items()}
    character = key_to_character(originals.get(name, name))
    if character is None or len(character) != 1 or not character.isprintable():
        return None
    return character if character_name(character) == name else None


def canonical(key: str) -> str:
    """`key` as Textual reports it: modifiers sorted ("shift+ctrl+e" -> "ctrl+shift+e"), a
    character after a modifier by name ("ctrl+," -> "ctrl+comma"; Textual renames a lone
    character itself). Keys Textual names as a whole ("ctrl+@") are left as they are."""
    key = key.strip()
    *modifiers, name = key.split("+") if key != "+" else ["+"]
    if not modifiers or key.lower() in {k.value for k in Keys}:
        return key if len(key) == 1 else key.lower()
    name = name if len(name) == 1 else name.lower()
    if len(name) == 1 and not name.isalnum():
        name = character_name(name)
    return "+".join(sorted(m.lower() for m in modifiers) + [name.lower() if name.isascii() else name])


def key_problem(key: str, typed: str = "") -> str | None:
    """Why `key` (canonical) can never run an action, or None if a terminal can send it; the
    message names the key as `typed` in the keymap (default: `key`)."""
    typed = typed or key
    *modifiers, name = key.split("+")
    if any(m not in MODIFIERS for m in modifiers) or not name:
        return f"not a key: {typed!r} (modifiers are {', '.join(MODIFIERS)}, joined by '+')"
    if name in OTHER_NAMES and name not in NAMED_KEYS:
        return f"not a key: {typed!r} (Textual's name is {OTHER_NAMES[name]!r})"
    character = _named_character(name)
    if name not in NAMED_KEYS and character is None:
        return f"not a key: {typed!r} (no key has that name in Textual)"
    sent = _sent_as(modifiers, name, typed)
    if sent:
        return sent
    no_code = character is not None and not (character.isascii() and character.isalpha())
    if "ctrl" in modifiers and no_code and character_name(character or "") not in CONTROL_CODE_NAMES:
        return (
            f"{typed} has no control code: most terminals send nothing for it or the plain key "
            f"({character}), so the action would never run"
        )
    return None


def _sent_as(modifiers: list[str], name: str, typed: str) -> str | None:
    key = "+".join(modifiers + [name])
    if key in TERMINAL_ALIASES:
        seen, byte = TERMINAL_ALIASES[key]
        return (
            f"{typed} reaches the app as {seen} (terminals send {_shown(key)} as {byte}, "
            f"the byte of {_shown(seen)}), so the action would never run"
        )
    if modifiers == ["ctrl", "shift"] and len(name) == 1 and name.isascii() and name.isalpha():
        without_shift = f"ctrl+{name}"
        seen = TERMINAL_ALIASES.get(without_shift, (without_shift, ""))[0]
        return (
            f"{typed} reaches the app as {seen} (terminals send {_shown(key)} as {_shown(without_shift)}: "
            "Shift changes no Ctrl+letter code), so the action would never run"
        )
    return None


def _shown(key: str) -> str:
    from ppei_tui.ui.keys import friendly  # keys imports this module only when a keymap is read

    return friendly(key)
