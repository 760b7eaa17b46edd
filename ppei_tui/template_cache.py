"""Templates already read, kept as JSON: starting a new session need not load PyYAML.

A template's YAML value is kept in the user's cache folder under the SHA-256 of its text, so an
edited template is a different entry and is read from its YAML again; what is kept is only the
value PyYAML made of the text (validation runs on it every time, as on freshly read YAML).
Importing PyYAML costs more than the rest of a new session's start outside Textual (it compiles
large regular expressions at import), and the same few templates are used day after day.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

FORMAT = "v1"  # part of each entry's name: a change of what is kept makes new entries


class TemplateCache:
    """Entries `<FORMAT>-<sha256 of the text>.json` in `directory` (made when first needed)."""

    def __init__(self, directory: Path):
        self.directory = directory

    def _entry(self, text: str) -> Path:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return self.directory / f"{FORMAT}-{digest}.json"

    def get(self, text: str) -> Any | None:
        """The value kept for `text`, or None if there is none (or it cannot be read: a damaged
        or unreadable entry is as good as none, the YAML is read and the entry written again)."""
        try:
            return json.loads(self._entry(text).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # no entry, or not one we wrote: read the YAML instead
            return None

    def put(self, text: str, value: Any) -> None:
        """Keep `value` (what PyYAML made of `text`) if JSON holds it exactly (not, say, a date);
        written to a temporary file then renamed, so a reader never sees half an entry. A cache
        that cannot be written (read-only or full disk) only means the YAML is read next time."""
        try:
            kept = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError):  # a value JSON cannot hold (a date, a set)
            return
        if json.loads(kept) != value:  # e.g. a number as a mapping key: JSON would change it
            return
        entry = self._entry(text)
        temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            temporary.write_text(kept, encoding="utf-8")
            os.replace(temporary, entry)
        except OSError:  # not written: the next start reads the YAML, as without a cache
            if temporary.exists():  # False too where the folder could not be made
                temporary.unlink()
