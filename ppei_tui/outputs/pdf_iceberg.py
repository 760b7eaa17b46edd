"""The iceberg in the PDF, drawn as the figure it is.

A waterline runs across the page. Above it, on a white sky, the part of the iceberg holding
the verbs seen or said in the meeting; below it, in the water, the part holding the verbs only
inferred (every observer reflection counts there: domain.analysis.below_waterline). Verbs are
grouped by element and shaded by the map's scale. Each part is as wide as the square root of
its share of verbs allows (the larger part spans the page), and as tall as its verbs need, so
the larger part is visibly the larger. The figure is a stack of thin drawings, one per row,
so it flows over pages at any template size instead of overflowing one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ppei_tui.domain.analysis import Iceberg, IcebergCell
from ppei_tui.domain.mapping import SHADE_COLOURS, SHADE_TEXT_COLOURS, shade_level
from ppei_tui.domain.template import Template
from ppei_tui.domain.wording import count as count_of
from ppei_tui.outputs.packing import bands
from ppei_tui.outputs.pdf_bidi import visual
from ppei_tui.outputs.pdf_charts import element_colour
from ppei_tui.outputs.pdf_fonts import FontSet

WATER = colors.HexColor("#D6EAF8")
ICE = colors.HexColor("#F4F8FB")
ICE_EDGE = colors.HexColor("#5D8AA8")
WATERLINE = colors.HexColor("#1F618D")
SIZE = 7.5
ROW = SIZE + 7
GAP = 3.0
MIN_SHARE = 0.45
NARROWEST = 0.8  # the above part's top row, as a share of its widest (waterline) row


@dataclass(frozen=True)
class Box:
    text: str
    width: float
    level: int


def _segments(text: str, font: str, fonts: FontSet) -> list[tuple[str, str, float]]:
    """(segment, font, width) runs of a one-line label in display order, per script's font."""
    return [
        (segment, fallback or font, stringWidth(segment, fallback or font, SIZE))
        for segment, fallback in fonts.runs(visual(text.replace("\n", " ")))
    ]


def _text(drawing: Drawing, x: float, y: float, text: str, font: str, fonts: FontSet, fill) -> float:
    """Draw a label run by run (CJK, symbols in their fonts); returns its width."""
    start = x
    for segment, face, advance in _segments(text, font, fonts):
        drawing.add(String(x, y, segment, fontName=face, fontSize=SIZE, fillColor=fill))
        x += advance
    return x - start


def _box(cell: IcebergCell, busiest: int, above: bool, fonts: FontSet) -> Box:
    text = f"{cell.verb} {cell.counts_label(above)}"
    width = sum(advance for _, _, advance in _segments(text, fonts.regular, fonts))
    return Box(text, width + 6, shade_level(cell.total, busiest))


def part_widths(ice: Iceberg, width: float) -> tuple[float, float]:
    """(above, below) widths: the part with more verbs spans `width`; the other is narrower by
    the square root of its share (never under MIN_SHARE of the page, to hold its names)."""
    above, below = len(ice.above), len(ice.below)
    most = max(above, below, 1)
    return tuple(width * max(MIN_SHARE, math.sqrt(n / most)) for n in (above, below))  # type: ignore[return-value]


def _rows(groups, template: Template, fonts: FontSet, busiest: int, above: bool, inner: float):
    """(element index, label or "", boxes) per drawn row: each element's label then its verbs,
    wrapped to the part's inner width."""
    index_of = {e.code: i for i, e in enumerate(template.elements)}
    rows: list[tuple[int, str, list[Box]]] = []
    for code, cells in groups:
        index = index_of[code]
        element = template.elements[index]
        rows.append((index, f"{element.name} ({element.code})", []))
        boxes = [_box(cell, busiest, above, fonts) for cell in cells]
        for line in bands([box.width for box in boxes], inner, gap=GAP):
            rows.append((index, "", [boxes[i] for i in line]))
    return rows


class _Band(Flowable):
    """One row of the figure: sky or water across the width, and the ice as a trapezoid from
    `top` wide at its top edge to `bottom` wide at its bottom edge, centred."""

    def __init__(self, width: float, height: float, top: float, bottom: float, below: bool, draw_row):
        super().__init__()
        self.width, self.height, self.top, self.bottom = width, height, top, bottom
        self.below, self.draw_row = below, draw_row

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        drawing = Drawing(self.width, self.height)
        if self.below:
            drawing.add(Rect(0, 0, self.width, self.height, fillColor=WATER, strokeColor=None))
        middle, top, bottom = self.width / 2, self.top / 2, self.bottom / 2
        if self.top or self.bottom:
            corners = [
                middle - bottom,
                0,
                middle + bottom,
                0,
                middle + top,
                self.height,
                middle - top,
                self.height,
            ]
            drawing.add(Polygon(corners, fillColor=ICE, strokeColor=None))
            for side in (-1, 1):
                edge = Line(middle + side * bottom, 0, middle + side * top, self.height)
                edge.strokeColor, edge.strokeWidth = ICE_EDGE, 0.8
                drawing.add(edge)
        self.draw_row(drawing, middle - min(top, bottom) if min(top, bottom) else 0.0)
        drawing.drawOn(self.canv, 0, 0)


