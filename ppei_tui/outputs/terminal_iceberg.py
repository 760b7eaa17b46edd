"""The iceberg as text for `ppei map --iceberg`: the verbs above the waterline (seen or said),
a waterline, the verbs below (inferred only), each shaded or marked by the map's scale."""

from __future__ import annotations

import textwrap

from rich.text import Text

from ppei_tui.domain.analysis import Iceberg, IcebergCell
from ppei_tui.domain.mapping import SHADE_COLOURS, SHADE_TEXT_COLOURS, shade_level
from ppei_tui.domain.template import Template
from ppei_tui.domain.wording import count as count_of
from ppei_tui.outputs.terminal_map import PLAIN_BARS, cell_lines, flow

WATERLINE_RULE = (
    "Above the waterline: verbs with at least one note seen or said in the meeting. Below: verbs "
    "evidenced only by the observer's inferences. An observer reflection always counts below."
)


def iceberg_text(ice: Iceberg, template: Template, title: str, width: int, colour: bool) -> Text:
    """The iceberg as the figure: the part above the waterline, a waterline across the width,
    the part below; verbs grouped by element, each shaded (or marked) by the map's scale.
    Each verb takes one cell, so the larger part takes visibly more lines."""
    busiest = ice.busiest
    names = {e.code: e.name for e in template.elements}
    out = Text()
    for line in cell_lines(title, width):
        out.append(line + "\n", style="bold")

    def cell(c: IcebergCell, above: bool) -> tuple[str, str]:
        level = shade_level(c.total, busiest)
        counts = c.counts_label(above)
        if colour:
            style = f"{SHADE_TEXT_COLOURS[level]} on {SHADE_COLOURS[level]}"
            return f" {c.verb} {counts} ", style
        return f"[{PLAIN_BARS[level]}] {c.verb} {counts}", ""

    def part(rows: list[tuple[str, list[IcebergCell]]], above: bool) -> None:
        if not rows:
            out.append("  (none)\n", style="dim")
        for code, cells in rows:
            flow(out, f"  {names.get(code, code)} ({code}):", [cell(c, above) for c in cells], width)

    grouped = ice.by_element([e.code for e in template.elements])
    above = [(code, up) for code, up, _ in grouped if up]
    below = [(code, down) for code, _, down in grouped if down]
    above_verbs, below_verbs = count_of(len(ice.above), "verb"), count_of(len(ice.below), "verb")
    out.append(f"Above the waterline: seen or said in the meeting ({above_verbs})\n", style="bold")
    part(above, True)
    marker = " waterline "
    side = max(0, (width - len(marker)) // 2)
    out.append(
        "~" * side + marker + "~" * max(0, width - side - len(marker)) + "\n",
        style="bold blue" if colour else "",
    )
    out.append(f"Below the waterline: inferred by the observer only ({below_verbs})\n", style="bold")
    part(below, False)
    out.append("\n")
    rule = (
        WATERLINE_RULE
        + " Counts: n seen or said, +ni inferred. Shading as in the map, relative to the busiest verb."
    )
    for line in textwrap.wrap(rule, width=width):
        out.append(line + "\n", style="dim" if colour else "")
    return out
