"""PDF summary time and peak memory for sessions of 100, 1,000 and 10,000 notes.

Each size runs in a fresh process (so peak RSS is that report's own). The notes are the
example session's, repeated with shifted times. Usage: python bench/bench_report.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"

CHILD = """
import sys, time, resource
from datetime import datetime, timezone
from pathlib import Path
from ppei_tui.storage.store import load_session
from ppei_tui.outputs.pdf_report import write_report
path = Path(sys.argv[1])
start = time.perf_counter()
result = write_report(load_session(path), path, path.with_suffix(".pdf"), datetime.now(timezone.utc))
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{elapsed:.2f} {peak:.0f} {result.pages}")
"""


def synthetic(size: int, folder: Path) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    originals = list(data["notes"].values())
    span = max(n["offset_seconds"] for n in originals) + 60
    notes = {}
    for index in range(size):
        note = dict(originals[index % len(originals)])
        note["id"] = index + 1
        note["offset_seconds"] = note["offset_seconds"] + span * (index // len(originals))
        notes[str(index + 1)] = note
    data["notes"] = notes
    # Its own session id: with the example's, it is a copy of the example's session, and
    # `observe --resume` asks about copies in the sessions folder (./sessions holds the example).
    data["info"]["1"]["id"] = str(uuid.uuid4())
    path = folder / f"bench-{size}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for size in (100, 1000, 10000):
            path = synthetic(size, Path(folder))
            wall = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)], check=True, capture_output=True, text=True
            ).stdout.split()
            wall = time.perf_counter() - wall
            print(
                f"{size:>6,} notes: report {float(out[0]):6.2f} s (process {wall:5.2f} s), "
                f"peak RSS {out[1]:>4} MB, {out[2]} pages"
            )


if __name__ == "__main__":
    main()
