"""The command line builds only the sub-parser its words name (issue 12 §3, start-up), and reads
every command line, and says every error, exactly as the whole parser does."""

from __future__ import annotations

import argparse

import pytest

from ppei_tui import cli

# Words the whole parser accepts: each is read to the same values by parse_arguments.
ACCEPTED = [
    ["observe", "--cop", "Board", "--attendees", "Ash: chair", "--agenda", "a; b"],
    ["--sessions-dir", "/tmp/s", "observe", "--resume", "x.json"],
    ["--sessions-dir=/tmp/s", "--create", "observe", "--cop", "x", "--sessions-dir", "/tmp/t"],
    ["--templates-dir", "/tmp/t", "templates", "check", "a.yaml"],
    ["templates", "import", "a.qdc", "-o", "b.yaml", "--force"],
    ["review", "--as", "AB", "s.json"],
    ["map", "a.json", "b.json"],
    ["report", "a.json"],
    ["export", "a.json", "-f", "md", "-o", "a.md"],
    ["keys"],
    ["shade", "a.json", "--as", "member"],
    ["--sess", "/tmp/s", "observe", "--cop", "x"],  # an abbreviation: the whole parser reads it
    [],  # no command: the home screen
]

# Words the whole parser refuses (or answers with help): the same output, the same exit status.
REFUSED = [
    ["--help"],
    ["-h", "observe"],
    ["bogus"],
    ["observe", "--bad"],
    ["observe", "--template"],
    ["observe", "--help"],
    ["observe", "--cop", "x", "extra"],
    ["review", "a", "b"],
    ["templates", "bogus"],
    ["map"],
    ["keys", "--bogus"],
    ["--sessions-dir"],
    ["--version"],
]


def whole(words: list[str]) -> argparse.Namespace:
    return cli.build_parser().parse_args(words)


@pytest.mark.parametrize("words", ACCEPTED, ids=" ".join)
def test_every_accepted_command_line_reads_as_the_whole_parser_reads_it(words):
    expected = vars(whole(words))
    assert vars(cli.parse_arguments(words)) == expected


@pytest.mark.parametrize("words", REFUSED, ids=" ".join)
def test_every_refusal_and_help_is_said_exactly_as_the_whole_parser_says_it(words, capsys):
    outcomes = []
    for parse in (whole, cli.parse_arguments):
        try:
            parse(words)
            status = None
        except SystemExit as exit_:
            status = exit_.code
        captured = capsys.readouterr()
        outcomes.append((status, captured.out, captured.err))
    assert outcomes[0][0] is not None  # the whole parser did refuse, or helped and ended
    assert outcomes[1] == outcomes[0]


def test_naming_a_command_builds_only_its_parser(monkeypatch):
    built: list[str] = []
    real = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda only=None: built.append(str(only)) or real(only))
    cli.parse_arguments(["--sessions-dir", "/tmp/s", "observe", "--cop", "x"])
    assert built == ["observe"]
    assert "{observe} ..." in real(only="observe").format_usage()  # no other command's parser


def test_an_error_in_a_named_command_is_read_again_by_the_whole_parser(monkeypatch, capsys):
    built: list[str] = []
    real = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda only=None: built.append(str(only)) or real(only))
    with pytest.raises(SystemExit):
        cli.parse_arguments(["observe", "--bad"])
    assert built == ["observe", "None"]
    assert "{observe,review,templates,map," in capsys.readouterr().err  # every command in its usage
