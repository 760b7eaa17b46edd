"""Durable save time of one note (a journal append + fdatasync), and of a fold of the journal
into the session file (temp file, fsync, rename, fsync dir; every FOLD_RECORDS records).

Measured at the 1st, 1,000th and 10,000th note of a session. Usage: python bench/bench_save.py [saves]
Targets (issue 12): median <= 3 ms at the 1,000th note, <= 5 ms at the 10,000th, growth <= 1.5x.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from ppei_tui.domain.session import Note, Tag, new_session_info
from ppei_tui.storage.store import NOTES, OpenSession, SessionStore
from ppei_tui.storage.writer import note_record
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
            opened._file.tables[NOTES] = {str(n): make_note(n).to_dict() for n in range(1, size)}
            opened.fold()
        times = []
        for offset in range(samples):
            note = make_note(size + offset)
            start = time.perf_counter()
            opened.save_note(note)
            times.append(time.perf_counter() - start)
        start = time.perf_counter()
        opened.fold()
        fold = time.perf_counter() - start
        through_writer = writer_round_trips(opened, size + samples, samples // 2)
        file_size = opened.path.stat().st_size
        opened.close()
    print(
        f"note {size:>6,}: median {statistics.median(times) * 1000:7.2f} ms   "
        f"p99 {percentile(times, 99) * 1000:7.2f} ms   file {file_size / 1e6:6.2f} MB  ({samples} saves)   "
        f"fold {fold * 1000:6.1f} ms (every {OpenSession.FOLD_RECORDS} records, in the writer thread)   "
        f"submit->Saved {statistics.median(through_writer) * 1000:5.2f} ms"
    )
    return times


def writer_round_trips(opened: OpenSession, first_id: int, samples: int) -> list[float]:
    """What the screen waits for a saved mark: submit to the writer, until it reports."""
    reported = threading.Event()
    writer = opened.start_writer(lambda outcome: reported.set())
    times = []
    for offset in range(samples):
        reported.clear()
        start = time.perf_counter()
        writer.submit(note_record(make_note(first_id + offset)))
        reported.wait(10)
        times.append(time.perf_counter() - start)
    return times


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def fdatasync_floor(samples: int) -> float:
    """The disk's own cost of one durable append (what no design can go below)."""
    with tempfile.TemporaryDirectory() as folder:
        fd = os.open(Path(folder) / "floor", os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        times = []
        for _ in range(samples):
            start = time.perf_counter()
            os.write(fd, b"x" * 400 + b"\n")
            os.fdatasync(fd)
            times.append(time.perf_counter() - start)
        os.close(fd)
    return statistics.median(times)


def main() -> None:
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print(f"this disk: one 400-byte append + fdatasync, median {fdatasync_floor(samples) * 1000:.2f} ms")
    medians = {size: statistics.median(bench_at(size, samples)) for size in (1, 1000, 10000)}
    print(
        f"growth: 1,000 / 1 = {medians[1000] / medians[1]:.1f}x, 10,000 / 1,000 = "
        f"{medians[10000] / medians[1000]:.1f}x"
    )


if __name__ == "__main__":
    main()
