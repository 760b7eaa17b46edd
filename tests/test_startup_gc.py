"""Before the app starts, what is already imported is moved out of the garbage collector's
reach (cli._keep_imports_out_of_collections, issue 12 §3, start-up): full collections on the
way to the first screen and while typing then walk only what the app makes."""

from __future__ import annotations

import gc

from ppei_tui import cli
from ppei_tui.ui.app import PpeiApp


def test_the_app_runs_with_the_imported_objects_frozen(config, store, make_info, monkeypatch):
    seen: list[int] = []
    monkeypatch.setattr(PpeiApp, "run", lambda self, **kwargs: seen.append(gc.get_freeze_count()))
    opened = store.create(make_info())
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        cli._run_app(config, opened, True, store)
        assert seen and seen[0] > 10_000  # modules, classes and functions: all of them
        assert gc.isenabled()  # collections still run, for what the app makes
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual
        opened.close()
