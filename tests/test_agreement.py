"""Agreement statistics: published worked examples, hand-computed tables, and the unit rule."""

from __future__ import annotations

from datetime import datetime, timedelta

import krippendorff
import numpy as np
import pytest

from ppei_tui.domain.agreement import (
    NO_AGENDA_ITEM,
    PairTable,
    UnitRule,
    agreement,
    code_units,
    krippendorff_alpha_nominal,
    pair_table,
    quadratic_weighted_kappa,
)
from ppei_tui.domain.session import Event, EventType, Note, Session, Tag


def test_cohen_kappa_of_the_textbook_two_by_two_table():
    # The worked example of the Wikipedia article "Cohen's kappa" (50 proposals read by two
    # readers: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no), by hand: p_o = 35/50 = 0.7;
    # p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    table = PairTable(both=20, only_first=5, only_second=10, neither=15)
    assert table.agreement.value == pytest.approx(0.7)
    assert table.kappa.value == pytest.approx(0.4)


def test_kappa_by_hand_on_a_small_table_and_perfect_and_opposite_codes():
    # 10 units: 2 both, 1 first only, 1 second only, 6 neither. p_o = 0.8; first 3/10, second
    # 3/10, p_e = 0.09 + 0.49 = 0.58; kappa = 0.22 / 0.42.
    table = pair_table([1, 1, 1, 0, 0, 0, 0, 0, 0, 0], [1, 1, 0, 1, 0, 0, 0, 0, 0, 0])
    assert (table.both, table.only_first, table.only_second, table.neither) == (2, 1, 1, 6)
    assert table.kappa.value == pytest.approx(0.22 / 0.42)
    assert pair_table([1, 0, 1, 0], [1, 0, 1, 0]).kappa.value == pytest.approx(1.0)
    assert pair_table([1, 0, 1, 0], [0, 1, 0, 1]).kappa.value == pytest.approx(-1.0)


def test_kappa_is_undefined_with_a_reason_when_chance_explains_everything():
    never = pair_table([0, 0, 0], [0, 0, 0]).kappa
    assert never.value is None and "neither observer ever used" in never.reason
    always = pair_table([1, 1], [1, 1]).kappa
    assert always.value is None and "every unit" in always.reason
    # One observer silent, the other not: defined, and no better than chance.
    silent = pair_table([0, 0, 0, 0], [1, 0, 0, 0]).kappa
    assert silent.value == pytest.approx(0.0)
    assert PairTable().kappa.value is None
    with pytest.raises(ValueError):
        pair_table([1], [1, 0])


