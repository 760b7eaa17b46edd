"""Pilot tests of live observation, checked against what is stored in the session file."""

from save_helpers import settle_written as settle

from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import load_session
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.home import HomeScreen
from ppei_tui.ui.observe import ObserveScreen
from ppei_tui.ui.status_bar import StatusBar

SIZE = (150, 45)


async def type_note(pilot, text: str, clock=None, seconds: float = 0):
    await pilot.press(*text)
    if clock is not None:
        clock.advance(seconds)
    await pilot.press("enter")
    await settle(pilot)


def stored(path):
    """What is on disk: the session file with its journal (read as every command reads it)."""
    return read_tables(path)[0]


async def test_type_tag_inline_and_by_keys(app_for, clock):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(30)
        await type_note(pilot, "Chair opens, thanks reps for papers #eng +trust @cedar", clock, 20)
        await pilot.press(*"Minutes approved")
        await pilot.press("ctrl+t", "2", "2")  # Materiality, Reporting
        await pilot.press("ctrl+o")  # quote
        await pilot.press("ctrl+n")  # inferred
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+t", "5", "1")  # empty input: tags the last note with Meanings/Valuing
        await settle(pilot)
        assert pilot.app.screen.query_one("#note-log").status_of(2) == "saved"
    notes = stored(path)["notes"]
    assert notes["1"]["text"] == "Chair opens, thanks reps for papers #eng +trust @cedar"
    assert notes["1"]["offset_seconds"] == 30 and notes["1"]["wall_time"] == "2026-11-22T10:00:30+00:00"
    assert notes["1"]["tags"] == [{"element": "P", "verb": "Engaging"}]
    assert notes["1"]["practice_sets"] == ["trust"] and notes["1"]["speaker"] == "Cedar"
    assert notes["1"]["agenda_item"] == "Welcome"
    assert notes["2"]["tags"] == [
        {"element": "Mat", "verb": "Reporting"},
        {"element": "M", "verb": "Valuing"},
    ]
    assert notes["2"]["kind"] == "quote" and notes["2"]["evidence"] == "inferred"
    assert notes["2"]["history"][0]["after"] == ["Mat.Reporting", "M.Valuing"]


async def test_tab_completes_a_token(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"GP refers to old PCT #remem")
        await pilot.pause()
        await pilot.press("tab")
        assert pilot.app.screen.query_one("#note-input").value == "GP refers to old PCT #remembering"
        await pilot.press(*" +partn", "tab", "enter")
        await settle(pilot)
    note = stored(path)["notes"]["1"]
    assert note["tags"] == [{"element": "BE", "verb": "Remembering"}]
    assert note["practice_sets"] == ["partnership"]


