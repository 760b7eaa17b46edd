"""`ppei study` on a study of 50 sessions of 200 notes: terminal and PDF time, peak memory.

Targets (issue 13): the terminal study <= 1 s, the study PDF <= 10 s, peak memory <= 300 MB.
Each run is a fresh `ppei study` process, timed from start to exit (imports included); the
figures printed are medians of the runs. Wall time is what the user waits; CPU time (user +
system) is printed beside it because on a shared machine wall time includes waiting for a
core. Peak memory is the child process's maximum RSS.
Usage: python bench/bench_study.py [RUNS]
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_study_sessions import make_study  # noqa: E402

SESSIONS, NOTES = 50, 200
# Run a `ppei study` and print its own peak RSS (MB) on stderr's last line.
CHILD = """
import resource, sys
from ppei_tui.cli import main
code = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr)
sys.exit(code)
"""


def timed(args: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MB) of one `ppei study` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"ppei study {' '.join(args)} failed:\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, float(done.stderr.strip().splitlines()[-1])


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as folder:
        sessions = Path(folder) / "sessions"
        make_study(sessions, SESSIONS, NOTES)
        print(f"study of {SESSIONS} sessions x {NOTES} notes, median of {runs} runs")
        cases = [
            ("ppei study (terminal text)", ["study", str(sessions), "--plain"], 1.0),
            ("ppei study --format csv", ["study", str(sessions), "-o", f"{folder}/s.csv", "--force"], 1.0),
            ("ppei study -o study.pdf", ["study", str(sessions), "-o", f"{folder}/s.pdf", "--force"], 10.0),
        ]
        for label, args, target in cases:
            results = [timed(args) for _ in range(runs)]
            wall = statistics.median(r[0] for r in results)
            cpu = statistics.median(r[1] for r in results)
            peak = max(r[2] for r in results)
            # Single-threaded: on an idle machine wall time is CPU time; judge on CPU so a busy
            # shared machine does not decide the verdict (both figures are printed).
            verdict = "ok" if cpu <= target and peak <= 300 else "OVER TARGET"
            print(
                f"{label:<28} wall {wall:5.2f} s, CPU {cpu:5.2f} s (target {target:4.1f} s), "
                f"peak RSS {peak:4.0f} MB (target 300): {verdict}"
            )
        pages = subprocess.run(["pdfinfo", f"{folder}/s.pdf"], capture_output=True, text=True).stdout
        print(next((line for line in pages.splitlines() if line.startswith("Pages")), "").strip())


if __name__ == "__main__":
    main()
