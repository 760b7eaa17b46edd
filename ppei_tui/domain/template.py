"""Observation templates: a coding framework of elements, their verbs, and practice sets.

A template arrives as plain data (a dict parsed from YAML, or the copy kept inside a session)
and is validated here, so every caller gets the same explanations for the same mistakes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ppei_tui.domain.folding import nfc
from ppei_tui.domain.template_checks import collision_problems
from ppei_tui.domain.values import compared

ELEMENT_KEYS = {"code", "name", "definition", "aliases", "verbs", "colour"}
CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def slug(text: str) -> str:
    """The form of a verb or practice set used in inline tags: lower case, no spaces."""
    return re.sub(r"\s+", "-", text.strip().lower())


Aliases = tuple[tuple[str, tuple[str, ...]], ...]
"""(name, its aliases) for each name that has any, in template order."""


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(frozen=True, repr=False, eq=False)
class Element:
    code: str
    name: str
    definition: str
    verbs: tuple[str, ...]
    colour: str = ""
    aliases: tuple[str, ...] = ()
    verb_aliases: Aliases = ()

    def aliases_of(self, verb: str) -> tuple[str, ...]:
        """The short forms a team types for `verb` (the template's `aliases:` for it)."""
        return dict(self.verb_aliases).get(verb, ())

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "name": self.name, "definition": self.definition}
        if self.aliases:
            data["aliases"] = list(self.aliases)
        data["verbs"] = _named_items(self.verbs, self.verb_aliases)
        if self.colour:
            data["colour"] = self.colour
        return data


