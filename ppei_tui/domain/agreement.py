"""Agreement between observers who coded the same meeting.

The rule, so anyone can recompute the figures from the session files (README, "Agreement"):

- Units. With `minutes=N`, bins of N minutes of wall-clock time starting at the earliest `start`
  event among the sessions; a note belongs to the bin holding its wall-clock time (the moment
  its first character was typed); units run from the first bin to the bin of the last note of
  any session, all included (a note typed before the first start counts in the first bin). With
  agenda units, the agenda items by title, in the order they
  were first taken up in any session (notes outside any item form the unit "(no agenda item)").
  Deleted notes never count.
- Codes. For each verb of the template and each unit, an observer's code is 1 if any of their
  notes in that unit carries the verb, else 0.
- Per verb: Cohen's kappa, percent agreement and the four cells (both, only the first, only the
  second, neither) for each pair of observers. Pooled over all (unit, verb) pairs: the same
  figures, and Krippendorff's alpha (nominal) over all observers.

Cohen's kappa is (p_o - p_e) / (1 - p_e) with p_o the share of units where the pair agrees and
p_e the agreement expected from each observer's own rate of 1s (Cohen 1960). It is undefined
(None, with a reason) when p_e is 1: both observers gave every unit the same single code.
Krippendorff's alpha is 1 - D_o / D_e from the coincidence matrix of the values (Krippendorff,
"Computing Krippendorff's Alpha-Reliability", 2011); undefined when only one value occurs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations

from ppei_tui.domain.session import EventType, Note, Session

NO_AGENDA_ITEM = "(no agenda item)"


@dataclass(frozen=True)
class Ratio:
    """A statistic that may be undefined: `value` None with the `reason` why."""

    value: float | None
    reason: str = ""


@dataclass(frozen=True)
class PairTable:
    """The 2x2 table of two observers' binary codes over some units."""

    both: int = 0
    only_first: int = 0
    only_second: int = 0
    neither: int = 0

    @property
    def units(self) -> int:
        return self.both + self.only_first + self.only_second + self.neither

    def __add__(self, other: PairTable) -> PairTable:
        return PairTable(
            self.both + other.both,
            self.only_first + other.only_first,
            self.only_second + other.only_second,
            self.neither + other.neither,
        )

    @property
    def agreement(self) -> Ratio:
        """Share of units where both gave the same code (0..1)."""
        if not self.units:
            return Ratio(None, "no units")
        return Ratio((self.both + self.neither) / self.units)

    @property
    def kappa(self) -> Ratio:
        """Cohen's kappa for two observers and two codes (1 present, 0 absent)."""
        n = self.units
        if not n:
            return Ratio(None, "no units")
        first_yes = (self.both + self.only_first) / n
        second_yes = (self.both + self.only_second) / n
        expected = first_yes * second_yes + (1 - first_yes) * (1 - second_yes)
        observed = (self.both + self.neither) / n
        if math.isclose(expected, 1.0):
            if self.both == n:
                return Ratio(None, "both observers coded the verb in every unit")
            return Ratio(None, "neither observer ever used the verb")
        return Ratio((observed - expected) / (1 - expected))


def pair_table(first: Sequence[int], second: Sequence[int]) -> PairTable:
    """Cells of two equally long sequences of 0/1 codes. ValueError if lengths differ."""
    if len(first) != len(second):
        raise ValueError("both observers need a code for every unit")
    cells = Counter(zip(first, second, strict=True))
    return PairTable(cells[(1, 1)], cells[(1, 0)], cells[(0, 1)], cells[(0, 0)])


def krippendorff_alpha_nominal(units: Sequence[Sequence[Hashable | None]]) -> Ratio:
    """Krippendorff's alpha for nominal data.

    `units` holds, per unit, each observer's value (None where an observer gave none). Units
    with fewer than two values are not pairable and are left out, as in Krippendorff (2011)."""
    coincidences: dict[tuple[Hashable, Hashable], float] = {}
    for unit in units:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i, j in ((i, j) for i in range(m) for j in range(m) if i != j):
            key = (values[i], values[j])
            coincidences[key] = coincidences.get(key, 0.0) + 1 / (m - 1)
    totals: dict[Hashable, float] = {}
    for (c, _), weight in coincidences.items():
        totals[c] = totals.get(c, 0.0) + weight
    n = sum(totals.values())
    if n <= 1:
        return Ratio(None, "fewer than two pairable values")
    disagreeing = sum(w for (c, k), w in coincidences.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k) / (n - 1)
    if math.isclose(expected, 0.0):
        return Ratio(None, "only one value occurs, so agreement cannot be told from chance")
    return Ratio(1 - disagreeing / expected)


