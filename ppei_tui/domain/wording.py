"""Counts as people read them: "1 note", "2 notes", "0 notes"."""

from __future__ import annotations

IRREGULAR = {"memo": "memos", "verb": "verbs", "entry": "entries", "analysis": "analyses"}


def plural(noun: str) -> str:
    return IRREGULAR.get(
        noun, noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"
    )


def count(number: int, noun: str) -> str:
    """`number` and `noun`, singular for exactly one: count(1, "note") == "1 note"."""
    return f"{number} {noun if number == 1 else plural(noun)}"
