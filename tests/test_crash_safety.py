"""Kill a real `ppei observe` process mid-stream and check no acknowledged note is lost.

The app runs in a pseudo-terminal, as in a real terminal; notes are typed into it. With
PPEI_ACK_LOG set, the app appends each note to that log once it is durably saved (the moment
the screen marks it saved). After SIGKILL, every acknowledged note must be in a session file
that parses, and reopening it must clean up any half-written temp file.
"""

from __future__ import annotations

import random
import signal
import time

import pytest
from pty_terminal import acknowledged, observe_new, wait_until

from ppei_tui.storage.store import OpenSession, load_session

RUNS = 6


@pytest.mark.parametrize("run", range(RUNS))
def test_sigkill_mid_stream_loses_no_acknowledged_note(tmp_path, run):
    ack = tmp_path / "ack.log"
    app, sessions = observe_new(tmp_path, env={"PPEI_ACK_LOG": str(ack)})
    try:
        rng = random.Random(run)
        kill_after = rng.randint(15, 60)
        for n in range(1, kill_after + 1):
            text = f"note {run}-{n} Ash speaks #eng +trust <&> é"
            app.write(text.encode() + b"\r")
            time.sleep(rng.choice([0.0, 0.01, 0.03]))
        # Let some saves land, then kill while later ones may still be in flight (up to 30 s:
        # on a machine loaded 7 deep, 10 s once saw 23 of 54 acknowledged).
        wait_until(lambda: len(acknowledged(ack)) >= kill_after // 2, 30)
        app.signal(signal.SIGKILL)
        app.process.wait(10)
    finally:
        app.kill()
    said_saved = acknowledged(ack)
    assert len(said_saved) >= kill_after // 2
    [path] = sessions.glob("*.json")
    session = load_session(path)  # parses: never half-written
    texts = [note.text for note in session.notes]
    print(f"typed {kill_after}, acknowledged {len(said_saved)}, stored {len(texts)}")
    missing = [text for text in said_saved if text not in texts]
    assert missing == []
    reopened = OpenSession.open(path)
    assert not list(sessions.glob(".*.tmp"))
    reopened.close()
