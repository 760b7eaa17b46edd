"""The `prompt_texts` record: text typed in observe's prompts and not taken up yet.

The agenda prompt (Ctrl+G) and the late-arrival prompt (F12) keep what was typed in them, open
or closed with Esc ("pending"), until the observer takes it up (Enter: the agenda item, the
attendee) or drops it. That text is kept in the session file's `prompt_texts/1` record, as the
note being typed is kept in `draft/1`, so a crash, kill -9 or a power cut does not lose it;
`observe --resume` offers it back as pending text, and nothing becomes an agenda item or an
attendee until the observer takes it up.

Record (every field optional; a prompt left out has nothing pending): `agenda` and
`late_arrival`, each `{"text": text, "pressed": time}` (the text as typed, stripped; when the
prompt was first opened for it, which is a late arrival's time). Written whole each time.

Read back, the record is checked like the draft (`restore_prompt_texts`): an entry that cannot
be read is left out and named, never making the session unreadable; the record as it was found
is then set aside (draft_record.set_aside_row) before it is written again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from ppei_tui.domain.schema_checks import (
    FieldRule,
    SchemaChecker,
    field_rules,
    moment,
    nonempty_text,
    object_value,
    shown_value,
)

PROMPT_TEXTS_RECORD = "prompt_texts/1"
AGENDA = "agenda"
ARRIVAL = "late_arrival"
PROMPTS = (AGENDA, ARRIVAL)
# The record: an object per prompt with text pending (README's schema table is written from these).
RECORD_RULES = field_rules(*(FieldRule(prompt, object_value) for prompt in PROMPTS))
ENTRY_RULES = field_rules(FieldRule("text", nonempty_text, True), FieldRule("pressed", moment, True))


class PromptText(NamedTuple):
    """A prompt's text not taken up: `text` as typed (stripped), `pressed` when its prompt
    was first opened for it (with its UTC offset)."""

    text: str
    pressed: datetime


def prompt_texts_row(texts: dict[str, PromptText]) -> dict[str, Any]:
    """The record for `texts` (prompt -> its text; a prompt left out has none), in PROMPTS order."""
    return {
        prompt: {"text": texts[prompt].text, "pressed": texts[prompt].pressed.isoformat()}
        for prompt in PROMPTS
        if prompt in texts and texts[prompt].text.strip()
    }


class RestoredPromptTexts(NamedTuple):
    """What a `prompt_texts` table held: `texts` that passed the checks; `problems`, each
    naming a field and what was done; `found`, the record (or table) as read when it had any."""

    texts: dict[str, PromptText]
    problems: list[str]
    found: Any = None

    def describe(self, kept: str = "") -> str:
        """One message for every problem ('' when none); `kept` names where the record as found
        is kept (`refused_drafts/2`)."""
        if not self.problems:
            return ""
        where = f"record {PROMPT_TEXTS_RECORD}" + (f" (kept as found in {kept})" if kept else "")
        return f"{where}: {'; '.join(self.problems)}"


def restore_prompt_texts(table: Any) -> RestoredPromptTexts | None:
    """The texts in a session file's raw `prompt_texts` table (None when it has no record);
    never raises. An entry with a problem is left out; fields not named here are ignored."""
    if table is None:
        return None
    record = table.get("1") if isinstance(table, dict) else table
    if isinstance(table, dict) and record is None:
        return None
    if not isinstance(record, dict):
        wrong = f"expected an object, found {shown_value(record)} (nothing was restored)"
        return RestoredPromptTexts({}, [wrong], table)
    texts: dict[str, PromptText] = {}
    problems: list[str] = []
    for prompt, rule in RECORD_RULES.items():
        entry = record.get(prompt)
        if entry is None:
            continue
        checker = SchemaChecker()
        not_an_object = rule.check(entry)
        if not_an_object:
            checker.add(PROMPT_TEXTS_RECORD, prompt, not_an_object)
        else:
            checker.fields(PROMPT_TEXTS_RECORD, entry, ENTRY_RULES, f"{prompt}.")
        if checker.problems:
            problems += [f"{p.field}: {p.message} (that text was not restored)" for p in checker.problems]
            continue
        texts[prompt] = PromptText(entry["text"].strip(), datetime.fromisoformat(entry["pressed"]))
    return RestoredPromptTexts(texts, problems, record if problems else None)
