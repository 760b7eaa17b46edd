"""The shaded conceptual map as text: a Rich table for colour terminals and the TUI, and
plain aligned text (with the level as a bar) for pipes and documents."""

from __future__ import annotations

import textwrap

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Span, Text

from ppei_tui.domain.mapping import (
    LEVEL_LABELS,
    SHADE_COLOURS,
    SHADE_LEVELS,
    SHADE_TEXT_COLOURS,
    SHORT_LEVEL_LABELS,
    MapCounts,
)
from ppei_tui.domain.wording import count as count_of
from ppei_tui.outputs.packing import bands

PLAIN_BARS = (" " * SHADE_LEVELS, "#" + " " * 3, "##  ", "### ", "####")
GAP = 2  # spaces between element columns


def _cell_label(counts: MapCounts, cell: tuple[str, str]) -> str:
    count = counts.count(*cell)
    return f" {cell[1]} {count} " if count else f" {cell[1]} "


def _plain_cell(counts: MapCounts, cell: tuple[str, str]) -> str:
    count = counts.count(*cell)
    return f"[{PLAIN_BARS[counts.level(*cell)]}] {cell[1]} {count if count else '-'}"


def _header(counts: MapCounts, index: int, compact: bool) -> list[str]:
    element = counts.template.elements[index]
    total = counts.element_total(element.code)
    tags = f"{total} tag" + ("" if total == 1 else "s")
    if compact:
        return [f"{element.name} ({element.code}) · {total}"]
    return [f"{element.name} ({element.code})", tags]


def _column_widths(counts: MapCounts, compact: bool, label) -> list[int]:
    widths = []
    for index, element in enumerate(counts.template.elements):
        texts = _header(counts, index, compact) + [label(counts, (element.code, v)) for v in element.verbs]
        widths.append(max(cell_len(t) for t in texts))
    return widths


def _band_table(counts: MapCounts, columns: list[int], compact: bool, width: int) -> Table:
    elements = counts.template.elements
    widths = _column_widths(counts, compact, _cell_label)
    fits = sum(widths[i] for i in columns) + GAP * (len(columns) - 1) <= width
    table = Table(show_lines=False, pad_edge=False, expand=False, box=None, padding=(0, 1))
    for index in columns:
        header = Text("\n".join(_header(counts, index, compact)))  # a str header is read as markup
        table.add_column(
            header, no_wrap=fits, overflow="fold", min_width=min(widths[index], width), justify="left"
        )
    longest = max(len(elements[i].verbs) for i in columns)
    for row in range(longest):
        cells = []
        for index in columns:
            verbs = elements[index].verbs
            if row >= len(verbs):
                cells.append(Text(""))
                continue
            cell = (elements[index].code, verbs[row])
            level = counts.level(*cell)
            cells.append(Text(_cell_label(counts, cell), style=_shade_style(level)))
        table.add_row(*cells)
    return table


def flow(out: Text, label: str, pieces: list[tuple[str, str]], width: int, indent: int = 4) -> None:
    """Append `label` then each (text, style) piece, wrapping between pieces (never inside one)
    so every name and count stays whole on its line.

    Built as one string with its style spans and appended once: appending piece by piece cost
    the observe screen's map about 15 ms per saved note with 120 codes."""
    parts = cell_lines(label, width)
    used = cell_len(parts[-1]) if parts else 0
    position = sum(len(part) for part in parts)
    spans: list[Span] = []
    for text, style in pieces:
        size = cell_len(text)
        if used + 1 + size > width:
            parts.append("\n" + " " * indent)
            position += 1 + indent
            used = indent
        parts.append(" " + text)
        if style:
            spans.append(Span(position + 1, position + 1 + len(text), style))
        position += 1 + len(text)
        used += 1 + size
    parts.append("\n")
    out.append_text(Text("".join(parts), spans=spans))


def _shade_style(level: int) -> str:
    return f"{SHADE_TEXT_COLOURS[level]} on {SHADE_COLOURS[level]}" if level else "dim"


