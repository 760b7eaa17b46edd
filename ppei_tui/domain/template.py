"""Observation templates: a coding framework of elements, their verbs, and practice sets.

A template arrives as plain data (a dict parsed from YAML, or the copy kept inside a session)
and is validated here, so every caller gets the same explanations for the same mistakes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def slug(text: str) -> str:
    """The form of a verb or practice set used in inline tags: lower case, no spaces."""
    return re.sub(r"\s+", "-", text.strip().lower())


@dataclass(frozen=True)
class Element:
    code: str
    name: str
    definition: str
    verbs: tuple[str, ...]
    colour: str = ""


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    version: str
    description: str
    elements: tuple[Element, ...]
    practice_sets: tuple[str, ...]
    speaker_roles: tuple[str, ...]
    source: str = field(default="", compare=False)

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
            "elements": [
                {
                    "code": e.code,
                    "name": e.name,
                    "definition": e.definition,
                    "verbs": list(e.verbs),
                    **({"colour": e.colour} if e.colour else {}),
                }
                for e in self.elements
            ],
            "practice_sets": list(self.practice_sets),
            "speaker_roles": list(self.speaker_roles),
        }

    def content_hash(self) -> str:
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Problem:
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

    def text(self, data: dict, key: str, path: str, required: bool = True) -> str:
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

    def text_list(self, data: dict, key: str, path: str, required: bool = True) -> list[str]:
        if key not in data:
            if required:
                self.problem(path, "is missing")
            return []
        value = data[key]
        if not isinstance(value, list):
            self.problem(path, _describe_wrong_type(value, "a list"))
            return []
        items: list[str] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if not isinstance(item, str):
                self.problem(item_path, _describe_wrong_type(item, "text"))
                continue
            if not item.strip():
                self.problem(item_path, "is empty")
                continue
            if slug(item) in seen:
                self.problem(item_path, f"duplicates {path}[{seen[slug(item)]}] ({item!r})")
                continue
            seen[slug(item)] = index
            items.append(item.strip())
        return items


def template_from_data(
    data: Any, source: str = "<template>", locate: dict[str, tuple[int, int]] | None = None
) -> Template:
    """Validate parsed template data; raise TemplateError listing every problem found."""
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
    practice_sets = check.text_list(data, "practice_sets", "practice_sets", required=False)
    roles = check.text_list(data, "speaker_roles", "speaker_roles", required=False)
    known = {"id", "name", "version", "description", "elements", "practice_sets", "speaker_roles"}
    for key in data:
        if key not in known:
            check.problem(str(key), f"is not a template key (expected one of {sorted(known)})")
    if check.problems:
        raise TemplateError(check.problems)
    return Template(
        id=template_id,
        name=name,
        version=version,
        description=description,
        elements=tuple(elements),
        practice_sets=tuple(practice_sets),
        speaker_roles=tuple(roles),
        source=source,
    )


def _read_elements(check: _Checker, data: dict) -> list[Element]:
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
        verbs = check.text_list(item, "verbs", f"{path}.verbs")
        if "verbs" in item and isinstance(item["verbs"], list) and not item["verbs"]:
            check.problem(f"{path}.verbs", f"element {code or index} has no verbs")
        for key in item:
            if key not in {"code", "name", "definition", "verbs", "colour"}:
                check.problem(f"{path}.{key}", "is not an element key")
        elements.append(Element(code, name, definition, tuple(verbs), colour))
    return elements
