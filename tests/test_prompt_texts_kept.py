"""Text typed in observe's agenda (Ctrl+G) and late-arrival (F12) prompts, open or kept pending
after Esc, survives kill -9 as the note being typed does: it was only in memory, so a crash or a
power cut lost it. It is the `prompt_texts/1` record (domain/prompt_record.py), written through
the session's one ordered writer shortly behind the keys; taking a text up clears it in the
same journal line as the event that takes it up; `observe --resume` offers it back pending, and
nothing becomes an agenda item or attendee until the observer takes it up. Checked on the
journal and the stored file; clocks frozen; a real kill -9 in a pty."""

from __future__ import annotations

import json
import signal
import time
from datetime import datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from pty_terminal import ENTER, PtyApp, observe_new, session_file, wait_until
from save_helpers import settle_written as settle
from test_observe_prompts_unsaved import FIRST, attendees, events, stored
from test_prompts_pending import burst, field

from ppei_tui.domain.prompt_record import PromptText, prompt_texts_row, restore_prompt_texts
from ppei_tui.domain.session_schema import check_session_tables
from ppei_tui.storage.journal import journal_path_for
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.writer import prompt_texts_record
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.observe import ObserveScreen
from ppei_tui.ui.unsaved import UnsavedDialog

SIZE = (100, 30)
CTRL_F, CTRL_G, CTRL_Q, CTRL_U, ESC = b"\x06", b"\x07", b"\x11", b"\x15", b"\x1b"


def journal_values(path: Path) -> list[dict]:
    lines = journal_path_for(path).read_bytes().splitlines()
    return [json.loads(line.partition(b" ")[2]) for line in lines[1:]]


def lines_holding(path: Path, event_type: str) -> list[list[tuple[str, object]]]:
    """Each journal line storing an event of `event_type`, as its documents in order: (table,
    the event's detail / the prompt_texts row / None)."""
    found = []
    for value in journal_values(path):
        parts = [value, *value.get("and", [])]
        if any(p["t"] == "events" and p["row"]["type"] == event_type for p in parts):
            shown = {"events": lambda row: row["detail"], "prompt_texts": lambda row: row}
            found.append([(p["t"], shown.get(p["t"], lambda row: None)(p["row"])) for p in parts])
    return found


def pressed(path: Path, prompt: str) -> str:
    """When `prompt` was opened for the text pending now (as the record says)."""
    return read_tables(path)[0]["prompt_texts"]["1"][prompt]["pressed"]


def kept_texts(path: Path) -> dict:
    """The prompt_texts record as every reader sees it (file and journal): prompt -> text."""
    row = read_tables(path)[0].get("prompt_texts", {}).get("1", {})
    return {prompt: entry["text"] for prompt, entry in row.items()}


async def wait_written(pilot, path: Path, wanted: dict) -> None:
    """Until the keeper (0.1 s behind the keys in tests) has written `wanted`."""
    for _ in range(40):
        await pilot.pause(0.05)
        await settle(pilot)
        if kept_texts(path) == wanted:
            return
    assert kept_texts(path) == wanted


async def test_typed_pending_and_taken_up_text_is_in_the_journal_each_step(app_for):
    app, path = app_for(attendees=[])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "ctrl+g", "ctrl+u", "Budg")
        await wait_written(pilot, path, {"agenda": "Budg"})  # open, as typed
        await burst(pilot, "et", "escape")
        await wait_written(pilot, path, {"agenda": "Budget"})  # pending after Esc
        await burst(pilot, "f12", "Cedar: lay representative")
        await wait_written(pilot, path, {"agenda": "Budget", "late_arrival": "Cedar: lay representative"})
        await burst(pilot, "enter")  # the attendee taken up: one line with its arrival
        await wait_written(pilot, path, {"agenda": "Budget"})
        [arrival] = [line for line in lines_holding(path, "arrival")]
        assert arrival == [
            ("info", None),
            ("events", "Cedar"),
            ("prompt_texts", {"agenda": {"text": "Budget", "pressed": pressed(path, "agenda")}}),
        ]
        await burst(pilot, "ctrl+g", "enter")  # the pending agenda text taken up (unplanned: info too)
        await wait_written(pilot, path, {})
        [agenda] = [line for line in lines_holding(path, "agenda") if ("events", "Budget") in line]
        assert agenda == [("info", None), ("events", "Budget"), ("prompt_texts", {})]
        await burst(pilot, "ctrl+q")
        assert not pilot.app.is_running
    assert events(path, "agenda") == FIRST + ["Budget"] and attendees(path) == ["Cedar"]
    assert stored(path)["prompt_texts"]["1"] == {}  # the folded file: nothing pending


