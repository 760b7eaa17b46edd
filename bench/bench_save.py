"""Durable save time of one note (atomic write: temp file, fsync, rename, fsync dir).

Measured at the 1st, 1,000th and 10,000th note of a session. Usage: python bench/bench_save.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from ppei_tui.domain.session import Note, Tag, new_session_info
from ppei_tui.storage.store import NOTES, SessionStore
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir

TEXT = "Lay rep asks how the survey results will reach the GP practices; chair defers to item 4"


def make_note(n: int) -> Note:
    return Note(
        n,
        f"{TEXT} ({n}) #rep +trust @ash",
        f"2026-11-22T10:00:{n % 60:02d}+00:00",
        float(n),
        [Tag("Mat", "Reporting"), Tag("P", "Engaging")],
        ["trust"],
        "Ash",
        "GP lead",
        agenda_item="Finance",
    )


def bench_at(size: int, samples: int) -> list[float]:
    template = TemplateLibrary([bundled_templates_dir()]).get("hatfield-ppei")
    with tempfile.TemporaryDirectory() as folder:
        store = SessionStore(Path(folder))
        opened = store.create(new_session_info(template, "Bench", datetime.now(UTC)))
        if size > 1:  # fill the session up to the note before the one measured, in one write
            data = opened._db.storage.read()
            data[NOTES] = {str(n): make_note(n).to_dict() for n in range(1, size)}
            opened._db.storage.write(data)
        times = []
        for offset in range(samples):
            note = make_note(size + offset)
            start = time.perf_counter()
            opened.save_note(note)
            times.append(time.perf_counter() - start)
        file_size = opened.path.stat().st_size
        opened.close()
    print(
        f"note {size:>6,}: median {statistics.median(times) * 1000:7.2f} ms   "
        f"p99 {percentile(times, 99) * 1000:7.2f} ms   file {file_size / 1e6:6.2f} MB  ({samples} saves)"
    )
    return times


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> None:
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    medians = {size: statistics.median(bench_at(size, samples)) for size in (1, 1000, 10000)}
    print(
        f"growth: 1,000 / 1 = {medians[1000] / medians[1]:.1f}x, 10,000 / 1,000 = "
        f"{medians[10000] / medians[1000]:.1f}x"
    )


if __name__ == "__main__":
    main()
