"""What the tokens of a note can name: a template's verbs, elements and practice sets and a
session's attendees and speaker roles, each compared folded (folding.fold), with the
completions offered while a token is being typed. tags.parse_tokens reads a note's tokens
against it."""

from __future__ import annotations

from ppei_tui.domain.folding import extend_typed, fold
from ppei_tui.domain.session import Attendee, Tag
from ppei_tui.domain.template import Element, Template, slug

# What a `!` token names: (ParsedTokens attribute, value).
FLAGS = {
    "quote": ("kind", "quote"),
    "reflection": ("kind", "reflection"),
    "observation": ("kind", "observation"),
    "inferred": ("evidence", "inferred"),
    "seen": ("evidence", "seen"),
}


def choose(word: str, options: dict[str, str], what: str) -> tuple[str | None, str]:
    """Resolve `word` against {folded name: value}: exactly once folded, else by unique prefix.

    Keys must be folded (folding.fold); so is `word`, so `+reforme` finds `réforme`.
    """
    key = fold(word)
    if not key:
        return None, f"{word!r} has no letter or digit to match a {what}"
    if key in options:
        return options[key], ""
    matches = sorted({value for option, value in options.items() if option.startswith(key)})
    if len(matches) == 1:
        return matches[0], ""
    if not matches:
        return None, f"no {what} starts with {word!r}"
    shown = ", ".join(matches[:6]) + (" ..." if len(matches) > 6 else "")
    return None, f"ambiguous: could be {shown}"


