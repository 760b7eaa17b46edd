"""The session-file schema: what every table and record of a session file must hold.

A session file is JSON with the tables `info`, `notes`, `events`, `memos`, (when members
have shaded the map) `shadings` and (when a draft record could not be restored whole)
`refused_drafts`, each an object of records keyed by their id as text; the `draft` record is
checked when it is restored (domain/draft_record.py), and so is the `prompt_texts` record
(domain/prompt_record.py). `check_session_tables` checks raw,
parsed JSON against the rules below (the README's "Session file schema" section is written
from the same rules; the value checks and the checker are in schema_checks.py) and returns
every problem found, each naming the record and the field, so a hand-edited or
damaged file is explained instead of crashing whatever reads it. Fields not listed here are
ignored (a newer version may add some); listed fields must have the type given.

Tags, practice sets, kinds and evidence are checked against the copy of the template the
session holds: a tag naming an element or verb that template lacks is a problem, not
something to pass silently into a map or an export.
"""

from __future__ import annotations

from typing import Any

from ppei_tui.domain.schema_checks import (
    FieldRule,
    SchemaChecker,
    SchemaProblem,
    anything,
    boolean,
    field_rules,
    moment,
    nonempty_text,
    object_list,
    object_value,
    one_of,
    optional_moment,
    optional_whole_number,
    seconds,
    shown_value,
    text,
    text_list,
    text_object,
    whole_number,
)
from ppei_tui.domain.session import EVIDENCE, KINDS, EventType
from ppei_tui.domain.template import Template, TemplateError, template_from_data

TABLES = ("info", "notes", "events", "memos", "shadings", "refused_drafts")
MAX_REPORTED = 8

# The schema. Required fields are those a session written by ppei always has and a reader
# cannot do without; the others have defaults when missing.
INFO_RULES = field_rules(
    FieldRule("id", nonempty_text, True),
    FieldRule("template", object_value, True),
    FieldRule("cop", nonempty_text, True),
    FieldRule("site", text),
    FieldRule("date", text),
    FieldRule("observer", text),
    FieldRule("attendees", object_list),
    FieldRule("agenda", text_list),
    FieldRule("created", optional_moment),
    FieldRule("app_version", text),
    FieldRule("format", whole_number),
    FieldRule("coder", text),
    FieldRule("recoded_from", text_object),
)
ATTENDEE_RULES = field_rules(FieldRule("pseudonym", text, True), FieldRule("role", text, True))
NOTE_RULES = field_rules(
    FieldRule("id", whole_number, True),
    FieldRule("text", text, True),
    FieldRule("wall_time", moment, True),
    FieldRule("offset_seconds", seconds, True),
    FieldRule("tags", object_list),
    FieldRule("practice_sets", text_list),
    FieldRule("speaker", text),
    FieldRule("speaker_role", text),
    FieldRule("kind", one_of(KINDS)),
    FieldRule("evidence", one_of(EVIDENCE)),
    FieldRule("agenda_item", text),
    FieldRule("unresolved", text_list),
    FieldRule("deleted", boolean),
    FieldRule("history", object_list),
    FieldRule("key_tags", object_list),
)
TAG_RULES = field_rules(FieldRule("element", text, True), FieldRule("verb", text, True))
HISTORY_RULES = field_rules(FieldRule("at", moment, True), FieldRule("by", text), FieldRule("field", text))
EVENT_RULES = field_rules(
    FieldRule("type", one_of(tuple(EventType)), True),
    FieldRule("wall_time", moment, True),
    FieldRule("offset_seconds", seconds, True),
    FieldRule("running", boolean, True),
    FieldRule("detail", text),
)
MEMO_RULES = field_rules(
    FieldRule("id", whole_number, True),
    FieldRule("text", text, True),
    FieldRule("created", moment, True),
    FieldRule("by", text),
    FieldRule("note_id", optional_whole_number),
    FieldRule("deleted", boolean),
    FieldRule("history", object_list),
)
MEMO_HISTORY_RULES = field_rules(FieldRule("at", moment, True), FieldRule("by", text))
SHADING_RULES = field_rules(
    FieldRule("id", whole_number, True),
    FieldRule("member", nonempty_text, True),
    FieldRule("role", text),
    FieldRule("created", moment, True),
    FieldRule("levels", object_value, True),
    FieldRule("comments", object_value),
    FieldRule("history", object_list),
)
SHADING_LEVELS = 5
# A draft record set aside on resume because it had problems (domain/draft_record.py).
REFUSED_DRAFT_RULES = field_rules(
    FieldRule("found", anything, True),
    FieldRule("problems", text_list, True),
    FieldRule("at", moment, True),
    FieldRule("from", text),
)


