"""The shaded map in the PDF at any template size.

Layout rule (issue 16): no code name is ever broken inside a word. A name wraps only at its
spaces and after its hyphens (`Sense-` / `making`); each element column is at least as wide as
its widest unbreakable piece. The map shrinks its type (down to MIN_FONT) to fit the page
width; when the elements still do not fit side by side they continue in further bands, each a
table with its own header, stacked down the page and over pages as needed. The legend is
kept with the map's last band.
"""

from __future__ import annotations

import re

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ppei_tui.domain.mapping import LEVEL_LABELS, SHADE_COLOURS, SHADE_TEXT_COLOURS, MapCounts
from ppei_tui.domain.template import Template
from ppei_tui.domain.wording import count as count_of
from ppei_tui.outputs import packing
from ppei_tui.outputs.pdf_charts import GRID, element_colour
from ppei_tui.outputs.pdf_document import TEXT_WIDTH
from ppei_tui.outputs.pdf_fonts import FontSet, load_fonts

MIN_FONT = 6.0
PADDING = 3.0  # reportlab's default cell padding, each side
BREAKS = re.compile(r"(\s+)|(?<=-)(?=\S)")


def pieces(text: str) -> list[tuple[str, str]]:
    """(piece, what joins it to the previous piece: " " or "") for wrapping: a name breaks at
    spaces and after hyphens only."""
    result: list[tuple[str, str]] = []
    joiner = ""
    position = 0
    for match in BREAKS.finditer(text):
        if match.start() > position:
            result.append((text[position : match.start()], joiner))
        joiner = " " if match.group(1) else ""
        position = match.end()
    if position < len(text):
        result.append((text[position:], joiner))
    return result


def wrap_name(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines no wider than `width` where the pieces allow (a piece wider than `width` gets a
    line of its own, whole: callers size columns so that never happens)."""
    lines: list[str] = []
    for piece, joiner in pieces(text):
        candidate = lines[-1] + joiner + piece if lines else piece
        if lines and stringWidth(candidate, font, size) <= width:
            lines[-1] = candidate
        else:
            lines.append(piece)
    return lines or [""]


def _widest_piece(texts: list[str], font: str, size: float) -> float:
    return max(stringWidth(p, font, size) for text in texts for p, _ in pieces(text) or [("", "")])


def _cell_texts(counts: MapCounts, index: int) -> tuple[list[str], list[str]]:
    element = counts.template.elements[index]
    header = [element.name, f"({element.code})", count_of(counts.element_total(element.code), "tag")]
    cells = [f"{verb} {counts.count(element.code, verb)}" for verb in element.verbs]
    return header, cells


def column_minimums(counts: MapCounts, fonts: FontSet, size: float) -> list[float]:
    """Each element column's narrowest width that breaks no word."""
    result = []
    for index in range(len(counts.template.elements)):
        header, cells = _cell_texts(counts, index)
        widest = max(_widest_piece(header, fonts.bold, size), _widest_piece(cells, fonts.regular, size))
        result.append(widest + 2 * PADDING + 1)
    return result


def choose_layout(
    counts: MapCounts, fonts: FontSet, width: float, font_size: float
) -> tuple[float, list[list[int]]]:
    """The largest type size (from `font_size` down to MIN_FONT) at which the whole map fits in
    one band; else MIN_FONT and as many bands as needed."""
    size = font_size
    while True:
        minimums = column_minimums(counts, fonts, size)
        bands = packing.bands(minimums, width, gap=0)  # columns touch: their padding is inside them
        if len(bands) == 1 or size <= MIN_FONT:
            return size, bands
        size = max(MIN_FONT, size - 0.5)


def _band_table(counts: MapCounts, fonts: FontSet, band: list[int], width: float, size: float) -> Table:
    template = counts.template
    cell_style = ParagraphStyle(
        "cell", fontName=fonts.regular, fontSize=size, leading=size + 2, splitLongWords=0
    )
    head_style = ParagraphStyle("head", parent=cell_style, fontName=fonts.bold)
    minimums = column_minimums(counts, fonts, size)
    spare = max(0.0, width - sum(minimums[i] for i in band))
    widths = [minimums[i] + spare / len(band) for i in band]
    inner = [w - 2 * PADDING for w in widths]
    header = []
    for column, index in enumerate(band):
        element = template.elements[index]
        lines = wrap_name(f"{element.name} ({element.code})", fonts.bold, size, inner[column])
        total = counts.element_total(element.code)
        markup = "<br/>".join(fonts.markup(line) for line in lines)
        header.append(Paragraph(f"{markup}<br/>{total} tag{'' if total == 1 else 's'}", head_style))
    rows: list[list[Paragraph | str]] = [list(header)]
    styles = []
    longest = max(len(template.elements[i].verbs) for i in band)
    for row in range(longest):
        cells: list[Paragraph | str] = []
        for column, index in enumerate(band):
            element = template.elements[index]
            if row >= len(element.verbs):
                cells.append("")
                continue
            verb = element.verbs[row]
            count, level = counts.count(element.code, verb), counts.level(element.code, verb)
            lines = wrap_name(f"{verb} {count}" if count else verb, fonts.regular, size, inner[column])
            markup = "<br/>".join(fonts.markup(line) for line in lines)
            if count:  # the count in bold: it is the last piece of the last line
                head, _, tail = markup.rpartition(" ")
                markup = f"{head} <b>{tail}</b>" if head else f"<b>{tail}</b>"
            cells.append(Paragraph(f'<font color="{SHADE_TEXT_COLOURS[level]}">{markup}</font>', cell_style))
            colour = colors.HexColor(SHADE_COLOURS[level])
            styles.append(("BACKGROUND", (column, row + 1), (column, row + 1), colour))
        rows.append(cells)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEF1F4")),
                *[
                    ("LINEABOVE", (column, 0), (column, 0), 2.5, element_colour(template, index))
                    for column, index in enumerate(band)
                ],
                *styles,
            ]
        )
    )
    return table


