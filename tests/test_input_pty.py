"""What is typed is what is stored, in a real terminal: bursts, streams, pastes, scripts, keys.

Each test runs `ppei observe` in a pseudo-terminal and writes bytes to it as a terminal would;
what is checked is the session as stored (file plus journal), read as every command reads it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime

import pytest
from pty_terminal import (
    BACKSPACE,
    BRACKETED_PASTE_END,
    BRACKETED_PASTE_START,
    ENTER,
    PtyApp,
    observe_new,
    session_file,
    stored_notes,
    wait_for_notes,
    wait_until,
)

from ppei_tui.domain.session import Note, Tag, new_session_info
from ppei_tui.storage.store import SessionStore, load_session
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")


def texts(notes: list[Note]) -> list[str]:
    return [note.text for note in notes]


def test_fifty_notes_in_one_burst_are_fifty_notes_exactly(tmp_path):
    typed = [f"note {n} #rep +trust <&> é" for n in range(1, 51)]
    app, sessions = observe_new(tmp_path)
    try:
        app.write(b"".join(t.encode() + ENTER for t in typed))  # one write: one burst
        notes = wait_for_notes(session_file(sessions), len(typed))
    finally:
        app.close()
    assert texts(notes) == typed, app.tail()
    assert [n.id for n in notes] == list(range(1, 51))


def test_a_stream_of_120_notes_beside_a_reader_is_stored_once_each_in_order(tmp_path):
    typed = [f"Vote {n} taken quickly, chair moves on #eng" for n in range(1, 121)]
    app, sessions = observe_new(tmp_path)
    path = session_file(sessions)
    reader = subprocess.Popen(  # another process reading the session as `ppei map` would
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from ppei_tui.storage.store import load_session\n"
            "end = time.monotonic() + 300\n"
            "while time.monotonic() < end:\n"
            "    try: load_session(sys.argv[1])\n"
            "    except Exception as e: print(type(e).__name__, e, flush=True)\n",
            str(path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for text in typed:
            app.write(text.encode() + ENTER)
            time.sleep(0.12)
        notes = wait_for_notes(path, len(typed))
    finally:
        reader.kill()
        reader.wait(10)
        app.close()
    assert texts(notes) == typed, app.tail()


def test_bracketed_multiline_paste_is_one_note_with_its_line_breaks(tmp_path):
    app, sessions = observe_new(tmp_path)
    try:
        app.write(b"Pasted: ")
        app.write(
            BRACKETED_PASTE_START + b"Budget agreed\r@Ash asks about GPs\r+trust noted" + BRACKETED_PASTE_END
        )
        app.write(ENTER + b"after" + ENTER)
        notes = wait_for_notes(session_file(sessions), 2)
    finally:
        app.close()
    assert texts(notes) == ["Pasted: Budget agreed\n@Ash asks about GPs\n+trust noted", "after"], app.tail()
    assert notes[0].speaker == "Ash" and notes[0].practice_sets == ["trust"]


def test_unbracketed_paste_gives_one_note_per_line_each_once(tmp_path):
    lines = ["Budget agreed", "@Ash asks about GPs", "+trust noted"]
    app, sessions = observe_new(tmp_path)
    try:
        app.write("\r".join(lines).encode() + ENTER)  # line breaks arriving as Enter
        notes = wait_for_notes(session_file(sessions), 3)
        time.sleep(1)  # nothing more (no duplicate) arrives after
        notes = stored_notes(session_file(sessions))
    finally:
        app.close()
    assert texts(notes) == lines, app.tail()


def test_zero_width_characters_typed_are_kept_and_backspace_takes_a_whole_emoji(tmp_path):
    typed = [
        "می\u200cخواهم",  # ZWNJ
        "nurse 👩\u200d⚕️ here",  # ZWJ sequence, VS16
        "co\u00adoperation",  # soft hyphen
        "a\u200bb \u200fשלום\u200e",  # ZWSP, RLM, LRM
    ]
    app, sessions = observe_new(tmp_path)
    try:
        for text in typed:
            app.write(text.encode() + ENTER)
        app.write("Seen by 👩\u200d⚕️".encode() + BACKSPACE + b"the nurse" + ENTER)
        notes = wait_for_notes(session_file(sessions), len(typed) + 1)
    finally:
        app.close()
    assert texts(notes) == typed + ["Seen by the nurse"], app.tail()


def test_a_terminal_that_swallows_f_keys_still_has_help_export_and_end(tmp_path):
    app, sessions = observe_new(tmp_path)
    path = session_file(sessions)
    try:
        app.write(b"\x0c")  # Ctrl+L: help (F1 may be the terminal's)
        app.wait_for_output(b"Writing notes")
        app.write(b"\x1b")  # Esc closes it
        time.sleep(0.5)
        app.write(b"Last note" + ENTER)
        wait_for_notes(path, 1)
        app.write(b"\x13")  # Ctrl+S: export (F8)
        app.wait_for_output(b"Export format")
        app.write(b"\x1b")
        time.sleep(0.5)
        app.write(b"\x05")  # Ctrl+E: end the session (F10, kept by many terminals for menus)
        app.wait_for_output(b"End this session?")
        time.sleep(1.0)  # read, then answered: a key sooner is no answer (ui/question_guard.py)
        app.write(b"y")
        assert wait_until(lambda: load_session(path).ended, 60), app.tail()
    finally:
        app.close()
    assert texts(load_session(path).notes) == ["Last note"]


def make_resumable_session(folder, notes: int):
    """A started, unfinished session of `notes` notes, written as its documented JSON."""
    template = TemplateLibrary([bundled_templates_dir()]).get("hatfield-ppei")
    opened = SessionStore(folder, create_missing=True).create(
        new_session_info(template, "Governing Body", datetime.now().astimezone())
    )
    path = opened.path
    opened.close()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["notes"] = {
        str(n): Note(
            n,
            f"Earlier note {n} #rep +trust",
            "2026-11-22T10:00:00+00:00",
            float(n),
            [Tag("Mat", "Reporting")],
            ["trust"],
        ).to_dict()
        for n in range(1, notes + 1)
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    assert len(load_session(path).notes) == notes
    return path


def test_thirty_notes_typed_at_20_keys_a_second_into_a_resumed_2000_note_session(tmp_path):
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    path = make_resumable_session(sessions, 2000)
    typed = [f"Resumed {n}: GP asks about #rep @Ash" for n in range(1, 31)]
    app = PtyApp(["observe", "--resume", str(path), "--sessions-dir", str(sessions)], cwd=tmp_path)
    try:
        app.wait_for_output(b"recording", timeout=120)
        for text in typed:
            app.type_at(text + "\r", keys_per_second=20)
        notes = wait_for_notes(path, 2000 + len(typed), timeout=180)
    finally:
        app.close()
    assert texts(notes[2000:]) == typed, app.tail()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_no_border_drawn_twice_beside_an_emoji_with_vs16_in_tmux(tmp_path):
    """tmux draws ❤️ one cell wide where Textual counts two: the input's right border moved
    left and the old one stayed, so it showed twice."""
    socket = f"ppei-input-{os.getpid()}"
    command = (
        f"cd {tmp_path} && PPEI_CONFIG_DIR={tmp_path}/config {sys.executable} -m ppei_tui observe "
        f"--cop GB --sessions-dir {tmp_path}/sessions --create"
    )
    tmux = ["tmux", "-L", socket]
    subprocess.run([*tmux, "new-session", "-d", "-x", "120", "-y", "30", "-s", "t", command], check=True)
    try:

        def screen() -> str:
            return subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", "t"], capture_output=True, text=True
            ).stdout

        assert wait_until(lambda: "recording" in screen(), 60), screen()
        subprocess.run([*tmux, "send-keys", "-t", "t", "typing ❤️ ❤️ ❤️ here"], check=True)
        assert wait_until(lambda: "here" in screen(), 30), screen()
        time.sleep(1)
        [line] = [row for row in screen().splitlines() if "typing" in row]
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
    assert line.count("▎") == 1, line


def test_a_paste_holding_escape_sequences_arrives_whole_and_in_place(tmp_path):
    """Textual's parser split such a paste: its escape sequences came as keys first, the paste's
    start after them ("typed ^[31mtwo^[0m threeone  end"). ui/paste_parser.py keeps it whole;
    the text is stored as pasted (the screens draw the ESCs as ␛)."""
    app, sessions = observe_new(tmp_path)
    try:
        app.write(b"typed ")
        app.write(BRACKETED_PASTE_START + b"one \x1b[31mtwo \x1b[0m three" + BRACKETED_PASTE_END)
        app.write(b" end" + ENTER)
        notes = wait_for_notes(session_file(sessions), 1)
    finally:
        app.close()
    assert texts(notes) == ["typed one \x1b[31mtwo \x1b[0m three end"], app.tail()


@pytest.mark.parametrize("cut", ["whole", "by character", "inside the markers"])
def test_the_paste_parser_keeps_escapes_in_a_paste_however_the_bytes_are_cut(cut):
    from textual.drivers import linux_driver

    from ppei_tui.ui.paste_parser import KeepingPastes, install

    install()  # what the app does (each time it starts): the Linux driver's parser, wrapped once
    install()
    make_parser = linux_driver.XTermParser
    assert isinstance(make_parser, KeepingPastes) and not isinstance(make_parser.make_parser, KeepingPastes)

    data = "ty \x1b[200~one \x1b[31mtwo\x1b[0m\x1b[201~ end\x1b[A"
    chunks = {
        "whole": [data],
        "by character": list(data),
        "inside the markers": [data[:6], data[6:20], data[20:31], data[31:36], data[36:]],
    }[cut]
    parser = make_parser()
    events = [event for chunk in [*chunks, ""] for event in parser.feed(chunk)]
    pastes = [e.text for e in events if type(e).__name__ == "Paste"]
    keys = [e.key for e in events if type(e).__name__ == "Key"]
    assert pastes == ["one \x1b[31mtwo\x1b[0m"]
    assert keys == ["t", "y", "space", "space", "e", "n", "d", "up"]  # the rest parsed as before
