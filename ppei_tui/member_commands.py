"""`ppei shade` and `ppei worksheet`: the map shaded by members of the CoP.

Here rather than in outputs/ because `ppei shade` opens a screen (ui/), and outputs never import
the UI."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ppei_tui.config import Config
from ppei_tui.domain.wording import count as count_of
from ppei_tui.outputs.printed import say, warn

if TYPE_CHECKING:
    from ppei_tui.domain.template import Template


def add_member_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    shade = commands.add_parser(
        "shade",
        parents=[common],
        help="a member of the CoP shades the map of a meeting (0-4 per verb)",
        description="Opens the map of the session's template: arrows move, 0-4 sets a level, c comments. "
        "With --levels, a paper worksheet is typed in without the screen.",
    )
    shade.add_argument("session", type=Path, metavar="SESSION")
    shade.add_argument("--as", dest="member", required=True, help="the member's name or pseudonym")
    shade.add_argument("--role", default="", help="the member's role, e.g. 'lay representative'")
    shade.add_argument(
        "--levels", help="'P.Aligning=3,Mat.Reporting=4': verbs as ELEMENT.VERB (any unambiguous beginning)"
    )
    shade.add_argument(
        "--comment",
        action="append",
        default=[],
        metavar="VERB=TEXT",
        help="a one-line comment on a verb (repeatable), with --levels",
    )
    shade.set_defaults(handler=run_shade)

    sheet = commands.add_parser(
        "worksheet",
        parents=[common],
        help="print a blank map to shade on paper (from a session or a template)",
    )
    sheet.add_argument(
        "source", metavar="SESSION|TEMPLATE", help="a session file, a template id or a YAML file"
    )
    sheet.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    sheet.add_argument("--force", action="store_true", help="replace the PDF if it exists")
    sheet.set_defaults(handler=run_worksheet)


def _fail(command: str, message: str) -> int:
    warn(f"ppei {command}: {message}")
    return 1


def _comments(template: object, entries: list[str]) -> dict[str, str]:
    from ppei_tui.domain.shading import ShadingError, resolve_verb

    comments = {}
    for entry in entries:
        name, equals, text = entry.partition("=")
        if not equals or not text.strip():
            raise ShadingError(f"{entry!r}: write VERB=TEXT, e.g. 'M.Valuing=the chair thanked everyone'")
        comments[resolve_verb(template, name)] = " ".join(text.split())  # type: ignore[arg-type]
    return comments


def run_shade(args: argparse.Namespace, config: Config) -> int:
    from ppei_tui.domain.shading import ShadingError, new_shading, parse_levels, shading_of
    from ppei_tui.storage.atomic import SessionFileError
    from ppei_tui.storage.lock import SessionLockedError
    from ppei_tui.storage.store import SessionStore

    if args.levels is None:  # the shading screen, which needs a terminal (levels from paper do not)
        from ppei_tui.cli import terminal_problem

        problem = terminal_problem("ppei shade")
        if problem is not None:
            warn(problem)
            return 2
    store = SessionStore(config.sessions_dir)
    try:
        opened = store.open(args.session)
    except (SessionFileError, SessionLockedError, OSError) as error:
        return _fail("shade", str(error))
    try:
        session = opened.session
        template = session.template
        levels = parse_levels(template, args.levels) if args.levels is not None else {}
        comments = _comments(template, args.comment)
        if args.comment and args.levels is None:
            raise ShadingError("--comment goes with --levels (on the screen, press c)")
        shading = shading_of(session.shadings, args.member)
        if shading is None:
            shading = new_shading(session.shadings, args.member, args.role, config.clock(), {}, {})
            session.shadings.append(shading)
        elif args.role and args.role != shading.role:
            shading.role = args.role
        if args.levels is not None:
            shading.change(levels, comments or shading.comments, config.clock(), args.member)
            opened.save_shading(shading)
            shaded = count_of(len(levels), "verb")
            say(f"{args.session}: shading {shading.id} by {shading.member}: {shaded} shaded")
            return 0
        from ppei_tui.ui.shade import ShadeApp

        app = ShadeApp(opened, shading, config, args.member)
        status = app.run() or 0
        from ppei_tui.cli import print_exit_report

        print_exit_report(app.exit_report)
        return status
    except (ShadingError, OSError) as error:
        return _fail("shade", f"{error}; nothing was saved")
    finally:
        opened.close()


def _named_template(config: Config, source: Path) -> Template:
    """The template whose id is `source`; when there is none but `source` is on disk (a
    folder, a file named otherwise), say that about the file, not 'no template called'."""
    try:
        return config.templates.get(str(source))
    except KeyError:
        if not os.path.lexists(source):
            raise
        kind = "a folder" if source.is_dir() else "neither a session (.json) nor a template (.yaml)"
        raise KeyError(f"{source}: is {kind}, and no template has that id") from None


def run_worksheet(args: argparse.Namespace, config: Config) -> int:
    from ppei_tui.domain.template import TemplateError
    from ppei_tui.outputs.exports import ExportExistsError, write_export
    from ppei_tui.outputs.shading_pdf import worksheet_pdf
    from ppei_tui.storage.atomic import SessionFileError
    from ppei_tui.storage.store import load_session

    source = Path(args.source)
    session = None
    try:
        if source.suffix == ".json":
            session = load_session(source)
            template = session.template
        elif source.suffix in (".yaml", ".yml"):
            from ppei_tui.templates import load_template_file

            template = load_template_file(source)
        else:
            template = _named_template(config, source)
        # realpath, not Path.resolve: a symbolic link loop raises RuntimeError there.
        if os.path.realpath(args.output) == os.path.realpath(source) or args.output.suffix == ".json":
            return _fail("worksheet", f"{args.output}: write the worksheet to a .pdf, never over a session")
        write_export(args.output, worksheet_pdf(template, session, config.clock()), args.force)
    except (SessionFileError, TemplateError, KeyError, ExportExistsError, OSError) as error:
        message = error.args[0] if isinstance(error, KeyError) else error
        return _fail("worksheet", str(message))
    say(f"{args.output}: worksheet for {template.name} ({count_of(len(template.verb_cells()), 'verb')})")
    return 0
