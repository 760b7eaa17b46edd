import errno
import json
import os
import stat
import subprocess
import sys

import pytest

from ppei_tui.domain.session import Note, Tag
from ppei_tui.storage import atomic, journal, sessionfile
from ppei_tui.storage.atomic import SessionFileError
from ppei_tui.storage.lock import SessionLockedError
from ppei_tui.storage.store import OpenSession, load_session


def note(n: int, text: str = "") -> Note:
    return Note(
        n, text or f"note {n}", f"2026-11-22T10:{n % 60:02d}:00+00:00", float(n), [Tag("P", "Engaging")]
    )


def test_round_trip_keeps_everything(store, make_info, clock):
    info = make_info()
    opened = store.create(info)
    session = opened.session
    event = session.make_event("start", clock())
    session.events.append(event)
    opened.save_event(event, 0)
    for n in range(1, 4):
        opened.save_note(note(n, f"text {n} <&> ü 🙂\nsecond line"))
    opened.close()
    loaded = load_session(opened.path)
    assert loaded.info == info
    assert loaded.template.to_dict() == info.template
    assert [n.text for n in loaded.notes] == [f"text {n} <&> ü 🙂\nsecond line" for n in (1, 2, 3)]
    assert loaded.events == [event]
    summary = store.summaries()[0]
    assert summary.session is not None and not summary.finished


def test_session_keeps_its_own_copy_of_the_template(store, make_info, tmp_path):
    opened = store.create(make_info())
    opened.close()
    data = json.loads(opened.path.read_text())
    assert data["info"]["1"]["template"]["elements"][0]["verbs"][0] == "Aligning"


def test_files_are_private_to_their_owner(store, make_info):
    opened = store.create(make_info())
    opened.save_note(note(1))
    assert stat.S_IMODE(os.stat(opened.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(store.directory).st_mode) == 0o700
    opened.close()


def test_a_second_open_is_refused_with_a_clear_message(store, make_info):
    opened = store.create(make_info())
    with pytest.raises(SessionLockedError, match="open in another ppei"):
        store.open(opened.path)
    code = (
        "import sys; from pathlib import Path; from ppei_tui.storage.store import OpenSession\n"
        "try: OpenSession.open(Path(sys.argv[1]))\n"
        "except Exception as e: print(type(e).__name__, e); sys.exit(3)\n"
    )
    other = subprocess.run([sys.executable, "-c", code, str(opened.path)], capture_output=True, text=True)
    assert other.returncode == 3 and "SessionLockedError" in other.stdout and str(os.getpid()) in other.stdout
    opened.close()
    store.open(opened.path).close()


def test_corrupt_file_is_reported_and_never_overwritten(store, make_info):
    opened = store.create(make_info())
    opened.save_note(note(1))
    opened.close()
    broken = opened.path.read_bytes()[:-20]
    opened.path.write_bytes(broken)
    with pytest.raises(SessionFileError, match=r"line 1, column \d+: not valid JSON"):
        store.open(opened.path)
    with pytest.raises(SessionFileError):
        load_session(opened.path)
    assert opened.path.read_bytes() == broken
    assert "unreadable" in store.summaries()[0].describe()


@pytest.mark.parametrize("content", [b"", b"[1, 2]", b'{"notes": {}}', b"\xff\xfe"])
def test_files_that_are_not_sessions_are_left_alone(store, tmp_path, content):
    store.ensure_directory()
    path = store.directory / "odd.json"
    path.write_bytes(content)
    with pytest.raises(SessionFileError):
        store.open(path)
    assert path.read_bytes() == content


def test_stray_temp_files_are_cleaned_up_on_open(store, make_info):
    opened = store.create(make_info())
    opened.close()
    stray = opened.path.with_name(f".{opened.path.name}.99999.tmp")
    stray.write_text("half a write")
    store.open(opened.path).close()
    assert not stray.exists()


def test_failed_write_leaves_old_file_and_retry_keeps_every_note(store, make_info, monkeypatch):
    """A full disk mid-append: the half-written line is taken back, the note is not counted as
    saved, and a retry stores it; the session file itself is never touched by a save."""
    opened = store.create(make_info())
    opened.save_note(note(1))
    before = opened.path.read_bytes()
    journal_before = opened.journal.path.read_bytes()
    real_write = os.write

    def disk_full(fd, data):
        real_write(fd, bytes(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal.os, "write", disk_full)
    for n in (2, 3):
        with pytest.raises(OSError, match="No space"):
            opened.save_note(note(n))
    assert opened.path.read_bytes() == before
    assert opened.journal.path.read_bytes() == journal_before
    assert [n.id for n in load_session(opened.path).notes] == [1]
    monkeypatch.setattr(journal.os, "write", real_write)
    for n in (2, 3):  # the writer retries each unsaved note
        opened.save_note(note(n))
    opened.close()
    assert [n.id for n in load_session(opened.path).notes] == [1, 2, 3]
    assert not opened.journal.path.exists()


def test_a_failed_fold_keeps_the_file_and_the_journal(store, make_info, monkeypatch):
    opened = store.create(make_info())
    opened.save_note(note(1))
    opened.fold()
    opened.save_note(note(2))
    before = opened.path.read_bytes()
    monkeypatch.setattr(
        sessionfile.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full"))
    )
    with pytest.raises(OSError, match="full"):
        opened.fold()
    assert opened.path.read_bytes() == before
    assert not list(store.directory.glob(".*.tmp"))
    opened.close()  # cannot fold: the journal stays, and nothing is lost
    assert opened.journal.path.exists()
    monkeypatch.undo()
    assert [n.id for n in load_session(opened.path).notes] == [1, 2]
    store.open(opened.path).close()
    assert not opened.journal.path.exists()
    assert [n.id for n in load_session(opened.path).notes] == [1, 2]


def test_create_refuses_to_overwrite(store, make_info):
    info = make_info()
    store.create(info).close()
    with pytest.raises(SessionFileError, match="refusing to overwrite"):
        OpenSession.create(store.directory / f"{info.date}-governing-body-{info.id[:8]}.json", info)


def test_incremental_encoding_matches_a_full_encoding(store, make_info):
    """Cached JSON fragments must never let a stale document reach the file."""
    opened = store.create(make_info())
    for n in range(1, 30):
        opened.save_note(note(n))
    opened.fold()
    edited = note(7, "edited text")
    opened.save_note(edited)
    opened.save_info(opened.session.info)
    event = opened.session.make_event("start", __import__("datetime").datetime.now().astimezone())
    opened.save_event(event, 0)
    opened.fold()
    expected = atomic.json_text(opened._file.tables)
    assert opened.path.read_text(encoding="utf-8") == expected
    opened.close()
    assert load_session(opened.path).note(7).text == "edited text"
    assert json.loads(opened.path.read_text()) == json.loads(expected)


def test_observe_resume_of_a_locked_session_explains_and_exits(store, make_info, capsys, in_a_terminal):
    from ppei_tui.cli import main

    opened = store.create(make_info())
    code = main(["observe", "--resume", str(opened.path), "--sessions-dir", str(store.directory)])
    assert code == 1
    assert "is open in another ppei" in capsys.readouterr().err
    opened.close()
