"""Reviewing a 10,000-note session: time to open it, and the cost of each filter keypress.

Opening is timed from the request to the review screen showing its notes (headless app,
session read and locked in a thread). The filter is typed one key at a time ('#mat.rep +trust
@beech budget', 29 keys), timed four ways:
- the filter handler: what a keypress runs on the UI thread (it only asks a worker to filter);
- applying a result: the UI-thread part once the worker answers (rows, map, count line, and
  the highlighted note's detail, which the list's message redraws);
- UI-thread work per keypress: the two together, the figure issue 12 wants under 16 ms;
- keypress to rows shown: from the handler to the filtered rows in the list (the worker's
  matching and map count included; painted at the next frame), each key waiting for the
  previous key's rows;
and a full simulated keypress through Textual's pilot, next to a bare Input app's keypress
(the pilot's own overhead), then the wait after the last fast key until its rows are shown.
Usage: python bench/bench_review.py
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
from ppei_tui.domain.review_filter import FilterRequest, filter_notes  # noqa: E402
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


def figures(label: str, seconds: list[float]) -> str:
    return f"{label}: median {statistics.median(seconds) * 1000:.1f} ms, max {max(seconds) * 1000:.1f} ms"


async def rows_shown(screen: ReviewScreen) -> None:
    while screen.filter_pending:
        await asyncio.sleep(0.0005)


async def one_key_at_a_time(screen: ReviewScreen) -> tuple[list[float], list[float], list[float]]:
    """(handler, applying the result, keypress to rows shown) per keypress, in seconds."""
    handler, applying, shown = [], [], []
    for length in range(1, len(TYPED) + 1):
        begin = time.perf_counter()
        screen.apply_filter(TYPED[:length])
        handler.append(time.perf_counter() - begin)
        await rows_shown(screen)
        shown.append(time.perf_counter() - begin)
    screen.apply_filter("")
    await rows_shown(screen)
    for length in range(1, len(TYPED) + 1):  # the result-showing step alone, on the same results
        request = FilterRequest(
            TYPED[:length], list(screen.session.notes), screen.vocabulary, screen.session.info.agenda, False
        )
        result = filter_notes(request, lambda: False)
        assert result is not None
        begin = time.perf_counter()
        screen.show_filtered(result)
        screen.highlighted(NotesView.Highlighted(screen.query_one(NotesView).current))  # its message
        applying.append(time.perf_counter() - begin)
    return handler, applying, shown


async def main() -> None:
    folder = Path(tempfile.mkdtemp())
    path = synthetic(10000, folder)
    config = Config(folder, [bundled_templates_dir()])
    app = PpeiApp(config, SessionStore(folder), start_in_review=True, reviewer="bench")
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
        assert isinstance(screen, ReviewScreen)
        handler, applying, shown = await one_key_at_a_time(screen)
        screen.apply_filter("")
        await rows_shown(screen)
        await pilot.pause()
        screen.query_one("#filter").focus()
        presses = []
        for char in TYPED:
            begin = time.perf_counter()
            await pilot.press(char)
            presses.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        await rows_shown(screen)
        last_rows = time.perf_counter() - begin
        shown_notes = len(screen.query_one(NotesView).notes)
        status = str(screen.query_one("#filter-status").render())
    bare = await bare_keypress_ms()
    ui_work = [h + a for h, a in zip(handler, applying, strict=True)]
    print(f"open 10,000-note session in review: {opened:.2f} s")
    print(figures("filter handler per keypress", handler) + f" ({len(handler)} keypresses, '{TYPED}')")
    print(figures("applying a filter's result on the UI thread", applying))
    print(figures("UI-thread work per keypress (handler + applying its result)", ui_work) + " (target 16 ms)")
    print(figures("keypress to its filtered rows shown (worker included)", shown))
    print(
        f"full keypress through pilot: median {statistics.median(presses) * 1000:.1f} ms, max "
        f"{max(presses) * 1000:.1f} ms; a bare Input app: median {bare:.1f} ms; "
        f"{shown_notes} notes match at the end"
    )
    print(f"after the last fast key, its rows shown {last_rows * 1000:.1f} ms later ({status!r})")


if __name__ == "__main__":
    asyncio.run(main())
