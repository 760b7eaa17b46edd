"""The study's arithmetic on small hand-made sessions; every expected figure computed by hand
in the comments."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from study_helpers import note, other_template, session, source

from ppei_tui.domain.study import Dimension, Figure, StudyError, StudyFilter, build_study

E, P = Dimension.ELEMENT, Dimension.PRACTICE


@pytest.fixture
def meetings(hatfield):
    """A: GB urban, January. Counted notes 1-4 (5 is deleted); tags P.Aligning 1, P.Engaging 2,
    Mat.Reporting 1: 4 tags over 4 notes. B: GB urban, March: 2 notes, 3 tags (Mat 2, C 1).
    C: patient group rural, February: 1 inferred note, P.Engaging. D: unfinished."""
    a = session(
        hatfield,
        "Governing Body",
        "urban",
        "2026-01-10",
        [
            note(1, "P.Aligning", "P.Engaging", practice=("trust",), role="chair"),
            note(2, "Mat.Reporting", practice=("leadership",), kind="quote", role="GP lead"),
            note(3, "P.Engaging", kind="reflection"),  # marked seen, but a reflection counts as inferred
            note(4),
            note(5, "M.Valuing", deleted=True),
        ],
    )
    b = session(
        hatfield,
        "Governing Body",
        "urban",
        "2026-03-05",
        [note(1, "Mat.Reporting", "Mat.Monitoring", practice=("trust",)), note(2, "C.Learning")],
    )
    c = session(
        hatfield, "Patient group", "rural", "2026-02-01", [note(1, "P.Engaging", evidence="inferred")], "RB"
    )
    d = session(hatfield, "Patient group", "rural", "2026-02-15", [note(1, "M.Valuing")], ended=False)
    return {name: source(s, f"{name}.json") for name, s in zip("abcd", (a, b, c, d), strict=True)}


def study_of(meetings, *names, **options):
    return build_study([meetings[n] for n in names], **options)


def test_groups_by_cop_and_site_in_date_order_and_skips_unfinished(meetings):
    study = study_of(meetings, "d", "c", "b", "a")
    assert [m.path.name for m in study.meetings] == ["a.json", "b.json", "c.json"]
    assert [key for key, _ in study.groups()] == [("Governing Body", "urban"), ("Patient group", "rural")]
    assert [(s.path.name, s.reason.split(" ")[0]) for s in study.skipped] == [("d.json", "unfinished")]
    assert study.sites() == ["rural", "urban"]
    assert study.observers() == ["DH", "RB"]


def test_include_unfinished_counts_it(meetings):
    study = study_of(meetings, "a", "d", include_unfinished=True)
    assert [m.path.name for m in study.meetings] == ["a.json", "d.json"]
    assert study.skipped == []


def test_shares_and_per_100_notes_of_one_meeting(meetings):
    a = study_of(meetings, "a").meetings[0]
    assert (a.notes, a.tags) == (4, 4)
    # P: 3 of the 4 tags; 3 tags over 4 notes is 75 per 100 notes.
    assert a.figure(E, "P") == Figure(3, 4, 4)
    assert a.figure(E, "P").share == 0.75
    assert a.figure(E, "P").per_100_notes == 75.0
    assert a.figure(E, "Mat").share == 0.25
    assert a.figure(E, "BE") == Figure(0, 4, 4)
    assert a.verb_figure("P", "Engaging").share == 0.5
    assert a.top_verbs() == [("P", "Engaging", 2), ("P", "Aligning", 1), ("Mat", "Reporting", 1)]


def test_a_short_and_a_long_meeting_compare_fairly(meetings):
    b = study_of(meetings, "b").meetings[0]
    # Mat: 2 of 3 tags; 2 tags over 2 notes = 100 per 100 notes.
    assert b.figure(E, "Mat").share == pytest.approx(2 / 3)
    assert b.figure(E, "Mat").per_100_notes == 100.0
    assert b.figure(E, "C").per_100_notes == 50.0


def test_sites_are_pooled_not_averaged(meetings):
    study = study_of(meetings, "a", "b", "c")
    urban = study.site_figure("urban", E, "P")
    # P tags 3 + 0 over tags 4 + 3 and notes 4 + 2: 3/7 (an average of 0.75 and 0 would say 0.375).
    assert urban == Figure(3, 7, 6)
    assert urban.share == pytest.approx(3 / 7)
    assert urban.per_100_notes == 50.0
    assert study.site_figure("rural", E, "P") == Figure(1, 1, 1)


def test_zero_tags_and_zero_notes_give_zero_not_an_error():
    assert Figure(0, 0, 0).share == 0.0
    assert Figure(0, 0, 0).per_100_notes == 0.0


def test_practice_set_figures(meetings):
    a = study_of(meetings, "a").meetings[0]
    # Counted notes labelled: trust 1, leadership 1 (2 labels); per 100 of the 4 notes: 25.
    assert a.figure(P, "trust") == Figure(1, 2, 4)
    assert a.figure(P, "trust").share == 0.5
    assert a.figure(P, "trust").per_100_notes == 25.0
    assert a.figure(P, "learning") == Figure(0, 2, 4)


def test_evidence_filter_counts_reflections_as_inferred(meetings):
    seen = study_of(meetings, "a", "c", study_filter=StudyFilter(evidence=frozenset({"seen"})))
    a, c = seen.meetings
    assert (a.notes, a.tags, a.figure(E, "P").count) == (3, 3, 2)  # note 3 (a reflection) left out
    assert (c.notes, c.tags) == (0, 0)
    inferred = study_of(meetings, "a", "c", study_filter=StudyFilter(evidence=frozenset({"inferred"})))
    assert [(m.notes, m.figure(E, "P").count) for m in inferred.meetings] == [(1, 1), (1, 1)]


def test_kind_role_and_practice_filters(meetings):
    quotes = study_of(meetings, "a", study_filter=StudyFilter(kinds=frozenset({"quote"}))).meetings[0]
    assert (quotes.notes, quotes.figure(E, "Mat").count) == (1, 1)
    chair = study_of(meetings, "a", study_filter=StudyFilter(speaker_roles=frozenset({"chair"}))).meetings[0]
    assert (chair.notes, chair.tags) == (1, 2)
    trust = study_of(meetings, "a", "b", study_filter=StudyFilter(practice_sets=frozenset({"trust"})))
    assert [(m.notes, m.tags) for m in trust.meetings] == [(1, 2), (1, 2)]
    assert trust.cumulative_map().count("Mat", "Monitoring") == 1
    assert trust.cumulative_map().count("C", "Learning") == 0


def test_trend_breaks_where_a_cop_did_not_meet(meetings):
    study = study_of(meetings, "a", "b", "c")
    assert study.months() == [(2026, 1), (2026, 2), (2026, 3)]
    board, patients = study.trend(E, "Mat")
    assert (board.cop, board.site) == ("Governing Body", "urban")
    assert board.figures == (Figure(1, 4, 4), None, Figure(2, 3, 2))
    assert patients.figures == (None, Figure(0, 1, 1), None)


def test_two_meetings_in_one_month_are_pooled(meetings, hatfield):
    extra = session(hatfield, "Governing Body", "urban", "2026-01-24", [note(1, "Mat.Processing")])
    study = build_study([meetings["a"], source(extra, "e.json")])
    (board,) = study.trend(E, "Mat")
    assert board.figures == (Figure(2, 5, 5),)


def test_maps_cumulative_per_site_and_per_practice_set(meetings):
    study = study_of(meetings, "a", "b", "c")
    total = study.cumulative_map()
    assert total.count("P", "Engaging") == 3 and total.count("Mat", "Reporting") == 2
    assert total.count("M", "Valuing") == 0  # deleted
    assert study.site_map("rural").count("P", "Engaging") == 1
    assert study.practice_map("trust").count("P", "Aligning") == 1
    assert study.practice_map("trust").count("Mat", "Monitoring") == 1
    assert study.practice_map("leadership").shaded_cells() == [("Mat", "Reporting")]
    never = study.verbs_never_observed()
    assert ("M", "Valuing") in never and ("P", "Engaging") not in never
    assert len(never) == 22 - 5


def test_mixing_templates_is_refused_naming_the_files(meetings, hatfield):
    tiny = session(other_template(hatfield), "Governing Body", "urban", "2026-04-01", [note(1, "P.Aligning")])
    sources = [meetings["a"], meetings["b"], source(tiny, "tiny.json")]
    with pytest.raises(StudyError) as raised:
        build_study(sources)
    message = str(raised.value)
    assert "hatfield-ppei: a.json, b.json" in message and "tiny-codebook: tiny.json" in message
    assert "--template" in message
    study = build_study(sources, template_id="tiny-codebook")
    assert [m.path.name for m in study.meetings] == ["tiny.json"]
    assert [s.path.name for s in study.skipped] == ["a.json", "b.json"]
    with pytest.raises(StudyError, match="no session was recorded with template 'nope'"):
        build_study(sources, template_id="nope")


def test_different_versions_of_one_template_are_united_and_every_coding_counts(meetings, hatfield):
    from dataclasses import replace

    participation = hatfield.elements[0]
    newer = replace(
        hatfield,
        version="1.1",
        elements=(
            replace(participation, verbs=(*participation.verbs, "Co-producing")),
            *hatfield.elements[1:],
        ),
    )
    later = session(newer, "Governing Body", "urban", "2026-05-01", [note(1, "P.Co-producing", "P.Aligning")])
    study = build_study([meetings["a"], source(later, "later.json")])
    warning = study.warnings[0]
    assert "v1.0" in warning and "v1.1" in warning and "a.json" in warning and "later.json" in warning
    assert ("P", "Co-producing") in study.template.verb_cells()
    assert study.cumulative_map().count("P", "Aligning") == 2  # one in each version
    assert study.cumulative_map().count("P", "Co-producing") == 1
    assert study.meetings[1].figure(E, "P") == Figure(2, 2, 1)


def test_nothing_to_study_says_why(meetings):
    with pytest.raises(StudyError, match="1 unfinished skipped; use --include-unfinished"):
        study_of(meetings, "d")
    with pytest.raises(StudyError):
        build_study([])


@given(
    st.lists(
        st.lists(st.lists(st.integers(0, 21), max_size=3), max_size=12),  # meetings > notes > verb indexes
        min_size=1,
        max_size=5,
    ),
    st.lists(st.sampled_from(["north", "south"]), min_size=5, max_size=5),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_shares_add_up_and_pooling_adds_counts_for_any_sessions(
    hatfield,  # the same template every example: reusing the fixture is safe
    meetings_tags,
    sites,
):
    cells = hatfield.verb_cells()
    sessions = [
        source(
            session(
                hatfield,
                "CoP",
                sites[index],
                f"2026-{index + 1:02d}-01",
                [
                    note(n + 1, *{f"{cells[c][0]}.{cells[c][1]}" for c in tags})
                    for n, tags in enumerate(notes)
                ],
            ),
            f"{index}.json",
        )
        for index, notes in enumerate(meetings_tags)
    ]
    study = build_study(sessions)
    for meeting in study.meetings:
        shares = [meeting.figure(E, e.code).share for e in hatfield.elements]
        verb_shares = [meeting.verb_figure(*cell).share for cell in cells]
        expected = 1.0 if meeting.tags else 0.0
        assert sum(shares) == pytest.approx(expected) and sum(verb_shares) == pytest.approx(expected)
        for element in hatfield.elements:
            figure = meeting.figure(E, element.code)
            assert figure.per_100_notes == pytest.approx(
                100 * figure.count / meeting.notes if meeting.notes else 0
            )
    for site in study.sites():
        mine = [m for m in study.meetings if m.site == site]
        pooled = study.site_figure(site, E, "Mat")
        assert pooled.count == sum(m.figure(E, "Mat").count for m in mine)
        assert pooled.notes == sum(m.notes for m in mine)
