"""The `ppei` command line."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from ppei_tui import __version__
from ppei_tui.config import OBSERVER_ENV, SESSIONS_ENV, Config


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--sessions-dir",
        default=argparse.SUPPRESS,
        help=f"folder of session files (default: ./sessions, or ${SESSIONS_ENV})",
    )
    common.add_argument(
        "--create",
        action="store_true",
        default=argparse.SUPPRESS,
        help="make the --sessions-dir folder if it does not exist (without it, a folder that "
        "does not exist is refused, so a mistyped name is noticed)",
    )
    common.add_argument(
        "--templates-dir",
        default=argparse.SUPPRESS,
        help="an extra folder of template YAML files, searched first",
    )
    return common


class _AskTheWholeParser(Exception):
    """A one-command parser met an error: the whole parser reports it (see parse_arguments)."""


class _OneCommandParser(argparse.ArgumentParser):
    """A parser holding only the sub-command the words name; any error it meets is handed back
    to be reported by the whole parser, whose usage line names every command."""

    def error(self, message: str) -> NoReturn:
        raise _AskTheWholeParser(message)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line read as the whole parser (`build_parser()`) reads it.

    Building all thirteen sub-parsers (then) took ~23M instructions of every start (issue 12 §3), so
    when the words plainly name a sub-command only that one is built; `ppei`, `ppei --help`,
    an unknown command and every error go to the whole parser, so each message stays as it was.
    """
    words = sys.argv[1:] if argv is None else argv
    command = _command_named(words)
    if command is not None:
        try:
            return build_parser(only=command).parse_args(words)
        except _AskTheWholeParser:
            pass  # the same words again, through the whole parser: it prints the message
    return build_parser().parse_args(words)


