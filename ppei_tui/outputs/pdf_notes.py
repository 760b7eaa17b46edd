"""A lean flowable for one field note: styled text runs, wrapped with a hanging indent.

reportlab's Paragraph parses markup, which costs most of a large report's time and is the
reason typed text must be escaped at all. Notes are the bulk of a report, so they are drawn
from plain runs here: no markup is ever parsed, and a 10,000-note report builds several times
faster. Paragraph is still used for headings and tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable

from ppei_tui.outputs.pdf_bidi import StyledChar, has_rtl, is_mirror_alias, regroup, reorder, unaliased

WORD = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class Run:
    text: str
    font: str
    size: float
    colour: str = "#000000"
    isolate: int = 0  # > 0: an isolate (runs sharing the number form one); see isolated
    isolate_rtl: bool = False  # the isolate's own direction (UAX #9 FSI: its first strong letter)


@dataclass(frozen=True)
class Piece:
    x: float
    text: str
    font: str
    size: float
    colour: str
    isolate: int = 0
    isolate_rtl: bool = False


Line = list[Piece]


def _pieces(runs: list[Run]) -> list[Piece | None]:
    """Runs cut into words and spaces (x left at 0); None marks a forced line break."""
    pieces: list[Piece | None] = []
    for run in runs:
        for index, part in enumerate(run.text.split("\n")):
            if index:
                pieces.append(None)
            for word in WORD.findall(part):
                pieces.append(Piece(0.0, word, run.font, run.size, run.colour, run.isolate, run.isolate_rtl))
    return pieces


def _hard_split(piece: Piece, room: float) -> tuple[Piece, Piece]:
    """Split a word wider than the line (a long URL, a run of CJK) at the last fitting char."""
    low, high = 1, len(piece.text)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(piece.text[:middle], piece.font, piece.size) <= room:
            low = middle
        else:
            high = middle - 1
    head, tail = piece.text[:low], piece.text[low:]
    return (
        Piece(0.0, head, piece.font, piece.size, piece.colour, piece.isolate, piece.isolate_rtl),
        Piece(0.0, tail, piece.font, piece.size, piece.colour, piece.isolate, piece.isolate_rtl),
    )


def break_lines(runs: list[Run], width: float, indent: float) -> list[Line]:
    """Greedy line breaking; every line starts at `indent` (the label column is to its left)."""
    lines: list[Line] = [[]]
    x = indent
    queue = _pieces(runs)
    position = 0
    while position < len(queue):
        piece = queue[position]
        position += 1
        if piece is None:
            lines.append([])
            x = indent
            continue
        if piece.text.isspace():
            if lines[-1]:
                x += stringWidth(piece.text, piece.font, piece.size)
            continue
        word_width = stringWidth(piece.text, piece.font, piece.size)
        if x + word_width > width and lines[-1]:
            lines.append([])
            x = indent
        if x + word_width > width:
            head, tail = _hard_split(piece, max(width - x, piece.size))
            queue.insert(position, tail)
            piece, word_width = head, stringWidth(head.text, head.font, head.size)
        lines[-1].append(
            Piece(x, piece.text, piece.font, piece.size, piece.colour, piece.isolate, piece.isolate_rtl)
        )
        x += word_width
    return lines


def _merge(line: Line) -> Line:
    """Join neighbouring words of one style into a single string (fewer drawing calls)."""
    merged: Line = []
    for piece in line:
        last = merged[-1] if merged else None
        if last and (last.font, last.size, last.colour) == (piece.font, piece.size, piece.colour):
            gap = piece.x - (last.x + stringWidth(last.text, last.font, last.size))
            spaces = round(gap / stringWidth(" ", piece.font, piece.size)) if gap > 0 else 0
            merged[-1] = Piece(
                last.x, last.text + " " * spaces + piece.text, last.font, last.size, last.colour
            )
        else:
            merged.append(piece)
    return merged


LRE, PDF_MARK = "\u202a", "\u202c"  # UAX #9 left-to-right embedding and its end
# Stands in for an isolate while the line around it is reordered: bidi class ON, a neutral, as
# UAX #9 (6.3) treats an isolate as a whole (rule X5a-X6a, BD13). Told apart from a typed U+FFFC
# by its negative style.
ISOLATE = "\ufffc"


def embed_ltr(runs: list[Run]) -> list[Run]:
    """Runs marked to read left to right as a unit (a tag token) when they sit in a
    right-to-left paragraph; the marks are removed by the bidi reordering (rule X9), which
    every line of such a paragraph goes through."""
    if not runs:
        return runs
    first, last = runs[0], runs[-1]
    lead = first.text[: len(first.text) - len(first.text.lstrip())]
    marked = [Run(lead + LRE + first.text[len(lead) :], first.font, first.size, first.colour), *runs[1:]]
    end = marked[-1] if len(runs) > 1 else marked[0]
    marked[-1] = Run(end.text + PDF_MARK, last.font, last.size, last.colour)
    return marked


def isolated(runs: list[Run], number: int) -> list[Run]:
    """Runs set apart as one left-to-right isolate (UAX #9 LRI ... PDI), `number` > 0 naming
    it: the coding details after a note. An embedding (embed_ltr) would let the bidi algorithm
    join them with the note's own trailing Latin and digits (`#M.val 2000` typed at the end of
    a Hebrew note then read `[Beech] 2000 #M.val` right to left, the speaker inside the
    sentence); an isolate stays whole where it was written: after the note in reading order."""
    return [Run(run.text, run.font, run.size, run.colour, number) for run in runs]


def _logical(line: Line) -> tuple[list[Piece], list[StyledChar], dict[int, list[StyledChar]]]:
    """The line's characters, each styled by its piece's index, gaps between pieces as spaces;
    each isolate's characters apart, with one ISOLATE (style -number) in its place (the
    isolate's direction is its first piece's isolate_rtl)."""
    styles: list[Piece] = []
    chars: list[StyledChar] = []
    isolates: dict[int, list[StyledChar]] = {}
    end = None
    for piece in line:
        gap: list[StyledChar] = []
        if end is not None and piece.x > end:
            space = stringWidth(" ", styles[-1].font, styles[-1].size)
            gap = [StyledChar(" ", len(styles) - 1)] * max(1, round((piece.x - end) / space))
        own = [StyledChar(char, len(styles)) for char in piece.text]
        if piece.isolate and piece.isolate in isolates:
            isolates[piece.isolate] += gap + own
        elif piece.isolate:
            chars += [*gap, StyledChar(ISOLATE, -piece.isolate)]
            isolates[piece.isolate] = own
        else:
            chars += gap + own
        styles.append(piece)
        end = piece.x + stringWidth(piece.text, piece.font, piece.size)
    return styles, chars, isolates


def visual_line(line: Line, rtl: bool, width: float, indent: float) -> Line:
    """A line of pieces (logical order) in display order by the bidi algorithm, each isolate
    reordered by itself, left to right; a line of a right-to-left paragraph is set flush right."""
    if not line or (not rtl and not has_rtl("".join(piece.text for piece in line))):
        return line
    styles, chars, isolates = _logical(line)
    shown: list[StyledChar] = []
    directions = {piece.isolate: piece.isolate_rtl for piece in reversed(line) if piece.isolate}
    for entry in reorder(chars, rtl):
        if entry.char == ISOLATE and entry.style < 0:
            shown += reorder(isolates[-entry.style], directions[-entry.style])
        else:
            shown.append(entry)

    def key(index: int) -> tuple[str, float, str]:
        return styles[index].font, styles[index].size, styles[index].colour

    groups = [
        (_drawable(text, styles[i].font), i) for text, i in regroup(shown, lambda a, b: key(a) == key(b))
    ]
    widths = [stringWidth(text, styles[i].font, styles[i].size) for text, i in groups]
    x = max(indent, width - sum(widths)) if rtl else indent
    result: Line = []
    for (text, index), piece_width in zip(groups, widths, strict=True):
        style = styles[index]
        result.append(Piece(x, text, style.font, style.size, style.colour))
        x += piece_width
    return result


def _drawable(text: str, font: str) -> str:
    """Mirrored characters as their aliases where `font` has them (pdf_fonts gives them to our
    TrueType faces), else as the mirror characters themselves (a CID font)."""
    if not any(is_mirror_alias(char) for char in text):
        return text
    glyphs = getattr(getattr(getFont(font), "face", None), "charToGlyph", None) or {}
    return "".join(char if ord(char) in glyphs else unaliased(char) for char in text)


class NoteFlowable(Flowable):
    """A label (the note's time) in a left column, and the note's runs wrapped beside it."""

    def __init__(
        self,
        label: Run | None,
        runs: list[Run],
        leading: float,
        indent: float,
        space_after: float = 2.5,
        lines: list[Line] | None = None,
        rtl: bool = False,
        ascent: float | None = None,
    ):
        super().__init__()
        self.label = label
        self.runs = runs
        self.leading = leading
        self.indent = indent
        self.space_after = space_after
        self.lines: list[Line] = lines or []
        self.rtl = rtl  # the paragraph's direction (UAX #9), for every line of it
        # first baseline below the top: a note's, or a Paragraph's (its font's ascent) for pdf_typed
        self.ascent = self.leading * 0.8 if ascent is None else ascent
        # A part made by split holds only its own lines: breaking `runs` (the whole note) again
        # would put the whole note in every part, and a table splitting a tall row went on
        # splitting for ever (a 12,500-character Hebrew site).
        self._part = lines is not None
        self._wrapped = lines is not None
        self._wrapped_width: float | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if not self._part and (not self._wrapped or self._wrapped_width not in (None, available_width)):
            self.lines = [
                _merge(visual_line(line, self.rtl, available_width, self.indent))
                for line in break_lines(self.runs, available_width, self.indent)
            ]
            self._wrapped = True
        self._wrapped_width = available_width
        self.width = available_width
        self.height = self.leading * len(self.lines) + self.space_after
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        # reportlab's Table splits a row's cell at the column's width but wraps it at that width
        # less the cell's padding: the parts keep the lines of the width it was laid out at.
        self.wrap(self._wrapped_width or available_width, available_height)
        fit = int((available_height - self.space_after) // self.leading)
        if fit < 1 or fit >= len(self.lines):
            return []
        first = NoteFlowable(
            self.label, self.runs, self.leading, self.indent, 0, self.lines[:fit], self.rtl, self.ascent
        )
        rest = NoteFlowable(
            None,
            self.runs,
            self.leading,
            self.indent,
            self.space_after,
            self.lines[fit:],
            self.rtl,
            self.ascent,
        )
        return [first, rest]

    def draw(self) -> None:
        canvas = self.canv
        y = self.height - self.space_after - self.ascent
        state: tuple[str, float, str] | None = None
        first_line = (
            [Piece(0.0, self.label.text, self.label.font, self.label.size, self.label.colour)]
            if self.label
            else []
        )
        for index, line in enumerate(self.lines):
            for piece in (first_line + line) if index == 0 else line:
                if state != (piece.font, piece.size, piece.colour):
                    canvas.setFont(piece.font, piece.size)
                    canvas.setFillColor(colors.HexColor(piece.colour))
                    state = (piece.font, piece.size, piece.colour)
                canvas.drawString(piece.x, y, piece.text)
            y -= self.leading
