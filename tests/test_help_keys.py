"""F1 lists the keys that matter where the person is (issue 11, newcomer trial): the tag
picker's own keys inside the picker, and on every screen and dialog the keys its widgets take
themselves (Enter, Tab, PgDn), under a human title."""

import re
import shutil
from pathlib import Path

from save_helpers import settle_written as settle
from test_observe_ui import stored

from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.help import KeysHelp, key_lines
from ppei_tui.ui.note_input import NoteInput

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "sessions" / "2026-10-14-governing-body-example.json"
SECOND = ROOT / "sessions" / "2026-10-21-communications-strategy-group-example.json"


async def test_f1_and_ctrl_l_in_the_tag_picker_show_its_keys_and_add_nothing(config, store, make_info):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"Minutes approved", "ctrl+t", "2")  # element 2, Materiality
        note_input = app.screen.query_one(NoteInput)
        picker = note_input.picker
        assert picker is not None and picker.element_index == 1
        for key in ("f1", "ctrl+l"):
            await pilot.press(key)
            await settle(pilot)
            help_screen = app.screen
            assert isinstance(help_screen, KeysHelp), key
            assert help_screen.title_text == "The tag picker"
            listed = {k for line in help_screen.lines for k in line.keys}
            assert {"0-9", "enter", "backspace", "escape"} <= listed
            digits = next(line for line in help_screen.lines if line.keys == ("0-9",))
            assert "1 digit here (code 1 to " in digits.tooltip  # Materiality has under 10 codes
            assert "as many digits as its largest number" in help_screen.text  # the rule
            await pilot.press("escape")
            await settle(pilot)
            assert note_input.picker is picker and picker.typed == "" and picker.message == ""
            assert note_input.text == "Minutes approved"
        await pilot.press("2", "enter")  # Reporting, then the note
        await settle(pilot)
    note = stored(opened.path)["notes"]["1"]
    assert note["text"].startswith("Minutes approved") and "l" not in note["text"].split()
    assert note["tags"] == [{"element": "Mat", "verb": "Reporting"}]


CLASS_NAME = re.compile(r"[a-z][A-Z]")  # "LeaveDialog", "KeysHelp": a class name, not a title


async def f1(pilot) -> tuple[str, set[str], str]:
    """F1 where the person is: (the help's title, every key it lists, all its text); closed."""
    await pilot.press("f1")
    await settle(pilot)
    shown = pilot.app.screen
    assert isinstance(shown, KeysHelp), shown
    keys = {key for line in shown.lines for key in line.keys}
    text = " ".join(f"{line.place} {line.description} {line.tooltip}" for line in shown.lines)
    await pilot.press("escape")
    await settle(pilot)
    return shown.title_text, keys, text


def check(where: str, seen: tuple[str, set[str], str], expected: set[str], words: tuple[str, ...] = ()):
    title, keys, text = seen
    assert not CLASS_NAME.search(title), (where, title)
    assert expected <= keys, (where, expected - keys)
    for word in words:
        assert word in text, (where, word)


async def test_f1_lists_every_key_of_each_observe_screen_and_dialog(config, store, make_info):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        check("observe", await f1(pilot), {"enter", "tab", "ctrl+t", "f10", "ctrl+f"}, ("Save the note",))
        await pilot.press("ctrl+g")  # the agenda dialog
        await settle(pilot)
        check("agenda", await f1(pilot), {"enter", "escape", "f1"})
        assert (await f1(pilot))[0] == "Agenda item"
        await pilot.press("escape", "ctrl+f")  # the late-arrival dialog
        await settle(pilot)
        check("late arrival", await f1(pilot), {"enter", "escape"})
        await pilot.press("escape")
        await pilot.press(*"Not saved yet", "ctrl+q")  # text in the input: the leaving dialog
        await settle(pilot)
        check("leaving", await f1(pilot), {"r", "s", "k", "d"})
        await pilot.press("r")
        await settle(pilot)


