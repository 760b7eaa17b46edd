"""Reading attendee lists: separators, the three entry forms, role matching and errors."""

import pytest

from ppei_tui.domain.attendees import AttendeeError, parse_attendees, read_attendees
from ppei_tui.domain.session import Attendee

ROLES = ("GP lead", "lay representative", "service user", "commissioning support manager", "chair", "other")


def test_the_issue_example_is_three_attendees_with_their_roles():
    reading = read_attendees("Ash GP lead, Birch lay rep, Cedar", ROLES)
    assert reading.attendees == [
        Attendee("Ash", "GP lead"),
        Attendee("Birch", "lay rep"),
        Attendee("Cedar", "other"),
    ]
    assert reading.errors == []
    assert reading.warnings == [
        "Birch: role 'lay rep' is not one of the template's roles (did you mean 'lay representative'?)"
    ]
    assert reading.summary().splitlines()[0] == (
        "3 attendee(s): Ash: GP lead; Birch: lay rep (not a template role); Cedar: other (no role given)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Ash: GP lead; Birch: lay representative",
        "Ash (GP lead), Birch (lay representative)",
        "Ash: GP lead\nBirch (lay representative)\n",
        "Ash gp-lead ,  Birch   Lay  Representative",
        "Ash: GPLEAD;;Birch: lay_representative;",
    ],
)
def test_separators_and_forms_read_alike(text):
    assert parse_attendees(text, ROLES) == [
        Attendee("Ash", "GP lead"),
        Attendee("Birch", "lay representative"),
    ]


def test_a_comma_inside_brackets_does_not_split():
    reading = read_attendees("Ash (GP lead, chair); Birch", ROLES)
    assert [a.pseudonym for a in reading.attendees] == ["Ash", "Birch"]
    assert reading.attendees[0].role == "GP lead, chair" and reading.warnings


def test_a_name_of_several_words_needs_a_colon_or_brackets():
    assert parse_attendees("Dr Oak: chair; Old Elm (service user)", ROLES) == [
        Attendee("Dr Oak", "chair"),
        Attendee("Old Elm", "service user"),
    ]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Ash: GP lead; : chair", "': chair'"),
        ("(chair)", "'(chair)'"),
        ("Ash (GP lead", "'Ash (GP lead'"),
        ("Ash (GP) lead", "'Ash (GP) lead'"),
        ("Ash: GP: lead", "'Ash: GP: lead'"),
        ("@Ash chair", "'@Ash chair'"),
        ("Ash chair; ash: other", "listed twice ('Ash chair' and 'ash: other')"),
    ],
)
def test_an_entry_that_cannot_be_read_is_an_error_naming_it(text, named):
    reading = read_attendees(text, ROLES)
    assert len(reading.errors) == 1 and named in reading.errors[0]
    with pytest.raises(AttendeeError, match="attendees: "):
        parse_attendees(text, ROLES)


def test_without_template_roles_nothing_is_warned():
    reading = read_attendees("Ash anything at all", ())
    assert reading.attendees == [Attendee("Ash", "anything at all")] and reading.warnings == []


def test_empty_list():
    assert read_attendees("  ;\n, ", ROLES).summary() == "No attendees."


def test_observe_prints_how_attendees_were_read(tmp_path, monkeypatch, capsys, in_a_terminal):
    from ppei_tui import cli

    monkeypatch.setattr(cli, "_run_app", lambda *args, **kwargs: 0)
    sessions = tmp_path / "s"
    argv = ["observe", "--cop", "GB", "--sessions-dir", str(sessions), "--create", "--attendees"]
    assert cli.main([*argv, "Ash GP lead, Birch lay rep, Cedar"]) == 0
    out = capsys.readouterr().out
    assert "3 attendee(s): Ash: GP lead; Birch: lay rep (not a template role); Cedar: other" in out
    assert "did you mean 'lay representative'" in out
    [path] = sessions.glob("*.json")
    assert cli.main([*argv, "Ash: GP lead; Birch (lay rep"]) == 2
    err = capsys.readouterr().err
    assert "cannot read 'Birch (lay rep': unbalanced brackets" in err and "no session was created" in err
    assert list(sessions.glob("*.json")) == [path]
