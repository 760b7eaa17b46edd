"""settings.json (theme, reviewer) that is a folder or a named pipe: read as 'no settings', said
by name, never waited on (a pipe would stall every start) and never replaced by a save."""

from __future__ import annotations

import os
import threading

import pytest

from ppei_tui.ui.preferences import SETTINGS_FILE, load_reviewer, load_theme, save_reviewer, save_theme


def in_time(call):
    """call() in a thread; fails instead of hanging when it waits on the pipe."""
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(timeout=30)
    return worker, result


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_settings_that_are_not_a_file_are_named_never_read_or_replaced(kind, tmp_path):
    path = tmp_path / SETTINGS_FILE
    path.mkdir() if kind == "folder" else os.mkfifo(path)
    for call in (lambda: load_theme(tmp_path, {"textual-dark"}), lambda: load_reviewer(tmp_path)):
        worker, result = in_time(call)
        if worker.is_alive():
            with open(path, "wb"):  # let it go, then fail
                pass
            pytest.fail(f"waited on a {kind} settings.json")
    assert load_theme(tmp_path, {"textual-dark"}) == (
        "textual-dark",
        f"{path}: not read ([Errno 22] is not a regular file (a folder, pipe or device)); "
        "using the default look",
    )
    assert load_reviewer(tmp_path) == ""
    for save in (lambda: save_theme(tmp_path, "textual-light"), lambda: save_reviewer(tmp_path, "RB")):
        with pytest.raises(OSError, match="not replaced"):
            save()
    assert path.is_dir() if kind == "folder" else path.is_fifo()
