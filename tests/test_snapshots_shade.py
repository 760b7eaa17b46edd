"""Snapshots of the shading screen (`ppei shade`) with the large framework (8 elements of 15
codes, tests/fixtures/templates/large-eight.yaml) at 100 x 30, in two bands, and 200 x 50, all
side by side; a few verbs shaded and one commented, the cursor in the second band at 100
columns. Set up as tests/test_snapshots.py (frozen clock, UTC)."""

from big_map_helpers import BIG, SMALL
from test_shade_bands import shading_large
from test_snapshots import settle


async def shade_some(pilot):
    """M.Ré-framing 4, M.Naïve-questioning 2, Ma.Time-consuming 1 with a comment, then the
    cursor 20 rows down, shaded 3: Participation's Withdrawing in the second band at 100
    columns, Meaning's last verb (Storytelling) at 200, where the map is 15 rows tall."""
    await settle(pilot)
    await pilot.press("4", "down", "2", "up", "right", "1", "c", *"every meeting", "enter")
    await pilot.press("left", *["down"] * 20)
    await pilot.press("3")
    await settle(pilot)


def test_shade_large_map_at_100x30(snap_compare, frozen_large):
    with shading_large(frozen_large) as (app, _):
        assert snap_compare(app, terminal_size=SMALL, run_before=shade_some)


def test_shade_large_map_at_200x50(snap_compare, frozen_large):
    with shading_large(frozen_large) as (app, _):
        assert snap_compare(app, terminal_size=BIG, run_before=shade_some)
