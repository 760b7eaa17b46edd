"""Inline tag tokens in a note's text.

    #verb  #ELEMENT.verb  #prefix   a verb of the template (unambiguous prefixes allowed)
    +practice                       a practice set
    @speaker                        an attendee's pseudonym or a speaker role
    !q !r !o                        kind: verbatim quote, observer reflection, observation
    !i !s                           inferred or seen

A note that opens with a quotation mark is a verbatim quote unless a token says otherwise.
Tokens stay in the note's text; a token that cannot be resolved is reported, never dropped.
What a token can name, and the completions offered while typing one, are the template's
vocabulary (domain.vocabulary.TagVocabulary, imported here too, where the screens take it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from ppei_tui.domain.folding import fold, nfc
from ppei_tui.domain.session import Tag
from ppei_tui.domain.template import slug
from ppei_tui.domain.values import compared
from ppei_tui.domain.vocabulary import FLAGS, TagVocabulary, choose

TOKEN = re.compile(r"(?<!\S)([#+@!])(\S+)")
TRAILING_PUNCTUATION = ".,;:!?)]}'\""
# Marks a quotation opens with in the scripts observers write in: straight and curly quotes,
# guillemets either way round (« » as in French, » « as in German and Danish), the low
# quotes „ ‚ (German, Polish), ” ’ (Swedish, Finnish) and the CJK corner brackets 「 『.
QUOTE_OPENERS = tuple("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u2039\u203a\u201e\u201a\u300c\u300e")

T = TypeVar("T")


class TokenProblem(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    token: str
    reason: str

    def __str__(self) -> str:
        return f"{self.token}: {self.reason}"


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(repr=False, eq=False)
class ParsedTokens:
    tags: list[Tag] = field(default_factory=list)
    practice_sets: list[str] = field(default_factory=list)
    speaker: str = ""
    speaker_role: str = ""
    kind: str | None = None
    evidence: str | None = None
    problems: list[TokenProblem] = field(default_factory=list)


def strip_token(word: str) -> str:
    return word.rstrip(TRAILING_PUNCTUATION)


def parse_tokens(text: str, vocabulary: TagVocabulary) -> ParsedTokens:
    """The tags, practice sets, speaker, kind and evidence the tokens in `text` name.

    The text is read in NFC (so a decomposed accent typed or pasted matches), and every
    token is compared folded (see TagVocabulary). The text itself is not changed.
    """
    parsed = ParsedTokens()
    text = nfc(text)
    for match in TOKEN.finditer(text):
        sigil, word = match.group(1), strip_token(match.group(2))
        token = sigil + word
        if not word:
            continue
        if sigil == "#":
            _add_once(parsed, parsed.tags, token, *vocabulary.resolve_verb(word))
        elif sigil == "+":
            _add_once(parsed, parsed.practice_sets, token, *vocabulary.resolve_practice_set(word))
        elif sigil == "@":
            speaker, reason = vocabulary.resolve_speaker(word)
            if speaker is None:
                parsed.problems.append(TokenProblem(token, reason))
            elif parsed.speaker or parsed.speaker_role:
                parsed.problems.append(TokenProblem(token, "a note has one speaker; kept the first"))
            else:
                parsed.speaker, parsed.speaker_role = speaker
        else:
            flag, reason = choose(
                word, {f: f for f in FLAGS}, "flag (quote, reflection, observation, inferred, seen)"
            )
            if flag is None:
                parsed.problems.append(TokenProblem(token, reason))
            else:
                attribute, value = FLAGS[flag]
                setattr(parsed, attribute, value)
    if parsed.kind is None and text.lstrip().startswith(QUOTE_OPENERS):
        parsed.kind = "quote"
    return parsed


def _add_once(parsed: ParsedTokens, into: list[T], token: str, value: T | None, reason: str) -> None:
    """`value` added to `into` (tags or practice sets) unless already there; a token that
    resolved to nothing is kept as a problem with its `reason`."""
    if value is None:
        parsed.problems.append(TokenProblem(token, reason))
    elif value not in into:
        into.append(value)


def current_token(text: str) -> tuple[str, str] | None:
    """The (sigil, partial word) being typed at the end of `text`, if it is a token."""
    match = re.search(r"(?:^|\s)([#+@!])(\S*)$", text)
    if not match:
        return None
    return match.group(1), match.group(2)


class TokenExamples(NamedTuple):  # a NamedTuple: made at start, far cheaper than a dataclass
    """Tokens of the loaded template to show in hints and help, each one that really resolves.

    Empty strings where the template (or attendee list) has nothing of that kind."""

    verb: str = ""  # "#engaging"
    verb_prefix: str = ""  # "#eng"
    qualified: str = ""  # "#Mat.reporting"
    qualified_short: str = ""  # "#BE.wel"
    practice: str = ""  # "+trust"
    practice_prefix: str = ""  # "+lead"
    speaker: str = ""  # "@Ash"
    role: str = ""  # "@gp-lead"


def _shortest(full: str, resolves: Callable[[str], bool], at_least: int = 3) -> str:
    """The shortest beginning of `full` (at least `at_least` characters) that still resolves."""
    for end in range(min(at_least, len(full)), len(full) + 1):
        if resolves(full[:end]):
            return full[:end]
    return full


def token_examples(vocabulary: TagVocabulary) -> TokenExamples:
    """Examples from `vocabulary`'s template and attendees (issue 16 §3: never the default
    framework's words in another framework's help)."""
    template = vocabulary.template

    def verb_is(tag: Tag) -> Callable[[str], bool]:
        return lambda word: vocabulary.resolve_verb(word)[0] == tag

    unique = [
        t
        for tags in vocabulary.verbs_by_fold.values()
        if len(tags) == 1
        for t in tags
        if verb_is(t)(slug(t.verb))  # not a verb whose name is also an element's
    ]
    unique.sort(key=vocabulary.template_order)
    verb = verb_prefix = ""
    if unique:
        word = slug(unique[0].verb)
        verb, verb_prefix = f"#{word}", "#" + _shortest(word, verb_is(unique[0]))
    elements = template.elements
    long_tag = Tag(elements[min(1, len(elements) - 1)].code, elements[min(1, len(elements) - 1)].verbs[0])
    short = elements[-1]
    short_tag = Tag(short.code, short.verbs[-1])
    qualified = f"#{long_tag.element}.{slug(long_tag.verb)}"
    short_word = _shortest(slug(short_tag.verb), lambda w: verb_is(short_tag)(f"{short.code}.{w}"))
    practice = practice_prefix = ""
    if template.practice_sets:
        name = template.practice_sets[-1] if len(template.practice_sets) > 1 else template.practice_sets[0]
        practice = f"+{slug(template.practice_sets[0])}"
        practice_prefix = "+" + _shortest(slug(name), lambda w: vocabulary.resolve_practice_set(w)[0] == name)
    speaker = f"@{vocabulary.attendees[0].pseudonym}" if vocabulary.attendees else ""
    roles = sorted(vocabulary.roles.values(), key=fold)
    role = f"@{slug(roles[0])}" if roles else ""
    return TokenExamples(
        verb, verb_prefix, qualified, f"#{short.code}.{short_word}", practice, practice_prefix, speaker, role
    )
