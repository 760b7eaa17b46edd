"""The study PDF's pictures, drawn with reportlab's own graphics: a trend chart per element
(or practice set) across the study's months, and a thumbnail of a meeting's shaded map.

Trend rule (also in the README): the x axis is every calendar month from the first meeting's
to the last's; each CoP/site group is one line whose point in a month is its pooled share of
tags for the meetings it held that month. A month in which the group did not meet has no
point, and the line is broken there rather than drawn across the gap.
"""

from __future__ import annotations

from itertools import zip_longest

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from ppei_tui.domain.mapping import SHADE_COLOURS, MapCounts
from ppei_tui.domain.study import Dimension, Series, Study
from ppei_tui.outputs.pdf_charts import element_colour
from ppei_tui.outputs.pdf_fonts import FontSet

GROUP_COLOURS = ["#1F77B4", "#D62728", "#2CA02C", "#9467BD", "#FF7F0E", "#17BECF", "#8C564B", "#E377C2"]
# Beyond eight groups the colours repeat with a dash pattern, so every line stays distinct.
GROUP_DASHES: list[list[float] | None] = [None, [4, 2], [1, 2], [6, 2, 1, 2]]
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
AXIS = colors.HexColor("#888888")
GRIDLINE = colors.HexColor("#E3E6EA")


