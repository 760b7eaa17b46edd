"""Right-to-left scripts in the PDF: Arabic letters joined, and the Unicode bidirectional
algorithm (UAX #9) applied per paragraph and per line, mixed with Latin text.

Libraries: arabic-reshaper turns Arabic letters into their joined (presentation) forms, and
python-bidi resolves embedding levels and reorders each line for display, mirroring brackets.
We use python-bidi's pure-Python algorithm steps (bidi.algorithm) rather than its Rust
get_display, because our lines are made of styled pieces (fonts, colours, tokens in grey):
each character keeps its style through the reordering, and those steps apply mirroring (L4),
which the Rust path does not. They predate the paired-bracket rule (N0, Unicode 6.3), so
`_paired_brackets` applies N0 between the weak and neutral steps: `(test)` inside Hebrew keeps
both brackets with the text around it. The text stored and exported is never changed; only
what is drawn is put in visual order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import arabic_reshaper
from bidi import algorithm
from bidi.mirror import MIRRORED

_MIRRORED_CODES = frozenset(ord(c) for c in MIRRORED)
RTL_CLASSES = frozenset({"R", "AL", "RLE", "RLO", "RLI"})
_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": False, "support_ligatures": True, "delete_tatweel": False}
)


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in RTL_CLASSES for char in text)


def has_arabic(text: str) -> bool:
    return any(unicodedata.bidirectional(char) == "AL" for char in text)


def shape(text: str) -> str:
    """Arabic letters in their joined forms (logical order kept); other text unchanged."""
    return _RESHAPER.reshape(text) if has_arabic(text) else text


def rtl_paragraph(text: str) -> bool:
    """True when the paragraph's first strong character is right-to-left (UAX #9 P2-P3)."""
    return algorithm.get_base_level(text) == 1


@dataclass(frozen=True)
class StyledChar:
    char: str
    style: int  # index of the piece (font, size, colour) it came from


def _storage(text: str, rtl: bool) -> dict[str, Any]:
    storage = algorithm.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    algorithm.get_embedding_levels(text, storage, False, False)
    return storage


BRACKETS = {"(": ")", "[": "]", "{": "}", "\u2045": "\u2046", "\u2329": "\u232a", "\u3008": "\u3009"}
STRONG = {"L": "L", "R": "R", "AL": "R", "EN": "R", "AN": "R"}


def _paired_brackets(storage: dict[str, Any]) -> None:
    """UAX #9 rule N0: a bracket pair takes the embedding direction when the text inside has
    a strong character of that direction; the opposite one when the inside has only the
    opposite direction and so has the text before the opening bracket."""
    chars = storage["chars"]
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for index, entry in enumerate(chars):
        if entry["type"] != "ON":
            continue
        if entry["ch"] in BRACKETS and len(stack) < 63:
            stack.append(index)
        elif entry["ch"] in BRACKETS.values():
            for depth in range(len(stack) - 1, -1, -1):
                if BRACKETS[chars[stack[depth]]["ch"]] == entry["ch"]:
                    pairs.append((stack[depth], index))
                    del stack[depth:]
                    break
    for opening, closing in sorted(pairs):
        embedding = "R" if chars[opening]["level"] % 2 else "L"
        inside = {STRONG[c["type"]] for c in chars[opening + 1 : closing] if c["type"] in STRONG}
        if embedding in inside:
            direction = embedding
        elif inside:
            before = next(
                (STRONG[c["type"]] for c in reversed(chars[:opening]) if c["type"] in STRONG),
                storage["base_dir"],
            )
            direction = before if before != embedding else embedding
        else:
            continue
        chars[opening]["type"] = chars[closing]["type"] = direction


def reorder(chars: Sequence[StyledChar], rtl: bool) -> list[StyledChar]:
    """One line of styled characters in display (left to right) order, mirrored where UAX #9
    says (L4). `rtl` is the paragraph's direction, so every line of it is read alike."""
    text = "".join(c.char for c in chars)
    if not has_rtl(text) and not rtl:
        return list(chars)
    storage = _storage(text, rtl)
    for index, entry in enumerate(storage["chars"]):
        entry["style"] = chars[index].style
    algorithm.explicit_embed_and_overrides(storage, False)
    algorithm.resolve_weak_types(storage, False)
    _paired_brackets(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    algorithm.reorder_resolved_levels(storage, False)
    for entry in storage["chars"]:
        entry["typed"] = entry["ch"]
    algorithm.apply_mirroring(storage, False)
    return [
        StyledChar(
            entry["ch"] if entry["ch"] == entry["typed"] else mirror_alias(entry["typed"]), entry["style"]
        )
        for entry in storage["chars"]
    ]


# A mirrored character (L4) is drawn as the typed one's alias, U+100000 plus its code (Supplementary
# Private Use Area-B, which nobody types): a code the fonts map to the mirror's glyph and the text
# layer maps back to the typed character (pdf_fonts). Drawn as the mirror character itself, a
# typed "(" drawn ")" in a right-to-left run was read back by pdftotext and pypdf as ")בזמן(".
MIRROR_ALIAS_BASE = 0x100000


def mirror_alias(typed: str) -> str:
    return chr(MIRROR_ALIAS_BASE + ord(typed))


def is_mirror_alias(char: str) -> bool:
    return ord(char) >= MIRROR_ALIAS_BASE and ord(char) - MIRROR_ALIAS_BASE in _MIRRORED_CODES


def typed_of_alias(char: str) -> str:
    """The character typed (what the text layer holds)."""
    return chr(ord(char) - MIRROR_ALIAS_BASE)


def mirror_of_alias(char: str) -> str:
    """The character whose glyph is drawn (its Bidi_Mirroring_Glyph, python-bidi's table)."""
    return MIRRORED[typed_of_alias(char)]


def mirror_pairs() -> list[tuple[str, str]]:
    """(typed, mirror) for every character with a mirroring glyph (BidiMirroring.txt)."""
    return list(MIRRORED.items())


def unaliased(text: str) -> str:
    """Text with each alias back as the mirror character (for a font with no alias)."""
    return "".join(mirror_of_alias(c) if is_mirror_alias(c) else c for c in text)


def visual(text: str, rtl: bool | None = None) -> str:
    """A single line of text shaped and in display order (for headings and labels)."""
    if not has_rtl(text):
        return text
    shaped = shape(text)
    direction = rtl_paragraph(shaped) if rtl is None else rtl
    return "".join(c.char for c in reorder([StyledChar(ch, 0) for ch in shaped], direction))


def visual_lines(text: str, rtl: bool | None = None) -> str:
    """Each line of a multi-line string shaped and in display order, in direction `rtl` (None:
    each line's own, from its first strong letter)."""
    return "\n".join(visual(line, rtl) for line in text.split("\n"))


def regroup(chars: list[StyledChar], same: Callable[[int, int], bool]) -> list[tuple[str, int]]:
    """Consecutive characters of one style joined: [(text, style index)]."""
    groups: list[tuple[str, int]] = []
    for entry in chars:
        if groups and same(groups[-1][1], entry.style):
            groups[-1] = (groups[-1][0] + entry.char, groups[-1][1])
        else:
            groups.append((entry.char, entry.style))
    return groups
