"""Writing a study to a file: never over a session file, owner-readable only, atomically."""

from __future__ import annotations

from pathlib import Path

from ppei_tui.config import Config
from ppei_tui.domain.study import Dimension, Study
from ppei_tui.domain.wording import count as count_of
from ppei_tui.storage.atomic import atomic_write_bytes
from ppei_tui.storage.targets import refuse_session_target


class OutputTargetError(ValueError):
    """The output file exists and --force was not given."""


def check_output_target(output: Path, study: Study, force: bool) -> None:
    """Refuse, whatever `force` says, one of the study's sessions, any session file, a
    session's journal or a link to one (storage.targets, the guard every output uses); refuse
    an existing file unless `force`."""
    refuse_session_target(output, [meeting.path for meeting in study.meetings])
    if output.exists() and not force:
        raise OutputTargetError(f"{output} already exists; use --force to replace it")


def render(
    study: Study,
    dimension: Dimension,
    fmt: str,
    config: Config,
    excel_safe: bool = True,
    warnings: list[str] | None = None,
) -> tuple[bytes, str]:
    """(file bytes, one-line description) of the study in `fmt` (text, csv or pdf); a PDF's
    font warnings (pdf_fonts.font_warnings, as the session report's) are added to `warnings`."""
    if fmt == "csv":
        from ppei_tui.outputs.study_csv import study_csv

        payload = study_csv(study, excel_safe)
        rows = len(study.meetings) * len(study.template.verb_cells())
        return payload, f"csv, {count_of(len(study.meetings), 'session')}, {rows} rows"
    if fmt == "pdf":
        from ppei_tui.outputs.study_pdf import study_pdf

        result = study_pdf(study, config.clock())
        if warnings is not None:
            warnings += result.warnings()
        sessions, pages = count_of(len(study.meetings), "session"), count_of(result.pages, "page")
        return result.payload, f"pdf, {sessions}, {pages}"
    from ppei_tui.outputs.study_text import plain_study

    return (plain_study(study, dimension) + "\n").encode(
        "utf-8"
    ), f"text, {count_of(len(study.meetings), 'session')}"


def write_output(
    study: Study,
    dimension: Dimension,
    fmt: str,
    output: Path,
    force: bool,
    config: Config,
    excel_safe: bool = True,
    warnings: list[str] | None = None,
) -> str:
    """Write the study to `output` (mode 0600); return `PATH: what was written` (a PDF's font
    warnings added to `warnings`)."""
    check_output_target(output, study, force)
    payload, description = render(study, dimension, fmt, config, excel_safe, warnings)
    check_output_target(output, study, force)  # again: the file may have appeared meanwhile
    atomic_write_bytes(output, payload)
    return f"{output}: {description}"