def _peak(width: float, base: float, height: float = 24) -> _Band:
    """The iceberg's peak above its top row."""

    def draw(drawing: Drawing, left: float) -> None:
        middle, half = width / 2, base / 2
        points = [
            middle - half, 0, middle + half, 0, middle + half * 0.35, height * 0.55,
            middle + half * 0.08, height, middle - half * 0.2, height * 0.72,
        ]  # fmt: skip
        drawing.add(Polygon(points, fillColor=ICE, strokeColor=ICE_EDGE, strokeWidth=0.8))

    return _Band(width, height, 0, 0, False, draw)


def _foot(width: float, base: float, height: float = 16) -> _Band:
    """The iceberg's foot below its bottom row."""

    def draw(drawing: Drawing, left: float) -> None:
        middle, half = width / 2, base / 2
        points = [
            middle - half,
            height,
            middle + half,
            height,
            middle + half * 0.55,
            0,
            middle - half * 0.6,
            0,
        ]
        drawing.add(Polygon(points, fillColor=ICE, strokeColor=ICE_EDGE, strokeWidth=0.8))

    return _Band(width, height, 0, 0, True, draw)


def _outline(part: float, rows: int, below: bool) -> list[tuple[float, float]]:
    """(top, bottom) ice widths per row: above, widening from the peak to the waterline; below,
    bulging out under the waterline and narrowing to the foot."""

    def at(fraction: float) -> float:
        if below:
            return part * (1.0 - 0.22 * fraction**2)
        return part * (NARROWEST + (1 - NARROWEST) * fraction)

    return [(at(k / rows), at((k + 1) / rows)) for k in range(rows)]


def iceberg_flowables(ice: Iceberg, template: Template, fonts: FontSet, width: float) -> list[Flowable]:
    """The figure as flowables, top to bottom: peak, rows above, waterline, rows below, foot."""
    grouped = ice.by_element([e.code for e in template.elements])
    parts = (
        [(code, up) for code, up, _ in grouped if up],
        [(code, down) for code, _, down in grouped if down],
    )
    widths = part_widths(ice, width)
    story: list[Flowable] = []
    for below, (groups, part) in enumerate(zip(parts, widths, strict=True)):
        inner = part * NARROWEST - 14
        title = "Below the waterline: only inferred" if below else "Above the waterline: seen or said"
        rows: list[tuple[int, str, list[Box]]] = [(-1, title, [])]
        rows += _rows(groups, template, fonts, ice.busiest, not below, inner) or [(-1, "(none)", [])]
        outline = _outline(part, len(rows), bool(below))
        if below:
            story.append(_waterline(width, fonts, len(ice.above), len(ice.below)))
        else:
            story.append(_peak(width, outline[0][0]))
        for (index, label, boxes), (top, bottom) in zip(rows, outline, strict=True):
            drawer = _row_drawer(template, fonts, index, label, boxes, width / 2 - inner / 2)
            story.append(_Band(width, ROW, top, bottom, bool(below), drawer))
        if below:
            story.append(_foot(width, outline[-1][1]))
    return story


def _row_drawer(template: Template, fonts: FontSet, index: int, label: str, boxes: list[Box], start: float):
    def draw(drawing: Drawing, left: float) -> None:
        x, y = start, 3.5
        if label:
            colour = element_colour(template, index) if index >= 0 else WATERLINE
            _text(drawing, x, y + 1, label, fonts.bold, fonts, colour)
            return
        for box in boxes:
            drawing.add(
                Rect(
                    x,
                    1,
                    box.width,
                    ROW - 3,
                    fillColor=colors.HexColor(SHADE_COLOURS[box.level]),
                    strokeColor=colors.HexColor("#B0B7BF"),
                    strokeWidth=0.3,
                )
            )
            fill = colors.HexColor(SHADE_TEXT_COLOURS[box.level])
            _text(drawing, x + 3, y + 0.5, box.text, fonts.regular, fonts, fill)
            x += box.width + GAP

    return draw


def _waterline(width: float, fonts: FontSet, above: int, below: int) -> _Band:
    def draw(drawing: Drawing, left: float) -> None:
        drawing.add(Rect(0, 0, width, 9, fillColor=WATER, strokeColor=None))
        drawing.add(Line(0, 9, width, 9, strokeColor=WATERLINE, strokeWidth=1.5))
        text = f"waterline: {count_of(above, 'verb')} seen or said above, {below} only inferred below"
        drawing.add(
            String(
                width - 2,
                11,
                text,
                fontName=fonts.regular,
                fontSize=6.5,
                textAnchor="end",
                fillColor=WATERLINE,
            )
        )

    return _Band(width, 20, 0, 0, False, draw)
