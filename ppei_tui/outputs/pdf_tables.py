"""The session report's two table looks: label/value pairs (meeting details, provenance) and a
ruled grid with a header row repeated over pages (attendees, frequencies, the comparison).
Every cell is typed text and goes through FontSet.markup, which escapes it, each cell a paragraph
in its own direction (pdf_typed.typed_paragraph: a Hebrew value flush right in its cell)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from ppei_tui.outputs.pdf_fonts import FontSet
from ppei_tui.outputs.pdf_typed import typed_paragraph

LABEL_WIDTH = 48 * mm


def pairs_table(
    rows: Sequence[tuple[str, str]], fonts: FontSet, style: ParagraphStyle, width: float
) -> Table:
    """(label, value) rows: the label in bold in a column LABEL_WIDTH wide, the value beside it
    in the rest of `width` (points). A row taller than a page (a 10,000-character site) is split
    across pages (splitInRow), not refused by reportlab's LayoutError."""
    data = [[typed_paragraph(fonts, k, style, bold=True), typed_paragraph(fonts, v, style)] for k, v in rows]
    table = Table(data, colWidths=[LABEL_WIDTH, width - LABEL_WIDTH], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#DDDDDD")),
            ]
        )
    )
    return table


def grid_table(
    rows: Sequence[Sequence[str]],
    fonts: FontSet,
    style: ParagraphStyle,
    width: float,
    shares: Sequence[float] | None = None,
) -> Table:
    """Rows of cells, the first a shaded header repeated on each page; column widths are
    `shares` of `width` (points), equal shares when None. Widths are always given: left to
    reportlab, a cell of one long word (a typed role) took the whole width and left the other
    columns a negative one. A row taller than a page is split across pages (splitInRow)."""
    data = [[typed_paragraph(fonts, cell, style) for cell in row] for row in rows]
    columns = max(len(row) for row in rows)
    widths = [w * width for w in shares] if shares else [width / columns] * columns
    table = Table(data, repeatRows=1, colWidths=widths, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#CCCCCC")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEF1F4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
