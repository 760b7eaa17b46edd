"""The PDF's pictures: the shaded map, the iceberg and the timeline (reportlab flowables)."""

from __future__ import annotations

from itertools import zip_longest

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle

from ppei_tui.domain.analysis import Iceberg, Timeline
from ppei_tui.domain.mapping import LEVEL_LABELS, SHADE_COLOURS, SHADE_TEXT_COLOURS, MapCounts
from ppei_tui.domain.session import format_offset
from ppei_tui.domain.template import Template
from ppei_tui.outputs.pdf_fonts import FontSet

DEFAULT_ELEMENT_COLOURS = ["#2E6DB4", "#B5651D", "#2E8B57", "#8E44AD", "#C0392B", "#7F8C8D", "#D4AC0D"]
GRID = colors.HexColor("#B0B7BF")


def element_colour(template: Template, index: int) -> colors.Color:
    colour = template.elements[index].colour or DEFAULT_ELEMENT_COLOURS[index % len(DEFAULT_ELEMENT_COLOURS)]
    return colors.HexColor(colour)


def map_table(counts: MapCounts, fonts: FontSet, width: float, font_size: float = 8.5) -> Table:
    template = counts.template
    cell_style = ParagraphStyle("cell", fontName=fonts.regular, fontSize=font_size, leading=font_size + 2)
    head_style = ParagraphStyle("head", parent=cell_style, fontName=fonts.bold)
    header = [
        Paragraph(
            f"{fonts.markup(e.name)} ({fonts.markup(e.code)})<br/>{counts.element_total(e.code)} tags",
            head_style,
        )
        for e in template.elements
    ]
    columns = [[(e.code, v) for v in e.verbs] for e in template.elements]
    rows, styles = [header], []
    for row_index, row in enumerate(zip_longest(*columns), start=1):
        cells = []
        for column_index, cell in enumerate(row):
            if cell is None:
                cells.append("")
                continue
            count, level = counts.count(*cell), counts.level(*cell)
            text_colour = SHADE_TEXT_COLOURS[level]
            label = fonts.markup(cell[1]) + (f" <b>{count}</b>" if count else "")
            cells.append(Paragraph(f'<font color="{text_colour}">{label}</font>', cell_style))
            styles.append(
                (
                    "BACKGROUND",
                    (column_index, row_index),
                    (column_index, row_index),
                    colors.HexColor(SHADE_COLOURS[level]),
                )
            )
        rows.append(cells)
    table = Table(
        rows, colWidths=[width / len(template.elements)] * len(template.elements), repeatRows=1, hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEF1F4")),
                *[
                    ("LINEABOVE", (i, 0), (i, 0), 2.5, element_colour(template, i))
                    for i in range(len(template.elements))
                ],
                *styles,
            ]
        )
    )
    return table


def legend_table(fonts: FontSet, font_size: float = 7.5) -> Table:
    style = ParagraphStyle("legend", fontName=fonts.regular, fontSize=font_size, leading=font_size + 2)
    cells = [
        Paragraph(f'<font color="{SHADE_TEXT_COLOURS[level]}">{level}: {label}</font>', style)
        for level, label in enumerate(LEVEL_LABELS)
    ]
    table = Table([cells])
    table.setStyle(
        TableStyle(
            [("BACKGROUND", (i, 0), (i, 0), colors.HexColor(SHADE_COLOURS[i])) for i in range(len(cells))]
            + [("GRID", (0, 0), (-1, -1), 0.4, GRID)]
        )
    )
    return table


def iceberg_table(iceberg: Iceberg, template: Template, fonts: FontSet, width: float) -> Table:
    style = ParagraphStyle("ice", fontName=fonts.regular, fontSize=8.5, leading=11.5)
    head = ParagraphStyle("icehead", parent=style, fontName=fonts.bold)

    def by_element(cells, describe) -> Paragraph:
        lines = []
        for element in template.elements:
            mine = [c for c in cells if c.element == element.code]
            if mine:
                verbs = ", ".join(f"{fonts.markup(c.verb)} {describe(c)}" for c in mine)
                lines.append(f"<b>{fonts.markup(element.name)}</b>: {verbs}")
        return Paragraph("<br/>".join(lines) or "<i>none</i>", style)

    above = by_element(
        iceberg.above, lambda c: f"({c.seen}" + (f" + {c.inferred} inferred)" if c.inferred else ")")
    )
    below = by_element(iceberg.below, lambda c: f"({c.inferred})")
    rows = [
        [
            iceberg_drawing(70, 110),
            Paragraph("Above the waterline: seen or said in the meeting", head),
            above,
        ],
        ["", Paragraph("Below the waterline: inferred by the observer only", head), below],
    ]
    table = Table(rows, colWidths=[80, 120, width - 200])
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (0, 1)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (1, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (1, 0), (-1, -1), 8),
                ("BACKGROUND", (1, 1), (-1, 1), colors.HexColor("#D6EAF8")),
                ("LINEABOVE", (1, 1), (-1, 1), 1.5, colors.HexColor("#1F618D")),
            ]
        )
    )
    return table


