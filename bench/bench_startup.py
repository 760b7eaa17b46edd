"""App start to ready-for-typing, headless, in a fresh interpreter each run.

Prints the median and spread over several runs, next to an empty Textual app measured the
same way (the floor), and their ratio. Usage: python bench/bench_startup.py [runs]
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PPEI = """
import sys, tempfile
from pathlib import Path
from ppei_tui.config import Config
from ppei_tui.storage.store import SessionStore
from ppei_tui.domain.session import new_session_info
from ppei_tui.templates import bundled_templates_dir
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.note_input import NoteInput

class Bench(PpeiApp):
    def observe(self, opened, is_new):
        super().observe(opened, is_new)
        self.call_after_refresh(self.ready)
    def ready(self):
        if self.screen.query(NoteInput) and self.screen.query_one(NoteInput).has_focus:
            print("ready", flush=True)
            self.exit()
        else:
            self.call_after_refresh(self.ready)

config = Config.from_environment(sys.argv[1])
store = SessionStore(config.sessions_dir)
template = config.templates.get("hatfield-ppei")
opened = store.create(new_session_info(template, "Bench", config.clock()))
Bench(config, store, opened, True).run(headless=True, size=(140, 40))
"""

EMPTY = """
from textual.app import App
from textual.widgets import Input
class Empty(App):
    def compose(self):
        yield Input()
    def on_mount(self):
        self.call_after_refresh(self.exit)
Empty().run(headless=True, size=(140, 40))
"""


def measure_once(code: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child): CPU time is steadier on a busy machine."""
    with tempfile.TemporaryDirectory() as sessions:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, sessions], check=True, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    # Byte-compile ppei_tui first, as an install does: with PYTHONDONTWRITEBYTECODE set (as on
    # some CI machines) every run would otherwise compile its sources, which Textual's
    # installed package never does, and the comparison would not be fair.
    import compileall

    import ppei_tui

    compileall.compile_dir(Path(ppei_tui.__file__).parent, quiet=1)
    measure_once(EMPTY)  # warm the file cache
    empty: list[tuple[float, float]] = []
    ppei: list[tuple[float, float]] = []
    for _ in range(runs):  # interleaved, so a busy moment of the machine hits both alike
        empty.append(measure_once(EMPTY))
        ppei.append(measure_once(PPEI))
    for name, times in (("empty Textual app", empty), ("ppei observe, ready to type", ppei)):
        walls = [w for w, _ in times]
        cpus = [c for _, c in times]
        print(
            f"{name:<30} median {statistics.median(walls):.3f} s  "
            f"min {min(walls):.3f}  max {max(walls):.3f}  "
            f"CPU median {statistics.median(cpus):.3f} s  ({runs} runs)"
        )
    wall_ratio = statistics.median(w for w, _ in ppei) / statistics.median(w for w, _ in empty)
    cpu_ratio = statistics.median(c for _, c in ppei) / statistics.median(c for _, c in empty)
    print(f"ratio ppei / empty app: {wall_ratio:.2f}x wall, {cpu_ratio:.2f}x CPU (target <= 1.5x, issue 12)")


if __name__ == "__main__":
    main()
