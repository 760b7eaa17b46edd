"""Keys: the second key of every F-key action, the keymap file, and keys as shown to people.

Many terminals keep F10 (menus) and some F1 (their own help) or all F-keys; laptops often need
Fn. So every action on an F-key also has a Ctrl key that terminals pass through. The keys that
editing the note needs are left alone (Ctrl+A/E/U/W/D/C/V/Z/Y behave as in any text box, bar
Ctrl+E and Ctrl+X: see NoteInput).

Every binding has an id (`screen.action`). A keymap file rebinds any of them by id, through
Textual's `App.set_keymap`:

    # ~/.config/ppei-tui/keymap.toml (the platform's config folder; `ppei keys` prints it)
    "observe.end" = "ctrl+e,f9"
    [review]
    export = "ctrl+s"          # the same as "review.export" = "ctrl+s"
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, NamedTuple

from textual.binding import Binding
from textual.keys import key_to_character

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.screen import Screen

KEYMAP_FILE = "keymap.toml"

# Second keys for the F-keys, one place for every screen.
HELP = "f1,ctrl+l"
TAG = "ctrl+t,f2"
KIND = "ctrl+o,f3"
EVIDENCE = "ctrl+n,f4"
AGENDA = "ctrl+g,f5"
BREAK = "ctrl+b,f6"
PDF = "ctrl+p,f7"
EXPORT = "ctrl+s,f8"
END = "ctrl+e,f10"
REVIEW_SESSIONS = "ctrl+b,f3"
PALETTE = "ctrl+k"  # Ctrl+P is the PDF; Ctrl+K is the "command menu" key of many apps
# The palette's binding, with an id so a keymap can move it and no other action can take its
# key unnoticed (a priority binding of the app runs before any screen's: "observe.end" =
# "ctrl+k" was taken and End had no key). The app's own (Textual adds one when none has the
# command_palette action) had no id.
PALETTE_BINDING = Binding(
    PALETTE, "command_palette", "palette", id="app.palette", show=False, priority=True, system=True
)

F_KEY = re.compile(r"^f\d+$")


class KeymapError(ValueError):
    """A keymap file that cannot be used; the message names the file and what is wrong."""


class KeyLine(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    """One action as the help lists it."""

    keys: str
    description: str
    tooltip: str


SHORT_NAMES = {"pagedown": "PgDn", "pageup": "PgUp"}  # as printed on most keyboards


def friendly(key: str) -> str:
    """A key as the help and README write it: "ctrl+t" -> "Ctrl+T", "f2" -> "F2",
    "pagedown" -> "PgDn"."""
    *modifiers, name = key.split("+")
    if name in SHORT_NAMES:
        return "+".join([m.title() for m in modifiers] + [SHORT_NAMES[name]])
    character = key_to_character(name) if len(name) > 1 else name
    if character is not None and character.isprintable() and not character.isspace():
        # "ß".upper() is "SS": a letter with no one-letter capital is shown as it is
        shown = character.upper() if modifiers and len(character.upper()) == 1 else character
    else:
        shown = name.upper() if name[:1] == "f" and name[1:].isdigit() else name.replace("_", " ").title()
    return "+".join([m.title() for m in modifiers] + [shown])


def _flatten(table: dict[str, object], prefix: str = "") -> Iterable[tuple[str, object]]:
    for name, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value


# Screens whose focus is a text field (the note, the home form, a dialog's input): a key that
# types a character never reaches their bindings, so a keymap may not give them one.
TEXT_FIELD_SCREENS = ("app", "observe", "home", "edit", "memo", "export", "dialog")
TYPING_MODIFIERS = {"ctrl", "alt", "meta", "super", "hyper"}  # shift+a still types "A"


def types_a_character(key: str) -> bool:
    """Whether `key` ("a", "shift+a", "space", "full_stop") types a character into a text field."""
    *modifiers, name = key.split("+")
    if TYPING_MODIFIERS.intersection(modifiers):
        return False
    character = name if len(name) == 1 else key_to_character(name)
    return character is not None and character.isprintable()


def _screen(binding_id: str) -> str:
    return binding_id.split(".", 1)[0]


def _action(binding: Binding) -> str:
    return binding.action.removeprefix("app.")  # home.quit runs app.quit, as app.quit does


def _problems_with_keys(binding_id: str, wanted: list[str], reserved: Mapping[str, str]) -> list[str]:
    problems: list[str] = []
    if _screen(binding_id) not in TEXT_FIELD_SCREENS:
        return problems
    typed = [k for k in wanted if types_a_character(k)]
    if typed:
        problems.append(
            f"{binding_id}: {', '.join(repr(k) for k in typed)} types into the text field this screen "
            "has, so the action would never run (use a ctrl+ or alt+ key, or an F-key)"
        )
    taken = [k for k in wanted if k in reserved]
    if taken:
        problems.append(
            f"{binding_id}: used for editing the note: {', '.join(f'{k} ({reserved[k]})' for k in taken)}"
        )
    return problems


def _one_screen(first: str, second: str) -> bool:
    """Whether two binding ids can both be active at once: one screen's, or the app's."""
    return _screen(first) == _screen(second) or "app" in (_screen(first), _screen(second))


def _clashes(keymap: Mapping[str, str], bindings: Mapping[str, Binding]) -> list[str]:
    """Two actions on one key of one screen, one of them moved by the keymap. A screen has its
    own bindings and the app's (app.*, which work on every screen); two ids running one action
    (home.quit runs app.quit) are one action."""
    keys_of = {i: {k.strip() for k in keymap.get(i, b.key).split(",")} for i, b in bindings.items()}
    problems: list[str] = []
    told: set[frozenset[str]] = set()
    for moved in keymap:
        for key in keymap[moved].split(","):
            others = [
                other
                for other, binding in bindings.items()
                if other != moved
                and _one_screen(other, moved)
                and _action(binding) != _action(bindings[moved])
                and key in keys_of[other]
                and frozenset((moved, other, key)) not in told
            ]
            told.update(frozenset((moved, other, key)) for other in others)
            if others:
                named = " and ".join(f"{o} ({bindings[o].description})" for o in others)
                problems.append(f"{moved}: {key} is also the key of {named} on the same screen")
    return problems


def parse_keymap(
    text: str,
    source: str,
    known_ids: Mapping[str, Binding] | set[str],
    reserved: dict[str, str] | None = None,
) -> dict[str, str]:
    """binding id -> keys ("ctrl+e,f9") from a keymap file's text.

    Raises KeymapError naming `source` and, for TOML errors, the line and column; for an
    unknown id, the ids there are; for a key that cannot be typed, the key; on a screen whose
    focus is a text field (TEXT_FIELD_SCREENS), for a key that types a character or one of
    `reserved` (key -> what it does while typing a note), what the key does; when `known_ids`
    maps ids to their bindings (default keys), for two actions left on one key of one screen.
    A file with any problem is not used at all: half of it could itself leave two actions on
    one key (a swap of two keys with one side refused).
    """
    import tomllib  # only when there is a keymap file: most starts have none

    from ppei_tui.ui import key_names

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KeymapError(f"{source}: not valid TOML: {error}") from error
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in _flatten(data):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            keys = ",".join(value)
        elif isinstance(value, str):
            keys = value
        else:
            problems.append(f'{binding_id}: give the keys as a string, e.g. "ctrl+e,f9"')
            continue
        if not keys.strip():
            problems.append(f"{binding_id}: no key given")
            continue
        if binding_id not in known_ids:
            problems.append(f"{binding_id}: no such binding id")
            continue
        typed = [k.strip() for k in keys.split(",")]
        # One rule for every key name (ui/key_names): Textual's names, in the order Textual
        # reports modifiers, and none a terminal sends as another key.
        bad = [why for k in typed if (why := key_names.key_problem(key_names.canonical(k), k))]
        if bad:
            problems += [f"{binding_id}: {why}" for why in bad]
            continue
        # dict.fromkeys: a key named twice ("ctrl+g,ctrl+g") is one key, listed once
        wanted = list(dict.fromkeys(key_names.canonical(k) for k in typed))
        refused = _problems_with_keys(binding_id, wanted, reserved or {})
        if refused:
            problems += refused
            continue
        keymap[binding_id] = ",".join(wanted)
    if not problems and isinstance(known_ids, Mapping):
        problems = _clashes(keymap, known_ids)
    if problems:
        unknown = any(p.endswith("no such binding id") for p in problems)
        hint = f" (binding ids: {', '.join(sorted(known_ids))})" if unknown else ""
        # one line, whatever an id holds (a TOML key may hold a line break or U+202E)
        from ppei_tui.domain.controls import one_line

        said = "; ".join(one_line(problem) for problem in problems)
        raise KeymapError(f"{one_line(source)}: {said}. Nothing from it is used{hint}.")
    return keymap


def load_keymap(
    config_dir: Path | None,
    known_ids: Mapping[str, Binding] | set[str],
    reserved: dict[str, str] | None = None,
) -> dict[str, str]:
    """The keymap file in `config_dir`, or {} if there is none. Raises KeymapError."""
    if config_dir is None:
        return {}
    path = config_dir / KEYMAP_FILE
    try:
        # A pipe in its place would wait for a writer forever (`ppei keys`, every screen's
        # start): only a regular file is read. os.stat, not storage's reader: no new import here.
        if not S_ISREG(os.stat(path).st_mode):
            raise KeymapError(f"{path}: cannot be read: is not a regular file (a folder, pipe or device)")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise KeymapError(f"{path}: cannot be read: {error}") from error
    return parse_keymap(text, str(path), known_ids, reserved)


def note_editing_keys() -> dict[str, str]:
    """Keys the note input keeps for editing (they come before the screen's): key -> action.
    Enter (and Ctrl+J, a bare line feed) stores the note in NoteInput's own key handler."""
    from ppei_tui.ui.note_input import NoteInput

    found: dict[str, str] = {"enter": "store the note", "ctrl+j": "store the note"}
    for binding in NoteInput.BINDINGS:
        if isinstance(binding, Binding):
            for key in binding.key.split(","):
                found[key.strip()] = binding.description.lower()
    return found


def binding_ids(screen_classes: Iterable[type]) -> dict[str, Binding]:
    """Every binding with an id in these classes' BINDINGS: id -> binding (default keys)."""
    found: dict[str, Binding] = {}
    for cls in screen_classes:
        for binding in getattr(cls, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                found.setdefault(binding.id, binding)
    return found


def all_binding_ids() -> dict[str, Binding]:
    """Every binding id of every screen and widget in ppei_tui.ui (imports them all: used only
    when a keymap file exists, and by `ppei keys`)."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import ppei_tui.ui

    for module in pkgutil.iter_modules(ppei_tui.ui.__path__):
        importlib.import_module(f"ppei_tui.ui.{module.name}")
    classes: list[type] = []
    pending: list[type] = [DOMNode]
    while pending:
        cls = pending.pop()
        classes.append(cls)
        pending.extend(cls.__subclasses__())
    return binding_ids(c for c in classes if c.__module__.startswith("ppei_tui."))


def help_lines(screen: Screen, display: Callable[[Binding], str] | None = None) -> list[KeyLine]:
    """The actions of `screen` (and the app) with the keys they are on now, keymap included;
    one line per binding id (or action), editing keys left out."""
    keys_of: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not (binding.id or binding.show) or binding.system:
            continue
        group = binding.id or binding.action
        shown = display(replace(binding, key=key, key_display=None)) if display else friendly(key)
        keys_of.setdefault(group, []).append(shown)
        first.setdefault(group, binding)
    return [
        KeyLine(" / ".join(keys_of[group]), first[group].description, first[group].tooltip) for group in first
    ]


def shown_keys(
    screen: Screen,
    binding: Binding,
    display: Callable[[Binding], str],
    active: Mapping[str, ActiveBinding] | None = None,
) -> str:
    """All keys that the binding's id is on in `screen`, for the footer: "^t/F2". `active`:
    the screen's active bindings if the caller has them already (Textual builds them anew,
    checking every action, at each reading of `screen.active_bindings`)."""
    if not binding.id:
        return display(binding)
    bound = screen.active_bindings if active is None else active
    keys = [key for key, found in bound.items() if found.binding.id == binding.id]
    if len(keys) < 2:
        return display(binding)
    return "/".join(display(replace(binding, key=key, key_display=None)) for key in keys)
