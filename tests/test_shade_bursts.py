"""`ppei shade`: keys in one burst go where a slow typist's would (breaker 22, item 8).

"Down c 'burst comment' Enter" in one tmux send-keys dropped the comment with no record and no
message: ShadeApp was a plain Textual App, which queues the whole burst at the widget focused
when it arrives (the map), before `c` opens the comment prompt; typed slowly it saved. It is a
KeysInOrder app now (ui/key_order.py), as ppei's own. The burst is posted as a terminal's is,
every key before any is handled; test_shade_bursts_pty writes the real bytes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from pty_terminal import PtyApp, wait_until
from test_shading import EXAMPLE
from textual import events

from ppei_tui.domain.shading import new_shading
from ppei_tui.storage.atomic import SessionFileError
from ppei_tui.storage.store import SessionStore, load_session
from ppei_tui.ui.shade import ShadeApp

NAMED = {"down": None, "enter": "\r", "escape": "\x1b"}


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    path = tmp_path / "sessions" / EXAMPLE.name
    path.parent.mkdir()
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def shading_stored(path: Path) -> dict:
    """Hazel's shading as stored (the example session has other members' too)."""
    shadings = json.loads(path.read_text(encoding="utf-8"))["shadings"].values()
    [shading] = [s for s in shadings if s["member"] == "Hazel"]
    return shading


async def test_a_comment_typed_in_one_burst_after_c_is_saved(session_file, config):
    opened = SessionStore(session_file.parent).open(session_file)
    try:
        shading = new_shading(opened.session.shadings, "Hazel", "lay member", config.clock(), {}, {})
        opened.session.shadings.append(shading)
        app = ShadeApp(opened, shading, config, "Hazel")
        async with app.run_test() as pilot:
            await pilot.pause()
            for name in ["down", "c", *"burst comment", "enter", "3"]:
                name = "space" if name == " " else name
                app.post_message(events.Key(name, NAMED.get(name, " " if name == "space" else name)))
            for _ in range(6):
                await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            await pilot.press("escape")
        assert app.return_code == 0
    finally:
        opened.close()
    stored = shading_stored(session_file)
    assert stored["comments"] == {"P.Imagining": "burst comment"}
    assert stored["levels"] == {"P.Imagining": 3}  # the key after Enter went to the map


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_a_comment_written_in_one_write_to_a_real_ppei_shade_is_saved(session_file, tmp_path):
    app = PtyApp(["shade", str(session_file), "--as", "Hazel"], cwd=tmp_path)
    try:
        app.wait_for_output(b"Hazel", timeout=120)
        app.write(b"\x1b[B" + b"c" + b"burst comment\r" + b"3")  # Down c ... Enter 3: one write

        def saved() -> bool:  # as every command reads it (the file and its journal)
            try:
                return [s.levels for s in load_session(session_file).shadings] == [{"P.Imagining": 3}]
            except SessionFileError:
                return False  # caught mid-write

        assert wait_until(saved, 30), app.tail()
        app.write(b"\x11")  # Ctrl+Q
        assert wait_until(lambda: app.process.poll() is not None, 30), app.tail()
    finally:
        app.close()
    [shading] = load_session(session_file).shadings
    assert shading.comments == {"P.Imagining": "burst comment"}
