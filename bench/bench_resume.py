"""`ppei observe --resume` on long sessions: time to ready-to-type, and the work per keystroke.

1. Ready to type: a fresh interpreter runs `ppei observe --resume` on a session of N notes
   (lock, read, replay) headless until the note input has focus and the first frame is drawn,
   timed from spawning it (bench_startup's child); medians over several runs, next to an
   empty Textual app measured the same way, and the whole run (leaving and its fold included).
2. Per keystroke at 10,000 notes: each key of a typed note through Textual's pilot (the
   pilot's own overhead is shown by a bare Input app), then the UI-thread work after a save
   (the saved mark and the map update arriving from its worker) and the map count itself,
   which runs in a worker thread, off the UI thread.
Usage: python bench/bench_resume.py [runs]
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_report import synthetic  # noqa: E402
from bench_startup import EMPTY, PPEI, Run, compile_sources, describe, measure_once  # noqa: E402

TYPED = "Chair asks #eng +trust"


def unfinished(size: int, folder: Path) -> Path:
    """A synthetic session of `size` notes that can be resumed (its end event removed)."""
    path = synthetic(size, folder)
    data = json.loads(path.read_text(encoding="utf-8"))
    events = [e for e in data.get("events", {}).values() if e.get("type") != "end"]
    data["events"] = {str(i + 1): e for i, e in enumerate(events)}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def timed(method, into: list[float]):
    def wrapper(*args, **kwargs):
        begin = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            into.append(time.perf_counter() - begin)

    return wrapper


async def keystrokes(path: Path) -> None:
    from ppei_tui.config import Config
    from ppei_tui.storage.store import SessionStore
    from ppei_tui.ui.app import PpeiApp
    from ppei_tui.ui.observe import ObserveScreen

    # Its own lock folder (another ppei on the machine may hold the example's session id) and
    # no config folder (a user's keymap or theme is not read).
    locks = path.parent / "locks"
    locks.mkdir()
    store = SessionStore(path.parent, lock_dir=locks)
    config = replace(Config.from_environment(str(path.parent)), config_dir=None)
    app = PpeiApp(config, store, store.open(path), False)
    from ppei_tui.domain.mapping import compute_map
    from ppei_tui.ui.note_input import NoteInput
    from ppei_tui.ui.note_log import NoteLog

    typing: list[float] = []
    after_save: list[float] = []
    map_count: list[float] = []
    presses: list[float] = []
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, ObserveScreen)
        note_input = screen.query_one("#note-input", NoteInput)
        for _round in range(3):
            for char in TYPED:
                begin = time.perf_counter()
                await pilot.press(char)
                presses.append(time.perf_counter() - begin)
            await pilot.press("enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        # The screen's handlers on their own, called as Textual calls them.
        for length in range(1, len(TYPED) + 1):
            note_input.load_text(TYPED[:length])
            message = NoteInput.Changed(note_input)
            begin = time.perf_counter()
            screen.typing(message)
            typing.append(time.perf_counter() - begin)
        for _round in range(5):
            begin = time.perf_counter()
            compute_map(screen.session.template, screen.session.notes)
            map_count.append(time.perf_counter() - begin)
            begin = time.perf_counter()
            last = screen.session.notes[-1]
            screen.query_one(NoteLog).set_status(last.id, "saved")  # what a save's report does
            screen.refresh_map(last)
            after_save.append(time.perf_counter() - begin)
            await app.workers.wait_for_complete()
            await pilot.pause()
        note_input.value = ""
        await pilot.press("ctrl+q")
    bare = await bare_keypress()
    ms = 1000
    print(
        f"  keypress through pilot at 10,000 notes: median {statistics.median(presses) * ms:.1f} ms, "
        f"max {max(presses) * ms:.1f} ms; bare Input app median {bare * ms:.1f} ms"
    )
    print(
        f"  observe screen's own work per key (typing handler): median "
        f"{statistics.median(typing) * ms:.2f} ms, max {max(typing) * ms:.2f} ms"
    )
    print(
        f"  UI-thread work after each save (saved mark, map updated and shown): median "
        f"{statistics.median(after_save) * ms:.2f} ms, max {max(after_save) * ms:.2f} ms; "
        f"a full map count (done once, in a worker, on opening): median "
        f"{statistics.median(map_count) * ms:.1f} ms"
    )


async def bare_keypress() -> float:
    from textual.app import App
    from textual.widgets import Input

    class Bare(App):
        def compose(self):
            yield Input()

    times = []
    async with Bare().run_test(size=(140, 40)) as pilot:
        for char in TYPED:
            begin = time.perf_counter()
            await pilot.press(char)
            times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    compile_sources()
    measure_once(EMPTY)  # warm the file cache
    empty: list[Run] = []
    with tempfile.TemporaryDirectory() as folder:
        resumes: dict[int, list[Run]] = {}
        for size in (1000, 3000, 10000):
            sub = Path(folder) / str(size)
            sub.mkdir()
            path = unfinished(size, sub)
            resumes[size] = []
            for _ in range(runs):  # interleaved with the empty app: a busy moment hits both
                empty.append(measure_once(EMPTY))
                resumes[size].append(measure_once(PPEI, ["observe", "--resume", str(path)]))
        print(describe("empty Textual app", empty))
        for size, times in resumes.items():
            print(describe(f"resume {size:>6,} notes", times))
        print("  (ready: the note input has focus after a refresh; target <= 1 s at 10,000 notes, issue 12)")
        sub = Path(folder) / "keys"
        sub.mkdir()
        print("typing into a resumed 10,000-note session:")
        asyncio.run(keystrokes(unfinished(10000, sub)))


if __name__ == "__main__":
    main()
