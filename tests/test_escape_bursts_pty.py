"""A real `ppei observe` in a pseudo-terminal: Esc and the keys after it, in one write (as tmux
send-keys sends them), are Esc, then those keys (breaker 22, item 4).

Textual's parser read the same bytes as Alt+keys and, at each later ESC, re-issued what it had
gathered with the ESC as "^": the late-arrival prompt took "^after f12" as an attendee, the
agenda prompt "^after two" as an item, and the number picker swallowed "Esc 2" (read as "™")."""

from __future__ import annotations

import sys
import time

import pytest
from pty_terminal import ENTER, observe_new, session_file, wait_for_notes, wait_until

from ppei_tui.storage.store import load_session

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

ESC = b"\x1b"
F12 = b"\x1b[24~"
CTRL_G = b"\x07"
CTRL_T = b"\x14"
CTRL_Q = b"\x11"


def test_esc_then_keys_in_one_write_close_each_prompt_and_type_the_notes(tmp_path):
    app, sessions = observe_new(tmp_path)
    path = session_file(sessions)
    before = load_session(path)
    burst = (
        F12 + ESC + b"after f12" + ENTER
        + CTRL_G + ESC + CTRL_G + ESC + b"after two" + ENTER
        + CTRL_T + ESC + b"2x" + ENTER
    )  # fmt: skip
    try:
        app.write(burst)  # one write: one burst
        notes = wait_for_notes(path, 3, timeout=30)
        app.write(CTRL_Q)
        assert wait_until(lambda: app.process.poll() is not None, 30), app.tail()
    finally:
        app.close()
    session = load_session(path)
    assert [n.text for n in notes] == ["after f12", "after two", "2x"], app.tail()
    assert [a.pseudonym for a in session.info.attendees] == [a.pseudonym for a in before.info.attendees]
    assert [e.type for e in session.events if e.type in ("arrival", "agenda")] == []


def test_esc_then_text_in_the_agenda_prompt_closes_it_and_the_text_after_is_a_note(tmp_path):
    # "ab" typed, Esc closes the prompt at once keeping "ab" pending (it used to ask keep editing /
    # save / discard, and the keys after Esc answered: "d" discarded); "cd" is a note, so is
    # "after". Ctrl+Q asks about the pending "ab", d drops it. Textual's reading stored "abcd".
    app, sessions = observe_new(tmp_path)
    path = session_file(sessions)
    try:
        app.write(CTRL_G + b"ab" + ESC + b"cd" + ENTER + b"after" + ENTER)
        notes = wait_for_notes(path, 2, timeout=30)
        app.write(CTRL_Q)
        time.sleep(1.0)  # the question about "ab" is asked
        assert app.process.poll() is None, app.tail()
        app.write(b"d")
        assert wait_until(lambda: app.process.poll() is not None, 30), app.tail()
    finally:
        app.close()
    session = load_session(path)
    assert [n.text for n in notes] == ["cd", "after"], app.tail()
    assert [e.detail for e in session.events if e.type == "agenda"] == []


def test_a_real_alt_key_a_keymap_binds_runs_its_action_and_unbound_it_is_esc_then_the_key(tmp_path):
    # Alt+A as a terminal sends it, alone in its read: ESC a. The keymap gives it the agenda.
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "keymap.toml").write_text('"observe.agenda" = "alt+a"\n', encoding="utf-8")
    app, sessions = observe_new(tmp_path)
    path = session_file(sessions)
    try:
        app.write(ESC + b"a")
        assert wait_until(lambda: b"Agenda item" in app.output, 30), app.tail()
        app.write(b"Budget" + ENTER)
        app.write(ESC + b"z")  # bound to nothing: Esc (nothing to close), then z typed
        time.sleep(1)
        app.write(b"ed" + ENTER)
        notes = wait_for_notes(path, 1, timeout=30)
        app.write(CTRL_Q)
        assert wait_until(lambda: app.process.poll() is not None, 30), app.tail()
    finally:
        app.close()
    session = load_session(path)
    assert [n.text for n in notes] == ["zed"], app.tail()
    assert [e.detail for e in session.events if e.type == "agenda"] == ["Budget"]
