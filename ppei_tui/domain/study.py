"""The study: many meetings of several CoPs at several sites, grouped, ordered and normalised.

Pure arithmetic over sessions already loaded (the caller reads the files). Every figure here
is written down in the README ("The study"):

- a meeting's *tags* for an element: the sum over the element's verbs of the number of
  counted notes carrying that verb (the map's counts, so a note tagged with two verbs of one
  element counts twice for that element);
- *share of tags*: an element's tags divided by the meeting's tags over all elements (0 when
  the meeting has no tag);
- *per 100 notes*: 100 x the element's tags divided by the number of counted notes (0 when
  no note is counted), so a 60-note meeting and a 20-note one compare fairly;
- for practice sets the count is the number of counted notes labelled with the practice set,
  the share divides by the sum of those counts over the template's practice sets;
- pooled figures (a site, a CoP in one month, the whole study) add the counts, totals and
  notes of the meetings first and divide once, never averaging the meetings' ratios.

Counted notes: not deleted, and matching the study's filter (practice set, kind, seen or
inferred, speaker role). An observer's reflection always counts as inferred.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ppei_tui.domain.filter_names import resolve_filter_values, resolve_practice_sets
from ppei_tui.domain.mapping import FilterValueError, MapCounts, compute_map, effective_evidence
from ppei_tui.domain.recoding import one_per_meeting
from ppei_tui.domain.session import EVIDENCE, KINDS, Note, Session
from ppei_tui.domain.study_figures import ZERO, Dimension, Figure, Meeting, Series
from ppei_tui.domain.template import Template
from ppei_tui.domain.versions import CombinedTemplate, combine_templates

__all__ = [
    "Dimension",
    "Figure",
    "Meeting",
    "Series",
    "Skipped",
    "Study",
    "StudyError",
    "StudyFilter",
    "StudySource",
    "build_study",
    "effective_evidence",
    "parse_meeting_date",
]


class StudyError(ValueError):
    """The sessions given cannot make one study (the message names the files)."""


@dataclass(frozen=True)
class StudyFilter:
    """Which notes count. Empty fields do not restrict; values within a field are OR-ed."""

    practice_sets: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    evidence: frozenset[str] = frozenset()
    speaker_roles: frozenset[str] = frozenset()

    def matches(self, note: Note) -> bool:
        if note.deleted:
            return False
        if self.practice_sets and not self.practice_sets.intersection(note.practice_sets):
            return False
        if self.kinds and note.kind not in self.kinds:
            return False
        if self.evidence and effective_evidence(note) not in self.evidence:
            return False
        return not self.speaker_roles or note.speaker_role in self.speaker_roles

    def describe(self) -> str:
        """`practice set trust; kind quote` or `all notes` (for headings and the PDF cover)."""
        parts = [
            f"{label} {', '.join(sorted(values))}"
            for label, values in (
                ("practice set", self.practice_sets),
                ("kind", self.kinds),
                ("evidence", self.evidence),
                ("speaker role", self.speaker_roles),
            )
            if values
        ]
        return "; ".join(parts) or "all notes"


@dataclass(frozen=True)
class StudySource:
    """A session together with the file it was read from (and the SHA-256 of its bytes)."""

    path: Path
    session: Session
    sha256: str = ""
    journal_sha256: str = ""  # of the journal's bytes replayed on top, when it had any


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str


@dataclass
class Study:
    """Meetings in study order: grouped by (CoP, site), groups sorted by name, each by date."""

    template: Template
    meetings: list[Meeting]
    study_filter: StudyFilter = field(default_factory=StudyFilter)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    # --- who, where, when --------------------------------------------------------------
    def groups(self) -> list[tuple[tuple[str, str], list[Meeting]]]:
        result: dict[tuple[str, str], list[Meeting]] = {}
        for meeting in self.meetings:
            result.setdefault(meeting.group, []).append(meeting)
        return list(result.items())

    def sites(self) -> list[str]:
        return sorted({m.site for m in self.meetings}, key=str.casefold)

    def cops(self) -> list[str]:
        return sorted({m.cop for m in self.meetings}, key=str.casefold)

    def observers(self) -> list[str]:
        return sorted({m.session.info.observer for m in self.meetings if m.session.info.observer})

    def date_range(self) -> tuple[date, date]:
        dates = [m.meeting_date for m in self.meetings]
        return min(dates), max(dates)

    def months(self) -> list[tuple[int, int]]:
        """Every calendar month (year, month) from the first meeting's to the last's."""
        first, last = self.date_range()
        months, year, month = [], first.year, first.month
        while (year, month) <= (last.year, last.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    # --- figures -------------------------------------------------------------------------
    def categories(self, dimension: Dimension) -> list[tuple[str, str]]:
        """(key, label) of each element (code, name) or practice set (name, name)."""
        if dimension is Dimension.PRACTICE:
            return [(p, p) for p in self.template.practice_sets]
        return [(e.code, e.name) for e in self.template.elements]

    @staticmethod
    def pooled(meetings: list[Meeting], dimension: Dimension, category: str) -> Figure:
        result = ZERO
        for meeting in meetings:
            result = result + meeting.figure(dimension, category)
        return result

    def site_figure(self, site: str, dimension: Dimension, category: str) -> Figure:
        return self.pooled([m for m in self.meetings if m.site == site], dimension, category)

    def trend(self, dimension: Dimension, category: str) -> list[Series]:
        """Per (CoP, site) group, the pooled figure of its meetings in each study month."""
        months = self.months()
        series = []
        for (cop, site), meetings in self.groups():
            by_month: dict[tuple[int, int], list[Meeting]] = {}
            for meeting in meetings:
                by_month.setdefault((meeting.meeting_date.year, meeting.meeting_date.month), []).append(
                    meeting
                )
            figures = tuple(
                self.pooled(by_month[month], dimension, category) if month in by_month else None
                for month in months
            )
            series.append(Series(cop, site, figures))
        return series

    # --- maps ----------------------------------------------------------------------------
    def _map(self, meetings: list[Meeting], practice: str | None = None) -> MapCounts:
        notes = [
            note
            for meeting in meetings
            for note in meeting.coded_notes
            if self.study_filter.matches(note) and (practice is None or practice in note.practice_sets)
        ]
        return compute_map(self.template, notes)

    def cumulative_map(self) -> MapCounts:
        return self._map(self.meetings)

    def site_map(self, site: str) -> MapCounts:
        return self._map([m for m in self.meetings if m.site == site])

    def practice_map(self, practice: str) -> MapCounts:
        return self._map(self.meetings, practice)

    def verbs_never_observed(self) -> list[tuple[str, str]]:
        """Template cells no counted note of any meeting carries, in template order."""
        seen = Counter[tuple[str, str]]()
        for meeting in self.meetings:
            seen.update(meeting.counts.counts)
        return [cell for cell in self.template.verb_cells() if not seen[cell]]


def parse_meeting_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _resolved(study_filter: StudyFilter, template: Template, sessions: list[Session]) -> StudyFilter:
    """The filter's practice sets, kinds, seen/inferred and speaker roles as the study's template
    (and, for roles, its notes) spell them, matched as `ppei map` matches its filters
    (domain/filter_names.py). Raises StudyError naming the valid ones for a value that matches
    none or is ambiguous: it would count nothing, and an empty study must not look like a finding."""
    roles = [*template.speaker_roles, *(n.speaker_role for s in sessions for n in s.notes if n.speaker_role)]
    try:
        return replace(
            study_filter,
            practice_sets=resolve_practice_sets(study_filter.practice_sets, template),
            kinds=resolve_filter_values(study_filter.kinds, KINDS, "kind"),
            evidence=resolve_filter_values(study_filter.evidence, EVIDENCE, "evidence value"),
            speaker_roles=resolve_filter_values(study_filter.speaker_roles, roles, "speaker role"),
        )
    except FilterValueError as error:
        raise StudyError(str(error)) from error


def _practice_counts(template: Template, notes: list[Note]) -> dict[str, int]:
    return {p: sum(1 for n in notes if p in n.practice_sets) for p in template.practice_sets}


def _choose_template(
    sources: list[StudySource], template_id: str | None
) -> tuple[list[StudySource], list[Skipped]]:
    by_id: dict[str, list[StudySource]] = {}
    for source in sources:
        by_id.setdefault(source.session.template.id, []).append(source)
    if template_id is None:
        if len(by_id) > 1:
            listing = "; ".join(
                f"{tid}: {', '.join(s.path.name for s in items)}" for tid, items in sorted(by_id.items())
            )
            raise StudyError(
                f"these sessions were recorded with {len(by_id)} different templates ({listing}); "
                "a study compares one framework: pick one with --template ID"
            )
        return sources, []
    if template_id not in by_id:
        found = ", ".join(sorted(by_id)) or "none"
        raise StudyError(f"no session was recorded with template {template_id!r} (found: {found})")
    skipped = [
        Skipped(s.path, f"recorded with template {s.session.template.id}, not {template_id}")
        for s in sources
        if s.session.template.id != template_id
    ]
    return by_id[template_id], skipped


def _study_template(kept: list[tuple[StudySource, date]]) -> tuple[CombinedTemplate, list[str]]:
    """The union of the versions of the one template (domain/versions.py, the rule every
    command that combines sessions uses), and a warning naming the files when versions differ."""
    combined = combine_templates([source.session.template for source, _ in kept])
    versions: dict[str, list[str]] = {}
    for source, _ in kept:
        template = source.session.template
        versions.setdefault(f"{template.version} ({template.content_hash()[:8]})", []).append(
            source.path.name
        )
    if len(versions) == 1:
        return combined, []
    listing = "; ".join(f"v{v}: {', '.join(names)}" for v, names in sorted(versions.items()))
    warning = (
        f"sessions hold different versions of template {combined.template.id} ({listing}); "
        "figures use the union of the versions, so every coding counts"
    )
    return combined, [warning, *combined.messages()]


def build_study(
    sources: list[StudySource],
    study_filter: StudyFilter | None = None,
    include_unfinished: bool = False,
    template_id: str | None = None,
) -> Study:
    """Group, order and count the sessions; raise StudyError if no study can be made.

    Unfinished sessions (no end event) are skipped unless `include_unfinished`; sessions of
    more than one template raise StudyError unless `template_id` picks one (the others are
    skipped). Skipped sessions are listed in `Study.skipped` with the reason.
    """
    study_filter = study_filter or StudyFilter()
    skipped: list[Skipped] = []
    candidates = []
    for source in sources:
        if not include_unfinished and not source.session.ended:
            skipped.append(Skipped(source.path, "unfinished (use --include-unfinished to count it)"))
        else:
            candidates.append(source)
    chosen, other_templates = _choose_template(candidates, template_id)
    skipped += other_templates
    # One meeting coded twice (a re-coded copy beside its original) is counted once.
    chosen, recodings = one_per_meeting(chosen, lambda s: s.session.info, lambda s: s.path)
    skipped += [
        Skipped(source.path, f"another coding of the meeting in {counted.path.name}, which is counted")
        for source, counted in recodings
    ]
    kept = []
    for source in chosen:
        meeting_date = parse_meeting_date(source.session.info.date)
        if meeting_date is None:
            skipped.append(
                Skipped(source.path, f"meeting date {source.session.info.date!r} is not YYYY-MM-DD")
            )
        else:
            kept.append((source, meeting_date))
    if not kept:
        unfinished = sum(1 for s in skipped if s.reason.startswith("unfinished"))
        hint = f" ({unfinished} unfinished skipped; use --include-unfinished)" if unfinished else ""
        raise StudyError(f"no session to study among {len(sources)} given{hint}")
    combined, warnings = _study_template(kept)
    template = combined.template
    study_filter = _resolved(study_filter, template, [source.session for source, _ in kept])
    meetings = []
    for source, meeting_date in kept:
        coded = tuple(combined.notes_of(source.session))
        notes = [n for n in coded if study_filter.matches(n)]
        counts = compute_map(template, notes)
        meetings.append(
            Meeting(
                source.path,
                source.session,
                counts,
                _practice_counts(template, notes),
                meeting_date,
                source.sha256,
                source.journal_sha256,
                coded,
            )
        )
    meetings.sort(
        key=lambda m: (
            m.cop.casefold(),
            m.site.casefold(),
            m.meeting_date,
            m.session.info.created,
            m.path.name,
        )
    )
    return Study(template, meetings, study_filter, skipped, warnings)
