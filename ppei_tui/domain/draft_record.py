"""Reading back the session file's `draft` record: the note being typed when the app was left.

The record (document 1 of the `draft` table, written by `Draft.to_record`) is checked like a
note (session_schema's rules and messages, key tags against the session's template) before it
is put back in the input, because a hand-edited or damaged draft would otherwise be saved as a
note the session-file check refuses. What can be kept is kept: a bad key tag, kind or time is
dropped and named; a record whose text is not text is not restored and its content is shown.
A record with any problem is also set aside as it was found (`set_aside_row`, stored by the
session store in the file's `refused_drafts` table before the draft is written again), so what
was dropped or refused stays in the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ppei_tui.domain.recording import Draft
from ppei_tui.domain.schema_checks import (
    Check,
    FieldRule,
    SchemaChecker,
    SchemaProblem,
    field_rules,
    moment,
    object_list,
    one_of,
    seconds,
    shown_value,
    text,
)
from ppei_tui.domain.session import EVIDENCE, KINDS, Evidence, Kind, Tag
from ppei_tui.domain.session_schema import TAG_RULES, check_coding
from ppei_tui.domain.template import Template

DRAFT_RECORD = "draft/1"
SHOWN_CHARACTERS = 160  # of a refused record's content, in the message (a 4-line notice)


def _or_null(check: Check) -> Check:
    def nullable(value: Any) -> str | None:
        return None if value is None else check(value)

    return nullable


# Every field is optional (an old or partly written record still reads); null means "not set".
DRAFT_RULES = field_rules(
    FieldRule("text", text),
    FieldRule("started_at", _or_null(moment)),
    FieldRule("started_offset", seconds),
    FieldRule("kind", _or_null(one_of(KINDS))),
    FieldRule("evidence", _or_null(one_of(EVIDENCE))),
    FieldRule("key_tags", object_list),
    FieldRule("at", _or_null(moment)),
)

# What is done about a problem in each field (the draft's other fields are kept).
CONSEQUENCES = {
    "text": "the draft was not restored",
    "started_at": "the typing time was dropped: Enter saves the note at the time it is pressed",
    "started_offset": "the typing time was dropped: Enter saves the note at the time it is pressed",
    "kind": "the kind was dropped",
    "evidence": "seen/inferred was dropped",
    "key_tags": "the key-chosen tags were dropped",
    "at": "ignored (the clock resumes from the last event)",
}
_KEY_TAG = re.compile(r"key_tags\[(\d+)\]")


@dataclass(frozen=True)
class RestoredDraft:
    """A draft read back from its record: `draft` holds only what passed the checks;
    `problems` each name a field of `where` (`record draft/1`), what is wrong and what was done
    about it; `refused` is what the record held (JSON text) when the draft was not restored;
    `found` the record (or the whole `draft` table, when that is what is wrong) as it was read."""

    draft: Draft
    written_at: datetime | None
    problems: list[str] = field(default_factory=list)
    refused: str = ""
    where: str = f"record {DRAFT_RECORD}"
    found: Any = None

    def describe(self, kept: str = "") -> str:
        """One message for every problem ('' when there is none); `kept` names the record that
        keeps the record as found (`refused_drafts/1`), said first so a cut message still says it."""
        if not self.problems:
            return ""
        held = f"; it held {self.refused}" if self.refused else ""
        where = f"{self.where} (kept as found in {kept})" if kept else self.where
        return f"{where}: {'; '.join(self.problems)}{held}"


def _shown_record(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= SHOWN_CHARACTERS else shown[: SHOWN_CHARACTERS - 3] + "..."


def _consequence(problem: SchemaProblem) -> str:
    if _KEY_TAG.match(problem.field):
        return "that key tag was dropped"
    return CONSEQUENCES.get(problem.field, "dropped")


def _problems(record: dict[str, Any], template: Template) -> list[SchemaProblem]:
    checker = SchemaChecker()
    checker.fields(DRAFT_RECORD, record, DRAFT_RULES)
    checker.nested(DRAFT_RECORD, record, "key_tags", TAG_RULES)
    verbs = {e.code: set(e.verbs) for e in template.elements}
    check_coding(checker, DRAFT_RECORD, {"key_tags": record.get("key_tags")}, template, verbs)
    return checker.problems


def restore_draft(table: Any, template: Template) -> RestoredDraft | None:
    """The draft in a session file's raw `draft` table (None when there is no record), checked
    against the session-file rules and the session's `template`; never raises."""
    if table is None:
        return None
    if not isinstance(table, dict):
        wrong = f"must be an object of records, found {shown_value(table)} ({CONSEQUENCES['text']})"
        return RestoredDraft(Draft(), None, [wrong], _shown_record(table), "table draft", table)
    record = table.get("1")
    if record is None:
        return None
    if not isinstance(record, dict):
        wrong = f"expected an object, found {shown_value(record)} ({CONSEQUENCES['text']})"
        return RestoredDraft(Draft(), None, [wrong], _shown_record(record), found=record)
    problems = _problems(record, template)
    bad = {p.field.split(".")[0].split("[")[0] for p in problems if not _KEY_TAG.match(p.field)}
    bad_tags = {int(m.group(1)) for p in problems if (m := _KEY_TAG.match(p.field))}
    messages = [f"{p.field}: {p.message} ({_consequence(p)})" for p in problems]
    if "text" in bad:
        return RestoredDraft(Draft(), None, messages, _shown_record(record.get("text")), found=record)
    good = {name: value for name, value in record.items() if name not in bad}
    timed = "started_at" not in bad and "started_offset" not in bad and good.get("started_at")
    draft = Draft(
        text=good.get("text") or "",
        started_at=datetime.fromisoformat(good["started_at"]) if timed else None,
        started_offset=float(good.get("started_offset") or 0.0) if timed else 0.0,
        kind=Kind(good["kind"]) if good.get("kind") else None,
        evidence=Evidence(good["evidence"]) if good.get("evidence") else None,
        key_tags=_key_tags(good.get("key_tags") or [], bad_tags),
    )
    at = good.get("at")
    written_at = datetime.fromisoformat(at) if at else None
    return RestoredDraft(draft, written_at, messages, found=record if messages else None)


