"""Emoji that are one picture made of several characters: a ZWJ sequence (👩‍⚕️, woman and
medical symbol joined by U+200D), a flag (🇬🇧, two regional indicators), a skin tone (👍🏽), a
subdivision flag (tag characters) and a keycap (1️⃣).

A font composes these with its own substitution tables (OpenType GSUB), which reportlab does
not apply: it draws each character's own glyph, so 👩‍⚕️ prints as 👩 then ⚕ and 🇬🇧 as two
boxed letters. No font on any machine changes that, so the report says which were printed
apart and where (Unicode Technical Standard #51, "Unicode Emoji", defines the sequences).
"""

from __future__ import annotations

import unicodedata

ZWJ = 0x200D
VARIATION_SELECTORS = (0xFE0E, 0xFE0F)
REGIONAL_INDICATORS = (0x1F1E6, 0x1F1FF)
MODIFIERS = (0x1F3FB, 0x1F3FF)  # skin tones (Fitzpatrick types)
TAGS = (0xE0020, 0xE007F)  # subdivision flags end with U+E007F
KEYCAP = 0x20E3
KEYCAP_BASES = frozenset("0123456789#*")


def _within(code: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= code <= bounds[1]


def _pictograph(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char) == "So" or 0x1F000 <= code <= 0x1FAFF


def _sequence_end(text: str, start: int) -> tuple[int, bool]:
    """Where the emoji starting at `start` ends, and whether it is composed of several."""
    end, composed = start + 1, False
    while end < len(text):
        code = ord(text[end])
        if code in VARIATION_SELECTORS:
            end += 1
        elif _within(code, MODIFIERS) or _within(code, TAGS) or code == KEYCAP:
            end, composed = end + 1, True
        elif code == ZWJ and end + 1 < len(text) and _pictograph(text[end + 1]):
            end, composed = end + 2, True
        else:
            break
    return end, composed


def emoji_sequences(text: str) -> list[str]:
    """Each emoji in `text` made of several characters, in order (repeats kept)."""
    found: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if _within(ord(char), REGIONAL_INDICATORS):
            pair = text[index : index + 2]
            if len(pair) == 2 and _within(ord(pair[1]), REGIONAL_INDICATORS):
                found.append(pair)
                index += 2
                continue
        if _pictograph(char) or char in KEYCAP_BASES:
            end, composed = _sequence_end(text, index)
            if composed:
                found.append(text[index:end])
            index = end
            continue
        index += 1
    return found


def unjoined_list(unjoined: dict[str, list[str]], shown: int = 8) -> str:
    """`{emoji: places}` as one line: `👩‍⚕️ (the note at 0:01:05), 🇬🇧 (the note at 0:02:10 and
    1 more)`; after `shown` emoji, how many more."""
    parts = []
    for sequence, places in list(unjoined.items())[:shown]:
        if not places:
            parts.append(sequence)
        elif len(places) == 1:
            parts.append(f"{sequence} ({places[0]})")
        else:
            parts.append(f"{sequence} ({places[0]} and {len(places) - 1} more)")
    if len(unjoined) > shown:
        parts.append(f"and {len(unjoined) - shown} more")
    return ", ".join(parts)
