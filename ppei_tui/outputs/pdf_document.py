"""The A4 page every PDF of ppei is set on, built in memory (the caller writes the bytes where
and how it must: atomically, 0600, never over a session file): its margins, and for the
summaries (a session's report, a study) the footer, a line of text and the page number."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate

from ppei_tui import __version__
from ppei_tui.outputs.pdf_fonts import FontSet


@dataclass(frozen=True)
class Margins:
    """Page margins in points."""

    left: float
    right: float
    top: float
    bottom: float

    @classmethod
    def even(cls, margin: float) -> Margins:
        return cls(margin, margin, margin, margin)


SUMMARY_MARGINS = Margins(18 * mm, 18 * mm, 16 * mm, 18 * mm)
TEXT_WIDTH = A4[0] - SUMMARY_MARGINS.left - SUMMARY_MARGINS.right  # the summaries' text width

PageDrawing = Callable[[Any, Any], None]  # (canvas, document), as reportlab calls it per page


def a4_pdf(
    story: Sequence[object],
    margins: Margins,
    title: str,
    author: str | None = None,
    creator: str | None = None,
    on_page: PageDrawing | None = None,
) -> tuple[bytes, int]:
    """(the PDF's bytes, its number of pages) for `story` (reportlab flowables). `title`,
    `author` and `creator` go into the document's properties (None: not set); `on_page`
    draws on every page after its story (a footer)."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        title=title,
        author=author,
        creator=creator,
    )
    if on_page is None:
        document.build(list(story))
    else:
        document.build(list(story), onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue(), document.page


def summary_pdf(
    story: Sequence[Flowable], fonts: FontSet, title: str, author: str, footer: str
) -> tuple[bytes, int]:
    """A summary (session report, study) in SUMMARY_MARGINS, made by this ppei-tui version,
    `footer` drawn as it is (plain text, already cut to the line) on every page with the page
    number at the right."""

    def draw_footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(fonts.regular, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(SUMMARY_MARGINS.left, 10 * mm, footer)
        canvas.drawRightString(A4[0] - SUMMARY_MARGINS.right, 10 * mm, f"page {document.page}")
        canvas.restoreState()

    return a4_pdf(story, SUMMARY_MARGINS, title, author, f"ppei-tui {__version__}", draw_footer)
