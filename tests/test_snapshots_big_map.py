"""Snapshots of the observe and review screens with a large framework (issue 16 §3): 8
elements of 15 codes (tests/fixtures/templates/large-eight.yaml: accented and hyphenated names,
element codes M and Ma), some notes tagged and one with a token not understood (⚠), at 100 x 30
and 200 x 50. Set up as tests/test_snapshots.py (frozen clock, UTC, no blinking cursor)."""

from big_map_helpers import BIG, SMALL, observing_large, paste_notes, reviewing_large, write_large_session
from test_snapshots import open_first_review as open_review
from test_snapshots import settle


async def meeting(pilot):
    """Five notes in elements M, Ma, Go, P, Ev, Kn, BE and C; the last with `#nonsense`."""
    await settle(pilot)
    await paste_notes(pilot)
    await settle(pilot)


def test_observe_large_map_at_100x30(snap_compare, frozen_large):
    assert snap_compare(observing_large(frozen_large), terminal_size=SMALL, run_before=meeting)


def test_observe_large_map_at_100x30_next_elements(snap_compare, frozen_large):
    async def run_before(pilot):
        await meeting(pilot)
        await pilot.press(*"Half a note", "pagedown")
        await settle(pilot)

    assert snap_compare(observing_large(frozen_large), terminal_size=SMALL, run_before=run_before)


def test_observe_large_map_at_200x50(snap_compare, frozen_large):
    assert snap_compare(observing_large(frozen_large), terminal_size=BIG, run_before=meeting)


def reviewing_then(*keys: str):
    """A run_before: open the review, press `keys`, settle."""

    async def run_before(pilot):
        await open_review(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_review_large_map_at_100x30(snap_compare, frozen_large):
    write_large_session(frozen_large)
    # at this width the map shows while it has the keys
    assert snap_compare(reviewing_large(frozen_large), terminal_size=SMALL, run_before=reviewing_then("f2"))


def test_review_large_map_at_100x30_notes(snap_compare, frozen_large):
    """The notes at 100 columns: the one with a token not understood shows its ⚠ mark."""
    write_large_session(frozen_large)
    assert snap_compare(reviewing_large(frozen_large), terminal_size=SMALL, run_before=open_review)


def test_review_large_map_at_100x30_last_band(snap_compare, frozen_large):
    write_large_session(frozen_large)
    run_before = reviewing_then("f2", "ctrl+end")  # the keys to the map, then its last row
    assert snap_compare(reviewing_large(frozen_large), terminal_size=SMALL, run_before=run_before)


def test_review_large_map_at_200x50(snap_compare, frozen_large):
    write_large_session(frozen_large)
    assert snap_compare(reviewing_large(frozen_large), terminal_size=BIG, run_before=open_review)
