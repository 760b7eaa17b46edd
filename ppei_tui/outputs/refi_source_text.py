"""A session's field notes as the text of a REFI-QDA source, and where each note stands in it
(code points), cleaned as QualCoder's importer reads text (line ends, control characters; see
refi_project.py's docstring), and a selection's short name.
"""

from __future__ import annotations

import re

from ppei_tui.domain.analysis import notes_by_agenda_item
from ppei_tui.domain.session import Session, format_offset

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
SELECTION_NAME_LENGTH = 60


def _visible(char: str) -> str:
    """A control character as the sign that shows it (U+2400 block), else U+FFFD."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def clean_text(text: str) -> tuple[str, int]:
    """(text with LF line ends and control characters made visible, how many were replaced)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    replaced = len(CONTROL.findall(text))
    return CONTROL.sub(lambda m: _visible(m.group()), text), replaced


def selection_name(text: str) -> str:
    """A selection's name: the note's first words, one line, no control characters, short."""
    words = " ".join(CONTROL.sub(" ", text).split())
    if len(words) <= SELECTION_NAME_LENGTH:
        return words
    cut = words[: SELECTION_NAME_LENGTH - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def source_text(
    session: Session, warnings: list[str] | None = None
) -> tuple[str, dict[int, tuple[int, int]]]:
    """The field notes as one text, and each live note's (start, end) in code points.

    Every piece is cleaned (clean_text) before it is counted, so spans stay right whatever the
    line ends or control characters in a CoP name, an agenda item or a note.
    """
    warnings = warnings if warnings is not None else []
    info = session.info

    def clean(text: str, where: str) -> str:
        cleaned, replaced = clean_text(text)
        if replaced:
            warnings.append(
                f"{where}: {replaced} control character(s) shown as visible signs (NUL as \u2400) "
                "in the exported text"
            )
        return cleaned

    label = " ".join(f"{info.cop} {info.date}".split())  # one line, for warnings
    header = f"{info.cop}, {info.date}" + (f", {info.site}" if info.site else "")
    parts = [clean(header, f"{label}: meeting details") + "\n"]
    length = len(parts[0])
    positions: dict[int, tuple[int, int]] = {}
    for title, notes in notes_by_agenda_item(session.notes):
        heading = (
            f"\n== {clean(title, f'{label}: agenda item') if title else 'Before the first agenda item'} ==\n"
        )
        parts.append(heading)
        length += len(heading)
        for note in notes:
            prefix = f"[{format_offset(note.offset_seconds)}] "
            text = clean(note.text, f"{label}: note {note.id}")
            positions[note.id] = (length + len(prefix), length + len(prefix) + len(text))
            line = prefix + text + "\n"
            parts.append(line)
            length += len(line)
    return "".join(parts), positions
