"""Resuming a file that another file's session shares (a sync tool's conflicted copy, a file
copied by hand) asks first, naming every file and the id: `observe --resume FILE` started
recording into the copy without a word while the original was not open, splitting one session's
notes across two files (the session list then marked both [COPY], and study/map refused them).
`r` resumes into it anyway; Esc or `n` does not, and nothing is written to it. Checked on the
stored files; clocks frozen."""

from __future__ import annotations

import shutil
import time
from datetime import datetime
from pathlib import Path

from pty_terminal import PtyApp
from save_helpers import settle_written as settle

from ppei_tui.domain.session import Note
from ppei_tui.storage.journal import journal_path_for
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.resume_copies import open_for_resume, other_copies
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.copies_question import ResumeCopyQuestion
from ppei_tui.ui.home import HomeScreen
from ppei_tui.ui.observe import ObserveScreen

SIZE = (120, 36)


def recorded_session(store, make_info) -> tuple[Path, Path, str]:
    """An unfinished session with one note, and a copy of its file beside it (no journal)."""
    opened = store.create(make_info())
    start = opened.session.make_event("start", datetime.fromisoformat("2026-10-14T13:00:00+01:00"))
    opened.session.events.append(start)
    opened.save_event(start, 0)
    opened.save_note(Note(id=1, text="first note", wall_time="2026-10-14T13:00:05+01:00", offset_seconds=5.0))
    path, session_id = opened.path, opened.session.info.id
    opened.close()
    copy = path.with_name("conflicted copy.json")
    shutil.copy(path, copy)
    return path, copy, session_id


def notes_and_events(path: Path) -> tuple[list[str], list[str]]:
    tables = read_tables(path)[0]
    notes = [row["text"] for _, row in sorted(tables["notes"].items(), key=lambda kv: int(kv[0]))]
    events = [row["type"] for _, row in sorted(tables["events"].items(), key=lambda kv: int(kv[0]))]
    return notes, events


def assert_names_both(text: str, one: Path, other: Path, session_id: str) -> None:
    assert str(one) in text and str(other) in text and f"id {session_id}" in text, text
    assert "split across files" in text and "Compare them in review first" in text, text


def test_other_copies_finds_files_of_the_session_in_its_folder_and_the_sessions_folder(
    store, make_info, tmp_path
):
    path, copy, session_id = recorded_session(store, make_info)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = shutil.copy(copy, elsewhere / "by hand.json")
    (path.parent / "notes.export.json").write_bytes(path.read_bytes())  # an export: not a session
    (path.parent / ".hidden.json").write_bytes(path.read_bytes())
    (path.parent / "broken.json").write_text('{"info": {"1": {"id": "' + session_id + '"', encoding="utf-8")
    other = store.create(make_info())  # another session (its own id)
    other.close()
    assert other_copies(path, session_id) == [copy]
    assert other_copies(copy, session_id) == [path]
    # Resumed from another folder: the sessions folder is looked in too.
    assert other_copies(Path(moved), session_id, [store.directory]) == sorted([copy, path])
    copy.unlink()
    assert other_copies(path, session_id, [store.directory]) == []


async def test_the_command_line_path_asks_and_r_resumes_into_the_copy(config, store, make_info):
    """As `observe --resume COPY` builds the app (cli._observe): the question comes before the
    observe screen; Enter answers nothing; `r` records into the copy."""
    path, copy, session_id = recorded_session(store, make_info)
    original = path.read_bytes()
    opened, copies = open_for_resume(store, copy)
    assert copies == [path]
    app = PpeiApp(config, store, opened, False, copies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, ResumeCopyQuestion)
        assert_names_both(question.message, copy, path, session_id)
        await pilot.press("enter", "y")  # typed blind: neither resumes
        await settle(pilot)
        assert pilot.app.screen is question
        assert notes_and_events(copy)[1] == ["start"]  # nothing recorded while it asks
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ObserveScreen)
        await pilot.press(*"second note", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not pilot.app.is_running
    assert notes_and_events(copy) == (["first note", "second note"], ["start", "reopen", "leave"])
    assert path.read_bytes() == original


def test_observe_resume_of_a_copy_in_a_terminal_esc_does_not_resume(store, make_info, tmp_path):
    """The real command in a pty: the question names both files and the id; Esc exits with
    status 1, the message printed, and the copy is as it was (no journal, no reopen event)."""
    path, copy, session_id = recorded_session(store, make_info)
    before = copy.read_bytes()
    app = PtyApp(["observe", "--resume", str(copy), "--sessions-dir", str(store.directory)], cwd=tmp_path)
    try:
        app.wait_for_output(b"Another file holds this session")
        app.wait_for_output(b"do not resume")
        time.sleep(1.0)  # read, then answered: a key sooner is no answer (ui/question_guard.py)
        app.write(b"\x1b")
        status = app.wait_for_exit(60)
    finally:
        app.close()
    printed = app.output.decode(errors="replace")
    assert status == 1, app.tail()
    message = printed[printed.index("ppei observe: not resumed: ") :]
    assert_names_both(" ".join(message.split()), copy, path, session_id)
    assert copy.read_bytes() == before and not journal_path_for(copy).exists()


def unfinished_index(screen: HomeScreen, name: str) -> int:
    options = screen.query_one("#unfinished")
    for index in range(options.option_count):
        if f"unfinished  {name}" in str(options.get_option_at_index(index).prompt):  # not its [COPY] mark
            return index
    raise AssertionError(f"{name} is not listed")


async def test_home_resume_of_a_copy_asks_esc_stays_home_and_r_resumes(config, store, make_info):
    path, copy, session_id = recorded_session(store, make_info)
    before, original = copy.read_bytes(), path.read_bytes()
    app = PpeiApp(config, store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        options = home.query_one("#unfinished")
        options.focus()
        options.highlighted = unfinished_index(home, copy.name)
        await pilot.press("enter")
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, ResumeCopyQuestion) and question.path == copy
        assert_names_both(question.message, copy, path, session_id)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is home
        assert pilot.app.notices[-1].title == "Not resumed"
        assert pilot.app.open_sessions == []  # closed (unlocked) as it was opened
        assert copy.read_bytes() == before and not journal_path_for(copy).exists()
        options.highlighted = unfinished_index(home, copy.name)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ResumeCopyQuestion)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ObserveScreen) and pilot.app.screen.opened.path == copy
        await pilot.press(*"into the copy", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert notes_and_events(copy)[0] == ["first note", "into the copy"]
    assert path.read_bytes() == original


async def test_resuming_a_session_with_no_copy_asks_nothing(config, store, make_info):
    path, copy, _ = recorded_session(store, make_info)
    copy.unlink()
    opened, copies = open_for_resume(store, path)
    assert copies == []
    app = PpeiApp(config, store, opened, False, copies)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, ObserveScreen)