def group_style(index: int) -> tuple[colors.Color, list[float] | None]:
    colour = colors.HexColor(GROUP_COLOURS[index % len(GROUP_COLOURS)])
    return colour, GROUP_DASHES[(index // len(GROUP_COLOURS)) % len(GROUP_DASHES)]


def month_label(month: tuple[int, int]) -> str:
    return f"{MONTH_NAMES[month[1] - 1]} {month[0] % 100:02d}"


def _ceiling(value: float) -> float:
    """The axis top: the next 10% above the highest share (at least 10%)."""
    tenths = int(value * 10 + 0.9999)
    return max(0.1, min(1.0, tenths / 10))


def segments(series: Series) -> list[list[tuple[int, float]]]:
    """Runs of consecutive months with a value, as (month index, share) lists."""
    runs: list[list[tuple[int, float]]] = [[]]
    for index, figure in enumerate(series.figures):
        if figure is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((index, figure.share))
    return [run for run in runs if run]


def trend_drawing(
    study: Study,
    dimension: Dimension,
    key: str,
    title: str,
    fonts: FontSet,
    width: float,
    height: float = 120,
) -> Drawing:
    """Share of tags of one element (or practice set) across the months, a line per group."""
    left, bottom, top = 30, 22, 16
    drawing = Drawing(width, height)
    months = study.months()
    series = study.trend(dimension, key)
    values = [f.share for s in series for f in s.figures if f is not None]
    ceiling = _ceiling(max(values, default=0.0))
    plot_w, plot_h = width - left - 6, height - bottom - top

    def x(index: int) -> float:
        return left + plot_w * (index + 0.5) / len(months)

    def y(share: float) -> float:
        return bottom + plot_h * share / ceiling

    drawing.add(String(0, height - 10, fonts.plain(title[:70]), fontName=fonts.bold, fontSize=8))
    step = 0.1 if ceiling <= 0.5 else 0.2
    ceiling = min(1.0, -(-round(ceiling * 10) // round(step * 10)) * step)
    for tick in range(round(ceiling / step) + 1):
        share = tick * step
        drawing.add(Line(left, y(share), left + plot_w, y(share), strokeColor=GRIDLINE, strokeWidth=0.5))
        drawing.add(
            String(
                left - 3,
                y(share) - 2.5,
                f"{100 * share:.0f}%",
                fontName=fonts.regular,
                fontSize=6,
                textAnchor="end",
                fillColor=AXIS,
            )
        )
    drawing.add(Line(left, bottom, left + plot_w, bottom, strokeColor=AXIS, strokeWidth=0.6))
    every = max(1, -(-len(months) * 16 // int(plot_w)))  # a label needs about 16 points
    for index, month in enumerate(months):
        drawing.add(Line(x(index), bottom - 2, x(index), bottom, strokeColor=AXIS, strokeWidth=0.5))
        if index % every == 0:
            drawing.add(
                String(
                    x(index),
                    bottom - 9,
                    MONTH_NAMES[month[1] - 1],
                    fontName=fonts.regular,
                    fontSize=5.5,
                    textAnchor="middle",
                    fillColor=AXIS,
                )
            )
        if index == 0 or month[1] == 1:
            drawing.add(
                String(
                    x(index),
                    bottom - 17,
                    str(month[0]),
                    fontName=fonts.regular,
                    fontSize=5.5,
                    textAnchor="middle",
                    fillColor=AXIS,
                )
            )
    for group_index, line in enumerate(series):
        colour, dash = group_style(group_index)
        for run in segments(line):
            points = [coordinate for index, share in run for coordinate in (x(index), y(share))]
            if len(run) > 1:
                drawing.add(PolyLine(points, strokeColor=colour, strokeWidth=1.2, strokeDashArray=dash))
            for index, share in run:
                drawing.add(Circle(x(index), y(share), 1.8, fillColor=colour, strokeColor=colour))
    return drawing


def group_legend(study: Study, fonts: FontSet, width: float) -> Drawing:
    """A swatch and name for each CoP/site group, in the trend charts' colours."""
    groups = [key for key, _ in study.groups()]
    per_row = 2
    row_height = 11
    drawing = Drawing(width, row_height * (-(-len(groups) // per_row)) + 2)
    column = width / per_row
    for index, (cop, site) in enumerate(groups):
        colour, dash = group_style(index)
        left = column * (index % per_row)
        base = drawing.height - row_height * (index // per_row + 1) + 3
        drawing.add(
            Line(
                left, base + 3, left + 16, base + 3, strokeColor=colour, strokeWidth=1.6, strokeDashArray=dash
            )
        )
        drawing.add(Circle(left + 8, base + 3, 1.8, fillColor=colour, strokeColor=colour))
        label = f"{cop} · {site}" if site else cop
        drawing.add(String(left + 20, base, fonts.plain(label[:60]), fontName=fonts.regular, fontSize=7))
    return drawing


def thumbnail_map(counts: MapCounts, cell: float = 5.0) -> Drawing:
    """The shaded map in miniature: a column per element, a block per verb, shaded by level."""
    template = counts.template
    columns = [[(e.code, v) for v in e.verbs] for e in template.elements]
    rows = max(len(c) for c in columns)
    # Any template fits a row of the meetings table: at most about 90 x 50 points.
    cell = min(cell, max(1.2, 48 / rows - 1), max(0.8, (90 / len(columns) - 1) / 2))
    gap = 1.0 if cell >= 3 else 0.4
    width = len(columns) * (cell * 2 + gap)
    height = rows * (cell + gap) + 3
    drawing = Drawing(width, height)
    for column_index, _ in enumerate(columns):
        left = column_index * (cell * 2 + gap)
        drawing.add(
            Rect(
                left,
                height - 2,
                cell * 2,
                2,
                fillColor=element_colour(template, column_index),
                strokeColor=None,
            )
        )
    for row_index, row in enumerate(zip_longest(*columns)):
        for column_index, verb_cell in enumerate(row):
            if verb_cell is None:
                continue
            level = counts.level(*verb_cell)
            drawing.add(
                Rect(
                    column_index * (cell * 2 + gap),
                    height - 3 - (row_index + 1) * (cell + gap) + gap,
                    cell * 2,
                    cell,
                    fillColor=colors.HexColor(SHADE_COLOURS[level]),
                    strokeColor=colors.HexColor("#B0B7BF"),
                    strokeWidth=0.3,
                )
            )
    return drawing
