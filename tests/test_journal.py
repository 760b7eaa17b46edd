"""The journal: constant-time saves, replayed by every reader, safe against a crash at any byte."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from ppei_tui.domain.session import Note, Tag
from ppei_tui.storage.atomic import SessionFileError
from ppei_tui.storage.journal import journal_path_for
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import OpenSession, SessionStore, load_session


def note(n: int, text: str = "") -> Note:
    return Note(
        n,
        text or f"note {n} <&> é 🙂",
        f"2026-11-22T10:{n % 60:02d}:00+00:00",
        float(n),
        [Tag("P", "Engaging")],
    )


def test_a_save_appends_to_the_journal_and_leaves_the_session_file_alone(store, make_info):
    opened = store.create(make_info())
    file_before = os.stat(opened.path)
    size_before = opened.journal.path.stat().st_size
    opened.save_note(note(1))
    opened.save_note(note(1, "edited"))
    after = os.stat(opened.path)
    assert (after.st_ino, after.st_mtime_ns) == (file_before.st_ino, file_before.st_mtime_ns)
    lines = opened.journal.path.read_bytes()[size_before:].splitlines()
    assert len(lines) == 2
    opened.close()


def test_every_reader_sees_journalled_records_of_an_open_session(store, make_info):
    opened = store.create(make_info())
    for n in (1, 2, 3):
        opened.save_note(note(n))
    opened.save_note(note(2, "second version"))
    session = load_session(opened.path)  # what map, report, export and review read
    assert [(n.id, n.text) for n in session.notes][1] == (2, "second version")
    assert len(session.notes) == 3
    assert [s.session and len(s.session.notes) for s in store.summaries()] == [3]  # home and review lists
    opened.close()


def test_close_folds_into_a_plain_tinydb_file_and_removes_the_journal(store, make_info):
    opened = store.create(make_info())
    opened.save_note(note(1, "kept"))
    opened.close()
    assert not journal_path_for(opened.path).exists()
    db = TinyDB(opened.path, storage=JSONStorage, access_mode="r")
    assert db.table("notes").get(doc_id=1)["text"] == "kept"
    db.close()


def test_folds_happen_every_n_records_and_after_a_while(store, make_info, monkeypatch):
    monkeypatch.setattr(OpenSession, "FOLD_RECORDS", 5)
    opened = store.create(make_info())
    inode = os.stat(opened.path).st_ino
    for n in range(1, 5):
        opened.save_note(note(n))
    assert os.stat(opened.path).st_ino == inode
    opened.save_note(note(5))
    assert os.stat(opened.path).st_ino != inode  # folded: a new file renamed over the old
    assert opened.journal.count == 0
    assert len(read_tables_without_journal(opened.path)["notes"]) == 5
    opened.save_note(note(6))
    opened.fold_if_due(now=0.0)  # not due yet
    assert len(read_tables_without_journal(opened.path)["notes"]) == 5
    opened.fold_if_due(now=10**9)
    assert len(read_tables_without_journal(opened.path)["notes"]) == 6
    opened.close()


def read_tables_without_journal(path: Path) -> dict:
    import json

    return json.loads(path.read_text(encoding="utf-8"))


def crash_image(store: SessionStore, make_info, notes: int) -> tuple[bytes, bytes, list[int]]:
    """The session file and the journal as a kill -9 would leave them, and where each journal
    line ends."""
    opened = store.create(make_info())
    for n in range(1, notes + 1):
        opened.save_note(note(n))
    file_bytes = opened.path.read_bytes()
    journal_bytes = opened.journal.path.read_bytes()
    opened.close()
    ends = [i + 1 for i, byte in enumerate(journal_bytes) if byte == ord("\n")]
    return file_bytes, journal_bytes, ends


def write_image(folder: Path, file_bytes: bytes, journal_bytes: bytes) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(mode=0o700)
    path = folder / "crashed.json"
    path.write_bytes(file_bytes)
    journal_path_for(path).write_bytes(journal_bytes)
    return path


def test_a_journal_cut_at_every_byte_of_its_last_records_opens_with_every_whole_record(
    store, make_info, tmp_path
):
    file_bytes, journal_bytes, ends = crash_image(store, make_info, notes=4)
    assert len(ends) == 5  # the header and four notes
    first_cut = ends[2]  # from the end of note 2 on: every byte of the last two records
    for cut in range(first_cut, len(journal_bytes) + 1):
        whole = sum(1 for end in ends[1:] if end <= cut)
        torn = cut not in ends
        path = write_image(tmp_path / "crash", file_bytes, journal_bytes[:cut])
        tables, warnings = read_tables(path)
        assert sorted(int(i) for i in tables["notes"]) == list(range(1, whole + 1)), cut
        assert bool(warnings) == torn, (cut, warnings)
        if torn:
            assert "cut short" in warnings[0] and "ignored" in warnings[0]
        if cut % 11 and not {cut - 1, cut, cut + 1} & set(ends):
            continue  # opening (and fsyncing) at every byte is slow: at line ends and a sample
        opened = OpenSession.open(path)
        assert [n.id for n in opened.session.notes] == list(range(1, whole + 1))
        assert bool(opened.warnings) == torn
        opened.save_note(note(99))  # saving carries on after the torn line
        opened.close()
        assert [n.id for n in load_session(path).notes] == [*range(1, whole + 1), 99]
        assert not journal_path_for(path).exists()


def test_a_crash_at_any_byte_of_a_fold_loses_nothing(store, make_info, tmp_path):
    """A fold writes a temp file, renames it over the session file, then empties the journal.
    Killed while the temp is being written (any length), or after the rename but before the
    journal was emptied, the session opens with every record."""
    file_bytes, journal_bytes, _ = crash_image(store, make_info, notes=3)
    path = write_image(tmp_path / "folded", file_bytes, journal_bytes)
    opened = OpenSession.open(path)
    folded = path.read_bytes()  # what the fold wrote: the file with the three notes in it
    opened.close()
    for cut in [*range(0, len(folded), len(folded) // 12), len(folded) - 1, len(folded)]:
        path = write_image(tmp_path / "crash", file_bytes, journal_bytes)
        path.with_name(f".{path.name}.12345.tmp").write_bytes(folded[:cut])
        assert [n.id for n in load_session(path).notes] == [1, 2, 3]
        OpenSession.open(path).close()
        assert [n.id for n in load_session(path).notes] == [1, 2, 3]
        assert not list(path.parent.glob(".*.tmp"))
    path = write_image(tmp_path / "renamed", folded, journal_bytes)  # renamed, journal not emptied
    assert [n.id for n in load_session(path).notes] == [1, 2, 3]
    OpenSession.open(path).close()
    assert [n.id for n in load_session(path).notes] == [1, 2, 3]


def test_damage_before_the_last_line_is_reported_and_left_untouched(store, make_info, tmp_path):
    file_bytes, journal_bytes, ends = crash_image(store, make_info, notes=3)
    damaged = bytearray(journal_bytes)
    damaged[ends[1] + 12] ^= 0x01  # a bit flipped inside note 2's line, with note 3 after it
    path = write_image(tmp_path / "damaged", file_bytes, bytes(damaged))
    with pytest.raises(SessionFileError, match="line 3 is damaged"):
        load_session(path)
    with pytest.raises(SessionFileError, match="line 3 is damaged"):
        OpenSession.open(path)
    assert journal_path_for(path).read_bytes() == bytes(damaged)
    assert path.read_bytes() == file_bytes


def test_a_journal_of_another_session_is_refused(store, make_info, tmp_path):
    file_bytes, _, _ = crash_image(store, make_info, notes=1)
    _, other_journal, _ = crash_image(store, make_info, notes=1)
    path = write_image(tmp_path / "mixed", file_bytes, other_journal)
    with pytest.raises(SessionFileError, match="belongs to session"):
        load_session(path)
    assert journal_path_for(path).read_bytes() == other_journal


def test_a_reader_racing_folds_never_misses_or_reverts_a_record(store, make_info, monkeypatch):
    monkeypatch.setattr(OpenSession, "FOLD_RECORDS", 3)
    opened = store.create(make_info())
    done = threading.Event()
    total = 150

    def write() -> None:
        for n in range(1, total + 1):
            opened.save_note(note(n, f"v1 {n}"))
            opened.save_note(note(n, f"v2 {n}"))
        done.set()

    writer = threading.Thread(target=write)
    writer.start()
    seen = 0
    while not done.is_set():
        session = load_session(opened.path)
        ids = [n.id for n in session.notes]
        assert ids == list(range(1, len(ids) + 1))  # no gap: nothing saved is missed
        assert len(ids) >= seen  # nothing seen before disappears
        # every note before the newest was rewritten (v2) before the next was started
        assert all(n.text == f"v2 {n.id}" for n in session.notes[:-1])
        seen = len(ids)
    writer.join()
    opened.close()
    assert len(load_session(opened.path).notes) == total


def test_a_journal_left_without_its_session_file_is_listed(store, make_info):
    opened = store.create(make_info())
    opened.save_note(note(1))
    journal = opened.journal.path.read_bytes()
    opened.close()
    moved = opened.path.with_name("moved-after-a-crash.json")
    os.rename(opened.path, moved)
    journal_path_for(opened.path).write_bytes(journal)  # the crash left it; only the file moved
    lines = [s.describe() for s in store.summaries()]
    assert any(opened.path.name + ".journal" in line and "not here" in line for line in lines), lines


def test_map_report_and_export_of_a_session_being_recorded_include_its_journal(
    store, make_info, tmp_path, capsys
):
    from ppei_tui.cli import main

    opened = store.create(make_info())
    opened.save_note(
        Note(1, "only in the journal so far", "2026-11-22T10:01:00+00:00", 60.0, [Tag("M", "Valuing")])
    )
    assert opened.journal.count == 1
    assert main(["export", str(opened.path), "-f", "json", "-o", str(tmp_path / "out.json")]) == 0
    assert "only in the journal so far" in (tmp_path / "out.json").read_text(encoding="utf-8")
    assert main(["map", str(opened.path)]) == 0
    assert "1 note" in capsys.readouterr().out
    assert main(["report", str(opened.path), "-o", str(tmp_path / "r.pdf")]) == 0
    assert "pages, 1 note" in capsys.readouterr().out
    opened.close()


def test_a_journal_emptied_by_a_fold_whose_header_failed_still_gets_one(store, make_info, monkeypatch):
    from ppei_tui.storage import journal as journal_module

    opened = store.create(make_info())
    opened.save_note(note(1))
    real_write = os.write
    calls = {"n": 0}

    def header_fails(fd, data):
        if fd == opened.journal._fd and calls["n"] == 0:
            calls["n"] += 1
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(journal_module.os, "write", header_fails)
    with pytest.raises(OSError):
        opened.fold()  # the file is folded, the journal emptied, its header not written
    monkeypatch.undo()
    assert opened.journal.path.read_bytes() == b""
    opened.save_note(note(2))
    assert [n.id for n in load_session(opened.path).notes] == [1, 2]
    opened.close()
    assert [n.id for n in load_session(opened.path).notes] == [1, 2]


@pytest.mark.parametrize("command", ["map", "report", "export"])
def test_the_commands_say_when_a_torn_last_line_was_ignored(store, make_info, tmp_path, capsys, command):
    from ppei_tui.cli import main

    file_bytes, journal_bytes, ends = crash_image(store, make_info, notes=3)
    path = write_image(tmp_path / "crash", file_bytes, journal_bytes[: ends[-1] - 5])
    args = {
        "map": ["map", str(path), "--plain"],
        "report": ["report", str(path), "-o", str(tmp_path / "r.pdf")],
        "export": ["export", str(path), "--format", "csv", "-o", str(tmp_path / "n.csv")],
    }[command]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "cut short" in err and "ignored" in err and "crashed.json.journal" in err
