"""The README's "Session file schema" table is written from session_schema.py's rules: every
table the schema checks has a row, and every field of its rules is named in the right column
(required fields with the required ones), so the documented schema cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ppei_tui.domain.draft_record import DRAFT_RULES
from ppei_tui.domain.prompt_record import ENTRY_RULES, RECORD_RULES
from ppei_tui.domain.schema_checks import FieldRule
from ppei_tui.domain.session_schema import (
    EVENT_RULES,
    INFO_RULES,
    MEMO_RULES,
    NOTE_RULES,
    REFUSED_DRAFT_RULES,
    SHADING_RULES,
    TABLES,
)

README = Path(__file__).resolve().parents[1] / "README.md"
RULES = {
    "info/1": INFO_RULES,
    "notes/N": NOTE_RULES,
    "events/N": EVENT_RULES,
    "memos/N": MEMO_RULES,
    "shadings/N": SHADING_RULES,
    "draft/1": DRAFT_RULES,
    "refused_drafts/N": REFUSED_DRAFT_RULES,
    "prompt_texts/1": RECORD_RULES,
}


def schema_rows() -> dict[str, tuple[str, str]]:
    """Record -> (required column, optional column) of the README's schema table."""
    section = README.read_text(encoding="utf-8").split("### Session file schema", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        found = re.match(r"\| `([a-z_]+/[N1])` \| (.*) \| (.*) \|$", line)
        if found:
            rows[found.group(1)] = (found.group(2), found.group(3))
    return rows


def named(column: str) -> set[str]:
    """Field names as the column writes them: `name` at the start of an entry."""
    return set(re.findall(r"(?:^|[,;] |\) )`([a-z_]+)`", column))


def test_every_table_the_schema_checks_has_a_row_in_the_readme() -> None:
    tables = {record.split("/")[0] for record in schema_rows()}
    assert set(TABLES) | {"draft", "prompt_texts"} <= tables


def test_the_prompt_texts_entries_are_described_with_their_fields() -> None:
    _, optional = schema_rows()["prompt_texts/1"]
    for name in ENTRY_RULES:
        assert re.search(rf"[{{ ,]{name} \(", optional), name


@pytest.mark.parametrize("record", list(RULES))
def test_each_field_is_in_the_readme_in_its_column(record: str) -> None:
    rules: dict[str, FieldRule] = RULES[record]
    required, optional = schema_rows()[record]
    assert {n for n, r in rules.items() if r.required} == named(required) & set(rules)
    assert {n for n, r in rules.items() if not r.required} <= named(optional)
