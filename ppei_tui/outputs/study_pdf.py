"""The study PDF: cover, cumulative and per-site and per-practice-set maps, the sites compared,
trends per element, one row per meeting, provenance. Typed text reaches reportlab only through
FontSet.markup / FontSet.plain, which escape it."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ppei_tui import __version__
from ppei_tui.domain.mapping import MapCounts
from ppei_tui.domain.session import format_offset
from ppei_tui.domain.study import Dimension, Figure, Meeting, Study
from ppei_tui.domain.wording import count as count_of
from ppei_tui.outputs.pdf_bidi import has_rtl
from ppei_tui.outputs.pdf_document import TEXT_WIDTH, summary_pdf
from ppei_tui.outputs.pdf_fonts import FontSet, LeftToRight, font_warnings, load_fonts
from ppei_tui.outputs.pdf_map import legend_table, map_table
from ppei_tui.outputs.pdf_styles import Styles
from ppei_tui.outputs.pdf_typed import Typed, listed, typed_line, typed_paragraph
from ppei_tui.outputs.study_pdf_charts import group_legend, thumbnail_map, trend_drawing

PAGE_WIDTH = TEXT_WIDTH
RULE = colors.HexColor("#CCCCCC")
SIDE_BY_SIDE_ELEMENTS = 6
HEAD = colors.HexColor("#EEF1F4")
SECTIONS = (
    "1. The study",
    "2. The cumulative map",
    "3. The sites compared",
    "4. Trends across the year",
    "5. The meetings",
    "6. Provenance",
)


@dataclass
class StudyPdf:
    payload: bytes
    pages: int
    missing_characters: dict[str, int] = field(default_factory=dict)
    unembedded_characters: set[str] = field(default_factory=set)
    unjoined_emoji: dict[str, list[str]] = field(default_factory=dict)

    def warnings(self) -> list[str]:
        return font_warnings(self.missing_characters, self.unjoined_emoji, self.unembedded_characters)


def sha256_of(meeting: Meeting) -> str:
    """The hash of the bytes the study was read from (or of the file now, if not recorded)."""
    return meeting.sha256 or hashlib.sha256(meeting.path.read_bytes()).hexdigest()


def figure_text(figure: Figure) -> str:
    return f"{100 * figure.share:.0f}% · {figure.per_100_notes:.0f} · {figure.count}"


class StudyBuilder:
    def __init__(self, study: Study, now: datetime, fonts: FontSet | None = None):
        self.study = study
        self.now = now
        self.fonts = fonts or load_fonts()
        self.styles = Styles(self.fonts)
        self.text = self.fonts.markup
        self.cell = ParagraphStyle("studycell", parent=self.styles.body, fontSize=7.5, leading=9.5)
        self.bold_cell = ParagraphStyle("studytitle", parent=self.cell, fontName=self.fonts.bold)
        # Hex digits only, so the built-in Courier draws them all; one line per hash.
        self.hash_style = ParagraphStyle("studyhash", parent=self.cell, fontName="Courier", fontSize=6.5)
        self.row_style = ParagraphStyle("studyrow", parent=self.cell, fontSize=6.5, leading=7.6)

    # --- pieces -------------------------------------------------------------------------
    def grid(self, rows: list[list], widths: list[float] | None = None, header: bool = True) -> Table:
        data = [
            [typed_paragraph(self.fonts, c, self.cell) if isinstance(c, str) else c for c in row]
            for row in rows
        ]
        table = Table(data, repeatRows=1 if header else 0, colWidths=widths, hAlign="LEFT")
        style = [("GRID", (0, 0), (-1, -1), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD))
        table.setStyle(TableStyle(style))
        return table

    def side_by_side(self, items: list[tuple[str, MapCounts]]) -> Table:
        """Maps in a grid, each under its title and note count: two a row when the framework
        has at most six elements (so each column stays readable), else one a row."""
        per_row = 2 if len(items) > 1 and len(self.study.template.elements) <= SIDE_BY_SIDE_ELEMENTS else 1
        column = PAGE_WIDTH / per_row
        cells: list[list | str] = [
            [
                self.map_title(title, count_of(counts.notes_counted, "note")),
                map_table(counts, self.fonts, column - 4, font_size=5.5 if per_row > 1 else 7),
            ]
            for title, counts in items
        ]
        rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
        rows[-1] += [""] * (per_row - len(rows[-1]))
        table = Table(rows, colWidths=[column] * per_row, hAlign="LEFT")
        table.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
        )
        return table

    def map_title(self, title: str, notes: str) -> Flowable:
        """`**title** (n notes)`; a Hebrew or Arabic title in its own direction (pdf_typed)."""
        if has_rtl(title):
            return typed_line(self.fonts, [Typed(title), f" ({notes})"], self.bold_cell)
        return Paragraph(f"<b>{self.text(title)}</b> ({notes})", self.cell)

    def pairs(self, rows: Sequence[tuple[str, str | list[str]]]) -> Table:
        """(label, value) rows; a value given as parts is the app's words with Typed names in it."""
        data = [
            [
                typed_paragraph(self.fonts, k, self.cell, bold=True),
                typed_line(self.fonts, v, self.cell)
                if isinstance(v, list)
                else typed_paragraph(self.fonts, v, self.cell),
            ]
            for k, v in rows
        ]
        table = Table(data, colWidths=[42 * mm, PAGE_WIDTH - 42 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE)])
        )
        return table

    # --- sections -------------------------------------------------------------------------
    def cover(self) -> list:
        study, template = self.study, self.study.template
        first, last = study.date_range()
        per_cop: list[str] = []
        for cop in study.cops():
            per_cop += ["; "] if per_cop else []
            per_cop += [Typed(cop), f" ({sum(1 for m in study.meetings if m.cop == cop)})"]
        per_site: list[str] = []
        for site in study.sites():
            per_site += ["; "] if per_site else []
            per_site += [
                Typed(site) if site else "(no site)",
                f" ({sum(1 for m in study.meetings if m.site == site)})",
            ]
        meetings = count_of(len(study.meetings), "meeting")
        rows: list[tuple[str, str | list[str]]] = [
            (
                "Sessions",
                f"{meetings}, {count_of(sum(m.notes for m in study.meetings), 'note')} counted",
            ),
            ("Date range", f"{first.isoformat()} to {last.isoformat()}"),
            ("Communities of practice", per_cop),
            ("Sites", per_site),
            ("Observers", ", ".join(study.observers()) or "-"),
            ("Framework", f"{template.name} ({template.id}), version {template.version}"),
            ("Notes counted", study.study_filter.describe()),
        ]
        rows += [("Skipped", f"{s.path.name}: {s.reason}") for s in study.skipped]
        rows += [("Warning", w) for w in study.warnings]
        return [
            typed_line(self.fonts, ["The study: ", *listed(study.cops())], self.styles.title),
            typed_line(
                self.fonts,
                [f"{first.isoformat()} to {last.isoformat()} · ", *listed(study.sites())],
                self.styles.small,
            ),
            Paragraph(SECTIONS[0], self.styles.h1),
            self.pairs(rows),
            Spacer(1, 6),
            Paragraph(
                "How the figures are computed: a verb's count is the number of counted notes carrying "
                "it; an element's tags are the sum of its verbs' counts. Share of tags = the element's "
                "tags / all the meeting's tags; per 100 notes = 100 × tags / counted notes. Sites and "
                "months are pooled: counts, tags and notes are added up first, then divided. Counted "
                "notes are the non-deleted notes matching the filter above.",
                self.styles.small,
            ),
        ]

    def maps(self) -> list:
        study = self.study
        story = [
            PageBreak(),
            Paragraph(SECTIONS[1], self.styles.h1),
            Paragraph(
                f"All {count_of(len(study.meetings), 'meeting')} together. Each verb is shaded by the "
                "number of "
                "counted notes carrying it, relative to the busiest verb of that map.",
                self.styles.small,
            ),
            Spacer(1, 4),
            map_table(study.cumulative_map(), self.fonts, PAGE_WIDTH),
            Spacer(1, 4),
            legend_table(self.fonts),
            CondPageBreak(70 * mm),
            Paragraph("By site", self.styles.h2),
            self.side_by_side([(site or "(no site)", study.site_map(site)) for site in study.sites()]),
        ]
        if study.template.practice_sets:
            story += [
                CondPageBreak(70 * mm),
                Paragraph("By practice set", self.styles.h2),
                self.side_by_side([(p, study.practice_map(p)) for p in study.template.practice_sets]),
            ]
        return story

    def sites(self) -> list:
        study = self.study
        sites = study.sites()
        story = [
            CondPageBreak(60 * mm),
            Paragraph(SECTIONS[2], self.styles.h1),
            Paragraph(
                "Each cell: share of tags · per 100 notes · count, pooled over the site's meetings, so "
                "sites with longer or more meetings compare fairly.",
                self.styles.small,
            ),
        ]
        for dimension, word in ((Dimension.ELEMENT, "Element"), (Dimension.PRACTICE, "Practice set")):
            if not study.categories(dimension):
                continue
            rows: list[list] = [[word, *[s or "(no site)" for s in sites]]]
            for key, label in study.categories(dimension):
                rows.append([label, *[figure_text(study.site_figure(s, dimension, key)) for s in sites]])
            rows.append(["Meetings · notes", *[self._site_size(s) for s in sites]])
            widths = [PAGE_WIDTH * 0.3] + [PAGE_WIDTH * 0.7 / len(sites)] * len(sites)
            story += [Spacer(1, 4), self.grid(rows, widths)]
        return story

    def _site_size(self, site: str) -> str:
        meetings = [m for m in self.study.meetings if m.site == site]
        return f"{len(meetings)} · {sum(m.notes for m in meetings)}"

    def trends(self) -> list:
        study = self.study
        half = PAGE_WIDTH / 2 - 4
        story = [
            PageBreak(),
            Paragraph(SECTIONS[3], self.styles.h1),
            Paragraph(
                "Share of tags per month, one line per CoP and site. A month in which a group did not "
                "meet has no point: its line is broken there. Two meetings in one month are pooled.",
                self.styles.small,
            ),
            Spacer(1, 3),
            group_legend(study, self.fonts, PAGE_WIDTH),
            Spacer(1, 3),
        ]
        for dimension in (Dimension.ELEMENT, Dimension.PRACTICE):
            charts = [
                trend_drawing(
                    study, dimension, key, f"{label} ({key})" if key != label else label, self.fonts, half
                )
                for key, label in study.categories(dimension)
            ]
            if dimension is Dimension.PRACTICE:
                story += self.never_observed()
                if not charts:
                    continue
                story += [
                    CondPageBreak(50 * mm),
                    Paragraph("Practice sets (share of practice-set labels)", self.styles.h2),
                ]
            rows = [charts[i : i + 2] for i in range(0, len(charts), 2)]
            rows[-1] += [""] * (2 - len(rows[-1]))
            table = Table(rows, colWidths=[PAGE_WIDTH / 2] * 2, hAlign="LEFT")
            table.setStyle(
                TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
            )
            story.append(table)
        return story

    def never_observed(self) -> list:
        never = self.study.verbs_never_observed()
        names = {e.code: e.name for e in self.study.template.elements}
        # each element name and verb (the template's words) an isolate in its own direction
        listing: list[str] = []
        for element, verb in never:
            listing += [*(["; "] if listing else []), Typed(names[element]), " · ", Typed(verb)]
        return [
            CondPageBreak(30 * mm),
            Paragraph("Verbs never observed in the study", self.styles.h2),
            typed_line(self.fonts, listing or ["none: every verb was observed"], self.styles.body),
        ]

    def meetings(self) -> list:
        study = self.study
        rows: list[list] = [
            ["#", "Meeting", "Map", "Most evidenced verbs", "Element: share · per 100 · tags"]
        ]
        for number, meeting in enumerate(study.meetings, 1):
            info = meeting.session.info
            described = (
                f"{info.date} · {info.cop}\n{info.site or 'no site'} · {info.observer or 'no observer'}\n"
                f"{format_offset(meeting.session.duration())} · {count_of(meeting.notes, 'note')} · "
                f"{count_of(meeting.tags, 'tag')}"
            )
            top = "\n".join(f"{e} · {v} ({c})" for e, v, c in meeting.top_verbs()) or "no tags"
            shares = "\n".join(
                f"{key} {figure_text(meeting.figure(Dimension.ELEMENT, key))}"
                for key, _ in study.categories(Dimension.ELEMENT)
            )
            rows.append(
                [
                    str(number),
                    self._lines(described),
                    thumbnail_map(meeting.counts, cell=4),
                    self._lines(top),
                    self._lines(shares),
                ]
            )
        widths = [PAGE_WIDTH * w for w in (0.05, 0.38, 0.14, 0.23, 0.20)]
        return [
            PageBreak(),
            Paragraph(SECTIONS[4], self.styles.h1),
            Paragraph(
                "One row per meeting, by CoP and site, in date order (numbered as in the provenance): "
                "its map in miniature (shaded against its own busiest verb), its three most evidenced "
                "verbs with their counts, and each element's share of tags, tags per 100 notes and tags.",
                self.styles.small,
            ),
            Spacer(1, 4),
            self.grid(rows, widths),
        ]

    def _lines(self, text: str) -> Flowable:
        return typed_paragraph(self.fonts, text, self.row_style)

    def provenance(self) -> list:
        template = self.study.template
        rows: list[list] = [["#", "Session file", "SHA-256"]]
        for number, meeting in enumerate(self.study.meetings, 1):
            rows.append(
                [str(number), LeftToRight(meeting.path.name), Paragraph(sha256_of(meeting), self.hash_style)]
            )
            if meeting.journal_sha256:  # notes still in the journal beside the file were counted too
                rows.append(
                    [
                        "",
                        LeftToRight(f"{meeting.path.name}.journal"),
                        Paragraph(meeting.journal_sha256, self.hash_style),
                    ]
                )
        pairs = [
            ("Template", f"{template.id} version {template.version}"),
            ("Template SHA-256", template.content_hash()),
            ("Generated by", f"ppei-tui {__version__}"),
            ("Generated at", self.now.isoformat(timespec="seconds")),
        ]
        if self.fonts.missing:
            pairs.append(("Characters no font could draw", ", ".join(sorted(self.fonts.missing))))
        return [
            CondPageBreak(60 * mm),
            Paragraph(SECTIONS[5], self.styles.h1),
            self.grid(rows, [PAGE_WIDTH * 0.05, PAGE_WIDTH * 0.35, PAGE_WIDTH * 0.60]),
            Spacer(1, 6),
            self.pairs(pairs),
        ]

    def build(self) -> StudyPdf:
        story = (
            self.cover() + self.maps() + self.sites() + self.trends() + self.meetings() + self.provenance()
        )
        first, last = self.study.date_range()
        meetings = count_of(len(self.study.meetings), "meeting")
        payload, pages = summary_pdf(
            story,
            self.fonts,
            title=f"Study of {meetings}, {first} to {last}",
            author=", ".join(self.fonts.plain(o) for o in self.study.observers()),
            footer=f"ppei-tui · study of {meetings} · {first} to {last}",
        )
        fonts = self.fonts
        unjoined = {sequence: list(places) for sequence, places in fonts.unjoined.items()}
        return StudyPdf(payload, pages, dict(fonts.missing), set(fonts.unembedded), unjoined)


def study_pdf(study: Study, now: datetime) -> StudyPdf:
    """The study PDF as bytes (the caller writes it, never over a session file)."""
    return StudyBuilder(study, now).build()