def set_aside_row(restored: RestoredDraft, at: datetime) -> dict[str, Any]:
    """A `refused_drafts` record for a draft record that had problems: `found` is the record
    (or table) exactly as it was read, `from` where it was (`record draft/1`, `table draft`),
    `problems` what was wrong and done, `at` when it was set aside (ISO 8601 with its offset)."""
    return {
        "found": restored.found,
        "from": restored.where.removeprefix("record ").removeprefix("table "),
        "problems": list(restored.problems),
        "at": at.isoformat(timespec="seconds"),
    }


def _key_tags(items: list[dict[str, Any]], bad: set[int]) -> list[Tag]:
    tags: list[Tag] = []
    for index, item in enumerate(items):
        tag = Tag(item["element"], item["verb"]) if index not in bad else None
        if tag is not None and tag not in tags:
            tags.append(tag)
    return tags


def stale_draft_note(draft_row: Any, later_note_rows: list[Any]) -> int | None:
    """The id of the note a draft record became, when a note saved after the record (journal
    order) began at the draft's moment (`started_at`, the note's `wall_time`): the draft is the
    start of that note, written before a crash cut off the cleared draft that follows each note.
    None when the draft has no start time or no later note began then.

    Rule (README, "Leaving, drafts and crashes"): a note's time is fixed when its typing starts, and
    a new draft starts a new time, so a later note at the draft's moment is that draft, whatever
    was typed after the record was written. Files written since the cleared draft went into
    the note's own journal line never hold such a record; older ones may."""
    if not isinstance(draft_row, dict) or not isinstance(draft_row.get("started_at"), str):
        return None
    for row in later_note_rows:
        if isinstance(row, dict) and row.get("wall_time") == draft_row["started_at"]:
            note_id = row.get("id")
            return note_id if isinstance(note_id, int) else 0
    return None
