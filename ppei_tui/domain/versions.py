"""One codebook for sessions recorded with several templates or template versions.

Every command that combines sessions (`map A B`, `map --compare`, `report A B`, `export` of
several) uses `combine_templates`, so they agree, whatever the order of the arguments.

Rule (the README states it too):
- Versions of one template id are merged: an element is the same element when its code is
  (folded), a verb the same verb when its name is (folded: `Time consuming` = `Time-consuming`),
  likewise practice sets. Names, definitions and colours come from the newest version that has
  them; elements and verbs keep the newest version's order, and what only older versions have
  follows, newest first. Versions are ordered by their numbers (`1.10` after `1.9`), then by
  content, never by the order sessions were given.
- Different template ids are kept apart: an element is the same only when its code and its name
  agree (folded). When two templates give one code to different elements, the template later
  in id order gets its code suffixed (`M_2`), and a warning says so.
- Every tag of every session maps to one code of the union (`canonical`), so no coding is
  dropped; `changes` lists, per template, which version added and which dropped what.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ppei_tui.domain.folding import fold
from ppei_tui.domain.session import Note, Session, Tag
from ppei_tui.domain.template import Element, Template


def version_key(template: Template) -> tuple[tuple[tuple[int, int, str], ...], str]:
    """Natural order of version strings (`1.10` after `1.9`), then content, for a total order."""
    parts = tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|[^\d.]+", template.version)
    )
    return (parts, template.content_hash())


@dataclass
class _Cell:
    element: str  # code in the union
    name: str
    verbs: dict[str, str] = field(default_factory=dict)  # fold(verb) -> name in the union


@dataclass(frozen=True)
class CombinedTemplate:
    """The union of several templates, and how each recorded tag maps into it."""

    template: Template
    sources: tuple[Template, ...]
    changes: tuple[str, ...]
    warnings: tuple[str, ...]
    _tags: dict[tuple[str, str, str, str], Tag] = field(repr=False, compare=False)
    _practice_sets: dict[tuple[str, str, str], str] = field(repr=False, compare=False)

    def canonical(self, recorded_with: Template, tag: Tag) -> Tag:
        """The union's code for `tag` as recorded with `recorded_with`; an unknown tag is kept."""
        return self._tags.get((recorded_with.id, recorded_with.version, tag.element, tag.verb), tag)

    def canonical_practice_set(self, recorded_with: Template, name: str) -> str:
        return self._practice_sets.get((recorded_with.id, recorded_with.version, name), name)

    def notes_of(self, session: Session) -> list[Note]:
        """The session's notes with tags and practice sets named as in the union (copies)."""
        template = session.template
        if len(self.sources) == 1:
            return list(session.notes)
        return [
            replace(
                note,
                tags=list(dict.fromkeys(self.canonical(template, t) for t in note.tags)),
                practice_sets=list(
                    dict.fromkeys(self.canonical_practice_set(template, p) for p in note.practice_sets)
                ),
            )
            for note in session.notes
        ]

    def messages(self) -> list[str]:
        return [*self.changes, *self.warnings]


def _distinct(templates: Iterable[Template]) -> list[Template]:
    unique: dict[tuple[str, str], Template] = {}
    for template in templates:
        unique.setdefault((template.id, template.content_hash()), template)
    return sorted(unique.values(), key=lambda t: (t.id, version_key(t)))


def _describe(template: Template) -> str:
    return f"{template.id} v{template.version}"


def _version_changes(versions: list[Template]) -> list[str]:
    """What each version adds and drops relative to the one before it (oldest first)."""
    changes = []
    for older, newer in zip(versions, versions[1:], strict=False):

        def cells(t: Template) -> dict[tuple[str, str], str]:
            return {(fold(e.code), fold(v)): f"{e.code}.{v}" for e in t.elements for v in e.verbs}

        def sets(t: Template) -> dict[str, str]:
            return {fold(p): f"+{p}" for p in t.practice_sets}

        before, after = (
            cells(older) | {("+", k): v for k, v in sets(older).items()},
            cells(newer) | {("+", k): v for k, v in sets(newer).items()},
        )
        added = [after[k] for k in after if k not in before]
        dropped = [before[k] for k in before if k not in after]
        old_names = {fold(e.code): e for e in older.elements}
        renamed = [
            f"{e.code} {old_names[fold(e.code)].name!r} as {e.name!r}"
            for e in newer.elements
            if fold(e.code) in old_names and old_names[fold(e.code)].name != e.name
        ]
        respelled = [
            f"{before[k]} as {(after[k] if k[0] == '+' else after[k].split('.', 1)[1])!r}"
            for k in after
            if k in before and before[k] != after[k]
        ]
        if respelled:
            changes.append(
                f"{newer.id}: v{newer.version} (after v{older.version}) writes "
                f"{', '.join(respelled)}: one code"
            )
        if renamed:
            changes.append(
                f"{newer.id}: v{newer.version} (after v{older.version}) renames element {', '.join(renamed)}"
            )
        if older.version == newer.version and (added or dropped):
            label = f"{newer.id}: two different templates are both version {newer.version}"
        else:
            label = f"{newer.id}: v{newer.version} (after v{older.version})"
        if added:
            changes.append(f"{label} adds {', '.join(added)}")
        if dropped:
            changes.append(f"{label} drops {', '.join(dropped)}; kept, so its codings still count")
    return changes


