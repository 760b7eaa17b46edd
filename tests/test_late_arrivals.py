"""Late arrivals: the moment someone came in is kept as an `arrival` event, shown again on
resume and in every output; a duplicate entry keeps the dialog open and names the person.
Checked against the stored file and the outputs written from it."""

import io
import json
import zipfile

import jsonschema
from pypdf import PdfReader
from save_helpers import settle

from ppei_tui.domain.session import EventType
from ppei_tui.domain.session_schema import check_session_tables
from ppei_tui.outputs.exports import SCHEMA_FILE, LoadedSession, json_export, markdown_export
from ppei_tui.outputs.pdf_report import write_report
from ppei_tui.outputs.refi_project import project_export
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.snapshot import load_session_bytes
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.modals import TextPrompt
from ppei_tui.ui.note_log import NoteLog

SIZE = (100, 30)


def arrivals_in(path):
    events = read_tables(path)[0]["events"].values()
    return [(e["detail"], e["offset_seconds"]) for e in events if e["type"] == "arrival"]


async def _meeting_with_a_late_arrival(config, store, make_info, clock):
    opened = store.create(make_info(attendees=[]))
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(60)
        await pilot.press("f12")  # the moment they came in
        clock.advance(9)  # typing the entry takes a while; the arrival time is the key press
        await pilot.press(*"Birch: lay representative", "enter")
        await settle(pilot)
        log = pilot.app.screen.query_one(NoteLog)
        assert "── arrived: Birch (lay representative) ──" in [e.body_text() for e in log.entries]
        await pilot.press("ctrl+q")
        await settle(pilot)
    return opened.path


async def test_a_late_arrival_is_stored_with_its_time_and_shown_on_resume(config, store, make_info, clock):
    path = await _meeting_with_a_late_arrival(config, store, make_info, clock)
    assert arrivals_in(path) == [("Birch", 60)]
    assert check_session_tables(read_tables(path)[0]) == []
    clock.advance(600)
    app = PpeiApp(config, store, store.open(path))
    async with app.run_test(size=SIZE) as pilot:
        log = pilot.app.screen.query_one(NoteLog)
        entries = [e.body_text() for e in log.entries]
        assert "── arrived: Birch (lay representative) ──" in entries
        assert entries.index("── arrived: Birch (lay representative) ──") < entries.index("── app left ──")


async def test_exports_say_when_a_late_attendee_arrived(config, store, make_info, clock, tmp_path):
    path = await _meeting_with_a_late_arrival(config, store, make_info, clock)
    loaded = [LoadedSession.read(path)]
    markdown = markdown_export(loaded).decode()
    assert "Birch (lay representative, arrived 0:01:00)" in markdown
    document = json.loads(json_export(loaded, clock()))
    jsonschema.validate(document, json.loads(SCHEMA_FILE.read_text()))  # arrival and leave events too
    events = document["sessions"][0]["events"]
    arrival = [e for e in events if e["type"] == "arrival"]
    assert [(e["detail"], e["offset_seconds"]) for e in arrival] == [("Birch", 60)]
    project = zipfile.ZipFile(io.BytesIO(project_export(loaded, clock()))).read("project.qde").decode()
    assert "Birch (lay representative, arrived 0:01:00)" in project
    result = write_report(loaded[0].session, path, tmp_path / "r.pdf", clock())
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(result.path).pages).split())
    assert "Arrived late" in text and "Birch lay representative 0:01:00" in text


def test_attendees_present_from_the_start_have_no_arrival_and_old_files_still_read(config, store, make_info):
    opened = store.create(make_info())
    session = load_session_bytes(opened.path).session
    assert session.arrivals() == {}
    assert "Birch (lay representative)" in session.attendee_labels()


