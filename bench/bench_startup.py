"""App start to ready-for-typing, headless, in a fresh interpreter each run.

Ready is the moment the child prints "ready" (the note input has focus after a refresh): the
parent times it from spawning the child, so it includes the interpreter's start and every
import. The whole run (until the process has exited, leaving included: for ppei, folding the
session file and releasing its locks) is printed beside it. Medians and spread over several
runs, next to an empty Textual app measured the same way (the floor), and their ratio; for
ppei both an observer's usual start (the template read before, kept by template_cache.py) and
the very first (the template read from its YAML, PyYAML loaded).
Usage: python bench/bench_startup.py [runs]
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
from typing import NamedTuple

# `ppei observe ...` as typed, through the real command line (parser, config, store, app),
# headless at 140x40; the child prints "ready" once the note input has focus after a refresh.
PPEI = """
import sys, time
import ppei_tui.ui.app as app_module
from ppei_tui import cli
from ppei_tui.ui.note_input import NoteInput

class Bench(app_module.PpeiApp):
    def run(self, **kwargs):
        return super().run(headless=True, size=(140, 40))
    def observe(self, opened, is_new):
        super().observe(opened, is_new)
        self.call_after_refresh(self.ready)
    def ready(self):
        if self.screen.query(NoteInput) and self.screen.query_one(NoteInput).has_focus:
            print("ready", time.process_time(), flush=True)
            self.exit()
        else:
            self.call_after_refresh(self.ready)

app_module.PpeiApp = Bench
cli.terminal_problem = lambda program: None  # headless: no terminal is needed
sys.exit(cli.main(sys.argv[1:]))
"""
NEW_SESSION = ["observe", "--cop", "Bench", "--sessions-dir", "{sessions}"]

EMPTY = """
import time
from textual.app import App
from textual.widgets import Input
class Empty(App):
    def compose(self):
        yield Input()
    def on_mount(self):
        self.call_after_refresh(self.ready)
    def ready(self):
        print("ready", time.process_time(), flush=True)
        self.exit()
Empty().run(headless=True, size=(140, 40))
"""


class Run(NamedTuple):
    """One child's figures, in seconds: ready to type, the whole process, its CPU time, and
    the CPU time it had used when ready (all its threads; steadier than wall time on a busy
    machine)."""

    ready: float
    whole: float
    cpu: float
    cpu_ready: float


def measure_once(code: str, arguments: list[str] | None = None, cache: str | None = None) -> Run:
    """Run `code` in a fresh interpreter with `arguments` ("{sessions}": a new empty folder).

    CPU time (the child's, from rusage) is steadier on a busy machine than wall time. The child
    gets its own lock and config folders: another ppei on the machine holding a session of the
    same id (the example's, when one is resumed) or a user's keymap cannot change it.
    `cache`: the folder of templates already read (template_cache.py); None: a new empty one,
    so the template is read from its YAML as at the very first start."""
    with tempfile.TemporaryDirectory() as sessions, tempfile.TemporaryDirectory() as own:
        env = {**os.environ, "PPEI_LOCK_DIR": own, "PPEI_CONFIG_DIR": own, "PPEI_CACHE_DIR": cache or own}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", code, *[a.replace("{sessions}", sessions) for a in arguments or []]],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        line = child.stdout.readline() if child.stdout else ""
        ready = time.perf_counter() - start
        _out, err = child.communicate()
        whole = time.perf_counter() - start
        if child.returncode or not line.startswith("ready "):
            raise RuntimeError(f"the child failed (status {child.returncode}, said {line!r}):\n{err}")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return Run(ready, whole, cpu, float(line.split()[1]))


def describe(name: str, runs: list[Run]) -> str:
    """One line: median ready (with min and max), the whole run and CPU time."""
    ready = [r.ready for r in runs]
    return (
        f"{name:<30} ready median {statistics.median(ready):.3f} s  "
        f"min {min(ready):.3f}  max {max(ready):.3f}  "
        f"whole run {statistics.median(r.whole for r in runs):.3f} s  "
        f"CPU to ready {statistics.median(r.cpu_ready for r in runs):.3f} s, whole "
        f"{statistics.median(r.cpu for r in runs):.3f} s  ({len(runs)} runs)"
    )


def compile_sources() -> None:
    """Byte-compile ppei_tui first, as an install does: with PYTHONDONTWRITEBYTECODE set (as on
    some CI machines) every run would otherwise compile its sources, which Textual's installed
    package never does, and the comparison would not be fair."""
    import compileall

    import ppei_tui

    compileall.compile_dir(Path(ppei_tui.__file__).parent, quiet=1)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    compile_sources()
    measure_once(EMPTY)  # warm the file cache
    empty: list[Run] = []
    ppei: list[Run] = []
    first: list[Run] = []
    with tempfile.TemporaryDirectory() as cache:
        measure_once(PPEI, NEW_SESSION, cache)  # an observer's first start: the template is read
        for _ in range(runs):  # interleaved, so a busy moment of the machine hits all alike
            empty.append(measure_once(EMPTY))
            ppei.append(measure_once(PPEI, NEW_SESSION, cache))
            first.append(measure_once(PPEI, NEW_SESSION))
    print(describe("empty Textual app", empty))
    print(describe("ppei observe, new session", ppei))
    print(describe("  the same, first start", first))
    print(
        f"ratio ppei / empty app, ready to type: {ratio(ppei, empty)} (target <= 1.5x, issue 12); "
        f"CPU used until ready {ratio(ppei, empty, cpu=True)}"
    )
    print(
        f"first start (template not read before, PyYAML loaded): ratio {ratio(first, empty)}; "
        f"CPU {ratio(first, empty, cpu=True)}"
    )


def ratio(runs: list[Run], floor: list[Run], cpu: bool = False) -> str:
    """Median of `runs` over median of `floor` (ready to type, or CPU used until then): "1.42x"."""

    def median(series: list[Run]) -> float:
        return statistics.median(r.cpu_ready if cpu else r.ready for r in series)

    return f"{median(runs) / median(floor):.2f}x"


if __name__ == "__main__":
    main()
