"""A real `ppei observe` and `ppei shade` in a pseudo-terminal: the terminal closing (SIGHUP) or
SIGTERM with a prompt open saves what was typed in it (ui/unsaved.save_on_signal; observe's agenda
prompt keeps its text pending in the session file, taking nothing up), as the pilot tests check
in-process (tests/test_observe_prompts_unsaved.py, tests/test_signals_unsaved.py).
The session file is read from outside the process, after it exited."""

from __future__ import annotations

import shutil
import signal
import time
from pathlib import Path

from pty_terminal import PtyApp, observe_new, session_file

from ppei_tui.storage.reading import read_tables

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"


def test_the_terminal_closing_with_the_agenda_prompt_open_keeps_the_item_pending(tmp_path):
    terminal, sessions = observe_new(tmp_path)
    try:
        path = session_file(sessions)
        terminal.write(b"half a note")
        time.sleep(0.3)
        terminal.write(b"\x07")  # Ctrl+G: the agenda prompt
        terminal.wait_for_output(b"Agenda item", 20)
        terminal.write(b"\x15Closing remarks")  # Ctrl+U, then the item
        time.sleep(0.5)
        terminal.hang_up()
        status = terminal.process.wait(20)
    finally:
        terminal.kill()
    assert status == 128 + signal.SIGHUP
    tables = read_tables(path)[0]
    agenda = [e["detail"] for e in tables["events"].values() if e["type"] == "agenda"]
    assert agenda == []  # not taken up: `observe --resume` offers it back
    assert tables["prompt_texts"]["1"]["agenda"]["text"] == "Closing remarks"
    assert tables["draft"]["1"]["text"] == "half a note"


def test_sigterm_in_shade_with_a_comment_typed_saves_it(tmp_path):
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    path = Path(shutil.copy(EXAMPLE, sessions / EXAMPLE.name))
    terminal = PtyApp(["shade", str(path), "--as", "Hazel", "--sessions-dir", str(sessions)], cwd=tmp_path)
    try:
        terminal.wait_for_output(b"Hazel", 30)
        terminal.write(b"c")
        terminal.wait_for_output(b"Comment on", 20)
        terminal.write(b"said twice")
        time.sleep(0.5)
        terminal.signal(signal.SIGTERM)
        status = terminal.process.wait(20)
    finally:
        terminal.kill()
    assert status == 128 + signal.SIGTERM
    [shading] = read_tables(path)[0]["shadings"].values()
    assert shading["comments"] == {"P.Aligning": "said twice"}
