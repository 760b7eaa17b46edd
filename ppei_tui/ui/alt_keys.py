"""An Alt+key that nothing binds is Esc, then that key: what a person typing Esc then text means.

Why. A terminal sends Alt+C as ESC then "c", and Esc as a lone ESC: the two differ only in time.
When Esc and the keys after it arrive in one read (tmux send-keys, SSH, a busy laptop), Textual's
input parser cannot tell them apart and reports Alt+C. "ab", Esc, "cd", Enter in the agenda
prompt then stored "abcd" and left the prompt open, as an Input types an Alt+C's character.

ppei binds no Alt key of its own bar Alt+Backspace and Alt+Delete (the note's word deletions), and
a keymap may bind others (ui/key_names takes "alt+"): an Alt key bound where it is pressed
stays Alt (and is not typed as its letter). Any other is read as Esc then the key, the meta
convention of readline and zsh's vi mode. Ctrl+Alt stays as it is (AltGr on some keyboards, and
never a burst's Esc).
"""

from __future__ import annotations

from collections.abc import Container

from textual import events
from textual.keys import key_to_character

ALT = "alt+"
ESCAPE = "escape"


def as_typed(event: events.Key, bound: Container[str]) -> list[events.Key]:
    """`event` as the keys a person typed: [Esc, the key without Alt] for an Alt+key (Alt or
    Alt+Shift with a key) that no binding in `bound` (key names, as Screen.active_bindings) wants;
    a bound Alt+key without its character (the binding's, not typed); else [event] itself."""
    if not event.key.startswith(ALT):
        return [event]
    if event.key in bound:
        # Without its character: an Input types any key that has a printable one before the
        # key reaches the bindings, so a keymap's Alt+A typed "a" into the note instead.
        return [events.Key(event.key, None)] if event.is_printable else [event]
    rest = event.key[len(ALT) :]
    modifiers = rest.split("+")[:-1]
    if any(modifier != "shift" for modifier in modifiers):
        return [event]  # ctrl+alt (AltGr), meta, super: not what an Esc before a key makes
    character = event.character
    if character is None:  # a Kitty-protocol Alt+key (ui/escape_keys.py makes them too) has none
        character = key_to_character(rest.split("+")[-1])
        if character is not None and "shift" in modifiers:
            character = character.upper()
    # Textual names a letter or digit key by its character ("C" for Shift+C, as typed).
    letter = character is not None and len(character) == 1 and character.isalnum()
    name = character if letter and character is not None else rest
    return [events.Key(ESCAPE, "\x1b"), events.Key(name, character)]
