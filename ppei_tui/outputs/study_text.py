"""The study as text: the per-meeting table, sparklines per element (or practice set) and per
verb, and the sites side by side. Plain aligned text for pipes; Rich tables on a terminal.

Sparklines and bars are drawn with the eight block characters; `·` is zero.
- a share bar (one per meeting and element) is on an absolute scale: the block of
  ceil(8 x share), so a full block is 100% of the meeting's tags;
- a sparkline is scaled to its own highest value (a full block), so its shape shows the rise
  and fall; the line's minimum and maximum are printed beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ppei_tui.domain.controls import one_line
from ppei_tui.domain.session import format_offset
from ppei_tui.domain.study import Dimension, Figure, Study
from ppei_tui.domain.wording import count as count_of

if TYPE_CHECKING:  # Rich is imported only for a terminal: piped output starts faster without it
    from rich.console import Group
    from rich.table import Table

BLOCKS = "▁▂▃▄▅▆▇█"
ZERO_MARK = "·"
GROUP_SEPARATOR = "|"
DEFAULT_COLOURS = ["#2E6DB4", "#B5651D", "#2E8B57", "#8E44AD", "#C0392B", "#7F8C8D", "#D4AC0D"]


def block(fraction: float) -> str:
    """The block for a value 0..1 of its scale (ZERO_MARK for 0 or less)."""
    if fraction <= 0:
        return ZERO_MARK
    return BLOCKS[min(len(BLOCKS), math.ceil(len(BLOCKS) * min(fraction, 1.0))) - 1]


def sparkline(values: list[float]) -> str:
    highest = max(values, default=0.0)
    return "".join(block(v / highest if highest else 0.0) for v in values)


def percent(fraction: float) -> str:
    return f"{100 * fraction:.0f}%"


def figure_cell(figure: Figure) -> str:
    """`▃ 31% 140  84`: share bar, share of tags, per 100 notes, raw count."""
    return f"{block(figure.share)}{percent(figure.share):>3} {figure.per_100_notes:>3.0f} {figure.count:>3}"


FIGURE_LEGEND = "each cell: share bar, share of tags, per 100 notes, count"


def dimension_words(dimension: Dimension) -> tuple[str, str]:
    """(what a category is, what its count counts)."""
    if dimension is Dimension.PRACTICE:
        return "practice set", "notes labelled"
    return "element", "tags"


@dataclass(frozen=True)
class TextTable:
    """Headers and rows of cell strings; `breaks` are row indexes that start a new group."""

    headers: list[str]
    rows: list[list[str]]
    breaks: frozenset[int] = frozenset()
    numeric_from: int = 0
    shrinkable: frozenset[int] = frozenset()  # columns of names that may wrap on a terminal


def meeting_table(study: Study, dimension: Dimension) -> TextTable:
    categories = study.categories(dimension)
    headers = ["date", "CoP", "site", "observer", "duration", "notes", "tags"]
    headers += [key for key, _ in categories]
    rows: list[list[str]] = []
    breaks: set[int] = set()
    for _, meetings in study.groups():
        breaks.add(len(rows))
        for meeting in meetings:
            info = meeting.session.info
            rows.append(
                [
                    info.date,
                    one_line(info.cop),
                    one_line(info.site) or "-",
                    one_line(info.observer_label()) or "-",
                    format_offset(meeting.session.duration()),
                    str(meeting.notes),
                    str(meeting.tags),
                    *[figure_cell(meeting.figure(dimension, key)) for key, _ in categories],
                ]
            )
    return TextTable(headers, rows, frozenset(breaks - {0}), numeric_from=4, shrinkable=frozenset({1, 2, 3}))


def _grouped(study: Study, values: list[float]) -> str:
    """A sparkline over the meetings in study order with `|` between CoP/site groups."""
    parts, index = [], 0
    for _, meetings in study.groups():
        parts.append(values[index : index + len(meetings)])
        index += len(meetings)
    highest = max(values, default=0.0)
    return GROUP_SEPARATOR.join(
        "".join(block(v / highest if highest else 0.0) for v in part) for part in parts
    )


def trend_table(study: Study, dimension: Dimension) -> TextTable:
    rows = []
    for key, label in study.categories(dimension):
        shares = [m.figure(dimension, key).share for m in study.meetings]
        per_100 = [m.figure(dimension, key).per_100_notes for m in study.meetings]
        total = study.pooled(study.meetings, dimension, key)
        rows.append(
            [
                key if key == label else f"{key} {label}",
                _grouped(study, shares),
                f"{percent(min(shares))}-{percent(max(shares))}",
                _grouped(study, per_100),
                f"{min(per_100):.0f}-{max(per_100):.0f}",
                str(total.count),
            ]
        )
    headers = [dimension_words(dimension)[0], "share of tags", "range", "per 100 notes", "range", "count"]
    return TextTable(headers, rows, numeric_from=5)


def verb_table(study: Study) -> TextTable:
    rows = []
    for element, verb in study.template.verb_cells():
        figures = [m.verb_figure(element, verb) for m in study.meetings]
        shares = [f.share for f in figures]
        count = sum(f.count for f in figures)
        rows.append(
            [
                f"{element}.{verb}",
                _grouped(study, shares),
                f"{percent(max(shares))}" if count else "never",
                str(sum(1 for f in figures if f.count)),
                str(count),
            ]
        )
    return TextTable(["verb", "share of tags", "highest", "meetings", "count"], rows, numeric_from=3)


def site_table(study: Study, dimension: Dimension) -> TextTable:
    sites = study.sites()
    headers = [dimension_words(dimension)[0]] + [one_line(site) or "(no site)" for site in sites]
    rows = []
    for key, label in study.categories(dimension):
        cells = [figure_cell(study.site_figure(site, dimension, key)) for site in sites]
        rows.append([key if key == label else f"{key} {label}", *cells])
    notes = [str(sum(m.notes for m in study.meetings if m.site == site)) for site in sites]
    meetings = [str(sum(1 for m in study.meetings if m.site == site)) for site in sites]
    rows.append(["meetings", *meetings])
    rows.append(["notes", *notes])
    return TextTable(headers, rows, numeric_from=1)


def heading(study: Study, dimension: Dimension) -> list[str]:
    first, last = study.date_range()
    template = study.template
    lines = [
        f"Study of {count_of(len(study.meetings), 'meeting')}, {first} to {last}: "
        f"{count_of(len(study.cops()), 'CoP')}, "
        f"{count_of(len(study.sites()), 'site')}, template {template.id} v{template.version}; "
        f"{study.study_filter.describe()}",
    ]
    if dimension is Dimension.ELEMENT:
        lines.append("Elements: " + ", ".join(f"{e.code} {e.name}" for e in template.elements))
    lines += [f"warning: {w}" for w in study.warnings]
    lines += [f"skipped {s.path.name}: {s.reason}" for s in study.skipped]
    return lines


def sections(study: Study, dimension: Dimension) -> list[tuple[str, TextTable]]:
    word, counts_what = dimension_words(dimension)
    share_rule = "share of tags" if dimension is Dimension.ELEMENT else "share of practice-set labels"
    return [
        (
            f"Meetings by CoP and site, by date ({FIGURE_LEGEND}; per {word}: {counts_what})",
            meeting_table(study, dimension),
        ),
        (
            f"Across the meetings, per {word} ({share_rule} and per 100 notes; | between CoP/site groups; "
            "each line scaled to its own highest value)",
            trend_table(study, dimension),
        ),
        ("Across the meetings, per verb (share of the meeting's tags)", verb_table(study)),
        (
            f"Sites side by side, pooled over each site's meetings ({FIGURE_LEGEND})",
            site_table(study, dimension),
        ),
    ]


def plain_table(table: TextTable) -> list[str]:
    widths = [max([len(h)] + [len(r[i]) for r in table.rows]) for i, h in enumerate(table.headers)]

    def line(cells: list[str]) -> str:
        padded = [
            cell.rjust(width) if index >= table.numeric_from and table.numeric_from else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    lines = [line(table.headers), "  ".join("-" * w for w in widths)]
    for index, row in enumerate(table.rows):
        if index in table.breaks:
            lines.append("")
        lines.append(line(row))
    return lines


def plain_study(study: Study, dimension: Dimension = Dimension.ELEMENT) -> str:
    lines = heading(study, dimension)
    for title, table in sections(study, dimension):
        lines += ["", title, ""] + plain_table(table)
    never = study.verbs_never_observed()
    lines += ["", "Never observed in the study: " + (", ".join(f"{e}.{v}" for e, v in never) or "(none)")]
    return "\n".join(lines)


def _colours(study: Study, dimension: Dimension) -> dict[str, str]:
    if dimension is Dimension.PRACTICE:
        return {}
    return {
        e.code: e.colour or DEFAULT_COLOURS[i % len(DEFAULT_COLOURS)]
        for i, e in enumerate(study.template.elements)
    }


def rich_table(table: TextTable, colours: dict[str, str], title: str) -> Table:
    from rich.table import Table
    from rich.text import Text

    rich = Table(title=title or None, title_justify="left", box=None, pad_edge=False, header_style="bold")
    for index, header in enumerate(table.headers):
        figures = bool(table.numeric_from) and index >= table.numeric_from
        # Only names (CoP, site, observer) may wrap; figures and sparklines keep their width.
        shrink = index in table.shrinkable
        width = max([len(header)] + [len(row[index]) for row in table.rows])
        rich.add_column(
            header,
            justify="right" if figures else "left",
            no_wrap=not shrink,
            style=colours.get(header, ""),
            min_width=None if shrink else width,
            max_width=16 if shrink else None,
        )
    for index, row in enumerate(table.rows):
        if index in table.breaks:
            rich.add_section()
        first = row[0].split(" ")[0]
        style = colours.get(first, "") if index >= 0 and table.headers[0] != "date" else ""
        cells = [Text(cell, style=style if col in (1, 3) else "") for col, cell in enumerate(row)]
        rich.add_row(*cells)
    return rich


def table_width(table: TextTable) -> int:
    """The columns' widths plus two spaces between each: what the table needs on one line."""
    widths = [max([len(h)] + [len(r[i]) for r in table.rows]) for i, h in enumerate(table.headers)]
    return sum(widths) + 2 * (len(widths) - 1)


