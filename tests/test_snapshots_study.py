"""Snapshots of the study view at 80x24 and 100x30: the table of meetings fits the width (the
meetings, then their figures by date, split to fit), nothing scrolls sideways (tests/
test_study_fits.py checks every figure is there). The two example sessions, marked in the list."""

from test_snapshots import reviewing, settle


async def open_study(pilot):
    await settle(pilot)
    await pilot.press("space", "down", "space", "y")
    await settle(pilot)


def test_study_at_80x24(snap_compare, frozen):
    assert snap_compare(reviewing(frozen), terminal_size=(80, 24), run_before=open_study)


def test_study_at_100x30(snap_compare, frozen):
    assert snap_compare(reviewing(frozen), terminal_size=(100, 30), run_before=open_study)