async def crashed_copy(pilot, path: Path, folder: Path) -> Path:
    """The session file and its journal as they are now, copied as a kill -9 leaves them."""
    await settle(pilot)
    folder.mkdir()
    copy = folder / path.name
    copy.write_bytes(path.read_bytes())
    journal_path_for(copy).write_bytes(journal_path_for(path).read_bytes())
    return copy


async def test_resume_offers_the_texts_back_pending_and_takes_up_nothing(app_for, config, store, tmp_path):
    app, path = app_for(attendees=[])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "f12", "Cedar: lay representative", "escape", "a note", "enter")
        await burst(pilot, "ctrl+g", "ctrl+u", "Budget")  # left open when the app stops
        await wait_written(pilot, path, {"agenda": "Budget", "late_arrival": "Cedar: lay representative"})
        copy = await crashed_copy(pilot, path, tmp_path / "crashed")
    resumed = PpeiApp(config, store, store.open(copy))
    async with resumed.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, ObserveScreen)
        notice = pilot.app.notices[-1]
        assert notice.title == "Prompt text" and notice.severity == "warning"
        assert "Kept from before the app stopped, not taken up" in notice.message
        assert "agenda text “Budget”: Ctrl+G or F5 to finish it" in notice.message
        assert "late-arrival text “Cedar: lay representative”: Ctrl+F or F12" in notice.message
        assert events(copy, "agenda") == FIRST and attendees(copy) == []  # nothing taken up
        await burst(pilot, "ctrl+g")
        assert field(pilot).value == "Budget" and field(pilot).cursor_position == len("Budget")
        await burst(pilot, " review", "enter", "f12")
        assert field(pilot).value == "Cedar: lay representative"
        await burst(pilot, "enter", "ctrl+q")
        assert not pilot.app.is_running
    assert events(copy, "agenda") == FIRST + ["Budget review"] and attendees(copy) == ["Cedar"]
    assert [n["text"] for n in stored(copy)["notes"].values()] == ["a note"]
    assert kept_texts(copy) == {}


async def test_a_dropped_text_is_cleared_on_disk(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "ctrl+g", "ctrl+u", "Budget", "escape")
        await wait_written(pilot, path, {"agenda": "Budget"})
        await burst(pilot, "ctrl+g", "ctrl+u", "escape")  # emptied: dropped
        await wait_written(pilot, path, {})
        await burst(pilot, "ctrl+g", "ctrl+u", "Finance", "escape", "ctrl+q")
        assert isinstance(pilot.app.screen, UnsavedDialog)
        await burst(pilot, "d")  # discarded in the quit's question: the file keeps nothing
        assert not pilot.app.is_running
    assert kept_texts(path) == {} and events(path, "agenda") == FIRST


