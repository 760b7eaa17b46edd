"""Readable file names from what people type (a CoP's name, a date), in any script.

Stripping everything outside a-z0-9 turned "Équipe Café" into `quipe-caf` and a Hebrew or
Chinese name into nothing. Letters, marks and digits of every script are kept (lower case,
NFC so an accent is one character, as macOS and Windows show it); anything else, including
`/`, `\\`, `.` and control characters, becomes `-`, so a name can never leave its folder.
"""

from __future__ import annotations

import re
import unicodedata

KEPT_CATEGORIES = ("L", "M", "N")  # letters, combining marks (Devanagari vowel signs), digits


def file_name_part(text: str, limit: int = 40, fallback: str = "session") -> str:
    """`Équipe Café` -> `équipe-café`; at most `limit` characters; `fallback` when empty."""
    text = unicodedata.normalize("NFC", text).lower()
    kept = "".join(c if unicodedata.category(c)[0] in KEPT_CATEGORIES else "-" for c in text)
    part = re.sub(r"-+", "-", kept).strip("-")[:limit].strip("-")
    # A cut may leave a combining mark without its letter at the start: drop leading marks.
    while part and unicodedata.category(part[0])[0] == "M":
        part = part[1:]
    return part or fallback