def combine_templates(templates: Sequence[Template]) -> CombinedTemplate:
    """The union of `templates` by the rule in the module docstring. Raises ValueError if empty."""
    distinct = _distinct(templates)
    if not distinct:
        raise ValueError("no templates to combine")
    if len(distinct) == 1:
        only = distinct[0]
        same = {(only.id, only.version, e.code, v): Tag(e.code, v) for e in only.elements for v in e.verbs}
        sets = {(only.id, only.version, p): p for p in only.practice_sets}
        return CombinedTemplate(only, (only,), (), (), same, sets)
    by_id: dict[str, list[Template]] = {}
    for template in distinct:
        by_id.setdefault(template.id, []).append(template)
    elements: dict[tuple[str, str], _Cell] = {}  # (template id or "", fold(code)) -> cell
    details: dict[tuple[str, str], Element] = {}
    order: list[tuple[str, str]] = []
    tags: dict[tuple[str, str, str, str], Tag] = {}
    practice: dict[str, str] = {}
    practice_map: dict[tuple[str, str, str], str] = {}
    changes: list[str] = []
    warnings: list[str] = []
    used_codes: dict[str, tuple[str, str]] = {}  # fold(union code) -> (template id, fold(name))
    for template_id in sorted(by_id):
        versions = by_id[template_id]
        changes += _version_changes(versions)
        for template in reversed(versions):  # newest first: its names and order win
            for element in template.elements:
                key = (template_id, fold(element.code))
                if key not in elements:
                    elements[key] = _union_cell(element, template_id, used_codes, warnings, elements)
                    if elements[key].element not in {elements[k].element for k in order}:
                        details[key] = element
                        order.append(key)
                cell = elements[key]
                for verb in element.verbs:
                    cell.verbs.setdefault(fold(verb), verb)
                    tags[(template.id, template.version, element.code, verb)] = Tag(
                        cell.element, cell.verbs[fold(verb)]
                    )
            for name in template.practice_sets:
                practice.setdefault(fold(name), name)
                practice_map[(template.id, template.version, name)] = practice[fold(name)]
    union_elements = tuple(
        Element(
            code=elements[key].element,
            name=details[key].name,
            definition=details[key].definition,
            verbs=tuple(elements[key].verbs.values()),
            colour=details[key].colour,
        )
        for key in order
    )
    newest = [by_id[i][-1] for i in sorted(by_id)]
    roles = tuple(dict.fromkeys(r for t in reversed(distinct) for r in t.speaker_roles))
    union = Template(
        id=newest[0].id if len(newest) == 1 else "+".join(t.id for t in newest),
        name=newest[0].name if len(newest) == 1 else " + ".join(t.name for t in newest),
        version="+".join(t.version for i in sorted(by_id) for t in by_id[i]),
        description="Union of " + ", ".join(_describe(t) for t in distinct),
        elements=union_elements,
        practice_sets=tuple(practice.values()),
        speaker_roles=roles,
        source="union",
    )
    return CombinedTemplate(union, tuple(distinct), tuple(changes), tuple(warnings), tags, practice_map)


def _union_cell(
    element: Element,
    template_id: str,
    used: dict[str, tuple[str, str]],
    warnings: list[str],
    elements: dict[tuple[str, str], _Cell],
) -> _Cell:
    """The element's place in the union: its own code, or the same element of another template
    (same code and name, folded), or a suffixed code when another template gave its code to a
    different element."""
    code = element.code
    owner = used.get(fold(code))
    if owner is None:
        used[fold(code)] = (template_id, fold(code))
        return _Cell(code, element.name)
    first = elements[owner]
    if fold(first.name) == fold(element.name):
        warnings.append(
            f"{owner[0]} and {template_id} both have the element {code} ({element.name}): "
            "one element here, with the verbs of both"
        )
        return first
    suffix = 2
    while fold(f"{code}_{suffix}") in used:
        suffix += 1
    new_code = f"{code}_{suffix}"
    used[fold(new_code)] = (template_id, fold(code))
    warnings.append(
        f"templates disagree: {owner[0]} and {template_id} both use the element code {code} "
        f"({first.name!r} and {element.name!r}); {template_id}'s is {new_code} here"
    )
    return _Cell(new_code, element.name)


def combine_sessions(sessions: Sequence[Session]) -> CombinedTemplate:
    """The union of the templates `sessions` were recorded with."""
    return combine_templates([s.template for s in sessions])