def split_meetings(table: TextTable, figures_from: int = 7) -> list[TextTable]:
    """A too-wide meeting table as two: who/when/how long, then the date and the figures."""
    who = TextTable(
        table.headers[:figures_from],
        [r[:figures_from] for r in table.rows],
        table.breaks,
        4,
        table.shrinkable,
    )
    figures = TextTable(
        table.headers[:1] + table.headers[figures_from:],
        [r[:1] + r[figures_from:] for r in table.rows],
        table.breaks,
        1,
    )
    return [who, figures]


def rich_study(study: Study, dimension: Dimension = Dimension.ELEMENT, width: int = 200) -> Group:
    """The study for a terminal `width` columns wide; a meeting table wider than that is shown
    as two tables (meetings, then their figures), so no column is dropped."""
    from rich.console import Group
    from rich.text import Text

    colours = _colours(study, dimension)
    items: list = [
        Text(line, style="bold" if i == 0 else "dim") for i, line in enumerate(heading(study, dimension))
    ]
    for index, (title, table) in enumerate(sections(study, dimension)):
        parts = [table]
        if index == 0 and table_width(table) > width:
            parts = split_meetings(table)
        for number, part in enumerate(parts):
            items += [Text(""), rich_table(part, colours, title if number == 0 else "")]
    never = study.verbs_never_observed()
    items += [
        Text(""),
        Text("Never observed in the study: " + (", ".join(f"{e}.{v}" for e, v in never) or "(none)")),
    ]
    return Group(*items)
