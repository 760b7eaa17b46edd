"""One writer per session, whatever happens to lock files, links, moves and copies of the file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ppei_tui.domain.session import Note, Tag
from ppei_tui.storage.atomic import SessionFileError
from ppei_tui.storage.journal import journal_path_for
from ppei_tui.storage.lock import LockPathError, SessionIdLock, SessionLockedError
from ppei_tui.storage.sessionfile import SavingStopped
from ppei_tui.storage.store import OpenSession, SessionStore, load_session

OPEN_IN_CHILD = (
    "import sys; from pathlib import Path; from ppei_tui.storage.store import OpenSession\n"
    "try:\n"
    "    opened = OpenSession.open(Path(sys.argv[1]))\n"
    "except Exception as e:\n"
    "    print(type(e).__name__, e); sys.exit(3)\n"
    "opened.close(); print('opened')\n"
)


def note(n: int) -> Note:
    return Note(n, f"note {n}", f"2026-11-22T10:{n % 60:02d}:00+00:00", float(n), [Tag("P", "Engaging")])


def open_in_another_process(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", OPEN_IN_CHILD, str(path)], capture_output=True, text=True)


def lock_file(lock_dir: Path, opened: OpenSession) -> Path:
    return lock_dir / f"{opened.session.info.id}.lock"


def test_deleting_the_lock_file_midway_lets_no_second_process_in(store, make_info, lock_dir):
    opened = store.create(make_info())
    for n in (1, 2, 3):
        opened.save_note(note(n))
    lock_file(lock_dir, opened).unlink()  # a clean-up script or sync tool
    other = open_in_another_process(opened.path)
    assert other.returncode == 3 and "open in another ppei" in other.stdout
    for n in (4, 5, 6):
        opened.save_note(note(n))  # and the lock file is put back meanwhile
    assert lock_file(lock_dir, opened).exists()
    copy = opened.path.with_name(opened.path.stem + " (conflicted copy).json")
    shutil.copyfile(opened.path, copy)
    other = open_in_another_process(copy)
    assert other.returncode == 3 and opened.path.name in other.stdout, other.stdout
    opened.close()
    assert [n.id for n in load_session(opened.path).notes] == [1, 2, 3, 4, 5, 6]


def test_a_second_process_that_got_in_through_a_deleted_lock_stops_the_first(store, make_info, lock_dir):
    """If the id lock vanished and another process took a copy of the session before this one
    noticed, this one stops saving (and says so) rather than split the session further."""
    opened = store.create(make_info())
    opened.save_note(note(1))
    copy = opened.path.with_name("copy.json")
    shutil.copyfile(opened.path, copy)
    lock_file(lock_dir, opened).unlink()
    holder = SessionIdLock(lock_dir, opened.session.info.id)
    holder.acquire(copy)  # what the other process does
    with pytest.raises(SavingStopped, match="another ppei opened it"):
        opened.save_note(note(2))
    with pytest.raises(SavingStopped):
        opened.save_note(note(3))
    holder.release()
    opened.close()
    assert [n.id for n in load_session(opened.path).notes] == [1]


def test_a_symlinked_lock_is_refused_and_nothing_outside_is_touched(store, make_info, lock_dir, tmp_path):
    outside = tmp_path / "outside" / "precious.txt"
    outside.parent.mkdir()
    outside.write_text("not ppei's")
    opened = store.create(make_info())
    opened.save_note(note(1))
    opened.close()
    # The old lock beside the session file, as a link: never used any more.
    opened.path.with_name(opened.path.name + ".lock").symlink_to(outside)
    reopened = OpenSession.open(opened.path)
    reopened.save_note(note(2))
    reopened.close()
    # The session id's lock, as a link: refused.
    lock = lock_file(lock_dir, opened)
    lock.symlink_to(outside)
    with pytest.raises(LockPathError, match="link"):
        OpenSession.open(opened.path)
    assert outside.read_text() == "not ppei's"
    assert [n.id for n in load_session(opened.path).notes] == [1, 2]
    before = {p.name: p.read_bytes() for p in store.directory.iterdir() if not p.is_symlink()}
    other = open_in_another_process(opened.path)
    assert other.returncode == 3 and "link" in other.stdout
    assert outside.read_text() == "not ppei's"
    assert {p.name: p.read_bytes() for p in store.directory.iterdir() if not p.is_symlink()} == before


def test_a_lock_folder_that_is_a_link_is_refused(store, make_info, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "linked-locks").symlink_to(elsewhere)
    linked = SessionStore(store.directory, lock_dir=tmp_path / "linked-locks")
    with pytest.raises(LockPathError, match="link"):
        linked.create(make_info())
    assert list(elsewhere.iterdir()) == []


def test_a_session_path_that_is_a_link_is_refused(store, make_info, tmp_path):
    opened = store.create(make_info())
    opened.close()
    link = tmp_path / "link.json"
    link.symlink_to(opened.path)
    before = opened.path.read_bytes()
    with pytest.raises(SessionFileError, match="symbolic link"):
        OpenSession.open(link)
    assert opened.path.read_bytes() == before
    assert load_session(link).info.id == opened.session.info.id  # reading through it is harmless


def test_a_journal_that_is_a_link_is_refused(store, make_info, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    opened = store.create(make_info())
    opened.close()
    journal_path_for(opened.path).symlink_to(outside)
    with pytest.raises(SessionFileError, match="journal"):
        OpenSession.open(opened.path)
    assert outside.read_text() == "keep"


def test_a_file_changed_on_disk_stops_saving_and_is_never_overwritten(store, make_info):
    opened = store.create(make_info())
    opened.save_note(note(1))
    opened.fold()
    theirs = json.loads(opened.path.read_text())
    theirs["notes"]["1"]["text"] = "changed by another program"
    replacement = opened.path.with_name("replacement.tmp")
    replacement.write_text(json.dumps(theirs))
    os.replace(replacement, opened.path)  # as a sync tool writes a downloaded version
    changed = opened.path.read_bytes()
    with pytest.raises(SavingStopped, match="replaced by another file"):
        opened.save_note(note(2))
    with pytest.raises(SavingStopped):
        opened.fold()
    opened.close()
    assert opened.path.read_bytes() == changed


def test_a_file_edited_in_place_stops_saving(store, make_info):
    opened = store.create(make_info())
    opened.save_note(note(1))
    with open(opened.path, "a", encoding="utf-8") as file:
        file.write(" ")
    edited = opened.path.read_bytes()
    with pytest.raises(SavingStopped, match="changed on disk by another program"):
        opened.save_note(note(2))
    opened.close()
    assert opened.path.read_bytes() == edited


def test_a_file_moved_while_open_is_followed_and_the_old_path_never_recreated(store, make_info):
    opened = store.create(make_info())
    opened.save_note(note(1))
    old = opened.path
    archive = store.directory / "archive"
    archive.mkdir()
    moved = archive / "renamed.json"
    os.rename(old, moved)
    opened.save_note(note(2))
    assert opened.path == moved
    assert any("moved" in notice for notice in opened.notices)
    assert not old.exists() and not journal_path_for(old).exists()
    other = open_in_another_process(moved)
    assert other.returncode == 3 and "open in another ppei" in other.stdout
    opened.save_note(note(3))
    opened.fold()
    opened.close()
    assert not old.exists()
    assert [n.id for n in load_session(moved).notes] == [1, 2, 3]


def test_a_file_deleted_or_moved_off_its_disk_stops_saving(store, make_info, tmp_path):
    opened = store.create(make_info())
    opened.save_note(note(1))
    old = opened.path
    shutil.copyfile(old, tmp_path / "elsewhere.json")  # a move across disks: copy, then delete
    old.unlink()
    with pytest.raises(SavingStopped, match="deleted or moved to another disk"):
        opened.save_note(note(2))
    opened.close()
    assert not old.exists()


def test_releasing_removes_only_the_lock_this_process_created(lock_dir, tmp_path):
    first = SessionIdLock(lock_dir, "abc123")
    first.acquire(tmp_path / "a.json")
    first.path.unlink()  # the folder was cleaned meanwhile
    second = SessionIdLock(lock_dir, "abc123")
    second.acquire(tmp_path / "b.json")
    first.release()
    assert second.path.exists()
    third = SessionIdLock(lock_dir, "abc123")
    with pytest.raises(SessionLockedError, match="b.json"):
        third.acquire(tmp_path / "c.json")
    second.release()
    assert not second.path.exists()
    third.acquire(tmp_path / "c.json")
    third.release()


def test_conflicted_copies_are_marked_opened_once_and_never_exported_twice(store, make_info, capsys):
    from ppei_tui.cli import main

    opened = store.create(make_info())
    opened.save_note(note(1))
    opened.close()
    copy = opened.path.with_name(opened.path.stem + " (conflicted copy).json")
    shutil.copyfile(opened.path, copy)
    summaries = store.summaries()
    assert [s.copies for s in summaries] == [(copy,), (opened.path,)] or [s.copies for s in summaries] == [
        (opened.path,),
        (copy,),
    ]
    assert all("COPY of one session" in s.describe() and s.path.name in s.describe() for s in summaries)
    first = store.open(opened.path)
    with pytest.raises(SessionLockedError, match="conflicted copy|" + opened.path.name):
        store.open(copy)
    first.close()
    for command in (["export", "--format", "qdpx", "-o", str(store.directory / "out.qdpx")], ["map"]):
        code = main([*command[:1], str(opened.path), str(copy), *command[1:]])
        err = capsys.readouterr().err
        assert code != 0 and "copies of one session" in err and copy.name in err, err
    assert not (store.directory / "out.qdpx").exists()


async def test_review_list_marks_copies_and_opening_one_leaves_the_other_read_only(config, store, make_info):
    from textual.widgets import DataTable

    from ppei_tui.ui.app import PpeiApp
    from ppei_tui.ui.review import ReviewScreen
    from ppei_tui.ui.sessions import SessionsScreen

    opened = store.create(make_info())
    opened.save_note(note(1))
    opened.close()
    copy = opened.path.with_name(opened.path.stem + " (conflicted copy).json")
    shutil.copyfile(opened.path, copy)
    holder = store.open(opened.path)  # the original is being recorded in another window
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SessionsScreen)
        table = app.screen.query_one(DataTable)
        files = sorted(str(table.get_row_at(i)[-1]) for i in range(table.row_count))
        assert files == sorted([opened.path.name, copy.name])
        states = [str(table.get_row_at(i)[-2]) for i in range(table.row_count)]  # the warning's column
        assert states == ["unfinished [COPY]"] * 2  # closed, never ended
        row = next(i for i in range(table.row_count) if copy.name in str(table.get_row_at(i)[-1]))
        table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.opened is None  # read-only
        assert opened.path.name in app.screen.read_only_reason
    holder.close()


async def test_observe_stops_saving_when_the_file_changed_on_disk_and_says_so(config, store, make_info):
    from save_helpers import settle_saves

    from ppei_tui.ui.app import PpeiApp

    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press(*"before the change", "enter")
        await settle_saves(pilot)
        log = app.screen.query_one("#note-log")
        assert log.status_of(1) == "saved" and "✓" in log.entry_lines("1")[0]
        opened.fold()
        theirs = json.loads(opened.path.read_text())
        theirs["info"]["1"]["site"] = "changed by a sync tool"
        replacement = opened.path.with_name("downloaded.tmp")
        replacement.write_text(json.dumps(theirs))
        os.replace(replacement, opened.path)
        changed = opened.path.read_bytes()
        await pilot.press(*"after the change", "enter")
        await settle_saves(pilot)
        await pilot.pause(0.5)  # retries would run every 0.2 s; none may write
        assert log.status_of(2) == "unsaved" and "UNSAVED" in log.entry_lines("2")[0]
        assert any("replaced by another file" in n.message for n in app.notices)
        assert [n.text for n in app.screen.session.notes] == ["before the change", "after the change"]
        assert opened.path.read_bytes() == changed
    assert opened.path.read_bytes() == changed
