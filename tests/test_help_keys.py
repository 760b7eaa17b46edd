"""F1 lists the keys that matter where the person is (issue 11, newcomer trial): the tag
picker's own keys inside the picker, and on every screen and dialog the keys its widgets take
themselves (Enter, Tab, PgDn), under a human title."""

from save_helpers import settle_saves
from test_observe_ui import stored

from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.help import KeysHelp
from ppei_tui.ui.note_input import NoteInput


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await settle_saves(pilot)


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
