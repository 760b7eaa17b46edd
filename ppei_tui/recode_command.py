"""`ppei recode SESSION --coder NAME`: a second coder's own copy of a session, with its own id.

A session file copied by hand keeps its session's id, and every command refuses two files of one
id as copies of one session (storage/store.py). Coders who code the same meeting independently
need two sessions of it; this writes the second (domain/recoding.py says what is copied), so
`ppei agree ORIGINAL COPY` compares the two codings, and a study counts the meeting once.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from shlex import quote

from ppei_tui import __version__
from ppei_tui.config import OBSERVER_ENV, Config
from ppei_tui.domain.wording import count as count_of
from ppei_tui.outputs.printed import say, warn


def add_recode_command(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    recode = commands.add_parser(
        "recode",
        parents=[common],
        help="a second coder's copy of a session (its own id), to code and compare with `agree`",
        description="Writes a new session file for another coder: the same meeting and notes "
        "(texts, times, tags), a new session id, the coder named and the file it was copied from "
        "recorded. Memos and members' shadings are not copied. Never writes over a file. The "
        "README says more under 'Re-coding another observer's session'.",
    )
    recode.add_argument("session", type=Path, metavar="SESSION", help="the session file to copy")
    recode.add_argument(
        "--coder",
        default="",
        help=f"who codes the copy, e.g. your initials (default: ${OBSERVER_ENV})",
    )
    recode.add_argument(
        "-o",
        "--out",
        type=Path,
        metavar="PATH",
        help="the new file, or a folder to write it in (default: the sessions folder)",
    )
    recode.set_defaults(handler=run_recode)


def _fail(message: str) -> int:
    warn(f"ppei recode: {message}")
    return 1


def run_recode(args: argparse.Namespace, config: Config) -> int:
    from ppei_tui.storage.atomic import SessionFileError
    from ppei_tui.storage.copying import write_recoded_copy
    from ppei_tui.storage.folders import SessionsFolderError
    from ppei_tui.storage.store import SessionStore, load_session

    source: Path = args.session
    coder = (args.coder or config.observer).strip()
    if not coder:
        return _fail(f"name who codes the copy: --coder NAME (or set ${OBSERVER_ENV})")
    try:
        session = load_session(source)
    except SessionFileError as error:  # names the file and the place
        return _fail(str(error))
    except OSError as error:  # a folder, say
        return _fail(f"{source}: cannot read: {error.strerror or error}")
    target: Path = args.out or config.sessions_dir
    try:
        if args.out is None:
            SessionStore(config.sessions_dir, create_missing=config.create_sessions_dir).ensure_directory()
        target, copy = write_recoded_copy(session, source.name, target, coder, config.clock(), __version__)
    except (SessionFileError, SessionsFolderError) as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"{target}: cannot write: {error.strerror or error}")
    original = session.info
    who = f" (observer {original.observer})" if original.observer else ""
    say(
        f"{target}: {coder}'s copy of {source.name}{who}, session id {copy.info.id}: "
        f"{count_of(len(copy.live_notes()), 'note')}, their tags as in the original; "
        "memos and shadings not copied"
    )
    say(f"Re-code it: ppei review {quote(str(target))} --as {quote(coder)}")
    say(f"Then compare the two codings: ppei agree {quote(str(source))} {quote(str(target))}")
    return 0
