"""Reviewing a 10,000-note session: time to open it, and the cost of each filter keypress.

Opening is timed from the request to the review screen showing its notes (headless app,
session read and locked in a thread). Each keypress is timed two ways: the filter handler on
its own (parse, match 10,000 notes, recompute the map, refresh the visible lines), and a full
simulated keypress through Textual's pilot, next to a bare Input app's keypress (the pilot's
own overhead). Usage: python bench/bench_review.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_report import synthetic  # noqa: E402

from ppei_tui.config import Config  # noqa: E402
from ppei_tui.storage.store import SessionStore  # noqa: E402
from ppei_tui.templates import bundled_templates_dir  # noqa: E402
from ppei_tui.ui.app import PpeiApp  # noqa: E402
from ppei_tui.ui.review import ReviewScreen  # noqa: E402
from ppei_tui.ui.review_widgets import NotesView  # noqa: E402

TYPED = "#mat.rep +trust @beech budget"


async def bare_keypress_ms() -> float:
    from textual.app import App
    from textual.widgets import Input

    class Bare(App):
        def compose(self):
            yield Input()

    times = []
    async with Bare().run_test(size=(160, 50)) as pilot:
        for char in TYPED:
            start = time.perf_counter()
            await pilot.press(char)
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


async def main() -> None:
    folder = Path(tempfile.mkdtemp())
    path = synthetic(10000, folder)
    config = Config(folder, [bundled_templates_dir()])
    app = PpeiApp(config, SessionStore(folder), start_in_review=True)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        app.open_review(str(path))
        while not (
            isinstance(app.screen, ReviewScreen)
            and app.screen.query(NotesView)
            and app.screen.query_one(NotesView).notes
        ):
            await asyncio.sleep(0.005)
        await pilot.pause()
        opened = time.perf_counter() - start
        screen = app.screen
        handler = []
        for length in range(1, len(TYPED) + 1):
            begin = time.perf_counter()
            screen.apply_filter(TYPED[:length])
            handler.append(time.perf_counter() - begin)
        screen.apply_filter("")
        screen.query_one("#filter").focus()
        presses = []
        for char in TYPED:
            begin = time.perf_counter()
            await pilot.press(char)
            presses.append(time.perf_counter() - begin)
        shown = len(screen.query_one(NotesView).notes)
    bare = await bare_keypress_ms()
    print(f"open 10,000-note session in review: {opened:.2f} s")
    print(
        f"filter handler per keypress: median {statistics.median(handler) * 1000:.1f} ms, "
        f"max {max(handler) * 1000:.1f} ms ({len(handler)} keypresses, '{TYPED}')"
    )
    print(
        f"full keypress through pilot: median {statistics.median(presses) * 1000:.1f} ms, max "
        f"{max(presses) * 1000:.1f} ms; a bare Input app: median {bare:.1f} ms; "
        f"{shown} notes match at the end"
    )


if __name__ == "__main__":
    asyncio.run(main())