def test_an_arrival_without_a_pseudonym_is_a_schema_problem(store, make_info):
    opened = store.create(make_info())
    tables = read_tables(opened.path)[0]
    tables["events"] = {
        "1": {
            "type": "start",
            "wall_time": "2026-11-22T10:00:00+00:00",
            "offset_seconds": 0,
            "running": True,
        },
        "2": {
            "type": "arrival",
            "wall_time": "2026-11-22T10:01:00+00:00",
            "offset_seconds": 60,
            "running": True,
        },
    }
    problems = [str(p) for p in check_session_tables(tables)]
    assert problems == ["record events/2, field detail: an arrival must name the attendee's pseudonym"]
    assert EventType("arrival") is EventType.ARRIVAL


async def test_a_duplicate_keeps_the_dialog_open_names_the_person_and_a_success_clears_it(
    config, store, make_info
):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12", *"Birch: chair", "enter")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, TextPrompt)  # still open: the entry is not lost
        assert dialog.query_one("#prompt-input").value == "Birch: chair"
        problem = str(dialog.query_one("#prompt-problem").render())
        assert "Birch (lay representative) is already on the attendee list" in problem
        await pilot.press("home")
        for _ in "Birch":
            await pilot.press("delete")
        await pilot.press(*"Oak", "enter")
        await settle(pilot)
        notice = pilot.app.screen.query_one("#notice")
        assert "Added Oak (chair)" in notice.text and "⚠" not in notice.text and "already" not in notice.text
    info = next(iter(read_tables(opened.path)[0]["info"].values()))
    pseudonyms = [a["pseudonym"] for a in info["attendees"]]
    assert pseudonyms.count("Birch") == 1 and "Oak" in pseudonyms
    assert [d for d, _ in arrivals_in(opened.path)] == ["Oak"]


def test_the_export_schema_names_every_event_type():
    schema = json.loads(SCHEMA_FILE.read_text())
    assert sorted(schema["$defs"]["event"]["properties"]["type"]["enum"]) == sorted(EventType)


async def test_a_role_warning_from_one_arrival_is_replaced_by_the_next_arrival_s_success(
    config, store, make_info
):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        notice = pilot.app.screen.query_one("#notice")
        await pilot.press("f12", *"Oak: cheif", "enter")  # added, with a warning about the role
        await settle(pilot)
        assert "Oak: role 'cheif' is not one of the template's roles" in notice.standing
        await pilot.press("f12", *"Elm: chair", "enter")
        await settle(pilot)
        assert "cheif" not in notice.text and "Added Elm (chair)" in notice.text
    info = next(iter(read_tables(opened.path)[0]["info"].values()))
    assert {"pseudonym": "Oak", "role": "cheif"} in info["attendees"]
    assert [d for d, _ in arrivals_in(opened.path)] == ["Oak", "Elm"]


# An attendee listed before the meeting who comes in late (expected, but late): the arrival is
# recorded without a second list entry, and every place shows it; a second arrival, or the
# listed person given another role, is refused in the dialog, naming them.


def test_reading_an_arrival_of_someone_listed(make_info):
    from ppei_tui.domain.attendees import read_late_arrivals

    present = make_info().attendees  # Ash: GP lead; Birch: lay representative; ...
    roles = ("GP lead", "lay representative", "chair")
    reading = read_late_arrivals("birch; Ash: gp-lead; Oak: chair", present, roles)
    assert reading.errors == [] and reading.warnings == []
    assert [a.pseudonym for a in reading.arriving] == ["Birch", "Ash"]  # as listed, with their roles
    assert [a.pseudonym for a in reading.attendees] == ["Oak"]  # only the new one is added
    other_role = read_late_arrivals("Birch: chair", present, roles)
    assert other_role.errors == [
        "Birch (lay representative) is already on the attendee list, not as chair: "
        "give only the name to record that they came in now"
    ]
    again = read_late_arrivals("Birch", present, roles, {"Birch": 60.0})
    assert again.errors == [
        "Birch (lay representative) is already on the attendee list and arrived at 0:01:00"
    ]
    assert again.arriving == [] and again.attendees == []


