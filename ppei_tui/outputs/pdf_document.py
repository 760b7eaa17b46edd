"""The A4 page the PDF summaries (a session's report, a study) are set on: its margins, the
footer (a line of text, the page number at the right) and the story built in memory."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate

from ppei_tui import __version__
from ppei_tui.outputs.pdf_fonts import FontSet

SIDE_MARGIN = 18 * mm
TEXT_WIDTH = A4[0] - 2 * SIDE_MARGIN


def summary_pdf(
    story: Sequence[Flowable], fonts: FontSet, title: str, author: str, footer: str
) -> tuple[bytes, int]:
    """(the PDF's bytes, its number of pages). `title` and `author` go into the document's
    properties; `footer` is drawn as it is (plain text, already cut to the line) on every page.
    Built in memory: the caller writes the bytes where and how it must (atomically, 0600)."""

    def draw_footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(fonts.regular, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(SIDE_MARGIN, 10 * mm, footer)
        canvas.drawRightString(A4[0] - SIDE_MARGIN, 10 * mm, f"page {document.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=author,
        creator=f"ppei-tui {__version__}",
    )
    document.build(list(story), onFirstPage=draw_footer, onLaterPages=draw_footer)
    return buffer.getvalue(), document.page
