"""The map shaded by members of the CoP, and how it compares with the observer's evidence.

A shading is one member's view of one meeting: for each verb of the session's template, a level
0 to 4 (the same levels as the evidence map: 0 not seen, 4 seen most) and an optional one-line
comment. Verbs a member left out count as 0. The evidence level of a verb is the documented
shading scale of the notes (`mapping.shade_level`: its share of the busiest verb's count).

Comparing a member with the evidence: quadratic-weighted kappa over the template's verbs (Cohen
1968; see `agreement.quadratic_weighted_kappa`), and the verbs where the two differ by two levels
or more. The members' median per verb is the median of their levels (the lower middle value
when the number of members is even, so it is always a level).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from ppei_tui.domain.agreement import Ratio, quadratic_weighted_kappa
from ppei_tui.domain.folding import fold
from ppei_tui.domain.mapping import MapCounts
from ppei_tui.domain.session import Change
from ppei_tui.domain.template import Template

LEVELS = 5  # 0..4
DIFFERENCE = 2  # levels apart that count as a difference worth naming


class ShadingError(ValueError):
    """What is wrong with a member's levels; nothing is saved."""


def verb_key(element: str, verb: str) -> str:
    """`P.Aligning`: the element code, a dot and the verb as the template writes it."""
    return f"{element}.{verb}"


@dataclass
class Shading:
    """One member's shading of a session. `levels` maps verb keys to 0..4; `created` ISO 8601."""

    id: int
    member: str
    role: str
    created: str
    levels: dict[str, int] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    history: list[Change] = field(default_factory=list)

    def level(self, key: str) -> int:
        return self.levels.get(key, 0)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Shading:
        values = dict(data)
        values["history"] = [Change.from_dict(h) for h in values.get("history", [])]
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in names})

    def change(self, levels: dict[str, int], comments: dict[str, str], now: datetime, by: str) -> None:
        """Replace levels and comments, keeping what they were in the history."""
        at = now.isoformat(timespec="seconds")
        if levels != self.levels:
            self.history.append(Change(at, by, "levels", dict(self.levels), dict(levels)))
            self.levels = dict(levels)
        if comments != self.comments:
            self.history.append(Change(at, by, "comments", dict(self.comments), dict(comments)))
            self.comments = dict(comments)


def resolve_verb(template: Template, text: str) -> str:
    """`P.Aligning`, `p.align`, `Mat.reporting`: a verb key of the template. The element is its
    code or name; the verb any unambiguous beginning, compared without case or accents.
    ShadingError naming the choices otherwise."""
    element_text, dot, verb_text = text.strip().partition(".")
    if not dot or not verb_text:
        raise ShadingError(f"{text!r}: write a verb as ELEMENT.VERB, e.g. P.Aligning")
    wanted = fold(element_text)
    elements = [e for e in template.elements if fold(e.code) == wanted] or [
        e for e in template.elements if fold(e.name) == wanted
    ]
    if not elements:
        codes = ", ".join(e.code for e in template.elements)
        raise ShadingError(f"{text!r}: no element {element_text!r} in {template.id} (elements: {codes})")
    element = elements[0]
    start = fold(verb_text)
    exact = [v for v in element.verbs if fold(v) == start]
    matches = exact or [v for v in element.verbs if fold(v).startswith(start)]
    if len(matches) != 1:
        choices = ", ".join(element.verbs)
        problem = "is ambiguous" if matches else "is not a verb"
        raise ShadingError(f"{text!r}: {verb_text!r} {problem} of {element.name} (verbs: {choices})")
    return verb_key(element.code, matches[0])


def _digits_named(text: str) -> str:
    return ", ".join(f"{c!r} U+{ord(c):04X}" for c in text if not c.isascii())


def parse_levels(template: Template, text: str) -> dict[str, int]:
    """`"P.Aligning=3, Mat.Reporting=4"` as verb keys and levels. ShadingError for an unknown
    verb, a level outside 0-4, a verb given twice, or an entry without `=`."""
    levels: dict[str, int] = {}
    for entry in (e.strip() for e in text.replace(";", ",").split(",")):
        if not entry:
            continue
        name, equals, value = entry.partition("=")
        if not equals:
            raise ShadingError(f"{entry!r}: write VERB=LEVEL, e.g. P.Aligning=3")
        key = resolve_verb(template, name)
        level = value.strip()
        # ASCII digits only: str.isdigit and int() also take ٣ (Arabic-Indic) and ３ (full-width)
        # as 3, which a worksheet typed in could hold by a keyboard's mistake, stored unsaid.
        if not (level.isascii() and level.isdigit()) or not 0 <= int(level) < LEVELS:
            other = "" if level.isascii() else f", in ASCII digits (not {_digits_named(level)})"
            raise ShadingError(f"{entry!r}: the level must be a whole number from 0 to {LEVELS - 1}{other}")
        if key in levels:
            raise ShadingError(f"{key} is given twice")
        levels[key] = int(level)
    return levels


def evidence_levels(counts: MapCounts) -> dict[str, int]:
    """The evidence map's level of every verb of its template (0..4)."""
    return {verb_key(e, v): counts.level(e, v) for e, v in counts.template.verb_cells()}


@dataclass(frozen=True)
class MemberComparison:
    """A member's shading set beside the evidence: weighted kappa and the verbs two or more
    levels apart (`differences[key] = (member level, evidence level)`)."""

    member: str
    role: str
    weighted_kappa: Ratio
    differences: dict[str, tuple[int, int]]


def compare_member(shading: Shading, evidence: dict[str, int]) -> MemberComparison:
    keys = list(evidence)
    member = [shading.level(k) for k in keys]
    observed = [evidence[k] for k in keys]
    differences = {
        k: (m, e) for k, m, e in zip(keys, member, observed, strict=True) if abs(m - e) >= DIFFERENCE
    }
    return MemberComparison(
        shading.member, shading.role, quadratic_weighted_kappa(member, observed, LEVELS), differences
    )


def median_levels(shadings: list[Shading], keys: list[str]) -> dict[str, int]:
    """Per verb, the members' median level (the lower middle value for an even count)."""
    result = {}
    for key in keys:
        values = sorted(s.level(key) for s in shadings)
        result[key] = values[(len(values) - 1) // 2] if values else 0
    return result


def shading_of(shadings: list[Shading], member: str) -> Shading | None:
    """The shading already made by this member (names compared folded), if any: a member who
    shades again changes their own shading, with its history, rather than adding a second."""
    wanted = fold(member)
    return next((s for s in shadings if fold(s.member) == wanted), None)


def new_shading(
    shadings: list[Shading],
    member: str,
    role: str,
    now: datetime,
    levels: dict[str, int],
    comments: dict[str, str],
) -> Shading:
    """A shading with the next free id. ShadingError for an empty member name."""
    if not member.strip():
        raise ShadingError("say who is shading: --as NAME (a pseudonym is fine)")
    next_id = max((s.id for s in shadings), default=0) + 1
    return Shading(next_id, member.strip(), role.strip(), now.isoformat(timespec="seconds"), levels, comments)
