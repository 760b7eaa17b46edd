"""Opening each dialog while observing: CPU time of the whole open and of the CSS work in it.

Issue 12: typing must never stall, so a dialog opened during a meeting should cost well under
a frame (16 ms). Each dialog is opened by its key in a headless pilot (140x40, a new session),
twice (the first open also reads its widgets' CSS), and closed again. Per open: CPU ms from the
key to the app being idle with the dialog shown (the pilot's own cost included: see the plain
keypress line), and the part of it in Textual's stylesheet (Stylesheet.parse, reparse, update).
Two passes: as the app runs (ppei.tcss, the rules of every screen but observe, read after the
first frame: ui/stylesheets.py), and with that read left out, as for a dialog whose key was typed
during start-up (ppei.tcss is then read as the dialog is pushed).
Usage: python bench/bench_dialogs.py
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import textual.css.stylesheet as stylesheet_module

from ppei_tui.config import Config
from ppei_tui.domain.records import new_session_info
from ppei_tui.storage.store import SessionStore
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir
from ppei_tui.ui import observe
from ppei_tui.ui.app import PpeiApp

# (what, the key that opens it, the key that closes it)
DIALOGS = [
    ("a plain keypress (typed)", "a", "backspace"),
    ("F1 help", "f1", "escape"),
    ("tag picker (panel)", "ctrl+t", "escape"),
    ("agenda prompt", "ctrl+g", "escape"),
    ("export dialog", "f8", "escape"),
    ("end? question", "ctrl+e", "n"),
    ("command palette", "ctrl+k", "escape"),
]


class CssClock:
    """CPU seconds spent in the stylesheet's parse, reparse and update since `reset`."""

    def __init__(self) -> None:
        self.seconds = 0.0
        for name in ("parse", "reparse", "update"):
            setattr(
                stylesheet_module.Stylesheet, name, self.timed(getattr(stylesheet_module.Stylesheet, name))
            )

    def timed(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def timed_method(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - start

        return timed_method


async def open_each(app: PpeiApp, css: CssClock) -> list[str]:
    lines = []
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        for what, key, close in DIALOGS:
            opens = []
            for _ in range(2):
                css.seconds = 0.0
                start = time.process_time()
                await pilot.press(key)
                await pilot.pause()
                opens.append(
                    f"{(time.process_time() - start) * 1000:6.1f} ms (CSS {css.seconds * 1000:4.1f})"
                )
                await pilot.press(close)
                await pilot.pause()
            lines.append(f"  {what:<26} first {opens[0]}   again {opens[1]}")
    return lines


def main() -> None:
    css = CssClock()
    template = TemplateLibrary([bundled_templates_dir()]).get("hatfield-ppei")
    clock = lambda: datetime(2026, 1, 1, 10, tzinfo=UTC)  # noqa: E731
    with tempfile.TemporaryDirectory() as folder:
        config = Config(Path(folder) / "sessions", [bundled_templates_dir()], clock=clock)
        store = SessionStore(config.sessions_dir)
        print("CPU per open, ppei.tcss read after the first frame (as the app runs):")
        app = PpeiApp(config, store, store.create(new_session_info(template, "Bench", clock())), is_new=True)
        print("\n".join(asyncio.run(open_each(app, css))))
        print("the same, ppei.tcss not read before (a dialog typed during start-up):")
        observe.read_after_first_frame = lambda screen: None
        app = PpeiApp(
            config, store, store.create(new_session_info(template, "Bench 2", clock())), is_new=True
        )
        print("\n".join(asyncio.run(open_each(app, css))))


if __name__ == "__main__":
    main()
