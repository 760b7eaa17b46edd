"""Start-up in instructions executed to ready-for-typing: ppei against an empty Textual app.

Wall and CPU time swing by a tenth between passes on a shared machine; the count of machine
instructions a run executes barely moves (within ~0.5% between runs), so it is the figure to
compare changes by. Counted by valgrind's callgrind (Debian package `valgrind`), with the same
children as bench_startup.py (same code, same 140x40 headless screen, same fresh interpreter),
except that each child ends with os._exit at the moment it prints "ready", so leaving (folding
the session file, releasing locks) is not counted for ppei, nor tearing down for the empty app.
Valgrind runs a child ~50x slower: a pass takes a few minutes.
Usage: python bench/bench_instructions.py [runs]   (default 1: the count barely varies)
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_startup  # noqa: E402  (the same children, from the script beside this one)

EXIT_AT_READY = (
    ("flush=True)\n            self.exit()", "flush=True)\n            os._exit(0)"),
    ("flush=True)\n        self.exit()", "flush=True)\n        os._exit(0)"),
)


def exiting_at_ready(code: str) -> str:
    """`code` with its self.exit() after printing "ready" replaced by os._exit(0).

    Raises ValueError if bench_startup's children changed so that nothing was replaced (the
    count would then include leaving and not be comparable)."""
    changed = code
    for old, new in EXIT_AT_READY:
        changed = changed.replace(old, new)
    if changed == code:
        raise ValueError("bench_startup's child no longer ends with self.exit() after 'ready'")
    return "import os\n" + changed


def count(code: str, arguments: list[str] | None = None, cache: str | None = None) -> int:
    """Instructions the child executed until ready (callgrind's "Collected" total).

    `arguments` and `cache` as in bench_startup.measure_once. Raises RuntimeError if the child
    did not print "ready"."""
    with tempfile.TemporaryDirectory() as sessions, tempfile.TemporaryDirectory() as own:
        env = {**os.environ, "PPEI_LOCK_DIR": own, "PPEI_CONFIG_DIR": own, "PPEI_CACHE_DIR": cache or own}
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={os.path.join(own, 'callgrind.out')}",
            sys.executable,
            "-c",
            exiting_at_ready(code),
            *[a.replace("{sessions}", sessions) for a in arguments or []],
        ]
        child = subprocess.run(command, capture_output=True, text=True, env=env)
        collected = re.search(r"Collected : (\d+)", child.stderr)
        if "ready" not in child.stdout or not collected:
            raise RuntimeError(f"the child failed (status {child.returncode}):\n{child.stderr[-2000:]}")
        return int(collected.group(1))


def main() -> None:
    if shutil.which("valgrind") is None:
        sys.exit("bench_instructions needs valgrind (apt-get install valgrind)")
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    bench_startup.compile_sources()
    with tempfile.TemporaryDirectory() as cache:
        # An observer's usual start has read the template before (template_cache.py).
        bench_startup.measure_once(bench_startup.PPEI, bench_startup.NEW_SESSION, cache)
        empty = statistics.median(count(bench_startup.EMPTY) for _ in range(runs))
        ppei = statistics.median(
            count(bench_startup.PPEI, bench_startup.NEW_SESSION, cache) for _ in range(runs)
        )
        first = statistics.median(count(bench_startup.PPEI, bench_startup.NEW_SESSION) for _ in range(runs))
    print(f"empty Textual app          {empty / 1e6:8.1f}M instructions to ready")
    print(
        f"ppei observe, new session  {ppei / 1e6:8.1f}M  ratio {ppei / empty:.2f}x (target <= 1.5x, issue 12)"
    )
    print(f"  the same, first start    {first / 1e6:8.1f}M  ratio {first / empty:.2f}x (template from YAML)")


if __name__ == "__main__":
    main()