def element_paragraph(counts: MapCounts, index: int, width: int) -> Text:
    """One element of the map as a paragraph no wider than `width`: `Name (CODE) · total:`
    then its shaded verbs, wrapped between verbs (never inside a name or a count)."""
    element = counts.template.elements[index]
    out = Text()
    label = f"{element.name} ({element.code}) · {counts.element_total(element.code)}:"
    pieces = [
        (
            _cell_label(counts, (element.code, verb)).strip(),
            _shade_style(counts.level(element.code, verb)),
        )
        for verb in element.verbs
    ]
    flow(out, label, pieces, width)
    out.rstrip()
    return out


def flowing_map(counts: MapCounts, width: int) -> Text:
    """The map as one paragraph per element (`Name (CODE) · total:` then its shaded verbs),
    for a screen too small for the grid: every name and count whole, in few lines."""
    out = Text("\n").join(element_paragraph(counts, i, width) for i in range(len(counts.template.elements)))
    out.rstrip()
    return out


def grid_text(counts: MapCounts) -> Text:
    """The compact grid (one column per element: its `Name (CODE) · total` in bold, then its
    shaded verbs) as one Text, drawn as map_table(compact=True) draws it where it fits side by
    side (grid_fits): columns as wide as their widest line, two spaces apart. The observe
    screen's panel draws this: laying out a Rich Table was a good part of its first frame."""
    elements = counts.template.elements
    widths = _column_widths(counts, True, _cell_label)
    parts: list[str] = []
    spans: list[Span] = []
    position = 0

    def cell(text: str, width: int, style: str, last: bool) -> None:
        nonlocal position
        if text:  # a shaded cell is shaded across its column, as a table cell is
            text += " " * (width - cell_len(text))
            if style:
                spans.append(Span(position, position + len(text), style))
        gap = "" if last else " " * (width - cell_len(text) + GAP)
        parts.append(text + gap)
        position += len(text) + len(gap)

    for row in range(grid_height(counts)):
        if row:
            parts.append("\n")
            position += 1
        for index, element in enumerate(elements):
            last = index == len(elements) - 1
            if row == 0:
                cell(_header(counts, index, True)[0], widths[index], "bold", last)
            elif row - 1 < len(element.verbs):
                verb = (element.code, element.verbs[row - 1])
                cell(_cell_label(counts, verb), widths[index], _shade_style(counts.level(*verb)), last)
            else:
                cell("", widths[index], "", last)
    return Text("".join(parts), spans=spans)


def grid_fits(counts: MapCounts, width: int) -> bool:
    """Whether the compact grid (one column per element) fits side by side in `width` cells."""
    return len(bands(_column_widths(counts, True, _cell_label), width, GAP)) == 1


def grid_height(counts: MapCounts) -> int:
    """Lines of the compact grid: its header and the longest element's verbs."""
    return 1 + max((len(e.verbs) for e in counts.template.elements), default=0)


class BandedMap:
    """The map as Rich tables, elements packed into bands that fit the width it is drawn at
    (the console's, or the widget's), so no code name or count is ever cut."""

    def __init__(self, counts: MapCounts, title: str = "", compact: bool = False, width: int | None = None):
        self.counts, self.title, self.compact, self.width = counts, title, compact, width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = min(self.width or options.max_width, options.max_width)
        if self.title:
            yield Text(self.title, style="bold")
        widths = _column_widths(self.counts, self.compact, _cell_label)
        planned = bands(widths, width, GAP)
        if self.compact and len(planned) > 1:
            yield flowing_map(self.counts, width)  # the grid would not fit side by side
            return
        for number, band in enumerate(planned):
            if number:
                yield Text("")
            yield _band_table(self.counts, band, self.compact, width)


def map_table(
    counts: MapCounts, title: str = "", compact: bool = False, width: int | None = None
) -> BandedMap:
    return BandedMap(counts, title, compact, width)


def legend() -> Text:
    text = Text("Shading (relative to the busiest verb): ")
    for level, label in enumerate(SHORT_LEVEL_LABELS):
        style = f"{SHADE_TEXT_COLOURS[level]} on {SHADE_COLOURS[level]}" if level else "dim"
        text.append(f" {level} ", style=style)
        text.append(f" {label}  ")
    return text