async def test_cutting_the_journal_after_any_line_never_offers_a_text_already_taken_up(
    app_for, config, store, tmp_path
):
    """The journal cut after each line (as a kill -9 after that append leaves it), and inside
    the next line (a torn append, ignored with a warning): resuming offers exactly the texts of
    the last prompt_texts record before the cut, and never one that an agenda item or attendee
    on disk already took up."""
    app, path = app_for(attendees=[])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for n in range(1, 3):
            await burst(pilot, "ctrl+g", "ctrl+u", f"Item {n}")
            await wait_written(pilot, path, {"agenda": f"Item {n}"})
            await burst(pilot, "escape", f"note {n}", "enter", "f12", f"P{n}: lay representative")
            await wait_written(
                pilot, path, {"agenda": f"Item {n}", "late_arrival": f"P{n}: lay representative"}
            )
            await burst(pilot, "enter", "ctrl+g", "enter")
            await wait_written(pilot, path, {})
        base, journal = path.read_bytes(), journal_path_for(path).read_bytes()
    lines = journal.splitlines(keepends=True)
    assert sum(b'"prompt_texts"' in line for line in lines) >= 8
    for cut in range(1, len(lines) + 1):
        # Cut after line `cut`, and inside the line after it (a torn last append: ignored).
        torn = lines[cut][: len(lines[cut]) // 2] if cut < len(lines) else b""
        for tail in (b"", torn) if torn else (b"",):
            copy = tmp_path / f"cut{cut}-{len(tail)}" / path.name
            copy.parent.mkdir()
            copy.write_bytes(base)
            journal_path_for(copy).write_bytes(b"".join(lines[:cut]) + tail)
            offered, taken, listed, warnings = resumed_state(store, copy)
            assert bool(tail) == any("was cut short" in w for w in warnings), (cut, warnings)
            assert offered.get("agenda") not in taken, (cut, offered, taken)
            assert offered.get("late_arrival", ":").split(":")[0] not in listed, (cut, offered, listed)
            written = [
                json.loads(line.partition(b" ")[2]) for line in lines[1:cut] if b'"prompt_texts"' in line
            ]
            if written:
                [row] = [
                    p["row"] for p in [written[-1], *written[-1].get("and", [])] if p["t"] == "prompt_texts"
                ]
                assert offered == {k: v["text"] for k, v in row.items()}, cut
            else:
                assert offered == {}, cut
            copy.unlink()  # the copies share one id: one at a time


def resumed_state(store, copy: Path) -> tuple[dict, list[str], list[str], list[str]]:
    """What resuming `copy` finds: the texts offered, the agenda items and arrivals taken up,
    the attendees listed, and the warnings about the journal."""
    opened = store.open(copy)
    try:
        offered = {k: t.text for k, t in opened.saved_prompts.texts.items()} if opened.saved_prompts else {}
        taken = [e.detail for e in opened.session.events if e.type in ("agenda", "arrival")]
        listed = [a.pseudonym for a in opened.session.info.attendees]
        return offered, taken, listed, list(opened.warnings)
    finally:
        opened.close(fold=False)


def test_a_bad_record_is_read_as_far_as_it_can_be_and_set_aside(store, make_info):
    opened = store.create(make_info())
    good = {"text": "Budget", "pressed": "2026-10-14T13:00:00+01:00"}
    opened.put(prompt_texts_record({"agenda": good, "late_arrival": {"text": 3, "pressed": "yesterday"}}))
    path = opened.path
    opened.close()
    again = store.open(path)
    try:
        assert again.saved_prompts.texts == {
            "agenda": PromptText("Budget", datetime.fromisoformat(good["pressed"]))
        }
        problems = again.prompt_texts_problems()
        assert problems.startswith(
            f"{path.name}, record prompt_texts/1 (kept as found in refused_drafts/1): "
        )
        assert "late_arrival.text: expected text, found the number 3" in problems
        assert "late_arrival.pressed: expected an ISO 8601 date and time" in problems
    finally:
        again.close()
    tables = read_tables(path)[0]
    [kept] = tables["refused_drafts"].values()
    assert kept["from"] == "prompt_texts/1" and kept["found"]["late_arrival"] == {
        "text": 3,
        "pressed": "yesterday",
    }
    assert check_session_tables(tables) == []  # the file with both tables stays valid
    store.open(path).close()  # found again: kept once
    assert len(read_tables(path)[0]["refused_drafts"]) == 1


def test_the_folded_file_keeps_the_record_and_stays_valid_against_the_schema(store, make_info):
    opened = store.create(make_info())
    row = prompt_texts_row(
        {"late_arrival": PromptText("Birch: GP", datetime.fromisoformat("2026-10-14T13:00:00+01:00"))}
    )
    opened.put(prompt_texts_record(row))
    opened.fold()
    on_disk = json.loads(opened.path.read_text(encoding="utf-8"))
    opened.close()
    assert on_disk["prompt_texts"] == {"1": row}
    assert check_session_tables(on_disk) == []


@given(st.text(min_size=1).filter(str.strip), st.sampled_from(["agenda", "late_arrival"]))
def test_any_text_reads_back_as_it_was_kept(text, prompt):
    pressed = datetime.fromisoformat("2026-10-14T13:00:00+01:00")
    row = json.loads(json.dumps(prompt_texts_row({prompt: PromptText(text.strip(), pressed)})))
    restored = restore_prompt_texts({"1": row})
    assert restored is not None and restored.problems == []
    assert restored.texts == {prompt: PromptText(text.strip(), pressed)}


def test_kill_9_with_a_prompt_open_and_one_pending_then_resume_offers_both(tmp_path):
    """A real process in a pty: F12 'Cedar: lay representative' Esc, a note, Ctrl+G 'Budget'
    left open; kill -9. The file and journal hold both texts and neither was taken up;
    `observe --resume` says so, Ctrl+F/Ctrl+G offer them, Enter takes each up."""
    terminal, sessions = observe_new(tmp_path)
    try:
        path = session_file(sessions)
        terminal.write(CTRL_F)
        time.sleep(0.5)
        terminal.write(b"Cedar: lay representative")
        time.sleep(0.3)
        terminal.write(ESC)
        time.sleep(0.5)
        terminal.write(b"a note" + ENTER + CTRL_G)
        time.sleep(0.5)
        terminal.write(CTRL_U + b"Budget")
        wanted = {"agenda": "Budget", "late_arrival": "Cedar: lay representative"}
        assert wait_until(lambda: _texts_now(path) == wanted, 30), (_texts_now(path), terminal.tail())
        terminal.signal(signal.SIGKILL)
        terminal.process.wait(10)
    finally:
        terminal.kill()
    assert "Budget" not in events(path, "agenda")
    assert "Cedar" not in attendees(path)
    again = PtyApp(["observe", "--resume", str(path)], cwd=tmp_path)
    try:
        again.wait_for_output(b"Kept from before the app stopped")
        again.write(CTRL_G)
        time.sleep(0.7)
        again.write(ENTER)
        time.sleep(0.5)
        again.write(CTRL_F)
        time.sleep(0.7)
        again.write(ENTER)
        assert wait_until(lambda: "Cedar" in _attendees_now(path), 30), again.tail()
        assert wait_until(lambda: "Budget" in _agenda_now(path), 30), again.tail()
        again.write(CTRL_Q)
        assert again.wait_for_exit(60) == 0, again.tail()
    finally:
        again.close()
    assert kept_texts(path) == {} and [n["text"] for n in stored(path)["notes"].values()] == ["a note"]


def _texts_now(path: Path) -> dict:
    try:
        return kept_texts(path)
    except Exception:  # mid-append or mid-fold: read again on the next poll
        return {}


def _attendees_now(path: Path) -> list[str]:
    try:
        return attendees(path)
    except Exception:
        return []


def _agenda_now(path: Path) -> list[str]:
    try:
        return events(path, "agenda")
    except Exception:
        return []


def test_a_fold_writes_every_document_stored_in_one_line(store, make_info):
    """Found with the prompt texts: a fold re-encoded only a line's first document, so the
    cleared draft stored with a note (and the cleared prompt texts with an event) kept, in the
    folded file, the text cached by the fold before."""
    from ppei_tui.domain.recording import Draft
    from ppei_tui.domain.session import Note
    from ppei_tui.storage.writer import draft_record, note_record

    opened = store.create(make_info())
    at = datetime.fromisoformat("2026-10-14T13:00:05+01:00")
    opened.put(draft_record(Draft(text="n1 "), at))
    opened.fold()  # the draft 'n1 ' is in the file and its encoding cached
    note = Note(id=1, text="n1 #eng", wall_time=at.isoformat(), offset_seconds=5.0)
    opened.put(note_record(note, also=(draft_record(Draft(), at),)))
    opened.fold()
    on_disk = json.loads(opened.path.read_text(encoding="utf-8"))
    opened.close(fold=False)
    assert on_disk["notes"]["1"]["text"] == "n1 #eng"
    assert on_disk["draft"]["1"]["text"] == ""
