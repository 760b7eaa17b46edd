"""Every figure of issue 12 in one run: saving, start-up, resuming and review filtering.

Runs bench_save, bench_startup, bench_resume and bench_review one after the other (each in its
own process, with its own lock and config folders, so another ppei on the machine cannot hold
their sessions), prints each one's output as it comes, then the issue's figures again with
its targets beside them. Figures, not pass/fail: the machine may be busy.
Usage: python bench/bench_issue12.py [runs]   (runs: start-up and resume repetitions, default 5)
Takes a few minutes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Figure:
    """One issue-12 figure: which script prints it, the pattern of its line, and the target."""

    script: str
    label: str
    pattern: str  # group 1: the figure as printed
    target: str


FIGURES = (
    Figure("bench_save.py", "save at the 1,000th note", r"note  1,000: median\s+([\d.]+ ms)", "<= 3 ms"),
    Figure("bench_save.py", "save at the 10,000th note", r"note 10,000: median\s+([\d.]+ ms)", "<= 5 ms"),
    Figure("bench_save.py", "save growth 10,000 / 1,000", r"10,000 / 1,000 = ([\d.]+x)", "<= 1.5x"),
    Figure(
        "bench_startup.py",
        "start-up / empty Textual app",
        r"ratio ppei / empty app, ready to type: ([\d.]+x)",
        "<= 1.5x",
    ),
    Figure(
        "bench_startup.py",
        "  the same, CPU used until ready",
        r"CPU used until ready ([\d.]+x)",
        "(steadier on a busy machine)",
    ),
    Figure(
        "bench_startup.py",
        "  first start (template read from its YAML)",
        r"first start \(template not read before, PyYAML loaded\): ratio ([\d.]+x)",
        "(once per template)",
    ),
    Figure(
        "bench_resume.py",
        "--resume 10,000 notes, ready to type",
        r"resume 10,000 notes\s+ready median ([\d.]+ s)",
        "<= 1 s",
    ),
    Figure(
        "bench_resume.py",
        "typing at 10,000 notes, screen's work per key",
        r"typing handler\): median ([\d.]+ ms)",
        "< 16 ms",
    ),
    Figure(
        "bench_resume.py",
        "after each save at 10,000 notes, UI thread",
        r"map updated and shown\): median ([\d.]+ ms)",
        "< 16 ms",
    ),
    Figure(
        "bench_review.py",
        "review filter, UI thread's work per keypress",
        r"UI-thread work per keypress \(handler \+ applying its result\): median ([\d.]+ ms)",
        "< 16 ms",
    ),
    Figure(
        "bench_review.py",
        "review filter, keypress to its rows shown",
        r"keypress to its filtered rows shown \(worker included\): median ([\d.]+ ms)",
        "-",
    ),
    Figure(
        "bench_review.py", "review opens 10,000 notes", r"open 10,000-note session in review: ([\d.]+ s)", "-"
    ),
)


def run(script: str, arguments: list[str], env: dict[str, str]) -> str:
    """Run one bench script, echoing its output; returns the output (stderr is passed on)."""
    print(f"\n== {script} {' '.join(arguments)}", flush=True)
    child = subprocess.run(
        [sys.executable, str(BENCH / script), *arguments], stdout=subprocess.PIPE, text=True, env=env
    )
    print(child.stdout, end="", flush=True)
    if child.returncode:
        print(f"   ({script} failed with status {child.returncode}; its figures are missing below)")
    return child.stdout


def summary(outputs: dict[str, str]) -> list[str]:
    """The issue's figures found in the outputs, each with its target."""
    lines = [f"{'issue 12 figure':<46} {'measured':>10}   target"]
    for figure in FIGURES:
        found = re.search(figure.pattern, outputs.get(figure.script, ""))
        shown = found.group(1) if found else "not found"
        lines.append(f"{figure.label:<46} {shown:>10}   {figure.target}")
    return lines


def main() -> None:
    runs = sys.argv[1] if len(sys.argv) > 1 else "5"
    with tempfile.TemporaryDirectory() as own:
        env = {**os.environ, "PPEI_LOCK_DIR": own, "PPEI_CONFIG_DIR": own}
        outputs = {
            "bench_save.py": run("bench_save.py", [], env),
            "bench_startup.py": run("bench_startup.py", [runs], env),
            "bench_resume.py": run("bench_resume.py", [runs], env),
            "bench_review.py": run("bench_review.py", [], env),
        }
    print("\n" + "\n".join(summary(outputs)))


if __name__ == "__main__":
    main()
