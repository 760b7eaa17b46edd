"""A meeting's figures in a study: a count beside what normalises it (Figure), by element or
practice set (Dimension), for one meeting (Meeting) or one group across the study's months
(Series). The rules are written in domain/study.py's docstring and the README ("The study").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

from ppei_tui.domain.mapping import MapCounts
from ppei_tui.domain.session import Note, Session


class Dimension(Enum):
    """What the study's figures are broken down by."""

    ELEMENT = "element"
    PRACTICE = "practice"


@dataclass(frozen=True)
class Figure:
    """A count beside what normalises it: `total` over all categories and the notes counted."""

    count: int
    total: int
    notes: int

    @property
    def share(self) -> float:
        """count / total, as a fraction 0..1 (0 when total is 0)."""
        return self.count / self.total if self.total else 0.0

    @property
    def per_100_notes(self) -> float:
        """100 x count / notes (0 when no note is counted)."""
        return 100 * self.count / self.notes if self.notes else 0.0

    def __add__(self, other: Figure) -> Figure:
        return Figure(self.count + other.count, self.total + other.total, self.notes + other.notes)


ZERO = Figure(0, 0, 0)


@dataclass(frozen=True)
class Meeting:
    """One session of the study, with its counted notes' map under the study's template."""

    path: Path
    session: Session
    counts: MapCounts
    practice_counts: dict[str, int]
    meeting_date: date
    sha256: str = ""
    journal_sha256: str = ""
    # Every note, with its tags and practice sets named as in the study's template (a union of
    # versions); the session's own notes are left as recorded.
    coded_notes: tuple[Note, ...] = ()

    @property
    def notes(self) -> int:
        return self.counts.notes_counted

    @property
    def tags(self) -> int:
        return sum(self.counts.counts.values())

    @property
    def cop(self) -> str:
        return self.session.info.cop

    @property
    def site(self) -> str:
        return self.session.info.site

    @property
    def group(self) -> tuple[str, str]:
        return (self.cop, self.site)

    def figure(self, dimension: Dimension, category: str) -> Figure:
        if dimension is Dimension.PRACTICE:
            total = sum(self.practice_counts.values())
            return Figure(self.practice_counts.get(category, 0), total, self.notes)
        return Figure(self.counts.element_total(category), self.tags, self.notes)

    def verb_figure(self, element: str, verb: str) -> Figure:
        return Figure(self.counts.count(element, verb), self.tags, self.notes)

    def top_verbs(self, limit: int = 3) -> list[tuple[str, str, int]]:
        """The most evidenced verbs, (element, verb, count), ties in template order."""
        cells = [(cell, self.counts.count(*cell)) for cell in self.counts.template.verb_cells()]
        ranked = sorted((c for c in cells if c[1] > 0), key=lambda c: -c[1])
        return [(element, verb, count) for (element, verb), count in ranked[:limit]]


@dataclass(frozen=True)
class Series:
    """One group's values across the study's months; None where it did not meet that month."""

    cop: str
    site: str
    figures: tuple[Figure | None, ...]
