"""Inline tag tokens in a note's text.

    #verb  #ELEMENT.verb  #prefix   a verb of the template (unambiguous prefixes allowed)
    +practice                       a practice set
    @speaker                        an attendee's pseudonym or a speaker role
    !q !r !o                        kind: verbatim quote, observer reflection, observation
    !i !s                           inferred or seen

A note that opens with a quotation mark is a verbatim quote unless a token says otherwise.
Tokens stay in the note's text; a token that cannot be resolved is reported, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ppei_tui.domain.session import Attendee, Tag
from ppei_tui.domain.template import Template, slug

TOKEN = re.compile(r"(?<!\S)([#+@!])(\S+)")
TRAILING_PUNCTUATION = ".,;:!?)]}'\""
FLAGS = {
    "quote": ("kind", "quote"),
    "reflection": ("kind", "reflection"),
    "observation": ("kind", "observation"),
    "inferred": ("evidence", "inferred"),
    "seen": ("evidence", "seen"),
}
QUOTE_OPENERS = ('"', "\u201c", "'", "\u2018")


@dataclass
class TokenProblem:
    token: str
    reason: str

    def __str__(self) -> str:
        return f"{self.token}: {self.reason}"


@dataclass
class ParsedTokens:
    tags: list[Tag] = field(default_factory=list)
    practice_sets: list[str] = field(default_factory=list)
    speaker: str = ""
    speaker_role: str = ""
    kind: str | None = None
    evidence: str | None = None
    problems: list[TokenProblem] = field(default_factory=list)


def choose(word: str, options: dict[str, str], what: str) -> tuple[str | None, str]:
    """Resolve `word` against {slug: value} exactly, else by unique prefix."""
    key = word.lower()
    if key in options:
        return options[key], ""
    matches = sorted({value for option, value in options.items() if option.startswith(key)})
    if len(matches) == 1:
        return matches[0], ""
    if not matches:
        return None, f"no {what} starts with {word!r}"
    shown = ", ".join(matches[:6]) + (" ..." if len(matches) > 6 else "")
    return None, f"ambiguous: could be {shown}"


class TagVocabulary:
    """Everything a token can resolve to, built once per template and attendee list."""

    def __init__(self, template: Template, attendees: list[Attendee] | tuple[Attendee, ...] = ()):
        self.template = template
        self.attendees = list(attendees)
        self.verbs_by_slug: dict[str, list[Tag]] = {}
        for element in template.elements:
            for verb in element.verbs:
                self.verbs_by_slug.setdefault(slug(verb), []).append(Tag(element.code, verb))
        self.practice_sets = {slug(p): p for p in template.practice_sets}
        roles = {r for r in template.speaker_roles} | {a.role for a in self.attendees}
        self.roles = {slug(r): r for r in roles if r}
        self.pseudonyms = {slug(a.pseudonym): a for a in self.attendees if a.pseudonym}

    def resolve_verb(self, word: str) -> tuple[Tag | None, str]:
        if "." in word:
            return self._resolve_qualified(word)
        key = word.lower()
        exact = self.verbs_by_slug.get(key)
        if exact and len(exact) == 1:
            return exact[0], ""
        if exact:
            forms = " or ".join(f"#{t.element}.{slug(t.verb)}" for t in exact)
            return None, f"verb in several elements; write {forms}"
        matches = [t for s, tags in self.verbs_by_slug.items() if s.startswith(key) for t in tags]
        if len(matches) == 1:
            return matches[0], ""
        if not matches:
            return None, f"no verb of {self.template.name} starts with {word!r}"
        shown = ", ".join(f"{t.element}.{t.verb}" for t in matches[:6])
        return None, f"ambiguous: could be {shown}" + (" ..." if len(matches) > 6 else "")

    def _resolve_qualified(self, word: str) -> tuple[Tag | None, str]:
        code_part, _, verb_part = word.partition(".")
        codes = {e.code.lower(): e for e in self.template.elements}
        element = codes.get(code_part.lower())
        if element is None:
            names = {slug(e.name): e.code for e in self.template.elements}
            code, reason = choose(code_part, names, "element")
            if code is None:
                known = ", ".join(e.code for e in self.template.elements)
                return None, f"unknown element {code_part!r} (elements: {known})"
            element = self.template.element(code)
        verbs = {slug(v): v for v in element.verbs}
        verb, reason = choose(verb_part, verbs, f"verb of {element.name}")
        if verb is None:
            return None, reason
        return Tag(element.code, verb), ""

    def resolve_speaker(self, word: str) -> tuple[tuple[str, str] | None, str]:
        key = word.lower()
        if key in self.pseudonyms:
            attendee = self.pseudonyms[key]
            return (attendee.pseudonym, attendee.role), ""
        if key in self.roles:
            return ("", self.roles[key]), ""
        people = [s for s in self.pseudonyms if s.startswith(key)]
        roles = [s for s in self.roles if s.startswith(key)]
        if len(people) + len(roles) == 1:
            if people:
                attendee = self.pseudonyms[people[0]]
                return (attendee.pseudonym, attendee.role), ""
            return ("", self.roles[roles[0]]), ""
        if not people and not roles:
            return None, "not an attendee's pseudonym or a speaker role"
        return None, "ambiguous: could be " + ", ".join(people + roles)

    def completions(self, sigil: str, partial: str) -> list[str]:
        """Candidate completions (without the sigil) for a token being typed."""
        key = partial.lower()
        if sigil == "#":
            if "." in key:
                code_part, _, verb_part = partial.partition(".")
                for element in self.template.elements:
                    if element.code.lower() == code_part.lower():
                        return [
                            f"{element.code}.{slug(v)}"
                            for v in element.verbs
                            if slug(v).startswith(verb_part.lower())
                        ]
                return []
            verbs = [s for s in self.verbs_by_slug if s.startswith(key)]
            codes = [f"{e.code}." for e in self.template.elements if e.code.lower().startswith(key) and key]
            return sorted(verbs) + codes
        if sigil == "+":
            return sorted(s for s in self.practice_sets if s.startswith(key))
        if sigil == "@":
            return sorted(s for s in [*self.pseudonyms, *self.roles] if s.startswith(key))
        if sigil == "!":
            return [f for f in FLAGS if f.startswith(key)]
        return []


def strip_token(word: str) -> str:
    return word.rstrip(TRAILING_PUNCTUATION)


def parse_tokens(text: str, vocabulary: TagVocabulary) -> ParsedTokens:
    parsed = ParsedTokens()
    for match in TOKEN.finditer(text):
        sigil, word = match.group(1), strip_token(match.group(2))
        token = sigil + word
        if not word:
            continue
        if sigil == "#":
            tag, reason = vocabulary.resolve_verb(word)
            if tag is None:
                parsed.problems.append(TokenProblem(token, reason))
            elif tag not in parsed.tags:
                parsed.tags.append(tag)
        elif sigil == "+":
            practice, reason = choose(word, vocabulary.practice_sets, "practice set")
            if practice is None:
                parsed.problems.append(TokenProblem(token, reason))
            elif practice not in parsed.practice_sets:
                parsed.practice_sets.append(practice)
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


def current_token(text: str) -> tuple[str, str] | None:
    """The (sigil, partial word) being typed at the end of `text`, if it is a token."""
    match = re.search(r"(?:^|\s)([#+@!])(\S*)$", text)
    if not match:
        return None
    return match.group(1), match.group(2)