def quadratic_weighted_kappa(first: Sequence[int], second: Sequence[int], levels: int = 5) -> Ratio:
    """Cohen's weighted kappa with quadratic weights (i - j)^2 / (levels - 1)^2 over ordinal
    levels 0..levels-1 (Cohen 1968). ValueError for unequal lengths or a level out of range."""
    if len(first) != len(second):
        raise ValueError("both need a level for every verb")
    if any(not 0 <= v < levels for v in (*first, *second)):
        raise ValueError(f"levels run from 0 to {levels - 1}")
    n = len(first)
    if not n:
        return Ratio(None, "nothing to compare")
    observed: Counter[tuple[int, int]] = Counter(zip(first, second, strict=True))
    rows, columns = Counter(first), Counter(second)

    def weight(i: int, j: int) -> float:
        return (i - j) ** 2 / (levels - 1) ** 2

    disagreement = sum(weight(i, j) * count for (i, j), count in observed.items()) / n
    chance = sum(weight(i, j) * rows[i] * columns[j] for i in rows for j in columns) / (n * n)
    if math.isclose(chance, 0.0):
        return Ratio(None, "both gave every verb the same level")
    return Ratio(1 - disagreement / chance)


# --- units and codes --------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitRule:
    """`minutes` > 0 for time bins, or None for agenda items."""

    minutes: int | None = 5

    @property
    def label(self) -> str:
        return "agenda" if self.minutes is None else f"{self.minutes}m"

    @classmethod
    def parse(cls, text: str) -> UnitRule:
        """`5m`, `2m`, `agenda`; ValueError otherwise."""
        text = text.strip().lower()
        if text == "agenda":
            return cls(None)
        if text.endswith("m") and text[:-1].isdigit() and int(text[:-1]) > 0:
            return cls(int(text[:-1]))
        raise ValueError(f"unit {text!r}: use minutes such as 5m or 2m, or agenda")


@dataclass
class CodedUnits:
    """Each observer's 0/1 code per (unit, verb). `codes[o][(unit, cell)]`."""

    rule: UnitRule
    units: list[str]
    cells: list[tuple[str, str]]
    codes: list[dict[tuple[str, tuple[str, str]], int]] = field(default_factory=list)
    note_units: dict[tuple[int, int], str] = field(default_factory=dict)

    def sequence(self, observer: int, cell: tuple[str, str]) -> list[int]:
        return [self.codes[observer].get((u, cell), 0) for u in self.units]


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _start(sessions: Sequence[Session]) -> datetime:
    starts = [_moment(e.wall_time) for s in sessions for e in s.events if e.type == EventType.START]
    if not starts:
        raise ValueError("no session has a start event, so there is no first bin")
    return min(starts)


def recorded_span(session: Session) -> tuple[datetime, datetime] | None:
    """(first, last) wall time of the session's start events and live notes, or None if it has
    neither. Reopening a session days later to end it does not stretch its meeting."""
    moments = [_moment(e.wall_time) for e in session.events if e.type == EventType.START]
    moments += [_moment(n.wall_time) for n in session.live_notes()]
    return (min(moments), max(moments)) if moments else None


def one_meeting(sessions: Sequence[Session]) -> bool:
    """Whether the sessions could be of one meeting: their recorded spans share a moment (for
    intervals, every pair overlapping is the same as all sharing one). Agreement compares
    observers of one meeting; sessions a week apart would give thousands of empty time units
    whose "neither coded it" inflates every figure. True when fewer than two spans are known."""
    spans = [span for span in map(recorded_span, sessions) if span is not None]
    if len(spans) < 2:
        return True
    return max(first for first, _ in spans) <= min(last for _, last in spans)


