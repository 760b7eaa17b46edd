"""Leaving with a note the disk refused keeps its full text: in a recovery file and on stderr.

Found by the breaker (ulimit -f 64, a long note refused with "[Errno 27] File too large", then
SIGTERM): the app printed only "ppei: not written before exit: notes 7" and the text was gone.
Now SIGTERM/SIGHUP and the leave dialog's `d` write each unsaved note whole (time, tags, text
as typed, the record) beside the session, else in the settings folder, and print it in full
after exit. The disk is the `disk` fixture's: every journal fsync refuses while it is full.
"""

from __future__ import annotations

import json
import os
import signal
from dataclasses import replace
from pathlib import Path

from save_helpers import settle, settle_saves

from ppei_tui.domain.recovery import TEXT_BEGINS, TEXT_ENDS
from ppei_tui.storage import recovery as recovery_files
from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.leaving import LeaveDialog

SIZE = (150, 45)
NOTE = "Birch: the budget <&> [bold]not markup[/bold] é #eng +trust " + "long " * 40 + "end."


def not_written(app) -> list[str]:
    """The lines the command line prints exactly on stderr after the app exits
    (cli.print_exit_report) that say what was not written; recovery reports (the text in
    full, ui/recovering.py) set aside."""
    return [line for line in app.exit_report if "Here it is in full:" not in line]


def recovery_files_of(folder: Path, session: Path) -> list[Path]:
    return sorted(folder.glob(session.stem + ".unsaved-*.txt"))


def assert_keeps_the_note(text: str, wall_time: str) -> None:
    """`text` (a recovery file's or the report's) holds the note whole: heading with its time,
    tags, the exact text between the markers, and its record."""
    assert f"note 1 at 0:00:05 (typing began {wall_time})" in text
    assert "tags: P.Engaging" in text and "kind: observation" in text
    assert f"\n{TEXT_BEGINS}\n{NOTE}\n{TEXT_ENDS}\n" in text
    lines = text.splitlines()
    records = [json.loads(line.removeprefix("record: ")) for line in lines if line.startswith("record: ")]
    [record] = [r for r in records if "text" in r]  # the leave event's record may follow
    assert record["text"] == NOTE and record["id"] == 1 and record["wall_time"] == wall_time
    assert {"element": "P", "verb": "Engaging"} in record["tags"]


async def _type_a_refused_note(pilot, disk, clock) -> str:
    """Five seconds in, a note the disk refuses (it fills up after the session started)."""
    await settle(pilot)
    await settle_saves(pilot)
    disk["full"] = True
    clock.advance(5)
    await pilot.press(*NOTE, "enter")
    await settle(pilot)
    await settle_saves(pilot)
    log = pilot.app.screen.query_one("#note-log")
    assert log.status_of(1) == "unsaved"
    return pilot.app.screen.session.note(1).wall_time


async def test_sigterm_with_a_refused_note_keeps_its_text_beside_the_session(
    app_for, disk, clock, monkeypatch
):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        wall_time = await _type_a_refused_note(pilot, disk, clock)
        os.kill(os.getpid(), signal.SIGTERM)
        await pilot.pause(0.2)
        await settle(pilot)
    assert app.return_code == 128 + signal.SIGTERM
    assert "1" not in (read_tables(path)[0].get("notes") or {})  # the disk refused it, still
    [kept] = recovery_files_of(path.parent, path)
    text = kept.read_text(encoding="utf-8")
    assert_keeps_the_note(text, wall_time)
    assert "SIGTERM" in text.splitlines()[0] and path.name in text.splitlines()[0]
    [message] = not_written(app)
    assert message.startswith("ppei: not written before exit: ")
    assert "notes 1" in message and str(kept) in message and "printed in full below" in message
    [report] = [line for line in app.exit_report if line not in not_written(app)]  # printed after exit
    assert str(kept) in report.splitlines()[0]
    assert_keeps_the_note(report, wall_time)


async def test_quit_anyway_with_a_refused_note_keeps_its_text(app_for, disk, clock):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        wall_time = await _type_a_refused_note(pilot, disk, clock)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LeaveDialog)
        labels = " ".join(str(label.render()) for label in pilot.app.screen.query("Label"))
        assert "their text is kept in a recovery file beside it" in labels
        await pilot.press("d")  # discard what is not on disk and quit
        await settle(pilot)
        await settle_saves(pilot)
    assert not app.is_running
    [kept] = recovery_files_of(path.parent, path)
    assert_keeps_the_note(kept.read_text(encoding="utf-8"), wall_time)
    [report] = [line for line in app.exit_report if line not in not_written(app)]
    assert str(kept) in report and "chose to leave" in report
    assert_keeps_the_note(report, wall_time)


