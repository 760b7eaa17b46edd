"""How typed words are compared with the names in a template.

People tag mid-meeting on ordinary UK and US keyboards, so a token matches a name when both are
equal once *folded*: Unicode-normalised, accents dropped, case ignored, and everything that is
not a letter or digit (hyphens, spaces, apostrophes, dots) left out. `#reframing`,
`#re-framing` and `#Ré framing` all fold to `reframing`, the fold of `Ré-framing`.

Rule, in order (the README states it too):
1. NFKD (compatibility decomposition: `é` becomes `e` + U+0301, `ﬁ` becomes `fi`);
2. combining marks of canonical class 10 or more are dropped (Latin, Greek and Cyrillic
   accents, Hebrew and Arabic vowel points); marks that carry a letter's sound in Indic
   scripts (nukta, virama: classes 7 and 9) and spacing vowel signs are kept;
3. case folding (`ß` becomes `ss`), then letters with no decomposition that readers still
   type without their stroke: `ø`->`o`, `æ`->`ae`, `œ`->`oe`, `ł`->`l`, `đ`/`ð`->`d`,
   `þ`->`th`, `ı`->`i`;
4. only letters, digits and kept marks remain.
"""

from __future__ import annotations

import functools
import unicodedata

STROKED_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
ACCENT_CLASS = 10


def nfc(text: str) -> str:
    """Composed Unicode form (NFC): how names and typed text are kept once read."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """The form two names are compared in: see the module docstring for the rule."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if unicodedata.combining(c) < ACCENT_CLASS)
    lowered = bare.casefold().translate(STROKED_LETTERS)
    return "".join(c for c in lowered if c.isalnum() or unicodedata.category(c).startswith("M"))


@functools.lru_cache(maxsize=1 << 16)
def fold_words(text: str) -> str:
    """`text` with each word (split at white space) folded and one space between words: what a
    review filter's words are looked for in. The spaces are kept so that a quoted phrase
    (`"line 01"`) finds `Line 01,` but not `line01`. Cached: a filter typed key by key folds the
    same notes' texts again at every key (a changed text is a new key, so never stale)."""
    return " ".join(folded for folded in map(fold, text.split()) if folded)


def extend_typed(typed: str, name: str) -> str | None:
    """`typed` continued with the rest of `name`, if `typed` folds to a prefix of `name`'s fold.

    Completion keeps what the person typed and adds only what is missing, so `refr` against
    `ré-framing` gives `reframing` (a token that folds to the name), and the suggestion always
    starts with the text already in the input. Returns None when `typed` is not a prefix.
    """
    wanted = fold(typed)
    if not fold(name).startswith(wanted):
        return None
    consumed = ""
    for index, char in enumerate(name):
        if consumed == wanted:
            return typed + name[index:]
        consumed += fold(char)
        if not wanted.startswith(consumed):
            # One character of `name` folds to several (ß -> ss) and `typed` ends mid-way.
            if not consumed.startswith(wanted):
                return None
            return typed + consumed[len(wanted) :] + name[index + 1 :]
    return typed if consumed == wanted else None
