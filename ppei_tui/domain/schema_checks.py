"""The building blocks of the session-file schema: value checks, field rules and the checker.

A check takes a value read from JSON and returns None when it is fine, else what is wrong with
it in the words the messages use (`expected text, found the number 3`). A FieldRule names a
field, its check and whether it is required; SchemaChecker checks an object against its rules
and collects every problem, each naming the record and the field. The rules of a session file
are in session_schema.py, the draft record's in draft_record.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# A check returns None when the value is fine, else what is wrong with it.
Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class SchemaProblem:
    """One thing wrong in a session file: `record` is like `notes/3`, `field` like `tags[0].verb`."""

    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"record {self.record}" + (f", field {self.field}" if self.field else "")
        return f"{where}: {self.message}"


def shown_value(value: Any) -> str:
    """A found value as messages name it: `the text 'abc'`, `the number 3`, `a list of 2`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def anything(value: Any) -> str | None:
    """Any JSON value (a record kept as it was found)."""
    return None


def text(value: Any) -> str | None:
    return None if isinstance(value, str) else f"expected text, found {shown_value(value)}"


def nonempty_text(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected text, found {shown_value(value)}"
    return None if value.strip() else "must not be empty"


def whole_number(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return None
    return f"expected a whole number of 0 or more, found {shown_value(value)}"


def optional_whole_number(value: Any) -> str | None:
    return None if value is None else whole_number(value)


def seconds(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"expected a number of seconds, found {shown_value(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"expected a finite number of seconds, found {value!r}"
    return None if value >= 0 else f"expected 0 seconds or more, found {value!r}"


def boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, found {shown_value(value)}"


def moment(value: Any) -> str | None:
    """An ISO 8601 date and time with its UTC offset, e.g. 2026-10-21T10:00:30+01:00."""
    if not isinstance(value, str):
        return f"expected a date and time as text, found {shown_value(value)}"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return f"expected an ISO 8601 date and time such as 2026-10-21T10:00:30+01:00, found {value!r}"
    return None if parsed.utcoffset() is not None else f"{value!r} has no UTC offset (such as +01:00)"


def optional_moment(value: Any) -> str | None:
    return None if value == "" else moment(value)


def text_list(value: Any) -> str | None:
    if not isinstance(value, list):
        return f"expected a list of texts, found {shown_value(value)}"
    for index, item in enumerate(value):
        if not isinstance(item, str):
            return f"item {index}: expected text, found {shown_value(item)}"
    return None


def object_value(value: Any) -> str | None:
    return None if isinstance(value, dict) else f"expected an object, found {shown_value(value)}"


def text_object(value: Any) -> str | None:
    """An object whose every value is text (info/1's recoded_from)."""
    if not isinstance(value, dict):
        return f"expected an object, found {shown_value(value)}"
    wrong = next((key for key, item in value.items() if not isinstance(item, str)), None)
    return None if wrong is None else f"{wrong}: expected text, found {shown_value(value[wrong])}"


def object_list(value: Any) -> str | None:
    """A list; each item is checked (and a non-object named, once) by `SchemaChecker.nested`."""
    return None if isinstance(value, list) else f"expected a list, found {shown_value(value)}"


def one_of(choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> str | None:
        if value in choices and isinstance(value, str):
            return None
        return f"expected one of {', '.join(choices)}, found {shown_value(value)}"

    return check


@dataclass(frozen=True)
class FieldRule:
    name: str
    check: Check
    required: bool = False


# A field absent from a record (None is a value a field can wrongly hold).
_MISSING = object()


def field_rules(*rules: FieldRule) -> dict[str, FieldRule]:
    return {rule.name: rule for rule in rules}


class SchemaChecker:
    """Collects the problems of one file (also used for the draft record: domain/draft_record.py)."""

    def __init__(self) -> None:
        self.problems: list[SchemaProblem] = []

    def add(self, record: str, field: str, message: str) -> None:
        self.problems.append(SchemaProblem(record, field, message))

    def fields(self, record: str, values: Any, rules: dict[str, FieldRule], prefix: str = "") -> bool:
        """Check one object against its rules; False when it is not an object at all."""
        if not isinstance(values, dict):
            self.add(record, prefix.rstrip("."), f"expected an object, found {shown_value(values)}")
            return False
        for name, rule in rules.items():
            value = values.get(name, _MISSING)  # one look-up, not `in` then `[]`: 10,000 notes x 14 fields
            if value is _MISSING:
                if rule.required:
                    self.add(record, prefix + name, "is missing")
                continue
            wrong = rule.check(value)
            if wrong:
                self.add(record, prefix + name, wrong)
        return True

    def nested(self, record: str, values: dict[str, Any], name: str, rules: dict[str, FieldRule]) -> None:
        items = values.get(name)
        if not isinstance(items, list):
            return
        for index, item in enumerate(items):
            self.fields(record, item, rules, f"{name}[{index}].")
