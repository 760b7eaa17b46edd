"""The paragraph styles of the PDFs, in the fonts found: the summaries' (session report and
study), and the smaller compact ones (agreement report, worksheet, members' shadings)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from ppei_tui.outputs.pdf_fonts import FontSet


class Styles:
    def __init__(self, fonts: FontSet):
        base = ParagraphStyle("base", fontName=fonts.regular, fontSize=9.5, leading=12.5)
        self.body = base
        self.small = ParagraphStyle(
            "small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#555555")
        )
        self.title = ParagraphStyle(
            "title", parent=base, fontName=fonts.bold, fontSize=18, leading=22, spaceAfter=6
        )
        self.h1 = ParagraphStyle(
            "h1",
            parent=base,
            fontName=fonts.bold,
            fontSize=13.5,
            leading=17,
            spaceBefore=10,
            spaceAfter=5,
            textColor=colors.HexColor("#1B3A5C"),
        )
        self.h2 = ParagraphStyle(
            "h2", parent=base, fontName=fonts.bold, fontSize=10.5, leading=13, spaceBefore=7, spaceAfter=3
        )


def compact_styles(fonts: FontSet) -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    """(body, small, heading) of the agreement report, the worksheet and the summary's "How
    members saw it" section: smaller type than Styles, for tables of many verbs."""
    body = ParagraphStyle("compact-body", fontName=fonts.regular, fontSize=9, leading=11.5)
    small = ParagraphStyle("compact-small", parent=body, fontSize=7.5, leading=9.5)
    heading = ParagraphStyle(
        "compact-h", parent=body, fontName=fonts.bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
    )
    return body, small, heading