def _record_keys(checker: SchemaChecker, table: str, rows: dict[str, Any]) -> list[tuple[str, Any]]:
    """Records in id order; a key that is not a whole number is a problem."""
    good = []
    for key, row in rows.items():
        if not (isinstance(key, str) and key.isdigit() and key.isascii()):
            checker.add(f"{table}/{key}", "", "record keys must be whole numbers")
        else:
            good.append((key, row))
    return sorted(good, key=lambda pair: int(pair[0]))


def _check_info(checker: SchemaChecker, tables: dict[str, Any]) -> Template | None:
    info_rows = tables.get("info")
    if not isinstance(info_rows, dict) or "1" not in info_rows:
        checker.add("info/1", "", "is missing: no session information, so this is not a ppei session")
        return None
    info = info_rows["1"]
    if not checker.fields("info/1", info, INFO_RULES):
        return None
    checker.nested("info/1", info, "attendees", ATTENDEE_RULES)
    if not isinstance(info.get("template"), dict):
        return None
    try:
        # As recorded (strict=False): not re-normalised, so tags keep matching its names exactly.
        return template_from_data(info["template"], "the session's copy of the template", strict=False)
    except TemplateError as error:
        for problem in error.problems:
            checker.add("info/1", f"template.{problem.key}" if problem.key else "template", problem.message)
    return None


def check_coding(
    checker: SchemaChecker, record: str, note: dict[str, Any], template: Template, verbs: dict[str, set[str]]
) -> None:
    """Tags and key tags name the template's elements and verbs, practice sets its sets.
    `verbs`: each element code's verbs, built once for all the notes (not once per note)."""
    for field_name in ("tags", "key_tags"):
        tags = note.get(field_name)
        for index, tag in enumerate(tags if isinstance(tags, list) else []):  # else already named
            if not isinstance(tag, dict) or not isinstance(tag.get("element"), str):
                continue
            element, verb = tag["element"], tag.get("verb")
            where = f"{field_name}[{index}]"
            if element not in verbs:
                known = ", ".join(verbs)
                checker.add(
                    record, f"{where}.element", f"{element!r} is not an element of the template ({known})"
                )
            elif isinstance(verb, str) and verb not in verbs[element]:
                checker.add(record, f"{where}.verb", f"{verb!r} is not a verb of element {element}")
    practice_sets = note.get("practice_sets")
    if isinstance(practice_sets, list):
        for index, name in enumerate(practice_sets):
            if isinstance(name, str) and name not in template.practice_sets:
                known = ", ".join(template.practice_sets) or "none"
                message = f"{name!r} is not a practice set of the template ({known})"
                checker.add(record, f"practice_sets[{index}]", message)


def _check_notes(checker: SchemaChecker, rows: dict[str, Any], template: Template | None) -> set[int]:
    seen: dict[int, str] = {}
    verbs = {e.code: set(e.verbs) for e in template.elements} if template is not None else {}
    for key, note in _record_keys(checker, "notes", rows):
        record = f"notes/{key}"
        if not checker.fields(record, note, NOTE_RULES):
            continue
        checker.nested(record, note, "tags", TAG_RULES)
        checker.nested(record, note, "key_tags", TAG_RULES)
        checker.nested(record, note, "history", HISTORY_RULES)
        note_id = note.get("id")
        if whole_number(note_id) is None:
            if note_id in seen:
                checker.add(record, "id", f"note id {note_id} is also used by record notes/{seen[note_id]}")
            elif str(note_id) != key:
                checker.add(record, "id", f"note id {note_id} does not match its record key {key}")
            seen.setdefault(note_id, key)
        if template is not None:
            check_coding(checker, record, note, template, verbs)
    return set(seen)