async def test_a_listed_attendee_who_comes_in_late_is_recorded_and_shown_everywhere(
    config, store, make_info, clock, tmp_path
):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(60)
        await pilot.press("f12", *"birch", "enter")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, TextPrompt)
        notice = pilot.app.screen.query_one("#notice")
        assert "Birch (lay representative), on the attendee list, came in now." in notice.text
        log = pilot.app.screen.query_one(NoteLog)
        assert "── arrived: Birch (lay representative) ──" in [e.body_text() for e in log.entries]
        clock.advance(30)
        await pilot.press("f12", *"Birch", "enter")  # a second time: refused, naming the first
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, TextPrompt) and dialog.query_one("#prompt-input").value == "Birch"
        assert "arrived at 0:01:00" in str(dialog.query_one("#prompt-problem").render())
        await pilot.press("escape", "ctrl+q")
        await settle(pilot)
    path = opened.path
    assert arrivals_in(path) == [("Birch", 60)]
    tables = read_tables(path)[0]
    assert check_session_tables(tables) == []
    assert [a["pseudonym"] for a in tables["info"]["1"]["attendees"]].count("Birch") == 1
    loaded = [LoadedSession.read(path)]
    assert "Birch (lay representative, arrived 0:01:00)" in markdown_export(loaded).decode()
    project = zipfile.ZipFile(io.BytesIO(project_export(loaded, clock()))).read("project.qde").decode()
    assert "Birch (lay representative, arrived 0:01:00)" in project
    result = write_report(loaded[0].session, path, tmp_path / "r.pdf", clock())
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(result.path).pages).split())
    assert "Birch lay representative 0:01:00" in text and "Ash GP lead 0:01:00" not in text
    app = PpeiApp(config, store, store.open(path))  # resume: shown once, in its place
    async with app.run_test(size=SIZE) as pilot:
        entries = [e.body_text() for e in pilot.app.screen.query_one(NoteLog).entries]
        assert entries.count("── arrived: Birch (lay representative) ──") == 1


def _with_arrivals(store, make_info, *who):
    tables = read_tables(store.create(make_info()).path)[0]
    start = {"type": "start", "wall_time": "2026-11-22T10:00:00+00:00", "offset_seconds": 0, "running": True}
    tables["events"] = {"1": start}
    for index, name in enumerate(who, start=2):
        moment = f"2026-11-22T10:0{index}:00+00:00"
        tables["events"][str(index)] = {**start, "type": "arrival", "wall_time": moment, "detail": name}
    return tables


def test_an_arrival_the_outputs_could_not_show_is_a_schema_problem(store, make_info):
    """Each output lists the attendees with their first arrival: an arrival of someone not on the
    list, or a second one, would be shown by the log on resume and by nothing else."""
    problems = [str(p) for p in check_session_tables(_with_arrivals(store, make_info, "Zed"))]
    assert problems == [
        "record events/2, field detail: 'Zed' arrives but is not on the attendee list of info/1"
    ]
    problems = [
        str(p) for p in check_session_tables(_with_arrivals(store, make_info, "Birch", "Ash", "Birch"))
    ]
    assert problems == ["record events/4, field detail: 'Birch' already arrived (record events/2)"]


async def test_the_dialog_says_how_to_record_a_listed_attendee(config, store, make_info):
    app = PpeiApp(config, store, store.create(make_info()), is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await settle(pilot)
        hint = " ".join(str(label.render()) for label in pilot.app.screen.query(".hint"))
        assert "the name alone records when they came in" in " ".join(hint.split())


async def test_a_pasted_list_of_late_arrivals_keeps_every_line(config, store, make_info):
    """Textual's Input keeps only a paste's first line; the dialog records every line."""
    from textual import events

    opened = store.create(make_info(attendees=[]))
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await settle(pilot)
        field = pilot.app.screen.query_one("#prompt-input")
        field.post_message(events.Paste("Oak: chair\nPine: other\n"))
        await settle(pilot)
        assert field.value == "Oak: chair; Pine: other"
        await pilot.press("enter")
        await settle(pilot)
        assert [a.pseudonym for a in pilot.app.screen.session.info.attendees] == ["Oak", "Pine"]
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert [name for name, _ in arrivals_in(opened.path)] == ["Oak", "Pine"]
