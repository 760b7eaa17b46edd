"""`ppei map`, `ppei report` and `ppei export`: thin command wrappers over the outputs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ppei_tui.config import Config
from ppei_tui.domain.controls import one_line
from ppei_tui.domain.wording import count as count_of
from ppei_tui.outputs.printed import say, show, warn


def add_output_commands(commands, common: argparse.ArgumentParser) -> None:
    map_parser = commands.add_parser("map", parents=[common], help="print the shaded map of sessions")
    map_parser.add_argument("sessions", nargs="+", type=Path, metavar="SESSION")
    map_parser.add_argument(
        "--practice",
        action="append",
        default=[],
        help="only notes of this practice set (name or alias, as +tokens match)",
    )
    map_parser.add_argument(
        "--element",
        action="append",
        default=[],
        help="only notes tagged in this element (code or name, e.g. M or meaning)",
    )
    map_parser.add_argument(
        "--kind", action="append", default=[], help="only notes of this kind (observation, quote, reflection)"
    )
    map_parser.add_argument("--agenda", action="append", default=[], help="only notes under this agenda item")
    map_parser.add_argument(
        "--iceberg",
        action="store_true",
        help="draw the iceberg: seen or said above the waterline, inferred below",
    )
    map_parser.add_argument("--by", choices=["practice"], help="one map per practice set")
    map_parser.add_argument(
        "--shadings",
        action="store_true",
        help="members' shadings beside the evidence map, and the verbs where they part",
    )
    map_parser.add_argument("--plain", action="store_true", help="plain text even on a terminal")
    map_parser.add_argument(
        "--compare", action="store_true", help="one map per session, and what differs between them"
    )
    map_parser.set_defaults(handler=run_map)
    add_report_command(commands, common)
    add_export_command(commands, common)


def _load_sessions(paths: list[Path]):
    """The sessions read from `paths`; refuses two files that are copies of one session."""
    from ppei_tui.storage.snapshot import load_session_bytes
    from ppei_tui.storage.store import refuse_copies

    snapshots = [load_session_bytes(path) for path in paths]
    print_read_warnings(snapshots)
    sessions = [snapshot.session for snapshot in snapshots]
    refuse_copies(list(zip(paths, sessions, strict=True)))
    return sessions


def print_read_warnings(snapshots) -> None:
    """What reading found and passed over (a journal's torn last line), on stderr."""
    for snapshot in snapshots:
        for warning in snapshot.warnings:
            warn(f"ppei: warning: {one_line(warning)}")


def plain_output(args: argparse.Namespace) -> bool:
    """Plain text (level marks, no colour) when asked, when piped, with NO_COLOR set
    (https://no-color.org) or on a terminal without colour."""
    if getattr(args, "plain", False) or not sys.stdout.isatty() or os.environ.get("NO_COLOR"):
        return True
    from rich.console import Console

    return Console().color_system is None


def map_filter(args: argparse.Namespace, sessions):
    """The NoteFilter the options ask for; unknown values raise FilterValueError naming valid ones.

    Elements (by code or name) and practice sets are matched as tags are (domain/filter_names.py)
    against the union the map is drawn on (a suffixed `M_2`, a code as the newest version spells
    it), since the notes are matched with their tags named as in the union (domain/versions.py);
    the sessions' own spellings could select nothing."""
    from ppei_tui.domain.filter_names import resolve_elements, resolve_filter_values, resolve_practice_sets
    from ppei_tui.domain.mapping import NoteFilter
    from ppei_tui.domain.session import KINDS
    from ppei_tui.domain.versions import combine_sessions

    union = combine_sessions(sessions).template
    agenda = [item for s in sessions for item in [*s.info.agenda, *(n.agenda_item for n in s.notes)] if item]
    return NoteFilter(
        practice_sets=resolve_practice_sets(args.practice, union),
        elements=resolve_elements(args.element, union),
        kinds=resolve_filter_values(args.kind, KINDS, "kind"),
        agenda_items=resolve_filter_values(args.agenda, agenda, "agenda item"),
    )


def print_template_union(command: str, sessions) -> None:
    """Say how the templates of combined sessions were reconciled (domain/versions.py)."""
    from ppei_tui.domain.versions import combine_sessions

    for message in combine_sessions(sessions).messages():
        warn(f"{command}: note: {message}")


def _print_compare(args: argparse.Namespace, sessions, base) -> int:
    from ppei_tui.domain.mapping import combined_maps
    from ppei_tui.outputs.terminal_map import compare_renderable, plain_compare

    if len(sessions) < 2:
        warn("ppei map --compare: give two or more sessions")
        return 2
    maps = combined_maps(sessions, base)
    titles = [one_line(f"{s.info.cop} {s.info.site} {s.info.date}".strip()) for s in sessions]
    if plain_output(args):
        say(plain_compare(maps, titles, _width()))
    else:
        from rich.console import Console

        show(Console(), compare_renderable(maps, titles))
    return 0


def run_map(args: argparse.Namespace, config: Config) -> int:
    from dataclasses import replace

    from ppei_tui.domain.mapping import aggregate_map, describe_filter
    from ppei_tui.storage.atomic import SessionFileError

    try:
        sessions = _load_sessions(args.sessions)
        print_template_union("ppei map", sessions)
        base = map_filter(args, sessions)
        if args.iceberg:
            return _print_iceberg(args, sessions, base)
        if args.shadings:
            return _print_shadings(sessions, base)
        if args.compare:
            return _print_compare(args, sessions, base)
        title = ", ".join(one_line(f"{s.info.cop} {s.info.date}") for s in sessions)
        maps = [(_heading(title, describe_filter(base)), aggregate_map(sessions, base))]
        if args.by == "practice":
            practice = list(maps[0][1].template.practice_sets)  # the union of the sessions' templates
            maps = []
            for p in dict.fromkeys(practice):
                by_practice = replace(base, practice_sets=frozenset({p}))
                maps.append(
                    (_heading(title, describe_filter(by_practice)), aggregate_map(sessions, by_practice))
                )
    except (SessionFileError, ValueError) as error:
        warn(f"ppei map: {error}")
        return 1
    _print_maps(args, maps)
    return 0


def _print_shadings(sessions, base) -> int:
    """Each session's evidence beside its members' shadings, on its own template (the shadings
    are in its codes). `base` is in the union's codes (map_filter), so the notes are chosen
    with their tags named as in the union, then counted as recorded."""
    from ppei_tui.domain.mapping import compute_map
    from ppei_tui.domain.versions import combine_sessions
    from ppei_tui.outputs.shading_pdf import shading_text

    combined = combine_sessions(sessions)
    for session in sessions:
        chosen = {note.id for note in combined.notes_of(session) if base.matches(note)}
        counts = compute_map(session.template, [note for note in session.notes if note.id in chosen])
        say(f"{one_line(session.info.cop)} {session.info.date}: the evidence map and members' shadings")
        say("\n".join(shading_text(session, counts)))
    return 0


def _heading(title: str, filters: str) -> str:
    return f"{title} · {filters}" if filters else title


def _print_maps(args: argparse.Namespace, maps) -> None:
    from ppei_tui.outputs.terminal_map import map_renderable, plain_map

    if plain_output(args):
        say("\n\n".join(plain_map(counts, heading, width=_width()) for heading, counts in maps))
        return
    from rich.console import Console

    console = Console()
    for heading, counts in maps:
        show(console, map_renderable(counts, heading, width=console.width))
        console.print()


def _width() -> int:
    """The terminal's width, or COLUMNS when piped (80 when neither says)."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def _print_iceberg(args: argparse.Namespace, sessions, base) -> int:
    from ppei_tui.domain.analysis import iceberg
    from ppei_tui.domain.mapping import describe_filter
    from ppei_tui.outputs.terminal_iceberg import iceberg_text

    if len(sessions) != 1:
        warn("ppei map --iceberg: give one session")
        return 2
    session = sessions[0]
    heading = _heading(one_line(f"{session.info.cop} {session.info.date}"), describe_filter(base))
    text = iceberg_text(
        iceberg(session, base), session.template, heading, _width(), colour=not plain_output(args)
    )
    if plain_output(args):
        say(text.plain)
    else:
        from rich.console import Console

        show(Console(), text)
    return 0


def add_report_command(commands, common: argparse.ArgumentParser) -> None:
    report = commands.add_parser("report", parents=[common], help="write the PDF summary of a session")
    report.add_argument("session", type=Path, metavar="SESSION")
    report.add_argument(
        "others",
        nargs="*",
        type=Path,
        metavar="OTHER",
        help="more sessions: adds a section comparing their maps with the first's",
    )
    report.add_argument(
        "-o", "--output", type=Path, help="PDF file (default: beside SESSION, same name with .pdf)"
    )
    report.add_argument("--force", action="store_true", help="replace the PDF if it exists")
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace, config: Config) -> int:
    from ppei_tui.outputs.pdf_report import write_report
    from ppei_tui.storage.atomic import SessionFileError
    from ppei_tui.storage.snapshot import load_session_bytes
    from ppei_tui.storage.store import refuse_copies
    from ppei_tui.storage.targets import OutputTargetError, refuse_session_target

    output = args.output or args.session.with_suffix(".pdf")
    try:
        refuse_session_target(output, [args.session, *args.others])
    except OutputTargetError as error:
        warn(f"ppei report: {error}")
        return 1
    if output.exists() and not args.force:
        warn(f"ppei report: {output} already exists; use --force to replace it")
        return 1
    try:
        # Each file is read once; the PDF's notes and its SHA-256 come from the same bytes.
        snapshots = [load_session_bytes(path) for path in [args.session, *args.others]]
        refuse_copies([(s.path, s.session) for s in snapshots])
        first = snapshots[0]
        session = first.session
        others = [(s.session, s.path) for s in snapshots[1:]]
        if others:
            print_template_union("ppei report", [session, *(other for other, _ in others)])
        result = write_report(session, first.path, output, config.clock(), others, snapshots)
    except (SessionFileError, OSError, ValueError) as error:
        warn(f"ppei report: {error}")
        return 1
    for warning in result.warnings():
        warn(f"ppei report: warning: {one_line(warning)}")  # one line each
    say(f"{one_line(str(result.path))}: {count_of(result.pages, 'page')}, {count_of(result.notes, 'note')}")
    print_provenance(snapshots)
    return 0


def print_provenance(snapshots) -> None:
    """Which bytes an output was built from: `  NAME SHA-256 HEX` (and its journal's)."""
    print_read_warnings(snapshots)
    for snapshot in snapshots:
        say(f"  {one_line(snapshot.path.name)} SHA-256 {snapshot.sha256}")
        if snapshot.journal_sha256:
            say(f"  {one_line(snapshot.path.name)} journal SHA-256 {snapshot.journal_sha256}")


EXPORT_FORMATS = {
    "csv": ".csv",
    "csv-long": ".csv",
    "json": ".json",
    "md": ".md",
    "qdc": ".qdc",
    "qdpx": ".qdpx",
}


def add_export_command(commands, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser("export", parents=[common], help="export sessions for other tools")
    export.add_argument("sessions", nargs="+", type=Path, metavar="SESSION")
    export.add_argument(
        "--format",
        "-f",
        required=True,
        choices=sorted(EXPORT_FORMATS),
        help="csv: a row per note; csv-long: a row per note and tag; json; md; "
        "qdc: REFI-QDA codebook; qdpx: REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder)",
    )
    export.add_argument("-o", "--output", type=Path, required=True)
    export.add_argument("--force", action="store_true", help="replace the output file if it exists")
    export.add_argument(
        "--raw",
        action="store_true",
        help="csv: keep cells starting with = + - @ as they are (by default they get a "
        "leading ' so Excel does not run them as formulas)",
    )
    export.set_defaults(handler=run_export)


def export_bytes(fmt: str, loaded, now, excel_safe: bool = True, warnings: list[str] | None = None) -> bytes:
    """The export in format `fmt`; what was merged or reconciled is added to `warnings`."""
    from ppei_tui.domain.versions import combine_sessions
    from ppei_tui.outputs import exports, refi_project, refi_qda

    if fmt == "csv":
        return exports.csv_wide(loaded, excel_safe)
    if fmt == "csv-long":
        return exports.csv_long(loaded, excel_safe)
    if fmt == "json":
        return exports.json_export(loaded, now)
    if fmt == "md":
        return exports.markdown_export(loaded)
    if fmt == "qdc":
        combined = combine_sessions([item.session for item in loaded])
        if warnings is not None:
            warnings.extend(combined.messages())
        return refi_qda.codebook_export(combined.template, warnings)
    return refi_project.project_export(loaded, now, warnings)


def run_export(args: argparse.Namespace, config: Config) -> int:
    from ppei_tui.domain.versions import combine_sessions
    from ppei_tui.outputs.exports import LoadedSession, write_export
    from ppei_tui.outputs.refi_qda import code_guids
    from ppei_tui.storage.atomic import SessionFileError
    from ppei_tui.storage.snapshot import load_session_bytes
    from ppei_tui.storage.store import refuse_copies

    warnings: list[str] = []
    try:
        snapshots = [load_session_bytes(path) for path in args.sessions]
        refuse_copies([(s.path, s.session) for s in snapshots])
        loaded = [LoadedSession.of(snapshot) for snapshot in snapshots]
        payload = export_bytes(args.format, loaded, config.clock(), not args.raw, warnings)
        write_export(args.output, payload, args.force, reading=args.sessions)
    except (SessionFileError, ValueError, OSError) as error:
        warn(f"ppei export: {error}")
        return 1
    for warning in dict.fromkeys(warnings):
        warn(f"ppei export: warning: {one_line(warning)}")  # one line each
    if args.format == "qdc":
        template = combine_sessions([item.session for item in loaded]).template
        codes = len(code_guids(template))
        output = one_line(str(args.output))
        say(f"{output}: qdc, codebook of {template.id} v{template.version}, {count_of(codes, 'code')}")
    else:
        notes = sum(len(item.session.live_notes()) for item in loaded)
        output = one_line(str(args.output))
        say(f"{output}: {args.format}, {count_of(len(loaded), 'session')}, {count_of(notes, 'note')}")
    print_provenance(snapshots)
    return 0
