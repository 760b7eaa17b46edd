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


@pytest.mark.parametrize(
    "text",
    ['{"theme": "textual-light", "reviewer": "RB"', "[1, 2]", "\ufffe not json", '"just a string"'],
)
def test_a_settings_file_that_cannot_be_read_is_never_overwritten_by_a_save(text, tmp_path):
    """A hand-edited settings.json with a typo keeps its other settings: a save refuses, by
    name, and leaves the file byte for byte (it used to be replaced by the one new key)."""
    path = tmp_path / SETTINGS_FILE
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    for save in (lambda: save_theme(tmp_path, "textual-light"), lambda: save_reviewer(tmp_path, "RB")):
        with pytest.raises(OSError, match="left as it is") as raised:
            save()
        assert str(path) in str(raised.value)
    assert path.read_bytes() == before


def test_a_readable_settings_file_keeps_its_other_keys_on_a_save(tmp_path):
    path = tmp_path / SETTINGS_FILE
    path.write_text('{"theme": "textual-light", "later": 1}', encoding="utf-8")
    save_reviewer(tmp_path, "RB")
    assert load_reviewer(tmp_path) == "RB"
    assert load_theme(tmp_path, {"textual-light"}) == ("textual-light", "")
    assert '"later": 1' in path.read_text(encoding="utf-8")