async def test_f1_lists_every_key_of_each_review_screen_pane_and_dialog(config, store):
    config.sessions_dir.mkdir(parents=True)
    shutil.copy(EXAMPLE, config.sessions_dir / EXAMPLE.name)
    shutil.copy(SECOND, config.sessions_dir / SECOND.name)
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        check("session list", await f1(pilot), {"enter", "up", "space", "c", "escape"}, ("Open",))
        await pilot.press("space", "down", "space", "c")  # compare two
        await settle(pilot)
        check("compare", await f1(pilot), {"pagedown", "pageup", "escape"}, ("Scroll",))
        await pilot.press("escape", "enter")  # open one
        await settle(pilot)
        check("review, notes", await f1(pilot), {"up", "down", "pagedown", "enter", "t", "d", "f2"})
        await pilot.press("f2")  # the map has the keys
        await settle(pilot)
        seen = await f1(pilot)
        in_the_map = {"left", "right", "pagedown", "enter", "escape"}
        check("review, map", seen, in_the_map, ("In the map", "verb's notes"))
        assert "In the notes list" not in seen[2]
        await pilot.press("f2", "t")  # the tag prompt
        await settle(pilot)
        check("tag prompt", await f1(pilot), {"enter", "tab", "escape"}, ("Complete",))
        await pilot.press("escape", "enter")  # the edit dialog
        await settle(pilot)
        check("edit", await f1(pilot), {"tab", "enter", "ctrl+s", "escape"})
        await pilot.press("escape", "m")  # a memo
        await settle(pilot)
        check("memo", await f1(pilot), {"enter", "ctrl+s", "escape"}, ("New line",))
        await pilot.press(*"A memo", "ctrl+s", "e")  # the memos
        await settle(pilot)
        check("memos", await f1(pilot), {"enter", "d", "escape"}, ("Edit the memo",))
        await pilot.press("escape", "h")  # the history
        await settle(pilot)
        check("history", await f1(pilot), {"escape", "pagedown"})
        await pilot.press("escape", "f8")  # the export dialog
        await settle(pilot)
        check("export", await f1(pilot), {"up", "down", "enter", "ctrl+s", "escape"})
        await pilot.press("escape")


async def test_the_review_help_names_every_export_format_and_the_history_reads_plainly(config, store):
    from ppei_tui.outputs.commands import EXPORT_FORMATS

    config.sessions_dir.mkdir(parents=True)
    path = shutil.copy(EXAMPLE, config.sessions_dir / EXAMPLE.name)
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        export = next(line for line in key_lines(app.screen) if "f8" in line.keys)
        assert all(fmt in export.tooltip for fmt in EXPORT_FORMATS) and "csv-long" in export.tooltip
        note = app.screen.query_one("NotesView").current
        await pilot.press("t", *"val", "enter", "h")
        await settle(pilot)
        history = str(app.screen.query_one("#history Static").render())
        assert "'" not in history and "[" not in history
        assert "M.Valuing" in history.split("→")[1]
        assert app.screen.query_one("#history").region.width > 100  # room used at 200 columns
    stored_tags = stored(Path(path))["notes"][str(note.id)]["tags"]
    assert {"element": "M", "verb": "Valuing"} in stored_tags


async def test_f1_in_the_end_dialog_lists_exactly_the_keys_it_offers(config, store, make_info):
    """F10 with text typed: the End dialog offers stay, save and discard, never "keep as draft"
    (an ended session is not resumed); Ctrl+Q's dialog offers all four. F1 lists what is offered."""
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"Not saved yet", "f10")
        await settle(pilot)
        title, keys, _text = await f1(pilot)
        assert keys == {"r", "escape", "s", "d", "f1", "ctrl+l"}, keys
        shown = " ".join(str(label.render()) for label in app.screen.query("Label"))
        assert "  k  " not in shown and "  s  " in shown  # the dialog's own lines agree
        await pilot.press("k")  # not offered: nothing happens
        await settle(pilot)
        title_after, keys_after, _ = await f1(pilot)
        assert (title_after, keys_after) == (title, keys)
        await pilot.press("r", "ctrl+q")
        await settle(pilot)
        assert (await f1(pilot))[1] == {"r", "escape", "s", "k", "d", "f1", "ctrl+l"}
        await pilot.press("r")
        await settle(pilot)
    assert stored(opened.path)["notes"] == {}
