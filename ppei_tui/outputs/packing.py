"""Greedy in-order packing, the one rule every banded layout follows: the terminal map's bands
and the map panel's pages (cells), the tag picker's option lines (cells), the PDF map's bands
(points) and the PDF iceberg's rows of verbs (points)."""

from __future__ import annotations

from collections.abc import Sequence


def bands(widths: Sequence[float], width: float, gap: float) -> list[list[int]]:
    """Indexes of `widths`, in order, packed into bands no wider than `width`, `gap` between
    neighbours: a band takes the next item while it fits, else a new band starts with it. Each
    band holds at least one item (one wider than `width` gets a band of its own); no items, no
    bands. Units are the caller's: terminal cells (ints) or PDF points (floats)."""
    result: list[list[int]] = []
    used: float = 0
    for index, size in enumerate(widths):
        if result and used + gap + size <= width:
            result[-1].append(index)
            used += gap + size
        else:
            result.append([index])
            used = size
    return result