def _check_events(checker: SchemaChecker, rows: dict[str, Any], listed: set[str] | None) -> None:
    """`listed`: the attendees' pseudonyms (None when info/1 has no readable list)."""
    arrived: dict[str, str] = {}
    for key, event in _record_keys(checker, "events", rows):
        if not checker.fields(f"events/{key}", event, EVENT_RULES) or event.get("type") != EventType.ARRIVAL:
            continue
        who = event.get("detail")
        if nonempty_text(who) is not None:
            checker.add(f"events/{key}", "detail", "an arrival must name the attendee's pseudonym")
        elif listed is not None and who not in listed:  # every output lists only listed people
            checker.add(
                f"events/{key}", "detail", f"{who!r} arrives but is not on the attendee list of info/1"
            )
        elif who in arrived:  # one arrival each, as every output shows it
            checker.add(f"events/{key}", "detail", f"{who!r} already arrived (record events/{arrived[who]})")
        else:
            arrived[who] = key


def _listed(tables: dict[str, Any]) -> set[str] | None:
    info = (tables.get("info") or {}).get("1") if isinstance(tables.get("info"), dict) else None
    attendees = info.get("attendees", []) if isinstance(info, dict) else None
    if not isinstance(attendees, list):
        return None
    return {a["pseudonym"] for a in attendees if isinstance(a, dict) and isinstance(a.get("pseudonym"), str)}


def _check_memos(checker: SchemaChecker, rows: dict[str, Any], note_ids: set[int]) -> None:
    seen: dict[int, str] = {}
    for key, memo in _record_keys(checker, "memos", rows):
        record = f"memos/{key}"
        if not checker.fields(record, memo, MEMO_RULES):
            continue
        checker.nested(record, memo, "history", MEMO_HISTORY_RULES)
        memo_id, note_id = memo.get("id"), memo.get("note_id")
        if whole_number(memo_id) is None:
            if memo_id in seen:
                checker.add(record, "id", f"memo id {memo_id} is also used by record memos/{seen[memo_id]}")
            seen.setdefault(memo_id, key)
        if whole_number(note_id) is None and note_id not in note_ids:
            checker.add(record, "note_id", f"there is no note {note_id} in this session")


def _check_shadings(checker: SchemaChecker, rows: dict[str, Any], template: Template | None) -> None:
    """A member's levels name verbs of the session's template, each a whole number 0 to 4."""
    known = {f"{e}.{v}" for e, v in template.verb_cells()} if template is not None else None
    for key, shading in _record_keys(checker, "shadings", rows):
        record = f"shadings/{key}"
        if not checker.fields(record, shading, SHADING_RULES):
            continue
        checker.nested(record, shading, "history", HISTORY_RULES)
        levels = shading.get("levels")
        for verb, level in levels.items() if isinstance(levels, dict) else []:
            if known is not None and verb not in known:
                checker.add(record, f"levels.{verb}", "names a verb the session's template lacks")
            if whole_number(level) is not None or level >= SHADING_LEVELS:
                checker.add(
                    record, f"levels.{verb}", f"expected a level from 0 to 4, found {shown_value(level)}"
                )
        comments = shading.get("comments")
        for verb, comment in comments.items() if isinstance(comments, dict) else []:
            if text(comment) is not None:
                checker.add(record, f"comments.{verb}", text(comment) or "")


def check_session_tables(tables: Any) -> list[SchemaProblem]:
    """Every problem in the parsed JSON of a session file (empty when it can be read safely)."""
    checker = SchemaChecker()
    if not isinstance(tables, dict):
        checker.add("(file)", "", f"expected an object of tables, found {shown_value(tables)}")
        return checker.problems
    for name in TABLES:
        if name in tables and not isinstance(tables[name], dict):
            found = shown_value(tables[name])
            checker.add(name, "", f"table {name!r} must be an object of records, found {found}")
    template = _check_info(checker, tables)

    def table(name: str) -> dict[str, Any]:
        rows = tables.get(name)
        return rows if isinstance(rows, dict) else {}

    note_ids = _check_notes(checker, table("notes"), template)
    _check_events(checker, table("events"), _listed(tables))
    _check_memos(checker, table("memos"), note_ids)
    _check_shadings(checker, table("shadings"), template)
    for key, row in _record_keys(checker, "refused_drafts", table("refused_drafts")):
        checker.fields(f"refused_drafts/{key}", row, REFUSED_DRAFT_RULES)
    return checker.problems


def describe_problems(problems: list[SchemaProblem]) -> str:
    """One message for all the problems (the first few named, then how many more)."""
    shown = "; ".join(str(p) for p in problems[:MAX_REPORTED])
    more = len(problems) - MAX_REPORTED
    return shown + (f"; and {more} more problem{'s' if more > 1 else ''}" if more > 0 else "")