def map_renderable(
    counts: MapCounts, title: str = "", compact: bool = False, width: int | None = None
) -> Group:
    return Group(map_table(counts, title, compact, width), legend())


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def cell_lines(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells: broken at spaces and after hyphens, else hard."""
    if cell_len(text) <= width:
        return [text]
    lines = textwrap.wrap(text, width=width, break_on_hyphens=True, break_long_words=False) or [text]
    out: list[str] = []
    for line in lines:
        while cell_len(line) > width:
            cut = max(1, next(i for i in range(len(line), 0, -1) if cell_len(line[:i]) <= width))
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


def plain_map(counts: MapCounts, title: str = "", width: int = 80) -> str:
    """Aligned text no wider than `width`: each cell is `[bar] verb count`, the bar showing the
    shade level. Elements that do not fit side by side continue in a further band below."""
    elements = counts.template.elements
    widths = [min(w, width) for w in _column_widths(counts, False, _plain_cell)]
    headers = [" ".join(_header(counts, i, False)).replace(") ", "): ", 1) for i in range(len(elements))]
    widths = [min(max(w, cell_len(h)), width) for w, h in zip(widths, headers, strict=True)]
    lines: list[str] = []
    if title:
        lines += cell_lines(title, width) + [""]
    for number, band in enumerate(bands(widths, width, GAP)):
        if number:
            lines.append("")
        columns = [
            [cell_lines(headers[i], widths[i]), ["-" * widths[i]]]
            + [cell_lines(_plain_cell(counts, (elements[i].code, v)), widths[i]) for v in elements[i].verbs]
            for i in band
        ]
        for row in range(max(len(c) for c in columns)):
            blocks = [c[row] if row < len(c) else [""] for c in columns]
            for part in range(max(len(b) for b in blocks)):
                texts = [
                    _pad(b[part] if part < len(b) else "", widths[i])
                    for b, i in zip(blocks, band, strict=True)
                ]
                lines.append((" " * GAP).join(texts).rstrip())
    lines.append("")
    legend_text = (
        f"{count_of(counts.notes_counted, 'note')} counted; busiest verb {counts.busiest}. Shading: "
        + "; ".join(f"[{PLAIN_BARS[i]}] {label}" for i, label in enumerate(LEVEL_LABELS))
    )
    lines += textwrap.wrap(legend_text, width=width, break_on_hyphens=False)
    return "\n".join(lines)


def _compare_lines(maps: list[MapCounts], titles: list[str]) -> list[tuple[str, list[str]]]:
    """(heading, lines) sections describing how the maps differ; sessions lettered A, B, ..."""
    from ppei_tui.domain.review import compare_maps, differences

    letters = [chr(ord("A") + index) for index in range(len(titles))]
    rows = compare_maps(maps)
    partial, differing = differences(rows)
    names = {e.code: e.name for e in maps[0].template.elements}

    def describe(row) -> str:
        counts = ", ".join(f"{letter} {count}" for letter, count in zip(letters, row.counts, strict=True))
        return f"{names[row.element]} · {row.verb}: {counts}"

    sections = [("Sessions", [f"{letter} = {title}" for letter, title in zip(letters, titles, strict=True)])]
    for index, letter in enumerate(letters):
        only = [r for r in partial if r.seen_in[index] and sum(r.seen_in) == 1]
        sections.append((f"Seen only in {letter}", [describe(r) for r in only] or ["(none)"]))
    missing = [r for r in partial if sum(r.seen_in) > 1]
    if missing:
        sections.append(("Seen in some but not all", [describe(r) for r in missing]))
    sections.append(("Seen in all, with different counts", [describe(r) for r in differing] or ["(none)"]))
    return sections


def plain_compare(maps: list[MapCounts], titles: list[str], width: int = 80) -> str:
    parts = [plain_map(counts, title, width) for counts, title in zip(maps, titles, strict=True)]
    lines = ["Differences", "==========="]
    for heading, entries in _compare_lines(maps, titles):
        lines += ["", heading] + [f"  {entry}" for entry in entries]
    return "\n\n".join(parts + ["\n".join(lines)])


def compare_renderable(maps: list[MapCounts], titles: list[str]) -> Group:
    items: list = []
    for counts, title in zip(maps, titles, strict=True):
        items += [map_table(counts, title, compact=True), Text("")]
    items.append(legend())
    for heading, entries in _compare_lines(maps, titles):
        items.append(Text(f"\n{heading}", style="bold"))
        items += [Text(f"  {entry}") for entry in entries]
    return Group(*items)