def iceberg_drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    water = height * 0.55
    drawing.add(Rect(0, 0, width, water, fillColor=colors.HexColor("#D6EAF8"), strokeColor=None))
    drawing.add(
        Polygon(
            [
                width * 0.38,
                water,
                width * 0.47,
                height - 4,
                width * 0.58,
                height - 14,
                width * 0.66,
                water,
                width * 0.9,
                8,
                width * 0.12,
                14,
            ],
            fillColor=colors.HexColor("#F4F8FB"),
            strokeColor=colors.HexColor("#5D8AA8"),
        )
    )
    drawing.add(Line(0, water, width, water, strokeColor=colors.HexColor("#1F618D"), strokeWidth=1.5))
    return drawing


def _tick_step(duration: float) -> int:
    for minutes in (1, 2, 5, 10, 15, 30, 60):
        if duration / (minutes * 60) <= 10:
            return minutes * 60
    return 120 * 60


def timeline_drawing(timeline: Timeline, template: Template, fonts: FontSet, width: float) -> Drawing:
    row, left, top_band = 16, 44, 34
    codes = [e.code for e in template.elements]
    height = row * len(codes) + top_band + 18
    drawing = Drawing(width, height)
    span = max(timeline.duration, 60.0)
    plot = width - left - 6

    def x(offset: float) -> float:
        return left + plot * min(max(offset, 0.0), span) / span

    def y(index: int) -> float:
        return 18 + row * (len(codes) - index - 1)

    for index, code in enumerate(codes):
        colour = element_colour(template, index)
        drawing.add(
            Rect(left, y(index), plot, row - 2, fillColor=colors.HexColor("#F6F7F9"), strokeColor=None)
        )
        drawing.add(
            String(2, y(index) + 4, fonts.plain(code)[:6], fontName=fonts.bold, fontSize=8, fillColor=colour)
        )
    rows = {code: index for index, code in enumerate(codes)}
    for offset, code in timeline.points:
        if code in rows:
            index = rows[code]
            drawing.add(
                Line(
                    x(offset),
                    y(index) + 1,
                    x(offset),
                    y(index) + row - 3,
                    strokeColor=element_colour(template, index),
                    strokeWidth=0.8,
                )
            )
    step = _tick_step(span)
    for tick in range(0, int(span) + 1, step):
        drawing.add(Line(x(tick), 15, x(tick), 18, strokeColor=colors.grey))
        drawing.add(
            String(
                x(tick),
                5,
                format_offset(tick)[:-3],
                fontName=fonts.regular,
                fontSize=6.5,
                textAnchor="middle",
                fillColor=colors.grey,
            )
        )
    for offset, number, _title in timeline.agenda:
        drawing.add(
            Line(
                x(offset),
                16,
                x(offset),
                height - 12,
                strokeColor=colors.HexColor("#555555"),
                strokeWidth=0.6,
                strokeDashArray=[2, 2],
            )
        )
        drawing.add(
            String(
                x(offset) + 2,
                height - 10,
                str(number),
                fontName=fonts.bold,
                fontSize=7,
                fillColor=colors.HexColor("#333333"),
            )
        )
    for offset, paused in timeline.breaks:
        drawing.add(
            Line(
                x(offset), 16, x(offset), height - 22, strokeColor=colors.HexColor("#C0392B"), strokeWidth=1.2
            )
        )
        drawing.add(
            String(
                x(offset) + 2,
                height - 22,
                f"break {round(paused / 60)} min",
                fontName=fonts.regular,
                fontSize=6.5,
                fillColor=colors.HexColor("#C0392B"),
            )
        )
    return drawing