KRIPPENDORFF_2011 = [  # four observers, twelve units, None where a value is missing
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def test_alpha_of_krippendorffs_published_nominal_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example for nominal
    # data with any number of observers and missing values: alpha = 0.743.
    units = [list(unit) for unit in zip(*KRIPPENDORFF_2011, strict=True)]
    assert krippendorff_alpha_nominal(units).value == pytest.approx(0.743, abs=5e-4)


@pytest.mark.parametrize(
    "observers",
    [
        [[1, 0, 1, 1, 0, 0, 1, 0], [1, 0, 0, 1, 0, 1, 1, 0]],
        [[1, 0, 1, 1, 0, 0], [1, 1, 0, 1, 0, 0], [0, 0, 1, 1, 0, 1]],
        [[0, 0, 0, 0, 1], [0, 0, 0, 0, 0]],
    ],
)
def test_alpha_matches_the_krippendorff_library(observers):
    units = [list(unit) for unit in zip(*observers, strict=True)]
    expected = krippendorff.alpha(
        reliability_data=np.array(observers, dtype=float), level_of_measurement="nominal"
    )
    assert krippendorff_alpha_nominal(units).value == pytest.approx(expected)


def test_alpha_is_undefined_when_one_value_occurs():
    assert krippendorff_alpha_nominal([[0, 0], [0, 0]]).value is None
    assert krippendorff_alpha_nominal([[1, None], [None, 0]]).value is None  # nothing pairable


def test_quadratic_weighted_kappa_by_hand():
    assert quadratic_weighted_kappa([0, 1, 2, 3, 4], [0, 1, 2, 3, 4]).value == pytest.approx(1.0)
    # Opposite ends: observed weight 1 for each of 2 verbs (mean 1); chance 2/4 = 0.5; 1 - 1/0.5.
    assert quadratic_weighted_kappa([0, 4], [4, 0]).value == pytest.approx(-1.0)
    # [0, 2, 4] against [0, 2, 3]: observed mean weight (1/16) / 3; chance: every row-column pair
    # weighted, sum over i in {0,2,4}, j in {0,2,3} of (i-j)^2/16, / 9 = (0+4+9+4+0+1+16+4+1)/16/9.
    chance = (0 + 4 + 9 + 4 + 0 + 1 + 16 + 4 + 1) / 16 / 9
    assert quadratic_weighted_kappa([0, 2, 4], [0, 2, 3]).value == pytest.approx(1 - (1 / 16 / 3) / chance)
    assert quadratic_weighted_kappa([2, 2], [2, 2]).value is None
    with pytest.raises(ValueError):
        quadratic_weighted_kappa([5], [0])


START = datetime.fromisoformat("2026-11-22T10:00:00+00:00")


def meeting(
    hatfield, make_info, notes: list[tuple[float, list[str], str]], start_after: float = 0.0
) -> Session:
    """A session whose clock starts `start_after` seconds after 10:00, with notes at the given
    seconds after 10:00, tagged `E.Verb`, in the given agenda item."""
    session = Session(make_info())
    session.events.append(
        Event(EventType.START, (START + timedelta(seconds=start_after)).isoformat(), 0.0, True)
    )
    for number, (seconds, tags, item) in enumerate(notes, start=1):
        moment = START + timedelta(seconds=seconds)
        tag_list = [Tag(*t.split(".")) for t in tags]
        session.notes.append(
            Note(number, f"n{number}", moment.isoformat(), seconds, tag_list, agenda_item=item)
        )
    return session


def test_time_units_start_at_the_earliest_start_and_run_to_the_last_note(hatfield, make_info):
    a = meeting(hatfield, make_info, [(10, ["P.Engaging"], "A"), (299.9, ["P.Aligning"], "A")], start_after=0)
    b = meeting(hatfield, make_info, [(300, ["P.Engaging"], "B"), (1250, ["M.Valuing"], "B")], start_after=60)
    coded = code_units([a, b], UnitRule(5))
    assert coded.units == ["0-5 min", "5-10 min", "10-15 min", "15-20 min", "20-25 min"]
    assert coded.sequence(0, ("P", "Aligning")) == [1, 0, 0, 0, 0]  # 299.9 s: still the first bin
    assert coded.sequence(1, ("P", "Engaging")) == [0, 1, 0, 0, 0]  # 300 s: the second bin
    assert coded.sequence(1, ("M", "Valuing")) == [0, 0, 0, 0, 1]


def test_deleted_notes_never_count_and_agenda_units_go_by_title(hatfield, make_info):
    a = meeting(hatfield, make_info, [(10, ["P.Engaging"], "Finance"), (20, ["M.Valuing"], "")])
    b = meeting(hatfield, make_info, [(15, ["P.Engaging"], "Finance"), (30, ["M.Valuing"], "Minutes")])
    b.notes[1].deleted = True
    coded = code_units([a, b], UnitRule.parse("agenda"))
    assert coded.units == ["Finance", NO_AGENDA_ITEM]
    assert coded.sequence(1, ("M", "Valuing")) == [0, 0]


def test_agreement_per_verb_and_pooled(hatfield, make_info):
    a = meeting(hatfield, make_info, [(10, ["P.Engaging"], ""), (400, ["P.Engaging", "M.Valuing"], "")])
    b = meeting(hatfield, make_info, [(20, ["P.Engaging"], ""), (410, ["M.Valuing"], "")])
    result = agreement([a, b], UnitRule(5))
    (pair,) = result.pairs
    by_key = {v.key: v for v in pair.verbs}
    engaging = by_key["P.Engaging"].table
    assert (engaging.both, engaging.only_first, engaging.only_second, engaging.neither) == (1, 1, 0, 0)
    assert by_key["M.Valuing"].table.both == 1
    cells = len(hatfield.verb_cells())
    assert pair.pooled.units == 2 * cells and pair.pooled.only_first == 1
    assert result.disagreements(pair) == [("5-10 min", ("P", "Engaging"), 0)]
    assert result.alpha.value is not None


def test_three_observers_give_every_pair(hatfield, make_info):
    sessions = [meeting(hatfield, make_info, [(10, ["P.Engaging"], "")]) for _ in range(3)]
    result = agreement(sessions, UnitRule(2))
    assert [(p.first, p.second) for p in result.pairs] == [(0, 1), (0, 2), (1, 2)]
    with pytest.raises(ValueError):
        agreement(sessions[:1], UnitRule(5))


@pytest.mark.parametrize("text", ["0m", "5", "minutes", "-2m"])
def test_unit_rule_refuses_what_it_cannot_read(text):
    with pytest.raises(ValueError):
        UnitRule.parse(text)


def test_bins_are_wall_clock_time_so_a_break_does_not_shift_them(hatfield, make_info):
    # The first observer paused the meeting clock for a 10-minute break; the second did not.
    # Bins follow the wall clock, so the same moment lands in the same bin for both.
    a = meeting(hatfield, make_info, [(60, ["P.Engaging"], ""), (1000, ["M.Valuing"], "")])
    a.events.append(Event(EventType.PAUSE, (START + timedelta(seconds=300)).isoformat(), 300.0, False))
    a.events.append(Event(EventType.RESUME, (START + timedelta(seconds=900)).isoformat(), 300.0, True))
    a.notes[1].offset_seconds = 400.0  # meeting time without the break
    b = meeting(hatfield, make_info, [(70, ["P.Engaging"], ""), (1010, ["M.Valuing"], "")])
    result = agreement([a, b], UnitRule(5))
    (pair,) = result.pairs
    valuing = next(v for v in pair.verbs if v.key == "M.Valuing").table
    assert valuing.both == 1 and valuing.only_first == valuing.only_second == 0
    assert result.coded.units[-1] == "15-20 min"
