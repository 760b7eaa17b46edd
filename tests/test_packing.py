"""outputs/packing.bands, the greedy in-order packing behind the terminal map's bands, the map
panel's pages, the tag picker's lines, the PDF map's bands and the PDF iceberg's rows."""

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from ppei_tui.outputs.packing import bands

# Whole cells: a sum of floats taken in another order than the packing adds them may round
# the other way at the very edge; the PDF callers' floats are the worked example below.
sizes = st.lists(st.integers(min_value=1, max_value=120), max_size=30)


def test_a_worked_example_in_cells():
    # 10 + 2 + 10 = 22 fits in 25; the third (10) would need 34; the wide one stands alone.
    assert bands([10, 10, 10, 40, 3], 25, gap=2) == [[0, 1], [2], [3], [4]]


def test_no_gap_fills_exactly_to_the_width():
    assert bands([50.0, 50.0, 0.5], 100.0, gap=0) == [[0, 1], [2]]


def test_no_items_no_bands():
    assert bands([], 80, gap=2) == []


@given(sizes, st.integers(min_value=1, max_value=200), st.sampled_from([0, 2, 3]))
def test_every_item_once_in_order_each_band_fits_or_stands_alone(widths, width, gap):
    packed = bands(widths, width, gap)
    assert [i for band in packed for i in band] == list(range(len(widths)))
    for band in packed:
        used = sum(widths[i] for i in band) + gap * (len(band) - 1)
        assert band and (used <= width or len(band) == 1)


@given(sizes, st.integers(min_value=1, max_value=200), st.sampled_from([0, 2, 3]))
def test_greedy_each_band_starts_only_where_the_item_would_not_fit_before(widths, width, gap):
    packed = bands(widths, width, gap)
    for before, band in pairwise(packed):
        used = sum(widths[i] for i in before) + gap * len(before) + widths[band[0]]
        assert used > width
