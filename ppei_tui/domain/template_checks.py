"""Names a typed token or an export could not tell apart: errors in `ppei templates check`.

Two names collide when they are equal once folded (folding.fold: case, accents, hyphens and
spaces ignored), because the tagger compares tokens in that form. The namespaces:

- element qualifiers (`#Mat.` or `#materiality.`): the code, name and aliases of every element;
  no two elements may share one;
- each element's verbs with their aliases;
- practice sets with their aliases;
- the names codes get once qualified for export (REFI-QDA): `Name (CODE)` for an element,
  `Name: verb` for a verb, `Practice sets` and `Practice set: name`. QualCoder merges codes of
  the same name, so these must differ too.
A name that folds to nothing (only punctuation or symbols) cannot be typed at all, nor can one
holding a control character (ESC, BEL: a hand-edited file); the template's own name and version
and its speaker roles are refused for a control character too.
The same verb in two elements is allowed: it is typed qualified (`#P.engaging`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ppei_tui.domain.controls import first_control
from ppei_tui.domain.folding import fold, nfc

if TYPE_CHECKING:
    from ppei_tui.domain.template import Template

PRACTICE_CATEGORY = "Practice sets"
Locations = dict[str, tuple[int, int]]
Named = tuple[str, str]  # (key path, name)


def element_export_name(name: str, code: str) -> str:
    return f"{name} ({code})"


def verb_export_name(element_name: str, verb: str) -> str:
    return f"{element_name}: {verb}"


def practice_export_name(practice_set: str) -> str:
    return f"Practice set: {practice_set}"


def _element_qualifiers(template: Template) -> list[tuple[int, list[Named]]]:
    result = []
    for i, e in enumerate(template.elements):
        names = [(f"elements[{i}].code", e.code), (f"elements[{i}].name", e.name)]
        names += [(f"elements[{i}].aliases[{k}]", a) for k, a in enumerate(e.aliases)]
        result.append((i, names))
    return result


def _with_aliases(path: str, name: str, aliases: tuple[str, ...]) -> list[Named]:
    """A name written at `path` and its aliases: in the YAML a name with aliases is a mapping
    (`path.name`, `path.aliases[k]`), one without is a plain string at `path`."""
    own = (f"{path}.name" if aliases else path, name)
    return [own] + [(f"{path}.aliases[{k}]", alias) for k, alias in enumerate(aliases)]


def _verbs(template: Template, index: int) -> list[Named]:
    element = template.elements[index]
    return [
        named
        for j, verb in enumerate(element.verbs)
        for named in _with_aliases(f"elements[{index}].verbs[{j}]", verb, element.aliases_of(verb))
    ]


def _practice_sets(template: Template) -> list[Named]:
    aliases = template.practice_set_aliases_of
    return [
        named
        for k, practice in enumerate(template.practice_sets)
        for named in _with_aliases(f"practice_sets[{k}]", practice, aliases(practice))
    ]


def export_names(template: Template) -> list[Named]:
    """Every code's name as a REFI-QDA codebook writes it, with where it comes from."""
    names: list[Named] = []
    for i, e in enumerate(template.elements):
        names.append((f"elements[{i}].name", element_export_name(e.name, e.code)))
        names += [(f"elements[{i}].verbs[{j}]", verb_export_name(e.name, v)) for j, v in enumerate(e.verbs)]
    if template.practice_sets:
        names.append(("practice_sets", PRACTICE_CATEGORY))
        names += [
            (f"practice_sets[{k}]", practice_export_name(p)) for k, p in enumerate(template.practice_sets)
        ]
    return names


def _place(key: str, locate: Locations) -> str:
    line, column = locate.get(key, (None, None))
    return f"{key} (line {line}:{column})" if line is not None else key


def _export_form(name: str) -> str:
    """Export names are compared as QualCoder would (case aside): not folded, which would make
    `Ab (C)` and `A (BC)` one name."""
    return nfc(name).casefold()


def _clashes(
    names: list[Named], locate: Locations, what: str, form: Callable[[str], str] = fold
) -> Iterator[tuple[str, str]]:
    seen: dict[str, Named] = {}
    for key, name in names:
        folded = form(name)
        if not folded:
            continue
        if folded in seen:
            first_key, first = seen[folded]
            same = "is" if first == name else "is, once case, accents, spaces and hyphens are ignored,"
            yield key, f"{name!r} {same} the same as {first!r} at {_place(first_key, locate)}: {what}"
            continue
        seen[folded] = (key, name)


def collision_problems(template: Template, locate: Locations | None = None) -> list[tuple[str, str]]:
    """(key path, message) for every pair of names a token or an export cannot tell apart."""
    locate = locate or {}
    problems: list[tuple[str, str]] = []
    every = [n for _, names in _element_qualifiers(template) for n in names]
    every += [n for i in range(len(template.elements)) for n in _verbs(template, i)]
    every += _practice_sets(template)
    problems += _control_problems(template, every)
    for key, name in every:
        if first_control(name) is not None:
            continue  # said once, by _control_problems
        if not fold(name):
            problems.append((key, f"{name!r} has no letter or digit, so no typed token can reach it"))
    # Element qualifiers: an element's own code may equal its name (e.g. code "Mat" and alias "mat").
    owners: dict[str, tuple[int, Named]] = {}
    for index, names in _element_qualifiers(template):
        own: set[str] = set()
        for key, name in names:
            folded = fold(name)
            if not folded or folded in own:
                continue
            own.add(folded)
            if folded in owners:
                first_key, first = owners[folded][1]
                problems.append(
                    (
                        key,
                        f"{name!r} names two elements (also {first!r} at {_place(first_key, locate)}): "
                        "a qualified token such as #"
                        f"{name}.verb could not tell them apart",
                    )
                )
            else:
                owners[folded] = (index, (key, name))
    for index, element in enumerate(template.elements):
        problems += _clashes(
            _verbs(template, index), locate, f"two verbs of {element.name} a token cannot tell apart"
        )
    problems += _clashes(_practice_sets(template), locate, "two practice sets a token cannot tell apart")
    problems += _clashes(
        export_names(template), locate, "two codes with one name in a REFI-QDA export", _export_form
    )
    return _first_per_key(problems)


def _control_problems(template: Template, typed: list[Named]) -> list[tuple[str, str]]:
    """A name holding a control character (ESC, BEL: a hand-edited file): a tag is typed and
    ESC cannot be, and printed raw it drives the terminal (`ESC[2J` clears it)."""
    named = [("name", template.name), ("version", template.version), *typed]
    named += [(f"speaker_roles[{k}]", role) for k, role in enumerate(template.speaker_roles)]
    problems = []
    for key, name in named:
        control = first_control(name)
        if control is not None:
            message = f"{name!r} holds the control character U+{ord(control):04X}, which no one can type"
            problems.append((key, f"{message}: remove it"))
    return problems


def _first_per_key(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One message per place: the export clash of two equal element names says nothing new."""
    seen: set[str] = set()
    result = []
    for key, message in problems:
        base = key.removesuffix(".name")
        if base in seen:
            continue
        seen.add(base)
        result.append((key, message))
    return result
