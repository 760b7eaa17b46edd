"""The session list's columns fitted to the screen's width (ui/sessions.py draws them).

When the table is wider than the screen: the file name is cut with "…" first (it is shown in
full under the table), then the WRAPPED columns wrap their words (rows grow taller). When even
that does not fit (80 columns), the DROPPED columns are left out, file first: the highlighted
session's values of those are shown under the table. So every column left stays on screen, the
state column, with its [COPY] warning, included.
"""

from __future__ import annotations

SORT_COLUMNS = ["date", "cop", "site", "observer", "duration", "notes", "state", "file"]
COLUMNS = ["mark", *SORT_COLUMNS]  # the mark column ("●": marked for comparing) first
# The state column wraps too: a copy's "finished [COPY]" keeps its warning whole when narrow.
WRAPPED = ("cop", "site", "observer", "state")
CUT = "file"
DROPPED = ("file", "duration")  # left out in this order when the others' least widths overflow
WRAP_MIN = 10  # cells a wrapped column keeps at least (initials, a short word whole)
WORD_MAX = 16  # a longer word is broken rather than widen its column further
CUT_MIN = 12


def fit_widths(natural: dict[str, int], room: int, words: dict[str, int] | None = None) -> dict[str, int]:
    """Content widths (cells, padding excluded) for columns whose widest content is `natural`,
    in `room` cells: every column's natural width if they fit; else the file column gives way
    first (down to CUT_MIN), then each WRAPPED column keeps at least its longest word (`words`,
    between WRAP_MIN and WORD_MAX) and the rest goes to the column lacking least first, so as
    many as can be show their values whole.
    Below those minimums the table scrolls sideways."""
    widths = dict(natural)
    if sum(widths.values()) <= room:
        return widths
    fixed = sum(w for name, w in natural.items() if name not in WRAPPED and name != CUT)
    wrapped = {name: natural[name] for name in WRAPPED if name in natural}
    if CUT in natural:
        widths[CUT] = max(min(natural[CUT], CUT_MIN), room - fixed - sum(wrapped.values()))
    budget = room - fixed - widths.get(CUT, 0)
    if sum(wrapped.values()) <= budget:
        return widths
    words = words or {}
    for name, wanted in wrapped.items():
        widths[name] = min(wanted, max(WRAP_MIN, min(words.get(name, 0), WORD_MAX)))
    spare = budget - sum(widths[name] for name in wrapped)
    for name in sorted(wrapped, key=lambda n: wrapped[n] - widths[n]):  # whole columns first
        give = max(0, min(spare, wrapped[name] - widths[name]))
        widths[name] += give
        spare -= give
    return widths


def fit_columns(natural: dict[str, int], room: int, padding: int, words: dict[str, int]) -> dict[str, int]:
    """The columns shown and their content widths (fit_widths) in `room` cells, each column
    taking `padding` cells more: the DROPPED columns are left out, in order, while the fitted
    widths still overflow `room`. Dict order is COLUMNS' order."""
    shown = dict(natural)
    for name in DROPPED:
        widths = fit_widths(shown, room - padding * len(shown), words)
        if sum(widths.values()) + padding * len(widths) <= room:
            return widths
        shown.pop(name, None)
    return fit_widths(shown, room - padding * len(shown), words)
