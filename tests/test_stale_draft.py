"""A crash (kill -9) never leaves the draft holding the start of a note already saved.

Found by the breaker (kill -9 while notes are typed fast): the journal's last draft record was
'n9 ', the start of note 9 'n9 #eng' saved after it (same started_at), because the cleared
draft was written up to half a second after each note. Resumed, 'n9 ' was put back in the
input and Enter stored it again at note 9's time; in a longer run the next burst was typed
onto it ('r2n8 #enr3n1 #eng'). Now the note and its cleared draft are one journal line (one
append, one fsync), and opening a journal written by an older version drops a draft that a
later note began with (domain/draft_record.stale_draft_note).
"""

from __future__ import annotations

import json
import signal
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from pty_terminal import ENTER, observe_new, session_file
from save_helpers import settle, settle_saves

from ppei_tui.domain.recording import Draft
from ppei_tui.domain.session import Note
from ppei_tui.storage.journal import Record, journal_path_for
from ppei_tui.storage.open_session import OpenSession
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import load_session
from ppei_tui.storage.writer import draft_record, note_record
from ppei_tui.ui.app import PpeiApp

SIZE = (150, 45)


def journal_values(path: Path) -> list[dict]:
    """The JSON of each record line of `path`'s journal (the header left out)."""
    lines = journal_path_for(path).read_bytes().splitlines()
    return [json.loads(line.partition(b" ")[2]) for line in lines[1:]]


def restored_text(path: Path, lock_dir: Path) -> str:
    """What `observe --resume` would put back in the input (the rule of observe_resume)."""
    opened = OpenSession.open(path, lock_dir)
    try:
        draft = opened.saved_draft.draft if opened.saved_draft else Draft()
        return draft.text if draft.text.strip() and not draft.already_saved_in(opened.session) else ""
    finally:
        opened.close()


async def test_a_note_and_its_cleared_draft_are_one_journal_line(app_for, clock):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Ash sp")
        await pilot.pause(0.7)  # the keeper writes the draft 'Ash sp' (0.5 s behind the keys)
        await settle_saves(pilot)
        clock.advance(2)
        await pilot.press(*"eaks #eng", "enter")
        await settle(pilot)
        await settle_saves(pilot)
        values = journal_values(path)
    drafts = [v["row"]["text"] for v in values if v["t"] == "draft"]
    assert "Ash sp" in drafts
    [line] = [v for v in values if v["t"] == "notes"]
    assert line["row"]["text"] == "Ash speaks #eng"
    # The cleared draft is in the note's own line: no crash can fall between them.
    [cleared] = line["and"]
    assert cleared["t"] == "draft" and cleared["row"]["text"] == "" and cleared["row"]["started_at"] is None


async def test_kill_after_any_append_never_restores_the_start_of_a_saved_note(
    app_for, clock, lock_dir, tmp_path
):
    """The journal of notes typed with the draft written between their keys, cut after each
    record (as a kill -9 after that append leaves it): resuming never puts back a draft that
    a saved note began with, and always puts back the note being typed."""
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for n in range(1, 4):
            clock.advance(3)
            await pilot.press(*f"n{n} ")
            await pilot.pause(0.7)  # the keeper writes the draft 'nN ' (0.5 s behind the keys)
            await pilot.press(*"#eng", "enter")
            await settle(pilot)
        await settle_saves(pilot)
        base, journal = path.read_bytes(), journal_path_for(path).read_bytes()
    lines = journal.splitlines(keepends=True)
    assert sum(b'"t":"notes"' in line for line in lines) == 3
    for cut in range(2, len(lines) + 1):
        folder = tmp_path / f"cut{cut}"
        folder.mkdir()
        copy = folder / path.name
        copy.write_bytes(base)
        journal_path_for(copy).write_bytes(b"".join(lines[:cut]))
        notes = load_session(copy).notes
        last = json.loads(lines[cut - 1].partition(b" ")[2])
        text = restored_text(copy, lock_dir)
        if last["t"] == "draft" and last["row"]["text"]:  # cut while a note was being typed
            assert text == last["row"]["text"], cut
        else:
            assert text == "", (cut, text, [note.text for note in notes])


def _crashed_session(store, info, records) -> Path:
    """A session whose journal holds `records` (in order) and was never folded: as a kill -9
    leaves it. Records are written as one document each, as versions before this fix did."""
    opened = store.create(info)
    for record in records:
        opened.put(record)
    path = opened.path
    opened.close(fold=False)  # the journal stays, unfolded
    assert journal_path_for(path).exists()
    return path


def _note(note_id: int, text: str, wall: str, offset: float) -> Note:
    return Note(id=note_id, text=text, wall_time=wall, offset_seconds=offset)


T9 = "2026-10-14T13:30:09+01:00"
T10 = "2026-10-14T13:30:10+01:00"


def _draft(text: str, started: str, at: str) -> dict:
    """A draft record as Draft.to_record writes it."""
    return Draft(text=text, started_at=datetime.fromisoformat(started)).to_record(datetime.fromisoformat(at))


