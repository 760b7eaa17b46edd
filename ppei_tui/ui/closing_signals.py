"""The app closed from outside: the terminal closing (SIGHUP), a polite kill (SIGTERM), or kill -INT.

SIGINT too: Ctrl+C typed in the app is a key (it copies), so a SIGINT comes from outside; left to
Python's default it ended the app without its leave moment and with the last half second of
typing not on disk. Used by PpeiApp and ShadeApp, each with its own `leave_on_signal`.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterable

SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


def handle_signals(handler: Callable[[int], None]) -> list[int]:
    """Call `handler(signum)` on the running event loop for each of SIGNALS; the ones taken
    (none where there is no signal support: not the main thread, or not POSIX)."""
    loop = asyncio.get_running_loop()
    taken: list[int] = []
    for signum in SIGNALS:
        try:
            loop.add_signal_handler(signum, handler, signum)
        except (NotImplementedError, RuntimeError, ValueError):
            continue
        taken.append(signum)
    return taken


def release_signals(taken: Iterable[int]) -> None:
    """Give back the signals `handle_signals` took (their default handling returns)."""
    loop = asyncio.get_running_loop()
    for signum in taken:
        loop.remove_signal_handler(signum)
