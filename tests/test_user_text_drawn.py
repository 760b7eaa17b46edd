"""User and file text is drawn exactly as it is, never read as markup (ui/shown.shown_text).

A str given to a Static, a Label, an Option, a Select, a DataTable cell, a border title or a
notification is read as Textual markup: a note `[bold]x` lost its brackets, `[/]` raised
MarkupError (in a worker, or the app), `[@click=app.quit]x[/]` made a link that quits, and
`rich.markup.escape` doubles a trailing backslash. Each place that draws a note, a name, an
agenda item, a memo, an element name or a file name is given hostile text here, and what it
draws is read back (the widget's render, its drawn lines, the toast's content): the text itself
with control characters as signs (on_screen), and the app still running.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text
from textual.content import Content
from textual.geometry import Region
from textual.widgets import DataTable, Label, OptionList, Select, Static

from ppei_tui.domain.session import Note
from ppei_tui.storage.store import SessionStore
from ppei_tui.templates import bundled_templates_dir
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.edit import EditNoteScreen, MemoListScreen
from ppei_tui.ui.export_dialog import ExportDialog
from ppei_tui.ui.help import KeysHelp
from ppei_tui.ui.home import HomeScreen
from ppei_tui.ui.modals import Confirm, TextPrompt
from ppei_tui.ui.notice_line import NoticeLine
from ppei_tui.ui.review import ReviewScreen
from ppei_tui.ui.review_map import MapGrid
from ppei_tui.ui.shown import on_screen, shown_text
from ppei_tui.ui.tag_picker import TagPicker, option_lines
from ppei_tui.ui.widgets import describe_tags

EXAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "2026-10-14-governing-body-example.json"
HOSTILE = [
    "[bold]",
    "[/]",
    "[@click=app.quit]x[/]",
    "a\\",
    "[link=x]y[/link]",
    "\x1b[31mred",
    "[$accent]z",
    "[b]x[/b] \\[y]",
    "שלום עולם",
    "👩‍⚕️ 🎉 ❤️",
]
SIZE = (200, 50)


async def settle(pilot):
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.2)


def drawn(widget) -> str:
    """What `widget` draws (its border and border title too), line by line."""
    width, height = widget.outer_size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def drawn_within(widget) -> str:
    """What `widget` and the widgets in it draw (a Select draws its value in a child)."""
    return "\n".join(drawn(w) for w in [widget, *widget.query("*")])


def rendered(widget) -> str:
    return str(widget.render())


def still_running(app) -> bool:
    return app.is_running and app.return_code is None


def toasts(app) -> list[str]:
    return [rendered(toast) for toast in app.screen.query("Toast")]


# --- the pieces ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", HOSTILE)
def test_shown_text_is_the_text_as_drawn_never_markup(text):
    assert shown_text(text).plain == on_screen(text)
    assert shown_text(text, "bold").style == "bold"


@pytest.mark.parametrize("text", HOSTILE)
def test_the_tag_picker_draws_element_names_and_the_note_exactly(hatfield, text):
    elements = [replace(e, name=f"{text}{i}") for i, e in enumerate(hatfield.elements)]
    template = replace(hatfield, elements=type(hatfield.elements)(elements))
    picker = TagPicker(template, f"note {text}", lambda tag: None)
    shown = picker.render(200)
    assert isinstance(shown, Text)
    assert f"Tag note {on_screen(text)}: element" in shown.plain
    for index, element in enumerate(template.elements):
        assert f"{index + 1} {on_screen(text)}{index} ({element.code})" in shown.plain
    picker.key("1", "1")
    assert f": {on_screen(text)}0, code" in picker.render(200).plain
    assert [line.plain for line in option_lines([("1", text)], None)] == [f"1 {on_screen(text)}"]


@pytest.mark.parametrize("text", HOSTILE)
def test_tags_as_listed_show_the_speaker_exactly(text):
    note = Note(id=1, text="x", wall_time="", offset_seconds=0, speaker=text)
    assert describe_tags(note) == f"@{on_screen(text)}"


# --- notifications: toasts and the observe screen's notice line -------------------------------
@pytest.mark.parametrize("text", HOSTILE)
async def test_a_notification_draws_message_and_title_exactly(config, store, session_path, text):
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        pilot.app.notify(f"app {text}", title=f"title {text}")
        pilot.app.screen.notify(f"screen {text}")  # Widget.notify passes markup=True
        await settle(pilot)
        shown = toasts(pilot.app)
        assert f"title {on_screen(text)}\napp {on_screen(text)}" in shown, shown
        assert f"screen {on_screen(text)}" in shown, shown
        assert still_running(pilot.app)


async def test_ctrl_c_says_how_to_quit_in_plain_words(config, store, session_path):
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        pilot.app.action_help_quit()
        await settle(pilot)
        [said] = [t for t in toasts(pilot.app) if t.startswith("Do you want to quit?")]
        assert re.fullmatch(r"Do you want to quit\?\nPress [^\s\[\]]+ to quit the app", said), said


@pytest.mark.parametrize("text", HOSTILE)
async def test_the_observe_notice_line_and_hint_draw_text_exactly(app_for, text):
    app, _ = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        screen.notify(f"note {text}", title=f"title {text}", severity="warning")
        screen.show_hint(f"hint {text}")
        await settle(pilot)
        line = screen.query_one(NoticeLine)
        assert rendered(line) == f"⚠ title {on_screen(text)}: note {on_screen(text)}"
        assert rendered(screen.query_one("#hint", Static)) == f"hint {on_screen(text)}"
        assert still_running(pilot.app)


# --- review: a session whose names, notes, agenda, memo and element names are hostile ----------
def hostile_session(path: Path, text: str) -> Path:
    data = json.loads(EXAMPLE.read_text())
    info = data["info"]["1"]
    info.update(cop=f"cop {text}", site=f"site {text}", observer=f"obs {text}")
    info["agenda"][0] = f"agenda {text}"
    info["template"]["elements"][0]["name"] = f"el {text}"
    first = min(data["notes"], key=int)
    data["notes"][first].update(text=f"note {text}", agenda_item=f"agenda {text}")
    data["memos"] = {
        "1": {
            "id": 1,
            "text": f"memo {text}",
            "created": "2026-10-14T15:00:00+01:00",
            "by": "RB",
            "note_id": 1,
        }
    }
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("text", HOSTILE)
async def test_review_draws_every_name_note_memo_and_element_exactly(config, store, session_path, text):
    hostile_session(session_path, text)
    shown = on_screen(text)
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listed = drawn(pilot.app.screen.query_one(DataTable))
        assert f"cop {shown}" in listed and f"site {shown}" in listed, listed
        await pilot.press("enter")
        await settle(pilot)
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        assert f"Review: cop {shown} · site {shown}" in rendered(review.query_one("#title"))
        assert rendered(review.query_one("#note-detail")).count(f"note {shown}") == 1
        assert f"memo {shown}" in rendered(review.query_one("#memos"))
        assert f"el {shown}" in drawn(review.query_one(MapGrid))
        await pilot.press("enter")  # the edit dialog: its agenda item list
        await settle(pilot)
        assert isinstance(pilot.app.screen, EditNoteScreen)
        assert f"agenda {shown}" in drawn_within(pilot.app.screen.query_one(Select))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")  # the memo list
        await settle(pilot)
        assert isinstance(pilot.app.screen, MemoListScreen)
        assert f"memo {shown}" in drawn(pilot.app.screen.query_one(OptionList))
        await pilot.press("escape")
        await settle(pilot)
        assert still_running(pilot.app)


@pytest.mark.parametrize("text", HOSTILE)
async def test_the_memo_list_shows_a_deleted_memo_as_deleted(config, store, session_path, text):
    """' [deleted]' was itself read as a markup tag, so a deleted memo looked live."""
    hostile_session(session_path, text)
    data = json.loads(session_path.read_text())
    data["memos"]["1"]["deleted"] = True
    session_path.write_text(json.dumps(data))
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert f"[deleted]: memo {on_screen(text)}" in drawn(pilot.app.screen.query_one(OptionList))


# --- home: the template list, unfinished sessions, how attendees are read, the folder ----------
@pytest.mark.parametrize("text", HOSTILE)
async def test_home_draws_template_names_sessions_attendees_and_folder_exactly(
    config, tmp_path, make_info, hatfield, text
):
    shown = on_screen(text)
    templates = tmp_path / "templates"
    templates.mkdir()
    # `templates check` refuses a control character in a template's name: none in the name then.
    name = "tpl " + "".join(c for c in text if not (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F))
    named = {**hatfield.to_dict(), "id": "hostile", "name": name}
    (templates / "hostile.yaml").write_text(yaml.safe_dump(named, allow_unicode=True))
    config.template_dirs = [templates, bundled_templates_dir()]
    folder = tmp_path / f"s{text}".replace("/", "|")
    store = SessionStore(folder)
    store.create(make_info(site=f"site {text}")).close()  # unfinished: listed to resume
    (folder / "broken.json").write_text("{")
    async with PpeiApp(config, store).run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        assert f"site {shown}" in drawn(home.query_one("#unfinished", OptionList))
        assert f"Sessions folder: {on_screen(str(folder))}" in [rendered(w) for w in home.query(Label)]
        assert "broken.json" in rendered(home.query_one("#unreadable", Label))
        home.query_one("#attendees").value = f"{text}: chair"
        home.query_one("#template", Select).value = "hostile"
        await settle(pilot)
        assert on_screen(name) in drawn_within(home.query_one("#template", Select))
        assert shown in rendered(home.query_one("#attendees-read", Label))
        assert still_running(pilot.app)


# --- dialogs: questions, prompts, their help, the export dialog's file name ---------------------
@pytest.mark.parametrize("text", HOSTILE)
async def test_dialogs_draw_their_question_title_hint_problem_and_file_exactly(
    config, store, session_path, text
):
    shown = on_screen(text)
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.push_screen(Confirm(f"question {text}"))
        await settle(pilot)
        assert f"question {shown}" in [rendered(w) for w in pilot.app.screen.query(Label)]
        pilot.app.pop_screen()
        prompt = TextPrompt(f"Comment on {text}", "x", f"hint {text}", check=lambda answer: f"problem {text}")
        pilot.app.push_screen(prompt)
        await settle(pilot)
        await pilot.press("enter")  # refused by check: the problem is shown
        await settle(pilot)
        labels = [rendered(w) for w in prompt.query(Label)]
        assert f"Comment on {shown}" in labels and f"hint {shown}" in labels
        assert f"⚠ problem {shown}" in labels
        await pilot.press("f1")  # its help is titled by the question
        await settle(pilot)
        assert isinstance(pilot.app.screen, KeysHelp)
        assert f"Help: Comment on {shown}" in drawn(pilot.app.screen.query_one("#help"))
        pilot.app.pop_screen()
        pilot.app.pop_screen()
        file = session_path.with_name(f"{text}.json".replace("/", "|"))
        shutil.copy(session_path, file)
        pilot.app.push_screen(ExportDialog(file, {"md": ".md"}))
        await settle(pilot)
        assert f"Export {on_screen(file.name)}" in [rendered(w) for w in pilot.app.screen.query(Label)]
        assert still_running(pilot.app)


@pytest.mark.parametrize("text", HOSTILE)
def test_the_terminal_map_draws_element_names_exactly(tmp_path, text):
    """`ppei map` and review's compare screen: a Rich table header given as str was markup."""
    from rich.console import Console

    from ppei_tui.domain.mapping import session_map
    from ppei_tui.outputs.terminal_map import map_renderable
    from ppei_tui.storage.store import load_session

    session = load_session(hostile_session(tmp_path / "s.json", text))
    console = Console(width=200, record=True, color_system=None, file=io.StringIO())
    console.print(map_renderable(session_map(session), width=200))
    assert f"el {text}" in console.export_text()


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_any_text_becomes_content_as_drawn(text):
    """Whatever a person types or a file holds: the Text a widget is given turns into Textual
    Content (what Label, Static, Option and border titles draw) with exactly that text."""
    assert Content.from_rich_text(shown_text(text)).plain == on_screen(text)
    assert [line.plain for line in option_lines([("1", text)], None)] == [f"1 {on_screen(text)}"]