async def test_a_sessions_folder_that_refuses_sends_it_to_the_settings_folder(
    config, store, make_info, disk, clock, monkeypatch, tmp_path
):
    real_write_new = recovery_files._write_new
    sessions = config.sessions_dir

    def refusing(folder, name, data):
        if folder == sessions:
            raise OSError(30, "Read-only file system")
        return real_write_new(folder, name, data)

    monkeypatch.setattr(recovery_files, "_write_new", refusing)
    settings = replace(config, config_dir=tmp_path / "settings")
    opened = store.create(make_info())
    app, path = PpeiApp(settings, store, opened, is_new=True), opened.path
    async with app.run_test(size=SIZE) as pilot:
        wall_time = await _type_a_refused_note(pilot, disk, clock)
        os.kill(os.getpid(), signal.SIGHUP)
        await pilot.pause(0.2)
        await settle(pilot)
    assert recovery_files_of(path.parent, path) == []
    [kept] = recovery_files_of(tmp_path / "settings" / "recovered", path)
    assert_keeps_the_note(kept.read_text(encoding="utf-8"), wall_time)
    [report] = [line for line in app.exit_report if line not in not_written(app)]
    assert str(kept) in report


async def test_no_folder_takes_it_the_report_says_why_and_holds_the_text(
    app_for, config, disk, clock, monkeypatch
):
    def refusing(folder, name, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recovery_files, "_write_new", refusing)
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        wall_time = await _type_a_refused_note(pilot, disk, clock)
        os.kill(os.getpid(), signal.SIGTERM)
        await pilot.pause(0.2)
        await settle(pilot)
    [report] = [line for line in app.exit_report if line not in not_written(app)]
    assert "no recovery file could be written" in report and "No space left on device" in report
    assert f"{config.sessions_dir}: No space" in report
    assert_keeps_the_note(report, wall_time)


def test_the_command_line_prints_the_report_in_full_after_the_app(config, store, monkeypatch, capsys):
    """cli._run_app prints app.exit_report on stderr, unwrapped and not read as markup."""
    from ppei_tui import cli
    from ppei_tui.ui import app as app_module

    class Ran:
        return_code = 143

        def __init__(self, *args, **kwargs):
            self.exit_report = ["ppei: not written before exit: notes 1; kept.\n" + NOTE + "\n"]

        def run(self):
            pass

    monkeypatch.setattr(app_module, "PpeiApp", Ran)
    assert cli._run_app(config, None, False, store) == 143
    err = capsys.readouterr().err
    assert err == "ppei: not written before exit: notes 1; kept.\n" + NOTE + "\n"


def test_too_large_for_one_file_each_item_gets_its_own(tmp_path, monkeypatch):
    """A file-size limit (ulimit -f: EFBIG) refusing the whole text: one file per item, each
    standing alone (the heading and that item), in the same folder."""
    import errno
    from datetime import datetime

    real_write_new = recovery_files._write_new

    def limited(folder, name, data):
        if len(data) > 300:
            raise OSError(errno.EFBIG, "File too large")
        return real_write_new(folder, name, data)

    monkeypatch.setattr(recovery_files, "_write_new", limited)
    session = tmp_path / "s.json"
    pieces = [f"heading\n\nitem {n} " + "x" * 150 + "\n" for n in range(3)]
    paths, refused = recovery_files.write_recovery(
        "".join(pieces), session, None, datetime(2026, 12, 1, 18, 30), pieces
    )
    assert [p.name for p in paths] == [
        "s.unsaved-20261201T183000.txt",
        "s.unsaved-20261201T183000-2.txt",
        "s.unsaved-20261201T183000-3.txt",
    ]
    assert [p.read_text(encoding="utf-8") for p in paths] == pieces
    assert refused and "too large" in refused[0]


async def test_ending_anyway_with_a_refused_note_keeps_its_text_and_says_where(app_for, disk, clock):
    """F10, then d (end without what is not on disk): home again, the file written and named."""
    from ppei_tui.ui.home import HomeScreen

    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        wall_time = await _type_a_refused_note(pilot, disk, clock)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LeaveDialog)
        await pilot.press("d")
        await settle(pilot)
        await settle_saves(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        [kept] = recovery_files_of(path.parent, path)
        [notice] = [n for n in pilot.app.notices if n.title == "Session ended"]
        assert notice.severity == "warning" and str(kept) in notice.message and "notes 1" in notice.message
    assert_keeps_the_note(kept.read_text(encoding="utf-8"), wall_time)