def code_units(sessions: Sequence[Session], rule: UnitRule) -> CodedUnits:
    """Units and codes by the rule in this module's docstring. The cells are the first
    session's template's verbs (callers check that the templates agree)."""
    cells = sessions[0].template.verb_cells()
    known = set(cells)
    unit_of = _time_units(sessions, rule.minutes) if rule.minutes else _agenda_units(sessions)
    units = unit_of.units
    coded = CodedUnits(rule, units, cells, note_units=unit_of.by_note)
    for index, session in enumerate(sessions):
        codes: dict[tuple[str, tuple[str, str]], int] = {}
        for note in session.live_notes():
            unit = unit_of.of(index, note.id)
            for tag in note.tags:
                if (tag.element, tag.verb) in known:
                    codes[(unit, (tag.element, tag.verb))] = 1
        coded.codes.append(codes)
    return coded


@dataclass
class _UnitIndex:
    units: list[str]
    by_note: dict[tuple[int, int], str]

    def of(self, session_index: int, note_id: int) -> str:
        return self.by_note[(session_index, note_id)]


def _time_units(sessions: Sequence[Session], minutes: int) -> _UnitIndex:
    start = _start(sessions)
    width = minutes * 60
    by_note: dict[tuple[int, int], str] = {}
    last = 0
    for index, session in enumerate(sessions):
        for note in session.live_notes():
            seconds = (_moment(note.wall_time) - start).total_seconds()
            number = max(0, math.floor(seconds / width))
            last = max(last, number)
            by_note[(index, note.id)] = _bin_label(number, minutes)
    return _UnitIndex([_bin_label(b, minutes) for b in range(last + 1)], by_note)


def _bin_label(number: int, minutes: int) -> str:
    return f"{number * minutes}-{(number + 1) * minutes} min"


def _agenda_units(sessions: Sequence[Session]) -> _UnitIndex:
    order: list[str] = []
    by_note: dict[tuple[int, int], str] = {}
    for index, session in enumerate(sessions):
        for note in sorted(session.live_notes(), key=lambda n: n.wall_time):
            unit = note.agenda_item or NO_AGENDA_ITEM
            if unit not in order:
                order.append(unit)
            by_note[(index, note.id)] = unit
    return _UnitIndex(order, by_note)


# --- the report ------------------------------------------------------------------------------
@dataclass(frozen=True)
class VerbAgreement:
    cell: tuple[str, str]
    table: PairTable

    @property
    def key(self) -> str:
        return f"{self.cell[0]}.{self.cell[1]}"


@dataclass
class PairAgreement:
    """Two observers (indexes into the sessions): per verb and pooled."""

    first: int
    second: int
    verbs: list[VerbAgreement]

    @property
    def pooled(self) -> PairTable:
        total = PairTable()
        for verb in self.verbs:
            total = total + verb.table
        return total


@dataclass
class Agreement:
    coded: CodedUnits
    pairs: list[PairAgreement]
    alpha: Ratio

    def disagreements(self, pair: PairAgreement) -> list[tuple[str, tuple[str, str], int]]:
        """(unit, verb, which observer coded it) where exactly one of the pair did."""
        found = []
        for unit in self.coded.units:
            for cell in self.coded.cells:
                a = self.coded.codes[pair.first].get((unit, cell), 0)
                b = self.coded.codes[pair.second].get((unit, cell), 0)
                if a != b:
                    found.append((unit, cell, pair.first if a else pair.second))
        return found


def evidence(
    sessions: Sequence[Session], coded: CodedUnits, observer: int, unit: str, cell: tuple[str, str]
) -> list[Note]:
    """The notes of one observer in one unit that carry the verb: why their code is 1."""
    return [
        note
        for note in sessions[observer].live_notes()
        if coded.note_units.get((observer, note.id)) == unit
        and any((t.element, t.verb) == cell for t in note.tags)
    ]


def agreement(sessions: Sequence[Session], rule: UnitRule) -> Agreement:
    """Agreement of two or more sessions of one meeting. ValueError for fewer than two."""
    if len(sessions) < 2:
        raise ValueError("agreement needs two or more sessions of the same meeting")
    coded = code_units(sessions, rule)
    pairs = []
    for first, second in combinations(range(len(sessions)), 2):
        verbs = [
            VerbAgreement(cell, pair_table(coded.sequence(first, cell), coded.sequence(second, cell)))
            for cell in coded.cells
        ]
        pairs.append(PairAgreement(first, second, verbs))
    values = [
        [coded.codes[o].get((unit, cell), 0) for o in range(len(sessions))]
        for unit in coded.units
        for cell in coded.cells
    ]
    return Agreement(coded, pairs, krippendorff_alpha_nominal(values))
