"""Writing a study to a file: never over a session file, owner-readable only, atomically."""

from __future__ import annotations

import json
from pathlib import Path

from ppei_tui.config import Config
from ppei_tui.domain.study import Dimension, Study
from ppei_tui.outputs.study_text import counted
from ppei_tui.storage.atomic import atomic_write_bytes
from ppei_tui.storage.targets import refuse_session_target


class OutputTargetError(ValueError):
    """The output file named would replace something it must not."""


def _is_session_file(path: Path) -> bool:
    """A JSON file with a ppei `info` table: reading a few bytes is not enough, so parse it."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and isinstance(data.get("info"), dict)


def check_output_target(output: Path, study: Study, force: bool) -> None:
    """Refuse a target that is one of the study's sessions or any session file (even with
    --force), and an existing file unless `force`."""
    # The shared guard (storage.targets) also refuses a session's journal or a link to a session.
    refuse_session_target(output, [meeting.path for meeting in study.meetings])
    for meeting in study.meetings:
        if output.exists() and output.resolve() == meeting.path.resolve():
            raise OutputTargetError(
                f"{output} is one of the study's session files; refusing to write over it"
            )
    if output.is_dir():
        raise OutputTargetError(f"{output} is a folder; name a file")
    if output.exists():
        if _is_session_file(output):
            raise OutputTargetError(f"{output} is a session file; refusing to write over it")
        if not force:
            raise OutputTargetError(f"{output} already exists; use --force to replace it")


def render(
    study: Study, dimension: Dimension, fmt: str, config: Config, excel_safe: bool = True
) -> tuple[bytes, str]:
    """(file bytes, one-line description) of the study in `fmt` (text, csv or pdf)."""
    if fmt == "csv":
        from ppei_tui.outputs.study_csv import study_csv

        payload = study_csv(study, excel_safe)
        rows = len(study.meetings) * len(study.template.verb_cells())
        return payload, f"csv, {counted(len(study.meetings), 'session')}, {rows} rows"
    if fmt == "pdf":
        from ppei_tui.outputs.study_pdf import study_pdf

        result = study_pdf(study, config.clock())
        return result.payload, f"pdf, {counted(len(study.meetings), 'session')}, {result.pages} pages"
    from ppei_tui.outputs.study_text import plain_study

    return (plain_study(study, dimension) + "\n").encode(
        "utf-8"
    ), f"text, {counted(len(study.meetings), 'session')}"


def write_output(
    study: Study,
    dimension: Dimension,
    fmt: str,
    output: Path,
    force: bool,
    config: Config,
    excel_safe: bool = True,
) -> str:
    """Write the study to `output` (mode 0600); return `PATH: what was written`."""
    check_output_target(output, study, force)
    payload, description = render(study, dimension, fmt, config, excel_safe)
    check_output_target(output, study, force)  # again: the file may have appeared meanwhile
    atomic_write_bytes(output, payload)
    return f"{output}: {description}"