def map_flowables(
    counts: MapCounts, fonts: FontSet, width: float, font_size: float = 8.5, legend: bool = False
) -> list[Flowable]:
    """The map as one table per band of elements; with `legend`, the shading legend kept on the
    page of the last band."""
    size, bands = choose_layout(counts, fonts, width, font_size)
    tables: list[Flowable] = []
    for number, band in enumerate(bands):
        if number:
            tables.append(Spacer(1, 4))
        tables.append(_band_table(counts, fonts, band, width, size))
    if legend:
        tables[-1] = KeepTogether([tables[-1], Spacer(1, 4), legend_table(fonts, width)])
    return tables


def map_table(counts: MapCounts, fonts: FontSet, width: float, font_size: float = 8.5) -> Table:
    """The map as one flowable (for a table cell, such as the study's side-by-side maps): its
    band tables stacked in a one-column table. Prefer `map_flowables` in a story: it splits
    over pages."""
    bands = [f for f in map_flowables(counts, fonts, width, font_size) if isinstance(f, Table)]
    if len(bands) == 1:
        return bands[0]
    stack = Table([[band] for band in bands], colWidths=[width], hAlign="LEFT")
    stack.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return stack


def layout_problems(template: Template, fonts: FontSet | None = None) -> list[str]:
    """Names the PDF cannot set whole at any layout: a piece of a name between spaces and
    hyphens wider than the page at MIN_FONT (the limit `ppei templates check` reports)."""
    fonts = fonts or load_fonts()
    room = TEXT_WIDTH - 2 * PADDING - 1
    problems = []
    for element in template.elements:
        for what, text, font in [
            ("element name", element.name, fonts.bold),
            ("element code", element.code, fonts.bold),
            *[("code", verb, fonts.regular) for verb in element.verbs],
        ]:
            for piece, _ in pieces(text):
                if stringWidth(piece, font, MIN_FONT) > room:
                    problems.append(
                        f"{element.code}: {what} {text[:40]!r}... has a word of {len(piece)} characters "
                        f"wider than a PDF page at {MIN_FONT:g} pt ({room:.0f} pt); the PDF can break "
                        "names only at spaces and hyphens: add one"
                    )
    return problems


def legend_table(fonts: FontSet, width: float | None = None, font_size: float = 7.5) -> Table:
    style = ParagraphStyle("legend", fontName=fonts.regular, fontSize=font_size, leading=font_size + 2)
    cells = [
        Paragraph(f'<font color="{SHADE_TEXT_COLOURS[level]}">{level}: {label}</font>', style)
        for level, label in enumerate(LEVEL_LABELS)
    ]
    widths = [width / len(cells)] * len(cells) if width else None
    table = Table([cells], colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [("BACKGROUND", (i, 0), (i, 0), colors.HexColor(SHADE_COLOURS[i])) for i in range(len(cells))]
            + [("GRID", (0, 0), (-1, -1), 0.4, GRID)]
        )
    )
    return table
