"""The PDF timeline and the element colours the PDF pictures share (map: pdf_map, iceberg: pdf_iceberg)."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ppei_tui.domain.analysis import Timeline
from ppei_tui.domain.session import format_offset
from ppei_tui.domain.template import Template
from ppei_tui.outputs.pdf_fonts import FontSet

DEFAULT_ELEMENT_COLOURS = ["#2E6DB4", "#B5651D", "#2E8B57", "#8E44AD", "#C0392B", "#7F8C8D", "#D4AC0D"]
GRID = colors.HexColor("#B0B7BF")


def element_colour(template: Template, index: int) -> colors.Color:
    colour = template.elements[index].colour or DEFAULT_ELEMENT_COLOURS[index % len(DEFAULT_ELEMENT_COLOURS)]
    return colors.HexColor(colour)


def _tick_step(duration: float) -> int:
    for minutes in (1, 2, 5, 10, 15, 30, 60):
        if duration / (minutes * 60) <= 10:
            return minutes * 60
    return 120 * 60


def timeline_drawing(timeline: Timeline, template: Template, fonts: FontSet, width: float) -> Drawing:
    codes = [e.code for e in template.elements]
    # Rows shrink with many elements so the drawing always fits a page (it cannot split).
    row = max(5.0, min(16.0, 520 / max(len(codes), 1)))
    label_size = min(8.0, row - 1)
    labels = [fonts.plain(code) for code in codes]
    left = max([stringWidth(label, fonts.bold, label_size) for label in labels] + [38.0]) + 6
    top_band = 34
    height = row * len(codes) + top_band + 18
    drawing = Drawing(width, height)
    span = max(timeline.duration, 60.0)
    plot = width - left - 6

    def x(offset: float) -> float:
        return left + plot * min(max(offset, 0.0), span) / span

    def y(index: int) -> float:
        return 18 + row * (len(codes) - index - 1)

    for index in range(len(codes)):
        colour = element_colour(template, index)
        drawing.add(
            Rect(left, y(index), plot, row - 2, fillColor=colors.HexColor("#F6F7F9"), strokeColor=None)
        )
        drawing.add(
            String(
                2,
                y(index) + max(0.5, (row - 2 - label_size) / 2 + 1),
                labels[index],
                fontName=fonts.bold,
                fontSize=label_size,
                fillColor=colour,
            )
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