def _folded_names(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """{fold(name): value}; the first of two names with one fold wins (templates check
    reports such pairs, so this only matters for old sessions)."""
    table: dict[str, str] = {}
    for name, value in pairs:
        table.setdefault(fold(name), value)
    table.pop("", None)
    return table


class TagVocabulary:
    """Everything a token can resolve to, built once per template and attendee list.

    Every name is compared folded (folding.fold): `#reframing` is `Ré-framing`. A token
    matches a name (or alias) exactly once folded, or else is the start of exactly one.
    """

    def __init__(self, template: Template, attendees: list[Attendee] | tuple[Attendee, ...] = ()):
        self.template = template
        self.attendees = list(attendees)
        self.verbs_by_fold: dict[str, list[Tag]] = {}
        self.element_verbs: dict[str, dict[str, str]] = {}
        for element in template.elements:
            pairs = [(name, verb) for verb in element.verbs for name in (verb, *element.aliases_of(verb))]
            self.element_verbs[element.code] = _folded_names(pairs)
            for folded, verb in self.element_verbs[element.code].items():
                tags = self.verbs_by_fold.setdefault(folded, [])
                if Tag(element.code, verb) not in tags:
                    tags.append(Tag(element.code, verb))
        self.element_codes = _folded_names([(e.code, e.code) for e in template.elements])
        self.element_names = _folded_names(
            [(name, e.code) for e in template.elements for name in (e.name, *e.aliases)]
        )
        self.practice_sets = _folded_names(
            [(n, p) for p in template.practice_sets for n in (p, *template.practice_set_aliases_of(p))]
        )
        roles = {r for r in template.speaker_roles} | {a.role for a in self.attendees}
        self.roles = _folded_names([(r, r) for r in sorted(roles) if r])
        self.pseudonyms: dict[str, Attendee] = {}
        # Attendee lists are refused with two pseudonyms of one fold (domain/attendees.py), but a
        # session stored before that may hold `Zoë` and `Zoe`: `@zoe` is then ambiguous, never
        # silently the one listed last.
        self.shared_pseudonyms: dict[str, list[Attendee]] = {}
        for attendee in self.attendees:
            key = fold(attendee.pseudonym)
            if key in self.shared_pseudonyms:
                self.shared_pseudonyms[key].append(attendee)
            elif key in self.pseudonyms:
                self.shared_pseudonyms[key] = [self.pseudonyms.pop(key), attendee]
            elif key:
                self.pseudonyms[key] = attendee

    def named_element(self, word: str) -> Element | None:
        """The element `word` names exactly (its code, name or an alias, folded), if any: no
        prefixes, so `#Ma` names the element `Ma` and never starts another element's verb."""
        key = fold(word)
        code = self.element_codes.get(key) or self.element_names.get(key)
        return self.template.element(code) if code is not None else None

    def resolve_verb(self, word: str) -> tuple[Tag | None, str]:
        """The verb tag `word` (a token without its `#`) names.

        A word that names an element exactly (`Ma`, `materiality`; a trailing dot is already
        stripped) and no verb is not a verb tag: it is refused with a reason saying how to
        write one, rather than read as the start of some verb of another element. Only a verb
        of that same element named exactly by the word (an element `Trust` with a verb `Trust`)
        is taken."""
        if "." in word:
            return self._resolve_qualified(word)
        key = fold(word)
        if not key:
            return None, f"{word!r} has no letter or digit to match a verb"
        exact = self.verbs_by_fold.get(key)
        element = self.named_element(word)
        if element is not None:
            if exact and [t.element for t in exact] == [element.code]:
                return exact[0], ""
            return None, self._element_without_verb(element, exact or [])
        if exact and len(exact) == 1:
            return exact[0], ""
        if exact:
            forms = " or ".join(f"#{t.element}.{slug(t.verb)}" for t in exact)
            return None, f"verb in several elements; write {forms}"
        matches = sorted(
            {t for s, tags in self.verbs_by_fold.items() if s.startswith(key) for t in tags},
            key=self.template_order,
        )
        if len(matches) == 1:
            return matches[0], ""
        if not matches:
            return None, f"no verb of {self.template.name} starts with {word!r}"
        shown = ", ".join(f"{t.element}.{t.verb}" for t in matches[:6])
        return None, f"ambiguous: could be {shown}" + (" ..." if len(matches) > 6 else "")

    def template_order(self, tag: Tag) -> int:
        """Where `tag` stands in the template's reading order (a sort key); after every cell
        when the template has no such verb."""
        cells = self.template.verb_cells()
        return cells.index((tag.element, tag.verb)) if (tag.element, tag.verb) in cells else len(cells)

    def resolve_element(self, word: str) -> tuple[Element | None, str]:
        """An element by its code exactly (so `M` is never taken for `Ma`), else by its name or
        an alias, exactly or by unique prefix, all folded. A start two elements' names share
        is ambiguous, and the reason names both (code and name), in the template's order."""
        key = fold(word)
        code = self.element_codes.get(key) or self.element_names.get(key)
        if code is None and key:
            starting = {c for name, c in self.element_names.items() if name.startswith(key)}
            matches = [e for e in self.template.elements if e.code in starting]
            if len(matches) > 1:
                shown = ", ".join(f"{e.code} ({e.name})" for e in matches)
                return None, f"ambiguous element {word!r}: could be {shown}; write its code"
            code = matches[0].code if matches else None
        if code is None:
            known = ", ".join(e.code for e in self.template.elements)
            return None, f"unknown element {word!r} (elements: {known})"
        return self.template.element(code), ""

    def _resolve_qualified(self, word: str) -> tuple[Tag | None, str]:
        code_part, _, verb_part = word.partition(".")
        element, reason = self.resolve_element(code_part)
        if element is None:
            return None, reason
        if not fold(verb_part):
            return None, self._element_without_verb(element, [])
        verb, reason = choose(verb_part, self.element_verbs[element.code], f"verb of {element.name}")
        if verb is None:
            return None, reason
        return Tag(element.code, verb), ""

    @staticmethod
    def _element_without_verb(element: Element, verbs: list[Tag]) -> str:
        reason = f"element {element.code} ({element.name}) without a verb: write #{element.code}.<verb>"
        if verbs:
            reason += " (or " + " or ".join(f"#{t.element}.{slug(t.verb)}" for t in verbs) + " for the verb)"
        return reason

    def resolve_practice_set(self, word: str) -> tuple[str | None, str]:
        return choose(word, self.practice_sets, "practice set")

    def resolve_speaker(self, word: str) -> tuple[tuple[str, str] | None, str]:
        key = fold(word)
        shared = [
            a for k, group in self.shared_pseudonyms.items() if key and k.startswith(key) for a in group
        ]
        if shared and key not in self.pseudonyms:
            return None, "ambiguous: could be " + ", ".join(f"{a.pseudonym} ({a.role})" for a in shared)
        if key in self.pseudonyms:
            attendee = self.pseudonyms[key]
            return (attendee.pseudonym, attendee.role), ""
        if key in self.roles:
            return ("", self.roles[key]), ""
        people = [s for s in self.pseudonyms if s.startswith(key)]
        roles = [s for s in self.roles if s.startswith(key)]
        if key and len(people) + len(roles) == 1:
            if people:
                attendee = self.pseudonyms[people[0]]
                return (attendee.pseudonym, attendee.role), ""
            return ("", self.roles[roles[0]]), ""
        if not key or (not people and not roles):
            return None, "not an attendee's pseudonym or a speaker role"
        shown = [self.pseudonyms[p].pseudonym for p in people] + [self.roles[r] for r in roles]
        return None, "ambiguous: could be " + ", ".join(shown)

    def completions(self, sigil: str, partial: str) -> list[str]:
        """Candidate completions (without the sigil) for a token being typed.

        Each candidate starts with `partial` exactly as typed and continues with the rest of
        a name it folds to the start of (folding.extend_typed), so `#refr` offers
        `reframing` for `Ré-framing`, and `#materiality.mon` offers `materiality.monitoring`.
        Aliases are offered as well as names.
        """
        if sigil == "#":
            if "." in partial:
                return self._qualified_completions(partial)
            names = sorted({slug(n) for e in self.template.elements for n in _verb_names(e)}, key=fold)
            verbs = _extensions(partial, names)
            qualifiers = [
                f"{extended}."
                for e in self.template.elements
                for extended in _extensions(partial, [e.code, slug(e.name), *map(slug, e.aliases)])
                if partial
            ]
            named = self.named_element(partial) if partial else None
            if named is not None and self.resolve_verb(partial)[0] is None:
                # `#Ma` names the element Ma: Tab writes `#Ma.` (the tagger refuses `#Ma` alone)
                own = [q for q in qualifiers if self.named_element(q[:-1]) is named][:1]
                return list(dict.fromkeys([*own, *qualifiers, *verbs]))
            return verbs + list(dict.fromkeys(qualifiers))
        if sigil == "+":
            names = [
                slug(n)
                for p in self.template.practice_sets
                for n in (p, *self.template.practice_set_aliases_of(p))
            ]
            return _extensions(partial, sorted(names, key=fold))
        if sigil == "@":
            people = [slug(a.pseudonym) for a in self.attendees if a.pseudonym]
            return _extensions(partial, sorted({*people, *map(slug, self.roles.values())}))
        if sigil == "!":
            return _extensions(partial, list(FLAGS))
        return []

    def _qualified_completions(self, partial: str) -> list[str]:
        code_part, _, verb_part = partial.partition(".")
        element, _ = self.resolve_element(code_part)
        if element is None:
            return []
        return [
            f"{code_part}.{rest}" for rest in _extensions(verb_part, [slug(n) for n in _verb_names(element)])
        ]


def _verb_names(element: Element) -> list[str]:
    return [name for verb in element.verbs for name in (verb, *element.aliases_of(verb))]


def _extensions(partial: str, names: list[str]) -> list[str]:
    """`partial` continued to each name it folds to the start of, once each, in order."""
    found = (extend_typed(partial, name) for name in names)
    return list(dict.fromkeys(e for e in found if e is not None))
