"""Pseudonyms compare as `@` tokens match them (folding.fold), so two that differ only by an
accent, case or a hyphen are one pseudonym listed twice, and `@Zoë` never lands on Zoe.

Breaker (21:45): `--attendees "Zoë: chair; Zoe: GP lead"` was accepted, then `@Zoë said two`
was stored with speaker Zoe, GP lead, and F12 `ZOE` recorded Zoe's arrival without asking."""

import pytest

from ppei_tui.domain.attendees import AttendeeError, parse_attendees, read_attendees, read_late_arrivals
from ppei_tui.domain.session import Attendee
from ppei_tui.domain.vocabulary import TagVocabulary

ROLES = ("GP lead", "chair", "other")


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("Zoë: chair; Zoe: GP lead", "Zoë: chair", "Zoe: GP lead"),
        ("Zoe: chair; Zo-e (GP lead)", "Zoe: chair", "Zo-e (GP lead)"),
        ("Côte chair, cote", "Côte chair", "cote"),
        ("Søren: chair\nSOREN", "Søren: chair", "SOREN"),
        ("Dr Oak: chair; dr. oak: GP lead", "Dr Oak: chair", "dr. oak: GP lead"),
    ],
)
def test_pseudonyms_equal_once_folded_are_listed_twice_naming_both_as_typed(text, first, second):
    reading = read_attendees(text, ROLES)
    [error] = reading.errors
    assert f"listed twice ({first!r} and {second!r})" in error
    assert "case, accents, spaces and punctuation are ignored" in error
    assert len(reading.attendees) == 1
    with pytest.raises(AttendeeError, match="listed twice"):
        parse_attendees(text, ROLES)


def test_the_same_name_typed_twice_is_not_explained_as_accents():
    [error] = read_attendees("Ash: chair; Ash: GP lead", ROLES).errors
    assert error == "'Ash' is listed twice ('Ash: chair' and 'Ash: GP lead')"


def test_a_pseudonym_with_no_letter_or_digit_cannot_be_typed_after_at():
    [error] = read_attendees("--: chair; Ash", ROLES).errors
    assert error == "cannot read '--: chair': a pseudonym needs a letter or digit (it is typed after @)"


def test_names_that_differ_after_folding_are_both_kept():
    reading = read_attendees("Zoë: chair; Zoey: GP lead; Zoe1", ROLES)
    assert reading.errors == []
    assert [a.pseudonym for a in reading.attendees] == ["Zoë", "Zoey", "Zoe1"]


def test_a_late_arrival_folded_like_a_listed_pseudonym_is_that_person_arriving():
    reading = read_late_arrivals("ZOE", [Attendee("Zoë", "chair")], ROLES)
    assert reading.errors == [] and reading.entries == []
    assert reading.arriving == [Attendee("Zoë", "chair")]


def test_a_late_arrival_cannot_add_an_accent_only_twin_of_a_listed_pseudonym():
    reading = read_late_arrivals("Zoe: GP lead", [Attendee("Zoë", "chair")], ROLES)
    assert reading.entries == [] and reading.arriving == []
    assert reading.errors == [
        "Zoë (chair) is already on the attendee list, not as GP lead: "
        "give only the name to record that they came in now"
    ]


def test_a_session_stored_with_two_of_one_fold_asks_which_one_arrived():
    # Lists were accepted like this before the rule; such a session file still opens.
    present = [Attendee("Zoë", "chair"), Attendee("Zoe", "GP lead")]
    reading = read_late_arrivals("ZOE", present, ROLES)
    assert reading.arriving == []
    assert reading.errors == [
        "'ZOE' could be Zoë (chair) or Zoe (GP lead): give the name with their role, as in Zoë: chair"
    ]
    by_role = read_late_arrivals("zoe: gp-lead", present, ROLES)
    assert by_role.errors == [] and by_role.arriving == [Attendee("Zoe", "GP lead")]


def test_at_a_pseudonym_of_a_shared_fold_is_ambiguous_never_the_last_listed(hatfield):
    listed = [Attendee("Zoë", "chair"), Attendee("Zoe", "GP lead"), Attendee("Ash", "x")]
    vocabulary = TagVocabulary(hatfield, listed)
    for typed in ("Zoë", "zoe", "Zo"):
        found, reason = vocabulary.resolve_speaker(typed)
        assert found is None, typed
        assert reason == "ambiguous: could be Zoë (chair), Zoe (GP lead)"
    assert vocabulary.resolve_speaker("ash") == (("Ash", "x"), "")


def test_observe_refuses_accent_only_twins_and_creates_no_session(
    tmp_path, monkeypatch, capsys, in_a_terminal
):
    from ppei_tui import cli

    monkeypatch.setattr(cli, "_run_app", lambda *args, **kwargs: 0)
    sessions = tmp_path / "s"
    argv = ["observe", "--cop", "GB", "--sessions-dir", str(sessions), "--create", "--attendees"]
    assert cli.main([*argv, "Zoë: chair; Zoe: GP lead"]) == 2
    err = capsys.readouterr().err
    assert "'Zoe' is listed twice ('Zoë: chair' and 'Zoe: GP lead')" in err
    assert "no session was created" in err
    assert list(sessions.glob("*.json")) == []
