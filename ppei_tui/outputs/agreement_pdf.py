"""`ppei agree ... -o agree.pdf`: the agreement table, where each pair of observers differs
(verb by verb, side by side), and the notes behind every disagreement, so two observers can talk
their coding through. The figures follow domain/agreement.py's rule."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ppei_tui import __version__
from ppei_tui.domain.agreement import Agreement, PairAgreement, PairTable
from ppei_tui.domain.recoding import describe_recoding
from ppei_tui.domain.session import format_offset
from ppei_tui.domain.wording import count as count_of
from ppei_tui.outputs.agreement_output import Observed, band, disagreement_notes
from ppei_tui.outputs.pdf_bidi import has_rtl, rtl_paragraph
from ppei_tui.outputs.pdf_document import Margins, a4_pdf
from ppei_tui.outputs.pdf_fonts import FontSet, LeftToRight, load_fonts
from ppei_tui.outputs.pdf_styles import compact_styles
from ppei_tui.outputs.pdf_typed import Typed, typed_line, typed_paragraph

# Every table of the report: a light grid, cells from the top, the header row shaded.
HEADED_GRID = (
    ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3EAF2")),
)
BAND_COLOURS = {
    "poor": "#F4C7C3",
    "moderate": "#FCE8B2",
    "substantial": "#C8E6C9",
    "almost perfect": "#81C784",
    "undefined": "#EEEEEE",
}


def _rtl(text: str) -> bool:
    """A note is a right-to-left paragraph when its first strong letter is (UAX #9 P2-P3)."""
    return has_rtl(text) and rtl_paragraph(text)


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _figures(label: str, table: PairTable, band_name: str) -> list[str]:
    """A row of the agreement table: label, kappa, agreement, the four counts, the band."""
    counts = (table.both, table.only_first, table.only_second, table.neither)
    return [label, _figure(table.kappa.value), _figure(table.agreement.value), *map(str, counts), band_name]


class _Builder:
    def __init__(self, result: Agreement, observed: list[Observed], now: datetime, fonts: FontSet):
        self.result, self.observed, self.now, self.fonts = result, observed, now, fonts
        self.body, self.small, self.h2 = compact_styles(fonts)
        self.h1 = ParagraphStyle(
            "h1", parent=self.body, fontName=fonts.bold, fontSize=14, leading=18, spaceAfter=6
        )

    def p(self, text: str, style: ParagraphStyle | None = None) -> Flowable:
        """Typed text (an observer's name, a verb) as a paragraph in its own direction."""
        return typed_paragraph(self.fonts, text, style or self.body)

    def line(self, parts: list[str], style: ParagraphStyle | None = None, rtl: bool = False) -> Flowable:
        """The app's words with Typed parts, each read in its own direction (pdf_typed)."""
        return typed_line(self.fonts, parts, style or self.body, rtl)

    def story(self) -> list[object]:
        coded = self.result.coded
        story: list[object] = [self.p("Agreement between observers", self.h1)]
        for index, o in enumerate(self.observed, start=1):
            info = o.session.info
            site = Typed(info.site) if info.site else "no site"
            notes = count_of(len(o.session.live_notes()), "note")
            parts = [f"{index}. ", Typed(o.label), ": ", Typed(info.cop), ", ", site, ", ", Typed(info.date)]
            parts += [f"; {notes} (", LeftToRight(o.path.name), ")"]
            if info.recoded_from:
                parts += ["; ", describe_recoding(info)]
            story.append(self.line(parts))
        story.append(Spacer(1, 4))
        story.append(
            self.p(
                f"Units: {coded.rule.label}, {len(coded.units)} in all ({', '.join(coded.units)}). "
                "For each verb and unit an observer's code is 1 if any of their notes in the unit "
                "carries the verb. Kappa is Cohen's; undefined (–) when neither observer ever used the "
                "verb, or both used it in every unit. Bands: under 0.40 poor, 0.40–0.60 moderate, "
                "0.60–0.80 substantial, over 0.80 almost perfect.",
                self.small,
            )
        )
        story.append(
            self.p(f"Krippendorff's alpha (nominal, all observers): {_figure(self.result.alpha.value)}")
        )
        for pair in self.result.pairs:
            story += self.pair_section(pair)
        story.append(Spacer(1, 8))
        story.append(
            self.p(f"Written {self.now.isoformat(timespec='seconds')} by ppei-tui {__version__}.", self.small)
        )
        return story

    def pair_section(self, pair: PairAgreement) -> list[object]:
        a, b = self.observed[pair.first], self.observed[pair.second]
        rows: list[list[object]] = [
            [self.p(h, self.small) for h in ("verb", "kappa", "agree", "both")]
            + [self.line([Typed(o.label), " only"], self.small) for o in (a, b)]
            + [self.p(h, self.small) for h in ("neither", "band")]
        ]
        styles = list(HEADED_GRID)
        for row, verb in enumerate(pair.verbs, start=1):
            name, _ = band(verb.table.kappa.value)
            rows.append([self.p(c, self.small) for c in _figures(verb.key, verb.table, name)])
            styles.append(("BACKGROUND", (7, row), (7, row), colors.HexColor(BAND_COLOURS[name])))
        rows.append([self.p(c, self.small) for c in _figures("pooled", pair.pooled, "")])
        table = Table(
            rows,
            colWidths=[52 * mm, 14 * mm, 14 * mm, 12 * mm, 24 * mm, 24 * mm, 14 * mm, 26 * mm],
            repeatRows=1,
        )
        table.setStyle(TableStyle(styles))
        section: list[object] = [self.line([Typed(a.label), " and ", Typed(b.label)], self.h2), table]
        section += self.side_by_side(pair)
        section += self.differences(pair)
        return section

    def side_by_side(self, pair: PairAgreement) -> list[object]:
        """The map with, in each verb's cell, the units each observer coded it in; cells where
        they part are shaded amber, cells where they agree on using the verb blue."""
        a, b = self.observed[pair.first], self.observed[pair.second]
        template = self.observed[0].session.template
        by_cell = {v.cell: v.table for v in pair.verbs}
        columns = [[(e.code, verb) for verb in e.verbs] for e in template.elements]
        depth = max(len(c) for c in columns)
        header = [self.p(f"{e.name} ({e.code})", self.small) for e in template.elements]
        rows: list[list[object]] = [header]
        styles = list(HEADED_GRID)
        for row in range(depth):
            line: list[object] = []
            for column, cells in enumerate(columns):
                if row >= len(cells):
                    line.append("")
                    continue
                table = by_cell[cells[row]]
                first, second = table.both + table.only_first, table.both + table.only_second
                counts = [Typed(a.label), f": {first} · ", Typed(b.label), f": {second}"]
                line.append([self.p(cells[row][1], self.small), self.line(counts, self.small)])
                if table.only_first or table.only_second:
                    styles.append(
                        ("BACKGROUND", (column, row + 1), (column, row + 1), colors.HexColor("#FFD8A8"))
                    )
                elif table.both:
                    styles.append(
                        ("BACKGROUND", (column, row + 1), (column, row + 1), colors.HexColor("#DCEAF6"))
                    )
            rows.append(line)
        width = (A4[0] - 30 * mm) / len(columns)
        grid = Table(rows, colWidths=[width] * len(columns), repeatRows=1)
        grid.setStyle(TableStyle(styles))
        note = self.line(
            [
                "Units in which each observer coded the verb. Amber: ",
                Typed(a.label),
                " and ",
                Typed(b.label),
                " part; blue: both used it in the same units.",
            ],
            self.small,
        )
        return [Spacer(1, 6), note, grid]

    def differences(self, pair: PairAgreement) -> list[object]:
        found = disagreement_notes(self.result, pair, self.observed)
        a, b = self.observed[pair.first], self.observed[pair.second]
        heading = ["Where ", Typed(a.label), " and ", Typed(b.label), f" differ ({len(found)})"]
        out: list[object] = [self.line(heading, self.h2)]
        if not found:
            out.append(self.p("They coded every verb alike in every unit."))
            return out
        rows: list[list[object]] = [
            [self.p(h, self.small) for h in ("unit", "verb", "coded by", "the notes behind it")]
        ]
        for unit, cell, who, notes in found:
            # each note a paragraph in its own direction, its time first in reading order
            evidence = [
                self.line([f"{format_offset(n.offset_seconds)} ", Typed(n.text)], self.small, _rtl(n.text))
                for n in notes
            ]
            rows.append(
                [
                    self.p(unit, self.small),
                    self.p(f"{cell[0]}.{cell[1]}", self.small),
                    self.p(who, self.small),
                    evidence,
                ]
            )
        table = Table(rows, colWidths=[24 * mm, 40 * mm, 26 * mm, 90 * mm], repeatRows=1)
        table.setStyle(TableStyle(list(HEADED_GRID)))
        out.append(table)
        return out


class AgreementPdf(NamedTuple):
    payload: bytes
    warnings: list[str]  # pdf_fonts.font_warnings: the same as the session report gives


def agreement_pdf(result: Agreement, observed: list[Observed], now: datetime) -> AgreementPdf:
    """The agreement report as PDF bytes (A4), with what its reader should be told about the
    characters the fonts could not draw."""
    fonts = load_fonts()
    story = _Builder(result, observed, now, fonts).story()
    payload, _ = a4_pdf(story, Margins.even(15 * mm), "Agreement between observers")
    return AgreementPdf(payload, fonts.warnings())
