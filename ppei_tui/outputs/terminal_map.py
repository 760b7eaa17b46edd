"""The shaded conceptual map as text: a Rich table for colour terminals and the TUI, and
plain aligned text (with the level as a bar) for pipes and documents."""

from __future__ import annotations

from itertools import zip_longest

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ppei_tui.domain.mapping import (
    LEVEL_LABELS,
    SHADE_COLOURS,
    SHADE_LEVELS,
    SHADE_TEXT_COLOURS,
    SHORT_LEVEL_LABELS,
    MapCounts,
)

PLAIN_BARS = (" " * SHADE_LEVELS, "#" + " " * 3, "##  ", "### ", "####")


def _rows(counts: MapCounts) -> list[tuple[tuple[str, str] | None, ...]]:
    columns = [[(e.code, v) for v in e.verbs] for e in counts.template.elements]
    return list(zip_longest(*columns))


def map_table(counts: MapCounts, title: str = "", compact: bool = False) -> Table:
    table = Table(title=title or None, show_lines=False, pad_edge=False, expand=False, box=None)
    for element in counts.template.elements:
        total = counts.element_total(element.code)
        header = f"{element.name} ({element.code})"
        label = f"{header} · {total}" if compact else f"{header}\n{total} tags"
        table.add_column(label, no_wrap=True, justify="left")
    for row in _rows(counts):
        cells = []
        for cell in row:
            if cell is None:
                cells.append(Text(""))
                continue
            count = counts.count(*cell)
            level = counts.level(*cell)
            label = f" {cell[1]} {count} " if count else f" {cell[1]} "
            style = f"{SHADE_TEXT_COLOURS[level]} on {SHADE_COLOURS[level]}" if level else "dim"
            cells.append(Text(label, style=style))
        table.add_row(*cells)
    return table


def legend() -> Text:
    text = Text("Shading (relative to the busiest verb): ")
    for level, label in enumerate(SHORT_LEVEL_LABELS):
        style = f"{SHADE_TEXT_COLOURS[level]} on {SHADE_COLOURS[level]}" if level else "dim"
        text.append(f" {level} ", style=style)
        text.append(f" {label}  ")
    return text


def map_renderable(counts: MapCounts, title: str = "", compact: bool = False) -> Group:
    return Group(map_table(counts, title, compact), legend())


def plain_map(counts: MapCounts, title: str = "") -> str:
    """Aligned text: each cell is `verb count [bar]`, the bar showing the shade level."""
    cells_text: list[list[str]] = []
    headers = [f"{e.name} ({e.code}): {counts.element_total(e.code)}" for e in counts.template.elements]
    for row in _rows(counts):
        line = []
        for cell in row:
            if cell is None:
                line.append("")
                continue
            count = counts.count(*cell)
            bar = PLAIN_BARS[counts.level(*cell)]
            line.append(f"[{bar}] {cell[1]} {count if count else '-'}")
        cells_text.append(line)
    widths = [max([len(h)] + [len(r[i]) for r in cells_text]) for i, h in enumerate(headers)]
    lines = []
    if title:
        lines += [title, ""]
    lines.append("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    for row in cells_text:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)).rstrip())
    lines.append("")
    lines.append(
        f"{counts.notes_counted} notes counted; busiest verb {counts.busiest}. Shading: "
        + "; ".join(f"[{PLAIN_BARS[i]}] {label}" for i, label in enumerate(LEVEL_LABELS))
    )
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


def plain_compare(maps: list[MapCounts], titles: list[str]) -> str:
    parts = [plain_map(counts, title) for counts, title in zip(maps, titles, strict=True)]
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