async def test_unknown_token_is_reported_and_the_text_kept(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await type_note(pilot, "Budget gap noted #zzz #re")
        messages = [message for _, _, message in pilot.app.notices]
        assert any("#zzz" in m and "#re" in m and "ambiguous" in m for m in messages)
    note = stored(path)["notes"]["1"]
    assert note["text"] == "Budget gap noted #zzz #re" and note["tags"] == []
    assert len(note["unresolved"]) == 2


async def test_pause_agenda_and_end(app_for, clock):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(60)
        await type_note(pilot, "first")
        await pilot.press("ctrl+b")
        clock.advance(900)
        await pilot.press("ctrl+b")
        clock.advance(10)
        await pilot.press("ctrl+g", "enter")  # next planned item
        await pilot.press("ctrl+g", "ctrl+u", *"Any other business", "enter")  # a new item
        await type_note(pilot, "second")
        await pilot.press("f10", "y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert not (path.parent / (path.name + ".lock")).exists()
    session = load_session(path)
    assert [e.type for e in session.events] == [
        "start",
        "agenda",
        "pause",
        "resume",
        "agenda",
        "agenda",
        "end",
    ]
    assert [e.detail for e in session.events if e.type == "agenda"] == [
        "Welcome",
        "Minutes",
        "Any other business",
    ]
    assert session.info.agenda == ["Welcome", "Minutes", "Any other business", "Finance report"]
    assert [n.agenda_item for n in session.notes] == ["Welcome", "Any other business"]
    assert session.notes[1].offset_seconds == 70
    assert session.duration() == 70 and session.ended


async def test_resume_continues_the_clock_and_shows_the_notes(config, store, make_info, clock):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(100)
        await type_note(pilot, "before the crash #eng")
        await pilot.press("ctrl+q")
        await settle(pilot)
    clock.advance(7200)
    app = PpeiApp(config, store, store.open(opened.path))
    async with app.run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, ObserveScreen)
        assert "0:01:40" in screen.query_one(StatusBar).clock
        log = screen.query_one("#note-log")
        assert [entry.body_text() for entry in log.entries] == [
            "── session started ──",
            "── agenda: Welcome ──",
            "before the crash #eng",
            "── app left ──",
            "── session reopened ──",
        ]
        clock.advance(5)
        await type_note(pilot, "after resuming")
    session = load_session(opened.path)
    assert [e.type for e in session.events][-1] == "reopen"
    assert [n.offset_seconds for n in session.notes] == [100, 105]


async def test_write_failure_keeps_note_on_screen_and_retries(app_for, disk):
    app, path = app_for()
    disk["full"] = True
    async with app.run_test(size=SIZE) as pilot:
        await type_note(pilot, "written while the disk is full")
        log = pilot.app.screen.query_one("#note-log")
        assert log.status_of(1) == "unsaved" and "UNSAVED" in log.entry_lines("1")[0]
        assert "No space" in pilot.app.screen.query_one("#notice").text
        assert "1" not in stored(path)["notes"]
        disk["full"] = False
        await pilot.pause(0.5)  # the retry timer runs every 0.2 s in tests
        await settle(pilot)
        assert log.status_of(1) == "saved" and "✓" in log.entry_lines("1")[0]
        assert "No space" not in pilot.app.screen.query_one("#notice").text
    assert stored(path)["notes"]["1"]["text"] == "written while the disk is full"


async def test_home_screen_starts_a_session_from_the_form(config, store):
    app = PpeiApp(config, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Patient Reference Group")
        await pilot.press(
            "tab", *"Rural", "tab", "tab", *"DH", "tab", *"Oak: service user", "tab", *"Welcome; AOB"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ObserveScreen)
        await type_note(pilot, "Oak speaks first @oak")
    [path] = store.session_paths()
    session = load_session(path)
    assert (session.info.cop, session.info.site, session.info.observer) == (
        "Patient Reference Group",
        "Rural",
        "DH",
    )
    assert session.notes[0].speaker == "Oak" and session.notes[0].agenda_item == "Welcome"


async def test_home_screen_lists_and_resumes_unfinished_sessions(config, store, make_info):
    opened = store.create(make_info())
    opened.close()
    app = PpeiApp(config, store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        options = pilot.app.screen.query_one("#unfinished")
        assert "Governing Body" in str(options.get_option_at_index(0).prompt)
        options.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ObserveScreen)


async def test_help_screen_lists_keys(app_for):
    app, _ = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        help_screen = pilot.app.screen
        keys = {key: line.description for line in help_screen.lines for key in line.keys}
        assert keys["ctrl+t"] == "Tag" and keys["f6"] == "Break" and keys["ctrl+up"] == "Earlier note"
        assert "#Mat.time-consuming" in help_screen.text
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ObserveScreen)


async def test_pdf_key_writes_the_report_while_typing_continues(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await type_note(pilot, "Chair opens #eng")
        await pilot.press("ctrl+p")
        await pilot.press(*"typed while the PDF is built", "enter")
        await settle(pilot)
        messages = [message for _, _, message in pilot.app.notices]
        assert any("pages" in m and str(path.with_suffix(".pdf")) in m for m in messages)
    assert path.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert stored(path)["notes"]["2"]["text"] == "typed while the PDF is built"


async def test_a_failing_pdf_shows_an_error_and_the_app_carries_on(app_for, monkeypatch):
    from ppei_tui.outputs import pdf_report

    def broken(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(pdf_report, "write_report", broken)
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await settle(pilot)
        assert any("Read-only" in message for _, _, message in pilot.app.notices)
        assert pilot.app.is_running
        await type_note(pilot, "still recording")
    assert stored(path)["notes"]["1"]["text"] == "still recording"
    assert not path.with_suffix(".pdf").exists()


async def test_export_key_writes_a_refi_qda_project(app_for):
    import zipfile

    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await type_note(pilot, "Chair opens #eng")
        await pilot.press("f8", "enter", "enter")  # the default format, qdpx, to the proposed path
        await settle(pilot)
        await pilot.press("f8", "down", "down", "enter", "enter")  # csv
        await settle(pilot)
    assert "project.qde" in zipfile.ZipFile(path.with_name(path.stem + ".export.qdpx")).namelist()
    assert "Chair opens #eng" in path.with_name(path.stem + ".export.csv").read_text(encoding="utf-8-sig")
