"""`ppei agree A B [C ...]`: how far observers of one meeting agree, verb by verb."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ppei_tui.config import Config
from ppei_tui.outputs.printed import say, say_json, show, warn

if TYPE_CHECKING:
    from ppei_tui.domain.agreement import Agreement
    from ppei_tui.outputs.agreement_output import Observed


def add_agree_command(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    agree = commands.add_parser(
        "agree",
        parents=[common],
        help="agreement between observers of the same meeting (Cohen's kappa, Krippendorff's alpha)",
        description="Sessions of one meeting recorded by different observers, compared verb by verb "
        "over units of time or agenda items. The rule is in the README under 'Agreement'.",
    )
    agree.add_argument("sessions", nargs="+", type=Path, metavar="SESSION")
    agree.add_argument("--unit", default="5m", help="5m, 2m (any number of minutes) or agenda (default 5m)")
    agree.add_argument("--json", action="store_true", help="print the figures as JSON")
    agree.add_argument("-o", "--output", type=Path, help="write a PDF report to this file")
    agree.add_argument("--force", action="store_true", help="replace the PDF if it exists")
    agree.add_argument("--plain", action="store_true", help="plain text even on a terminal")
    agree.add_argument(
        "--shadings",
        action="store_true",
        help="one SESSION: each member's shading against the evidence map (quadratic-weighted kappa)",
    )
    agree.add_argument(
        "--different-meetings",
        action="store_true",
        help="compare sessions that share no moment of time anyway (refused by default)",
    )
    agree.set_defaults(handler=run_agree)


# Said when the files given are copies of one session: agreement is between observers.
OWN_FILES = "agreement compares observers: give each observer's own session file (each has its own id)"


def _fail(message: str) -> int:
    warn(f"ppei agree: {message}")
    return 1


def run_agree(args: argparse.Namespace, config: Config) -> int:
    from ppei_tui.domain.agreement import UnitRule, agreement, one_meeting
    from ppei_tui.outputs.agreement_output import Observed, agreement_json, agreement_lines
    from ppei_tui.outputs.commands import plain_output
    from ppei_tui.storage.atomic import SessionFileError
    from ppei_tui.storage.store import load_session, refuse_copies
    from ppei_tui.storage.targets import OutputTargetError, refuse_session_target

    if args.shadings:
        return _members(args)
    if len(args.sessions) < 2:
        return _fail("give two or more session files of the same meeting")
    try:
        if args.output:  # before any work, as every output does (never over a session file)
            refuse_session_target(args.output, args.sessions)
        rule = UnitRule.parse(args.unit)
        observed = [Observed(load_session(path), path) for path in args.sessions]
        refuse_copies([(o.path, o.session) for o in observed], OWN_FILES)
    except (SessionFileError, OutputTargetError, OSError, ValueError) as error:
        return _fail(str(error))
    templates = {(o.session.template.id, o.path.name) for o in observed}
    if len({t for t, _ in templates}) > 1:
        named = "; ".join(f"{name}: {template}" for template, name in sorted(templates))
        return _fail(f"these sessions were recorded with different templates ({named}); agreement needs one")
    if not one_meeting([o.session for o in observed]):
        spans = _spans(observed)
        if not args.different_meetings:
            return _fail(
                f"these sessions share no moment of time, so they are not one meeting ({spans}); "
                "agreement compares observers of the same meeting: give --different-meetings "
                "to compare them anyway"
            )
        warn(f"ppei agree: warning: the sessions share no moment of time ({spans})")
    for what in ("cop", "date"):
        values = {getattr(o.session.info, what) for o in observed}
        if len(values) > 1:
            warn(f"ppei agree: warning: the sessions differ in {what} ({', '.join(sorted(values))})")
    try:
        result = agreement([o.session for o in observed], rule)
    except ValueError as error:
        return _fail(str(error))
    if args.output:
        status = _write_pdf(args, config, result, observed)
        if status:
            return status
    if args.json:
        say_json(agreement_json(result, observed))
    elif not args.output:
        colour = not plain_output(args)
        lines = agreement_lines(result, observed, colour)
        if colour:
            from rich.console import Console

            console = Console(highlight=False)
            for line in lines:
                show(console, line)
        else:
            say("\n".join(lines))
    return 0


def _spans(observed: list[Observed]) -> str:
    """`a.json 2026-10-14 13:30 to 15:40, b.json ...`: each file's recorded span, as recorded."""
    from ppei_tui.domain.agreement import recorded_span

    described = []
    for o in observed:
        span = recorded_span(o.session)
        if span is None:
            described.append(f"{o.path.name} no time recorded")
            continue
        first, last = span
        end = f"{last:%H:%M}" if last.date() == first.date() else f"{last:%Y-%m-%d %H:%M}"
        described.append(f"{o.path.name} {first:%Y-%m-%d %H:%M} to {end}")
    return ", ".join(described)


def _members(args: argparse.Namespace) -> int:
    """`{"members": {NAME: {"role", "weighted_kappa", "differences": {verb: {"member", "evidence"}}}}}`."""
    from ppei_tui.domain.mapping import session_map
    from ppei_tui.domain.shading import compare_member, evidence_levels
    from ppei_tui.outputs.shading_pdf import shading_text
    from ppei_tui.storage.atomic import SessionFileError
    from ppei_tui.storage.store import load_session

    if len(args.sessions) != 1:
        return _fail("--shadings takes one session file")
    try:
        session = load_session(args.sessions[0])
    except (SessionFileError, OSError) as error:
        return _fail(str(error))
    counts = session_map(session)
    if not args.json:
        say("\n".join(shading_text(session, counts)))
        return 0
    evidence = evidence_levels(counts)
    members = {}
    for shading in session.shadings:
        comparison = compare_member(shading, evidence)
        kappa = comparison.weighted_kappa
        entry = {
            "role": shading.role,
            "weighted_kappa": None if kappa.value is None else round(kappa.value, 4),
            "differences": {k: {"member": m, "evidence": e} for k, (m, e) in comparison.differences.items()},
        }
        if kappa.value is None:
            entry["weighted_kappa_reason"] = kappa.reason
        members[
            f"{shading.member}" if shading.member not in members else f"{shading.member} ({shading.id})"
        ] = entry
    say_json({"session": args.sessions[0].name, "members": members})
    return 0


def _write_pdf(args: argparse.Namespace, config: Config, result: Agreement, observed: list[Observed]) -> int:
    from ppei_tui.outputs.agreement_pdf import agreement_pdf
    from ppei_tui.outputs.exports import ExportExistsError, write_export

    output: Path = args.output
    try:
        # The shared guard refuses a session file or an input, whatever --force says.
        pdf = agreement_pdf(result, observed, config.clock())
        write_export(output, pdf.payload, args.force, args.sessions)
    except (ExportExistsError, OSError) as error:
        return _fail(str(error))
    for warning in pdf.warnings:
        warn(f"ppei agree: warning: {warning}")
    say(f"{output}: agreement of {len(observed)} sessions")
    return 0
