"""Paragraphs that hold what a person typed (a CoP name, a site, an agenda item, a table cell)
set as the Unicode bidirectional algorithm (UAX #9) says, for the PDFs' headings and tables.

A reportlab Paragraph breaks lines left to right after our text is already in display order,
so a right-to-left paragraph longer than a line came out with its lines swapped, and it was set
flush left, so a numbered Hebrew agenda item ("1. פתיחה", an RTL paragraph: UAX #9 puts "1."
at its right) had its number in mid-page. Text with Hebrew or Arabic in it is therefore drawn
like a note (pdf_notes.NoteFlowable): lines broken in logical order, each line reordered by
python-bidi, a right-to-left paragraph flush right. Text without any stays a Paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from ppei_tui.outputs.pdf_bidi import has_rtl, rtl_paragraph
from ppei_tui.outputs.pdf_fonts import FontSet, LeftToRight
from ppei_tui.outputs.pdf_notes import NoteFlowable, Run


class Typed(str):
    """Typed text inside a line of the app's own words: set apart as a first-strong isolate
    (UAX #9 FSI ... PDI), read in its own direction and never mixed with the words around it
    ("Field notes summary: " then a Hebrew CoP name). A LeftToRight text stays left to right."""

    __slots__ = ()


def listed(names: Sequence[str], separator: str = ", ") -> list[str]:
    """Typed names joined by `separator`, each its own isolate: parts for typed_line."""
    parts: list[str] = []
    for name in names:
        parts += [separator, Typed(name)] if parts else [Typed(name)]
    return parts


def _colour(style: ParagraphStyle) -> str:
    colour = style.textColor
    return "#" + colour.hexval()[2:] if hasattr(colour, "hexval") else "#000000"


def _runs(fonts: FontSet, text: str, font: str, style: ParagraphStyle) -> list[Run]:
    colour = _colour(style)
    return [
        Run(segment, fallback or font, style.fontSize, colour)
        for segment, fallback in fonts.runs(text, face=font)
    ]


class TypedFlowable(NoteFlowable):
    """Runs set as one paragraph of `style` (its font size, leading and spacing), broken into
    lines in logical order and each line reordered; `rtl` paragraphs flush right."""

    def __init__(self, runs: list[Run], style: ParagraphStyle, rtl: bool):
        ascent = style.fontSize  # where a Paragraph sets its first baseline (reportlab: height - fontSize)
        super().__init__(None, runs, style.leading, 0, 0, rtl=rtl, ascent=ascent)
        # the style's spacing, as the frame gives a Paragraph's (none at a page's top or bottom)
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter


def typed_paragraph(
    fonts: FontSet, text: str, style: ParagraphStyle, bold: bool = False, rtl: bool | None = None
) -> Flowable:
    """`text` as one paragraph in its own direction (UAX #9 P2-P3: its first strong letter; a
    LeftToRight text, or `rtl`, says otherwise); `bold` sets it in the bold face."""
    if not has_rtl(text):
        markup = fonts.markup(text)
        return Paragraph(f"<b>{markup}</b>" if bold else markup, style)
    if rtl is None:
        rtl = not isinstance(text, LeftToRight) and rtl_paragraph(text)
    font = fonts.bold if bold else style.fontName
    return TypedFlowable(_runs(fonts, text, font, style), style, rtl)


def typed_line(fonts: FontSet, parts: Sequence[str], style: ParagraphStyle, rtl: bool = False) -> Flowable:
    """A paragraph of the app's words (left to right, or `rtl`) with Typed parts in it, each an
    isolate in its own direction (a LeftToRight part: an isolate read left to right):
    `["Field notes summary: ", Typed(cop)]`."""
    if not any(has_rtl(part) for part in parts):
        return Paragraph("".join(fonts.markup(part) for part in parts), style)
    runs: list[Run] = []
    for number, part in enumerate(parts, start=1):
        own = _runs(fonts, part, style.fontName, style)
        if isinstance(part, (Typed, LeftToRight)):
            part_rtl = has_rtl(part) and isinstance(part, Typed) and rtl_paragraph(part)
            own = [Run(r.text, r.font, r.size, r.colour, number, part_rtl) for r in own]
        runs += own
    return TypedFlowable(runs, style, rtl)