async def test_an_old_journal_whose_draft_a_later_note_began_with_resumes_empty(
    config, store, make_info, lock_dir
):
    """The breaker's journal: draft 'n9 ' then note 9 'n9 #eng' (same moment), then note 10."""
    stale = Record("draft", 1, _draft("n9 ", T9, "2026-10-14T13:30:09.5+01:00"))
    path = _crashed_session(
        store,
        make_info(),
        [stale, note_record(_note(9, "n9 #eng", T9, 9.0)), note_record(_note(10, "n10 #eng", T10, 10.0))],
    )
    app = PpeiApp(config, store, store.open(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert pilot.app.screen.query_one("#note-input").value == ""
        [warning] = [n for n in pilot.app.notices if "was the start of note 9" in n.message]
        assert "'n9 '" in warning.message and "nothing is lost" in warning.message
        await pilot.press("enter")
        await settle(pilot)
        await settle_saves(pilot)
        tables = read_tables(path)[0]
    assert sorted(n["text"] for n in tables["notes"].values()) == ["n10 #eng", "n9 #eng"]
    assert tables["draft"]["1"]["text"] == ""


def test_the_rule_is_journal_order_a_draft_written_after_the_note_is_restored(store, make_info, lock_dir):
    """Same moment, other order: note 1 saved, then a draft begun in the same instant (a frozen
    clock) is a new note being typed, not note 1's start: it is put back."""
    path = _crashed_session(
        store,
        make_info(),
        [note_record(_note(1, "n1 #eng", T9, 9.0)), Record("draft", 1, _draft("n1 again", T9, T10))],
    )
    assert restored_text(path, lock_dir) == "n1 again"


def test_a_file_folded_by_an_older_version_is_guarded_by_the_text_too(store, make_info, lock_dir):
    """No journal left (an older version folded the stale draft into the file): the draft is
    not restored when a note begun at its moment starts with its text."""
    opened = store.create(make_info())
    path = opened.path
    opened.close()
    data = read_tables(path)[0]
    data["notes"] = {
        "9": _note(9, "n9 #eng", T9, 9.0).to_dict(),
        "10": _note(10, "n10 #eng", T10, 10.0).to_dict(),
    }
    data["draft"] = {"1": _draft("n9 ", T9, T10)}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert restored_text(path, lock_dir) == ""
    data["draft"] = {"1": _draft("n9 changed", T9, T10)}  # not its start: kept for the observer
    path.write_text(json.dumps(data), encoding="utf-8")
    assert restored_text(path, lock_dir) == "n9 changed"


def test_a_draft_submitted_behind_a_note_does_not_drop_the_cleared_draft_from_its_line(store, make_info):
    """The writer leaves a document out of a note's line only once a newer version of it is on
    disk, not when one is merely queued (it may never be written before a crash)."""
    opened = store.create(make_info())
    gate, entered = threading.Event(), threading.Event()
    real_put = opened.put

    def slow_put(record):
        entered.set()
        gate.wait(10)
        real_put(record)

    opened.put = slow_put  # type: ignore[method-assign]
    writer = opened.start_writer(lambda outcome: None)
    now = datetime.fromisoformat(T10)
    writer.submit(draft_record(Draft(text="n9 #e"), now))  # held at the gate
    assert entered.wait(10)
    note = _note(9, "n9 #eng", T9, 9.0)
    writer.submit(note_record(note, also=(draft_record(Draft(), now),)))
    writer.submit(draft_record(Draft(text="n10"), now))  # the next note's draft, queued behind
    gate.set()
    assert writer.wait_idle(10)
    path = opened.path
    values = journal_values(path)
    opened.close(fold=False)
    texts = [(v["t"], v["row"]["text"], [a["row"]["text"] for a in v.get("and", [])]) for v in values]
    assert texts[-2:] == [("notes", "n9 #eng", [""]), ("draft", "n10", [])]


@pytest.mark.parametrize("delay", [0.5, 0.8, 1.1])
def test_kill_9_in_a_burst_of_notes_leaves_no_stale_draft(tmp_path, delay):
    """The breaker's run (k9one.sh) in a pty: 40 notes in one write, kill -9 `delay` s later.
    Whatever was on disk then, the draft is never the start of a note saved after it (before
    the fix, about half the kills left one: draft 'n9 ' beside note 9 'n9 #eng')."""
    terminal, sessions = observe_new(tmp_path)
    try:
        path = session_file(sessions)
        terminal.write(b"".join(f"n{n} #eng".encode() + ENTER for n in range(1, 41)))
        time.sleep(delay)
        terminal.signal(signal.SIGKILL)
        terminal.process.wait(10)
    finally:
        terminal.kill()
    tables = read_tables(path)[0]  # the file and its journal, as the next open reads them
    draft = tables.get("draft", {}).get("1", {})
    begun = [n["text"] for n in tables.get("notes", {}).values() if n["wall_time"] == draft.get("started_at")]
    print(f"{len(tables.get('notes', {}))} notes saved; draft {draft.get('text')!r}")
    assert not (draft.get("text", "").strip() and begun), (draft, begun)
