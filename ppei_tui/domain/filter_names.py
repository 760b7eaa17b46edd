"""Filter values named on the command line (`ppei map --element/--practice/--kind/--agenda`,
`ppei study --practice/--role`), matched as tags are matched in notes.

People type what they see on the map, so a value is matched as a `#token` would be
(folding.fold: case, accents, spaces, hyphens ignored):
- an element by its code exactly (`M` is never taken for `Ma`), else by its name or one of its
  aliases exactly, else by the start of exactly one name or alias;
- a practice set by its name or an alias, exactly or by the start of exactly one
  (vocabulary.TagVocabulary.resolve_practice_set, the `+token` rule);
- a kind, an agenda item or a speaker role (`map --kind/--agenda`, `study --role`) by every
  known name equal to it once folded (`Finance report` in one session and `Finance Report` in
  another are one item, and both are selected), else by the start of names that are all one
  once folded (`resolve_filter_values`).
A value matching none, or several, raises FilterValueError listing the choices: a filter that
selected nothing would print an empty map that looks like a finding.
"""

from __future__ import annotations

from collections.abc import Iterable

from ppei_tui.domain.folding import fold
from ppei_tui.domain.mapping import FilterValueError
from ppei_tui.domain.template import Template
from ppei_tui.domain.vocabulary import TagVocabulary


def _element_choices(template: Template) -> str:
    return ", ".join(f"{e.code} ({e.name})" for e in template.elements) or "(none defined)"


def resolve_element(value: str, template: Template) -> str:
    """The code of the element `value` names (rule in the module docstring)."""
    key = fold(value)
    codes = {fold(e.code): e.code for e in template.elements}
    if key in codes:
        return codes[key]
    names: dict[str, list[str]] = {}
    for element in template.elements:
        for name in (element.name, *element.aliases):
            known = names.setdefault(fold(name), [])
            if element.code not in known:
                known.append(element.code)
    exact = names.get(key, [])
    found = exact or list(
        dict.fromkeys(c for n, cs in names.items() if key and n.startswith(key) for c in cs)
    )
    if len(found) == 1:
        return found[0]
    if not found:
        choices = _element_choices(template)
        raise FilterValueError(f"unknown element {value!r}; valid elements (code or name): {choices}")
    shown = ", ".join(f"{e.code} ({e.name})" for e in template.elements if e.code in found)
    raise FilterValueError(f"element {value!r} is ambiguous: could be {shown}; give the code")


def resolve_elements(values: Iterable[str], template: Template) -> frozenset[str]:
    """Element codes for every value; FilterValueError for the first unknown or ambiguous one."""
    return frozenset(resolve_element(value, template) for value in values)


def resolve_practice_sets(values: Iterable[str], template: Template) -> frozenset[str]:
    """Practice sets (as the template spells them) for every value, matched as `+tokens` are;
    FilterValueError naming the template's practice sets for the first that matches none or several."""
    values = list(values)
    if not values:
        return frozenset()
    vocabulary = TagVocabulary(template)
    chosen = set()
    for value in values:
        practice_set, reason = vocabulary.resolve_practice_set(value)
        if practice_set is None:
            valid = ", ".join(template.practice_sets) or "(none defined)"
            if reason.startswith("ambiguous"):  # vocabulary.choose: "ambiguous: could be a, b"
                raise FilterValueError(f"practice set {value!r} is {reason}")
            raise FilterValueError(f"unknown practice set {value!r}; valid practice sets: {valid}")
        chosen.add(practice_set)
    return frozenset(chosen)


def resolve_filter_values(values: Iterable[str], known: Iterable[str], what: str) -> frozenset[str]:
    """Each value as the `known` names it stands for (rule in the module docstring), compared
    folded (folding.fold) as tags are; `what` names them in messages (`agenda item`).

    FilterValueError naming the valid values for the first value that matches none, or the
    candidates for one that is the start of several names (an unknown filter value must never
    give an empty map that looks like a finding)."""
    options = list(dict.fromkeys(known))
    by_fold: dict[str, list[str]] = {}
    for option in options:
        by_fold.setdefault(fold(option), []).append(option)
    by_fold.pop("", None)
    chosen: set[str] = set()
    for value in values:
        key = fold(value)
        names = by_fold.get(key)
        if names is None and key:
            starting = [folded for folded in by_fold if folded.startswith(key)]
            if len(starting) > 1:
                shown = ", ".join(by_fold[folded][0] for folded in starting)
                raise FilterValueError(f"{what} {value!r} is ambiguous: could be {shown}")
            names = by_fold[starting[0]] if starting else None
        if names is None:
            valid = ", ".join(options) if options else "(none defined)"
            raise FilterValueError(f"unknown {what} {value!r}; valid {what}s: {valid}")
        chosen.update(names)
    return frozenset(chosen)
