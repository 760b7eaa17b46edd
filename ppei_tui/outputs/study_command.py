"""`ppei study [SESSION|FOLDER ...]`: the study in the terminal, as CSV or as a PDF."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ppei_tui.config import Config
from ppei_tui.domain.session import KINDS
from ppei_tui.outputs.printed import say, show, warn

if TYPE_CHECKING:  # the study's arithmetic is imported when a study runs, not by every command
    from ppei_tui.domain.study import Dimension, StudyFilter, StudySource

FORMATS = {".csv": "csv", ".pdf": "pdf", ".txt": "text"}


def add_study_command(commands, common: argparse.ArgumentParser) -> None:
    study = commands.add_parser(
        "study",
        parents=[common],
        help="a study of many sessions: trends per element, sites compared (terminal, CSV or PDF)",
        description="Group sessions by CoP and site, in date order, and compare them with shares "
        "of tags and figures per 100 notes beside the raw counts.",
    )
    study.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="SESSION|FOLDER",
        help="session files and folders of them (default: the sessions folder)",
    )
    study.add_argument(
        "--include-unfinished", action="store_true", help="count sessions that were never ended"
    )
    study.add_argument("--template", metavar="ID", help="study only the sessions recorded with this template")
    study.add_argument(
        "--by",
        choices=["element", "practice"],
        default="element",
        help="figures per element (default) or per practice set",
    )
    study.add_argument(
        "--practice", action="append", default=[], help="only notes of this practice set (repeatable)"
    )
    study.add_argument(
        "--kind",
        action="append",
        default=[],
        metavar="KIND",
        help=f"only notes of this kind: {', '.join(KINDS)} (repeatable; a unique start will do)",
    )
    study.add_argument(
        "--evidence",
        action="append",
        default=[],
        metavar="EVIDENCE",
        help="only seen or only inferred notes (an observer reflection always counts as inferred)",
    )
    study.add_argument(
        "--role", action="append", default=[], metavar="ROLE", help="only notes by speakers of this role"
    )
    study.add_argument(
        "--format", choices=["text", "csv", "pdf"], help="default: from -o's suffix, else text"
    )
    study.add_argument("-o", "--output", type=Path, help="write to this file instead of the terminal")
    study.add_argument("--force", action="store_true", help="replace the output file if it exists")
    study.add_argument("--plain", action="store_true", help="plain text even on a terminal")
    study.add_argument("--raw", action="store_true", help="csv: no leading ' on cells starting with = + - @")
    study.set_defaults(handler=run_study)


@dataclass
class Loaded:
    sources: list[StudySource] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def session_files(paths: list[Path]) -> list[Path]:
    """Files as given; folders expand to their *.json files (not hidden ones), sorted. A file
    given twice stays twice: load_sources refuses it, as it refuses copies of one session."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.glob("*.json") if not p.name.startswith("."))
        else:
            files.append(path)
    return files


def load_sources(paths: list[Path], remedy: str | None = None) -> Loaded:
    """Every readable session; each unreadable file's message (the file left untouched).

    Raises SessionCopiesError naming the files if two hold one session (one id) or a file is
    given twice (also through a folder): the study would count that meeting twice. `remedy`
    says what to do about it (default: name only one)."""
    from ppei_tui.domain.study import StudySource
    from ppei_tui.storage.atomic import SessionFileError
    from ppei_tui.storage.snapshot import load_session_bytes
    from ppei_tui.storage.store import NAME_ONE, refuse_copies

    loaded = Loaded()
    for path in paths:
        if not path.exists():
            loaded.unreadable.append(f"{path}: no such file or folder")
    for path in session_files([p for p in paths if p.exists()]):
        try:
            # Read once: the PDF's provenance hash is of the very bytes the session came from.
            snapshot = load_session_bytes(path)
            loaded.sources.append(
                StudySource(path, snapshot.session, snapshot.sha256, snapshot.journal_sha256)
            )
        except SessionFileError as error:
            loaded.unreadable.append(str(error))
        except OSError as error:
            loaded.unreadable.append(f"{path}: cannot read: {error.strerror or error}")
    refuse_copies([(source.path, source.session) for source in loaded.sources], remedy or NAME_ONE)
    return loaded


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.output is not None:
        return FORMATS.get(args.output.suffix.lower(), "text")
    return "text"


def study_filter(args: argparse.Namespace) -> StudyFilter:
    from ppei_tui.domain.study import StudyFilter

    return StudyFilter(
        practice_sets=frozenset(args.practice),
        kinds=frozenset(args.kind),
        evidence=frozenset(args.evidence),
        speaker_roles=frozenset(args.role),
    )


def run_study(args: argparse.Namespace, config: Config) -> int:
    from ppei_tui.domain.study import Dimension, StudyError, build_study
    from ppei_tui.outputs.study_output import OutputTargetError, write_output

    fmt = _format(args)
    if fmt in ("csv", "pdf") and args.output is None:
        warn(f"ppei study: --format {fmt} needs -o FILE")
        return 2
    from ppei_tui.storage.store import SessionCopiesError

    paths = args.paths or [config.sessions_dir]
    try:
        loaded = load_sources(paths)
    except SessionCopiesError as error:
        warn(f"ppei study: {error}")
        return 1
    for message in loaded.unreadable:
        warn(f"ppei study: skipped {message}")
    if not loaded.sources:
        where = ", ".join(str(p) for p in paths)
        warn(f"ppei study: no readable session file in {where}")
        return 1
    try:
        study = build_study(loaded.sources, study_filter(args), args.include_unfinished, args.template)
    except StudyError as error:
        warn(f"ppei study: {error}")
        return 1
    dimension = Dimension(args.by)
    if fmt != "text":
        for skipped in study.skipped:
            warn(f"ppei study: skipped {skipped.path}: {skipped.reason}")
        for warning in study.warnings:
            warn(f"ppei study: warning: {warning}")
    try:
        if fmt == "text" and args.output is None:
            return _print(study, dimension, args.plain)
        font_warnings: list[str] = []
        summary = write_output(
            study, dimension, fmt, args.output, args.force, config, not args.raw, font_warnings
        )
    except BrokenPipeError:
        raise  # the reader went away (`ppei study | head`): cli.main ends quietly, as map does
    except (OutputTargetError, OSError, ValueError) as error:
        warn(f"ppei study: {error}")
        return 1
    for warning in font_warnings:  # the same words as `ppei report` and `ppei agree` give
        warn(f"ppei study: warning: {warning}")
    say(summary)
    return 0


def _print(study, dimension: Dimension, plain: bool) -> int:
    from ppei_tui.outputs.study_text import plain_study, rich_study

    if plain or not sys.stdout.isatty():
        say(plain_study(study, dimension))
        return 0
    from rich.console import Console

    console = Console()
    show(console, rich_study(study, dimension, console.width))
    return 0
