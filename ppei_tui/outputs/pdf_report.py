"""The PDF summary of a session (reportlab). Every typed string goes through FontSet.markup,
which escapes it, so nothing a person typed is ever read as reportlab markup."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer, TableStyle

from ppei_tui import __version__
from ppei_tui.domain.analysis import (
    agenda_numbers,
    agenda_order,
    iceberg,
    kind_counts,
    notes_by_agenda_item,
    timeline,
)
from ppei_tui.domain.mapping import MapCounts, NoteFilter, session_map
from ppei_tui.domain.recoding import describe_recoding
from ppei_tui.domain.session import KIND_LABELS, Session, format_offset
from ppei_tui.domain.wording import count as count_of
from ppei_tui.outputs.pdf_charts import timeline_drawing
from ppei_tui.outputs.pdf_comparison import comparison_section
from ppei_tui.outputs.pdf_document import TEXT_WIDTH, summary_pdf
from ppei_tui.outputs.pdf_emoji import unjoined_list
from ppei_tui.outputs.pdf_fonts import LeftToRight, font_warnings, load_fonts
from ppei_tui.outputs.pdf_iceberg import iceberg_flowables
from ppei_tui.outputs.pdf_map import legend_table, map_flowables
from ppei_tui.outputs.pdf_note_drawing import NoteDrawing
from ppei_tui.outputs.pdf_styles import Styles
from ppei_tui.outputs.pdf_tables import grid_table, pairs_table
from ppei_tui.outputs.pdf_typed import Typed, typed_line, typed_paragraph
from ppei_tui.outputs.shading_pdf import members_section
from ppei_tui.storage.atomic import atomic_write_bytes
from ppei_tui.storage.snapshot import SessionSnapshot
from ppei_tui.storage.targets import refuse_session_target

PAGE_WIDTH = TEXT_WIDTH


@dataclass
class ReportResult:
    path: Path
    pages: int
    notes: int
    missing_characters: dict[str, int] = field(default_factory=dict)
    unembedded_characters: set[str] = field(default_factory=set)
    unjoined_emoji: dict[str, list[str]] = field(default_factory=dict)

    def warnings(self) -> list[str]:
        return font_warnings(self.missing_characters, self.unjoined_emoji, self.unembedded_characters)


class ReportBuilder(NoteDrawing):
    def __init__(
        self,
        session: Session,
        session_path: Path,
        now: datetime,
        others: list[tuple[Session, Path]] | None = None,
        snapshots: Sequence[SessionSnapshot] = (),
    ):
        self.others = others or []
        # The bytes each session was built from: provenance cites their hashes, not a re-read.
        self.snapshots = {snapshot.path: snapshot for snapshot in snapshots}
        for other, other_path in self.others:
            if other.template.id != session.template.id:
                raise ValueError(
                    f"{other_path} was recorded with template {other.template.id}, not "
                    f"{session.template.id}: their maps cannot be compared"
                )
        self.session = session
        self.path = session_path
        self.now = now
        self.fonts = load_fonts()
        self.styles = Styles(self.fonts)
        self.text = self.fonts.markup

    # --- sections ------------------------------------------------------------------------
    def meeting(self) -> list:
        info, notes = self.session.info, self.session.live_notes()
        template = self.session.template
        kinds = kind_counts(notes)
        rows = [
            ("Community of practice", info.cop),
            ("Site", info.site or "-"),
            ("Date", info.date),
            ("Observer", info.observer or "-"),
            *([("Re-coded copy", describe_recoding(info))] if info.recoded_from else []),
            ("Framework", f"{template.name}, version {template.version}"),
            ("Duration (without breaks)", format_offset(self.session.duration())),
            ("Breaks", f"{len(self.session.breaks())}"),
            ("Notes", f"{len(notes)}: " + ", ".join(f"{n} {KIND_LABELS[k]}" for k, n in kinds.items())),
            ("Status", "finished" if self.session.ended else "not finished"),
        ]
        story = [
            typed_line(self.fonts, ["Field notes summary: ", Typed(info.cop)], self.styles.title),
            typed_line(self.fonts, [Typed(info.site), " ", Typed(info.date)], self.styles.small),
            Paragraph("1. The meeting", self.styles.h1),
            pairs_table(rows, self.fonts, self.styles.body, PAGE_WIDTH),
        ]
        if info.attendees:
            story.append(Paragraph("Attendees (pseudonyms)", self.styles.h2))
            arrived = self.session.arrivals()  # a column only when someone came in late
            people: list[tuple[str, ...]] = [("Pseudonym", "Role") + (("Arrived late",) if arrived else ())]
            for a in info.attendees:
                when = (format_offset(arrived[a.pseudonym]) if a.pseudonym in arrived else "",)
                people.append((a.pseudonym, a.role) + (when if arrived else ()))
            story.append(grid_table(people, self.fonts, self.styles.body, PAGE_WIDTH))
        agenda = agenda_order(self.session)
        if agenda:
            story.append(Paragraph("Agenda, in the order taken up", self.styles.h2))
            # An item is a paragraph in its title's direction: "1. פתיחה" right to left, "1." at its right
            story += [typed_paragraph(self.fonts, entry.label(), self.styles.body) for entry in agenda]
        return story

    def shaded_map(self, counts: MapCounts) -> list:
        story = [
            CondPageBreak(90 * mm),
            Paragraph("2. The conceptual map", self.styles.h1),
            Paragraph(
                f"Each verb is shaded by how many notes were tagged with it ({counts.notes_counted} "
                f"notes; busiest verb {counts.busiest}). Unshaded verbs were not observed.",
                self.styles.small,
            ),
            Spacer(1, 4),
            *map_flowables(counts, self.fonts, PAGE_WIDTH, legend=True),
        ]
        for practice in self.session.template.practice_sets:
            practice_counts = session_map(self.session, NoteFilter(practice_sets=frozenset({practice})))
            counted = f" ({count_of(practice_counts.notes_counted, 'note')})"
            heading = typed_line(self.fonts, ["Practice set: ", Typed(practice), counted], self.styles.h2)
            tables = map_flowables(practice_counts, self.fonts, PAGE_WIDTH * 0.8, font_size=7)
            story.append(KeepTogether([heading, tables[0]]))  # a heading never ends a page alone
            story += tables[1:]
        return story

    def iceberg_section(self) -> list:
        ice = iceberg(self.session)
        return [
            CondPageBreak(80 * mm),
            Paragraph("3. The iceberg: seen and inferred", self.styles.h1),
            Paragraph(
                "Above the waterline: verbs with at least one note seen or said in the meeting. "
                "Below it: verbs evidenced only by the observer's inferences. An observer "
                "reflection is the observer's interpretation: it always counts below the "
                "waterline, whatever else it is marked. Each verb shows its notes above and "
                "below (3+1i: three seen or said, one inferred), shaded by the map's scale "
                "(legend below) and grouped by element; each part of the iceberg is sized by "
                "its number of verbs.",
                self.styles.small,
            ),
            Spacer(1, 4),
            *iceberg_flowables(ice, self.session.template, self.fonts, PAGE_WIDTH),
            Spacer(1, 4),
            legend_table(self.fonts, PAGE_WIDTH),
        ]

    def frequencies(self, counts: MapCounts) -> list:
        rows = [("Element", "Verb", "Notes", "Share of element")]
        totals = []
        for element in self.session.template.elements:
            total = counts.element_total(element.code)
            for index, verb in enumerate(element.verbs):
                count = counts.count(element.code, verb)
                share = f"{100 * count / total:.0f}%" if total else "-"
                rows.append(
                    (f"{element.name} ({element.code})" if index == 0 else "", verb, str(count), share)
                )
            totals.append(len(rows))
            rows.append(("", "all verbs", str(total), ""))
        table = grid_table(rows, self.fonts, self.styles.body, PAGE_WIDTH, [0.36, 0.30, 0.14, 0.20])
        table.setStyle(
            TableStyle(
                [("BACKGROUND", (0, i), (-1, i), colors.HexColor("#F6F7F9")) for i in totals]
                + [("FONTNAME", (0, i), (-1, i), self.fonts.bold) for i in totals]
            )
        )
        # the caption names each agenda item, its title an isolate in its own direction
        agenda: list[str] = []
        for entry in agenda_order(self.session):
            if entry.number:
                agenda += [" (" if not agenda else "; ", f"{entry.number} ", Typed(entry.title)]
        caption = ["Each tick is one tag, in its element's row. Dashed lines mark where agenda items began"]
        caption += [*agenda, ")"] if agenda else []
        return [
            PageBreak(),
            Paragraph("4. Frequencies and timeline", self.styles.h1),
            table,
            KeepTogether(
                [
                    Paragraph(
                        "Tagged notes across the meeting (meeting time, breaks excluded)", self.styles.h2
                    ),
                    timeline_drawing(timeline(self.session), self.session.template, self.fonts, PAGE_WIDTH),
                    typed_line(self.fonts, [*caption, "; red lines mark breaks."], self.styles.small),
                ]
            ),
        ]

    def evidence(self, counts: MapCounts) -> list:
        story = [PageBreak(), Paragraph("5. Evidence for each shaded verb", self.styles.h1)]
        for element_code, verb in counts.shaded_cells():
            element = self.session.template.element(element_code)
            notes = counts.evidence[(element_code, verb)]
            parts = [Typed(element.name), " · ", Typed(verb), f" ({len(notes)})"]
            story.append(typed_line(self.fonts, parts, self.styles.h2))
            story += [self.note_flowable(note, with_tags=False) for note in notes]
        if not counts.shaded_cells():
            story.append(Paragraph("No note is tagged yet.", self.styles.body))
        return story

    def field_notes(self) -> list:
        story = [PageBreak(), Paragraph("6. Field notes in time order", self.styles.h1)]
        numbers = agenda_numbers(self.session)
        for title, notes in notes_by_agenda_item(self.session.notes):
            heading = f"{numbers[title]}. {title}" if title in numbers else title
            story.append(
                typed_paragraph(self.fonts, heading, self.styles.h2)
                if title
                else Paragraph("(before the first agenda item)", self.styles.h2)
            )
            story += [self.note_flowable(note, with_tags=True) for note in notes]
        memos = self.session.live_memos()
        if memos:
            story.append(Paragraph("Analytic memos", self.styles.h1))
            story += [self.memo_flowable(memo) for memo in memos]
        return story

    def provenance(self, missing: dict[str, int]) -> list:
        template = self.session.template
        rows = [
            ("Session file", LeftToRight(self.path.name)),
            *self.digest_rows("Session file SHA-256", self.path),
            *[row for _, p in self.others for row in self.digest_rows(f"Compared with {p.name}", p)],
            ("Template", f"{template.id} version {template.version}"),
            ("Template SHA-256", template.content_hash()),
            ("Generated by", f"ppei-tui {__version__}"),
            ("Generated at", self.now.isoformat(timespec="seconds")),
        ]
        if missing:
            rows.append(("Characters no font could draw", ", ".join(sorted(missing))))
        if self.fonts.unembedded:
            rows.append(("CJK text in non-embedded fonts", "".join(sorted(self.fonts.unembedded)[:40])))
        if self.fonts.unjoined:
            rows.append(("Emoji printed as their parts", unjoined_list(self.fonts.unjoined)))
        number = 8 if self.others else 7  # provenance stays last, after any comparison
        heading = Paragraph(f"{number}. Provenance", self.styles.h1)
        return [CondPageBreak(50 * mm), heading, pairs_table(rows, self.fonts, self.styles.body, PAGE_WIDTH)]

    # --- pieces ---------------------------------------------------------------------------
    def digest_rows(self, label: str, path: Path) -> list[tuple[str, str]]:
        """The SHA-256 of the bytes the session was built from (and of its journal, if saves
        were not yet folded into the file); without a snapshot, of the file as it is now."""
        snapshot = self.snapshots.get(path)
        if snapshot is None:
            return [(label, hashlib.sha256(path.read_bytes()).hexdigest())]
        rows = [(label, snapshot.sha256)]
        if snapshot.journal_sha256:
            rows.append((f"{label.removesuffix(' SHA-256')} journal SHA-256", snapshot.journal_sha256))
        return rows

    def build(self, output: Path) -> ReportResult:
        counts = session_map(self.session)
        story = (
            self.meeting()
            + self.shaded_map(counts)
            + members_section(self.session, counts, self.fonts, PAGE_WIDTH)
            + self.iceberg_section()
            + self.frequencies(counts)
            + self.evidence(counts)
            + self.field_notes()
        )
        if self.others:
            story += comparison_section(self.session, self.others, self.fonts, self.styles, PAGE_WIDTH)
        story += self.provenance(self.fonts.missing)
        # Built in memory, then written atomically and owner-only (0600) like a session file:
        # no moment when a half-written or world-readable PDF of the field notes exists.
        info = self.session.info
        payload, pages = summary_pdf(
            story,
            self.fonts,
            title=f"Field notes summary: {info.cop} {info.date}",
            author=info.observer,
            # cut as typed, before the display reordering: cutting the drawn string dropped the
            # start of a long Hebrew name (drawn at its right) and the date
            footer=f"ppei-tui · {self.fonts.plain(info.cop[:76])} · {info.date}",
        )
        refuse_session_target(output, [self.path, *(path for _, path in self.others)])
        atomic_write_bytes(output, payload)
        return ReportResult(
            output,
            pages,
            len(self.session.live_notes()),
            dict(self.fonts.missing),
            set(self.fonts.unembedded),
            {sequence: list(places) for sequence, places in self.fonts.unjoined.items()},
        )


def write_report(
    session: Session,
    session_path: Path,
    output: Path,
    now: datetime,
    others: list[tuple[Session, Path]] | None = None,
    snapshots: Sequence[SessionSnapshot] = (),
) -> ReportResult:
    """The summary of `session`; with `others`, a section comparing their maps with its own.

    `snapshots` (from storage.snapshot.load_session_bytes) say which bytes each session was
    built from, so the provenance section names exactly the version the report describes."""
    return ReportBuilder(session, session_path, now, others, snapshots).build(output)
