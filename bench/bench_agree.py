"""Agreement of two 10,000-note sessions of one meeting (issue target: <= 2 s). Prints figures.

Two observers' sessions of a long meeting are built in memory (same times, tags differing on
about one note in five); `agreement` is timed over five runs and the median printed."""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from ppei_tui.domain.agreement import UnitRule, agreement
from ppei_tui.domain.session import Event, EventType, Note, Session, Tag, new_session_info
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir


def build(template, seed: int, notes: int) -> Session:
    rng = random.Random(seed)
    start = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    session = Session(new_session_info(template, "Workshop", start))
    session.events.append(Event(EventType.START, start.isoformat(), 0.0, True))
    cells = template.verb_cells()
    base = random.Random(1)
    for number in range(1, notes + 1):
        moment = start + timedelta(seconds=number * 3)
        cell = cells[base.randrange(len(cells))] if rng.random() > 0.2 else cells[rng.randrange(len(cells))]
        session.notes.append(Note(number, f"note {number}", moment.isoformat(), number * 3.0, [Tag(*cell)]))
    return session


def main() -> None:
    template = TemplateLibrary([bundled_templates_dir()]).get("hatfield-ppei")
    sessions = [build(template, 1, 10_000), build(template, 2, 10_000)]
    for unit in ("5m", "2m", "agenda"):
        times = []
        for _ in range(5):
            began = time.perf_counter()
            result = agreement(sessions, UnitRule.parse(unit))
            times.append(time.perf_counter() - began)
        print(
            f"agreement of two 10,000-note sessions, {unit} units ({len(result.coded.units)}): "
            f"median {statistics.median(times):.3f} s, max {max(times):.3f} s (target <= 2 s)"
        )


if __name__ == "__main__":
    main()