def _named_items(names: tuple[str, ...], aliases: Aliases) -> list[Any]:
    """Names as YAML lists them: plain text, or {name, aliases} for a name with aliases."""
    table = dict(aliases)
    return [{"name": n, "aliases": list(table[n])} if table.get(n) else n for n in names]


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(frozen=True, repr=False, eq=False)
class Template:
    id: str
    name: str
    version: str
    description: str
    elements: tuple[Element, ...]
    practice_sets: tuple[str, ...]
    speaker_roles: tuple[str, ...]
    source: str = field(default="", compare=False)
    practice_set_aliases: Aliases = ()

    def practice_set_aliases_of(self, practice_set: str) -> tuple[str, ...]:
        return dict(self.practice_set_aliases).get(practice_set, ())

    def element(self, code: str) -> Element:
        for element in self.elements:
            if element.code.lower() == code.lower():
                return element
        raise KeyError(code)

    def verb_cells(self) -> list[tuple[str, str]]:
        """Every (element code, verb) pair in template order."""
        return [(e.code, v) for e in self.elements for v in e.verbs]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "elements": [e.to_dict() for e in self.elements],
            "practice_sets": _named_items(self.practice_sets, self.practice_set_aliases),
            "speaker_roles": list(self.speaker_roles),
        }

    def content_hash(self) -> str:
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        import hashlib  # a fingerprint is asked for by exports and comparisons, not by observing

        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Problem(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    """One thing wrong with a template, located as precisely as we can."""

    source: str
    key: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        place = self.source
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        key = f" {self.key}:" if self.key else ""
        return f"{place}:{key} {self.message}"


class TemplateError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _describe_wrong_type(value: Any, wanted: str) -> str:
    if isinstance(value, bool):
        return (
            f"is the boolean {value}, not {wanted}: YAML reads unquoted yes/no/on/off/true/false "
            "as booleans; put the text in quotes"
        )
    if isinstance(value, int):
        return (
            f"is the number {value}, not {wanted}: YAML reads unquoted numbers (and times such "
            "as 10:30, which it turns into 630) as numbers; put the text in quotes"
        )
    if isinstance(value, float):
        return f'is the number {value}, not {wanted}: put it in quotes (e.g. "1.0")'
    if value is None:
        return f"is empty, expected {wanted}"
    return f"is a {type(value).__name__}, expected {wanted}"


class _Checker:
    """Collects problems while reading a template dict, locating keys via `locate`."""

    def __init__(self, source: str, locate: dict[str, tuple[int, int]] | None):
        self.source = source
        self.locate = locate or {}
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        line, column = self.locate.get(key, (None, None))
        self.problems.append(Problem(self.source, key, message, line, column))

    def text(self, data: dict[str, Any], key: str, path: str, required: bool = True) -> str:
        if key not in data:
            if required:
                self.problem(path, "is missing")
            return ""
        value = data[key]
        if not isinstance(value, str):
            self.problem(path, _describe_wrong_type(value, "text"))
            return ""
        if required and not value.strip():
            self.problem(path, "is empty")
        return value.strip()

    def text_list(self, data: dict[str, Any], key: str, path: str, required: bool = True) -> list[str]:
        return [name for name, _ in self.named_list(data, key, path, required, allow_aliases=False)]

    def named_list(
        self, data: dict[str, Any], key: str, path: str, required: bool = True, allow_aliases: bool = True
    ) -> list[tuple[str, tuple[str, ...]]]:
        """A list of names, each plain text or (if allowed) `{name: ..., aliases: [...]}`."""
        if key not in data:
            if required:
                self.problem(path, "is missing")
            return []
        value = data[key]
        if not isinstance(value, list):
            self.problem(path, _describe_wrong_type(value, "a list"))
            return []
        items: list[tuple[str, tuple[str, ...]]] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            aliases: tuple[str, ...] = ()
            if allow_aliases and isinstance(item, dict):
                for extra in item:
                    if extra not in {"name", "aliases"}:
                        self.problem(f"{item_path}.{extra}", "is not a key here (expected name, aliases)")
                aliases = tuple(self.text_list(item, "aliases", f"{item_path}.aliases", required=False))
                item_path, item = f"{item_path}.name", item.get("name")
            if not isinstance(item, str):
                wanted = "text (or name: and aliases:)" if allow_aliases else "text"
                self.problem(item_path, _describe_wrong_type(item, wanted))
                continue
            if not item.strip():
                self.problem(item_path, "is empty")
                continue
            if slug(item) in seen:
                first, (line, column) = (
                    seen[slug(item)],
                    self.locate.get(f"{path}[{seen[slug(item)]}]", (None, None)),
                )
                where = f" at line {line}:{column}" if line is not None else ""
                self.problem(item_path, f"{item!r} duplicates {path}[{first}]{where}")
                continue
            seen[slug(item)] = index
            items.append((item.strip(), aliases))
        return items


def normalised(data: Any) -> Any:
    """`data` with every text (keys too) in NFC, so a name pasted with decomposed accents is
    the same name as one typed with composed ones."""
    if isinstance(data, str):
        return nfc(data)
    if isinstance(data, list):
        return [normalised(item) for item in data]
    if isinstance(data, dict):
        return {normalised(k): normalised(v) for k, v in data.items()}
    return data


def template_from_data(
    data: Any,
    source: str = "<template>",
    locate: dict[str, tuple[int, int]] | None = None,
    strict: bool = True,
) -> Template:
    """Validate parsed template data; raise TemplateError listing every problem found.

    `strict` (a template file being read or checked): texts are normalised to NFC and names
    that a typed token or an export could not tell apart are errors (template_checks).
    Not strict (the copy of a template kept in a session): read as recorded, so the names in
    its notes' tags still match it exactly; old sessions stay readable.
    """
    if strict:
        data = normalised(data)
    check = _Checker(source, locate)
    if not isinstance(data, dict):
        check.problem("", _describe_wrong_type(data, "a mapping with id, name and elements"))
        raise TemplateError(check.problems)
    template_id = check.text(data, "id", "id")
    if template_id and not ID_PATTERN.match(template_id):
        check.problem("id", f"{template_id!r} should be lower case letters, digits, - or _")
    name = check.text(data, "name", "name")
    version = check.text(data, "version", "version")
    description = check.text(data, "description", "description", required=False)
    elements = _read_elements(check, data)
    practice_sets = check.named_list(data, "practice_sets", "practice_sets", required=False)
    roles = check.text_list(data, "speaker_roles", "speaker_roles", required=False)
    known = {"id", "name", "version", "description", "elements", "practice_sets", "speaker_roles"}
    for key in data:
        if key not in known:
            check.problem(str(key), f"is not a template key (expected one of {sorted(known)})")
    if check.problems:
        raise TemplateError(check.problems)
    template = Template(
        id=template_id,
        name=name,
        version=version,
        description=description,
        elements=tuple(elements),
        practice_sets=tuple(p for p, _ in practice_sets),
        speaker_roles=tuple(roles),
        source=source,
        practice_set_aliases=tuple((p, a) for p, a in practice_sets if a),
    )
    if strict:
        for key, message in collision_problems(template, check.locate):
            check.problem(key, message)
        if check.problems:
            raise TemplateError(check.problems)
    return template


def _read_elements(check: _Checker, data: dict[str, Any]) -> list[Element]:
    raw = data.get("elements")
    if raw is None:
        check.problem("elements", "is missing: a template needs at least one element")
        return []
    if not isinstance(raw, list) or not raw:
        check.problem("elements", "must be a non-empty list of elements")
        return []
    elements: list[Element] = []
    codes: dict[str, int] = {}
    for index, item in enumerate(raw):
        path = f"elements[{index}]"
        if not isinstance(item, dict):
            check.problem(path, _describe_wrong_type(item, "a mapping with code, name and verbs"))
            continue
        code = check.text(item, "code", f"{path}.code")
        if code and not CODE_PATTERN.match(code):
            check.problem(f"{path}.code", f"{code!r} must be letters and digits, starting with a letter")
        elif code.lower() in codes:
            check.problem(f"{path}.code", f"{code!r} duplicates elements[{codes[code.lower()]}].code")
        elif code:
            codes[code.lower()] = index
        name = check.text(item, "name", f"{path}.name")
        definition = check.text(item, "definition", f"{path}.definition", required=False)
        colour = check.text(item, "colour", f"{path}.colour", required=False)
        if colour and not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
            check.problem(f"{path}.colour", f"{colour!r} must be #RRGGBB")
        aliases = check.text_list(item, "aliases", f"{path}.aliases", required=False)
        verbs = check.named_list(item, "verbs", f"{path}.verbs")
        if "verbs" in item and isinstance(item["verbs"], list) and not item["verbs"]:
            check.problem(f"{path}.verbs", f"element {code or index} has no verbs")
        for key in item:
            if key not in ELEMENT_KEYS:
                check.problem(
                    f"{path}.{key}", f"is not an element key (expected one of {sorted(ELEMENT_KEYS)})"
                )
        elements.append(
            Element(
                code,
                name,
                definition,
                tuple(v for v, _ in verbs),
                colour,
                tuple(aliases),
                tuple((v, a) for v, a in verbs if a),
            )
        )
    return elements