def _command_named(words: list[str]) -> str | None:
    """The sub-command `words` name when only top-level options spelt in full come before it
    (argparse also takes abbreviations: those, like anything else, go to the whole parser)."""
    index = 0
    while index < len(words):
        word = words[index]
        if word in ("--sessions-dir", "--templates-dir"):
            index += 2
        elif word == "--create" or word.startswith(("--sessions-dir=", "--templates-dir=")):
            index += 1
        else:
            return word if any(word in names for names, _add in _COMMANDS) else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole `ppei` parser, or (`only`) one holding just that sub-command (parse_arguments)."""
    common = _common_options()
    parser_class = argparse.ArgumentParser if only is None else _OneCommandParser
    parser = parser_class(
        prog="ppei",
        parents=[common],
        description="Live, keyboard-only field notes for observing communities of practice.",
    )
    parser.add_argument("--version", action="version", version=f"ppei-tui {__version__}")
    commands = parser.add_subparsers(dest="command")
    for names, add in _COMMANDS:
        if only is None or only in names:
            add(commands, common)
    return parser


def _add_observe(commands, common: argparse.ArgumentParser) -> None:
    observe = commands.add_parser("observe", parents=[common], help="start (or resume) observing")
    observe.add_argument("--template", default="hatfield-ppei", help="template id or YAML file")
    observe.add_argument("--cop", help="community of practice, e.g. 'Governing Body'")
    observe.add_argument("--site", default="")
    observe.add_argument("--observer", default="")
    observe.add_argument("--date", default="", help="meeting date (default: today)")
    observe.add_argument(
        "--attendees",
        default="",
        help="'Ash: GP lead; Birch (lay representative), Cedar chair': entries split at ; , or "
        "new lines; 'Name: role', 'Name (role)' or 'Name role words'; how it was read is printed",
    )
    observe.add_argument("--agenda", default="", help="'Welcome; Minutes; Finance report'")
    observe.add_argument("--resume", metavar="SESSION", help="carry on recording an unfinished session file")


def _add_review(commands, common: argparse.ArgumentParser) -> None:
    review = commands.add_parser("review", parents=[common], help="browse, re-code and compare past sessions")
    review.add_argument(
        "session",
        nargs="?",
        type=Path,
        metavar="SESSION",
        help="a session file to open at once (Esc then shows the list of sessions)",
    )
    review.add_argument(
        "--as",
        dest="reviewer",
        default="",
        help=f"your initials, recorded with every change (default: ${OBSERVER_ENV}, else saved, else asked)",
    )


def _add_templates(commands, common: argparse.ArgumentParser) -> None:
    templates = commands.add_parser("templates", parents=[common], help="list or check templates")
    template_commands = templates.add_subparsers(dest="templates_command")
    check = template_commands.add_parser("check", help="validate a template file")
    check.add_argument("file", type=Path)
    imported = template_commands.add_parser("import", help="turn a REFI-QDA codebook (.qdc) into a template")
    imported.add_argument("file", type=Path)
    imported.add_argument(
        "-o", "--output", type=Path, help="YAML file (default: observation_templates/ID.yaml)"
    )
    imported.add_argument("--force", action="store_true", help="replace the YAML file if it exists")


# The other commands' modules are imported only when their parsers are built.
def _add_outputs(commands, common: argparse.ArgumentParser) -> None:
    from ppei_tui.outputs.commands import add_output_commands

    add_output_commands(commands, common)


def _add_study(commands, common: argparse.ArgumentParser) -> None:
    from ppei_tui.outputs.study_command import add_study_command

    add_study_command(commands, common)


def _add_agree(commands, common: argparse.ArgumentParser) -> None:
    from ppei_tui.outputs.agree_command import add_agree_command

    add_agree_command(commands, common)


def _add_members(commands, common: argparse.ArgumentParser) -> None:
    from ppei_tui.member_commands import add_member_commands

    add_member_commands(commands, common)


def _add_recode(commands, common: argparse.ArgumentParser) -> None:
    from ppei_tui.recode_command import add_recode_command

    add_recode_command(commands, common)


def _add_keys(commands, common: argparse.ArgumentParser) -> None:
    from ppei_tui.ui.keys_command import add_keys_command

    add_keys_command(commands, common)


# Each sub-command's names and what adds its parser, in the order `ppei --help` lists them.
_COMMANDS: tuple[tuple[tuple[str, ...], Callable[[Any, argparse.ArgumentParser], None]], ...] = (
    (("observe",), _add_observe),
    (("review",), _add_review),
    (("templates",), _add_templates),
    (("map", "report", "export"), _add_outputs),
    (("study",), _add_study),
    (("recode",), _add_recode),
    (("agree",), _add_agree),
    (("shade", "worksheet"), _add_members),
    (("keys",), _add_keys),
)


def _config(args: argparse.Namespace) -> Config:
    return Config.from_environment(
        getattr(args, "sessions_dir", None),
        getattr(args, "templates_dir", None),
        create=getattr(args, "create", False),
    )


def _store(config: Config):
    from ppei_tui.storage.store import SessionStore

    return SessionStore(config.sessions_dir, create_missing=config.create_sessions_dir)


def main(argv: list[str] | None = None) -> int:
    """Run one command; a reader that goes away (`ppei map S | head`) ends it quietly."""
    try:
        code = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python's advice: point stdout at /dev/null so the flush at exit cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 141  # what a shell reports for a command ended by SIGPIPE
    return code


def terminal_problem(program: str) -> str | None:
    """Why `program` ("ppei observe") cannot start its screen here (one line for stderr), or None.

    Textual reads keys from standard input, draws on standard error (standard output on
    Windows) and takes the window's size from standard output (`shutil.get_terminal_size`). When
    any of them is a file, a pipe or closed (cron, CI, `ppei observe < /dev/null`, `> log.txt`),
    the app would wait for keys that never come, write its screen into the file, or draw at
    80 x 24 whatever the window (found by a hostile trial: `ppei observe > log.txt` cut its
    footer and ignored resizes), so the commands that open a screen ask here first, before
    anything is created, opened or locked.
    """
    streams = (
        ("standard input", sys.__stdin__),
        ("standard output", sys.__stdout__),
        ("standard error", sys.__stderr__),
    )
    redirected = [name for name, stream in streams if not _is_terminal(stream)]
    if not redirected:
        return None
    return (
        f"{program}: needs a terminal, and {_listed(redirected)} "
        f"{'is' if len(redirected) == 1 else 'are'} not one (redirected, piped or closed); "
        "run it in a terminal window (ppei map, report and export work without one)"
    )


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _is_terminal(stream: object) -> bool:
    try:
        return stream is not None and os.isatty(stream.fileno())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):  # no descriptor, or a closed one: not a terminal
        return False


def _main(argv: list[str] | None) -> int:
    args = parse_arguments(argv)
    config = _config(args)
    if args.command == "templates":
        from ppei_tui.template_commands import templates_command  # only for this command (issue 12)

        return templates_command(args, config)
    if args.command in (None, "observe", "review"):
        problem = terminal_problem(f"ppei {args.command}" if args.command else "ppei")
        if problem is not None:
            print(problem, file=sys.stderr)  # no user text in it
            return 2
    if args.command == "observe":
        return _observe(args, config)
    if args.command is None:
        return _run_app(config, None, False)
    if args.command == "review":
        return _review(args, config)
    return args.handler(args, config)


def _keep_imports_out_of_collections() -> None:
    """Move what is alive now (everything imported: modules, classes, functions, Textual's
    styles; ~300,000 objects that live as long as the app) out of the garbage collector's reach.

    Python's full collections walk every tracked object; one fell on the way to the first
    screen and took 20-50 ms of CPU there (issue 12 §3, start-up), and later ones land while the
    observer types. These objects never become garbage, so walking them finds nothing: after
    gc.freeze() collections walk only what the app makes from then on (notes, widgets, frames).
    """
    gc.freeze()


def _review(args: argparse.Namespace, config: Config) -> int:
    from ppei_tui.storage.atomic import SessionFileError
    from ppei_tui.storage.folders import SessionsFolderMissingError
    from ppei_tui.storage.store import load_session
    from ppei_tui.ui.app import PpeiApp

    store = _store(config)
    if args.session is not None:
        # Read (never written, never locked) before the screen opens, so a file that cannot be
        # read is said here, in the terminal, as map and report say it; a file open in another
        # ppei is not refused: review opens it read-only and says why.
        try:
            load_session(args.session)
        except (SessionFileError, ValueError) as error:  # these name the file and the place
            from ppei_tui.outputs.printed import warn  # here, not at start (issue 12)

            warn(f"ppei review: {error}")
            return 1
        except OSError as error:  # a folder, say: named here, as SessionFileError names a file
            from ppei_tui.outputs.printed import warn

            warn(f"ppei review: {args.session}: cannot read: {error.strerror or error}")
            return 1
    elif not config.sessions_dir.is_dir() and not config.create_sessions_dir:
        print(f"ppei review: {SessionsFolderMissingError(config.sessions_dir)}", file=sys.stderr)
        return 1
    _keep_imports_out_of_collections()
    app = PpeiApp(config, store, start_in_review=True, reviewer=args.reviewer, review_path=args.session)
    app.run()
    print_exit_report(app.exit_report)
    return app.return_code or 0


def _observe(args: argparse.Namespace, config: Config) -> int:
    from ppei_tui.domain.session import Attendee, new_session_info
    from ppei_tui.domain.template import TemplateError
    from ppei_tui.storage.atomic import SessionFileError
    from ppei_tui.storage.lock import SessionLockedError

    store = _store(config)
    try:
        if args.resume:
            from ppei_tui.storage.resume_copies import open_for_resume  # the app asks about copies

            opened, copies = open_for_resume(store, Path(args.resume))
            return _run_app(config, opened, False, store, copies)
        if not args.cop:
            print("ppei observe: --cop is required for a new session (or use --resume FILE)", file=sys.stderr)
            return 2
        template = config.templates.get(args.template)
        attendees: list[Attendee] = []
        if args.attendees.strip():  # (a blank list reads as no one: its reader is not imported)
            from ppei_tui.domain.attendees import read_attendees
            from ppei_tui.outputs.printed import say

            reading = read_attendees(args.attendees, template.speaker_roles)
            # Said before the screen takes over, and still there in the terminal afterwards.
            say(reading.summary(), file=sys.stderr if reading.errors else sys.stdout)
            if reading.errors:
                print("ppei observe: no session was created; correct --attendees", file=sys.stderr)
                return 2
            attendees = reading.attendees
        info = new_session_info(
            template,
            args.cop,
            config.clock(),
            site=args.site,
            observer=args.observer,
            attendees=attendees,
            agenda=[a.strip() for a in args.agenda.split(";") if a.strip()],
            date=args.date,
            app_version=__version__,
        )
        opened = store.create(info)
    except (SessionFileError, SessionLockedError, TemplateError, KeyError, OSError) as error:
        from ppei_tui.outputs.printed import warn  # here, not at start (issue 12)

        message = error.args[0] if isinstance(error, KeyError) else error
        warn(f"ppei: {message}")
        return 1
    return _run_app(config, opened, not args.resume, store)


def _run_app(config: Config, opened, is_new: bool, store=None, copies: list[Path] | None = None) -> int:
    from ppei_tui.ui.app import PpeiApp

    _keep_imports_out_of_collections()
    app = PpeiApp(config, store or _store(config), opened, is_new, copies)
    app.run()
    print_exit_report(app.exit_report)
    return app.return_code or 0


def print_exit_report(reports: list[str]) -> None:
    """What an app could not write before it exited (notes the disk refused, in full:
    ui/recovering.py; a dialog's text a signal could not save), printed exactly on stderr,
    control characters as signs, after the screen is gone."""
    if reports:
        from ppei_tui.outputs.printed import warn  # only then, not at start (issue 12)

        for report in reports:
            warn(report.rstrip("\n"))
