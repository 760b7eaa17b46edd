"""Picking a code a note already has removes it (the picker is a toggle), so a tag picked by
mistake during the meeting can be taken back; checked against the stored file."""

from save_helpers import settle, stored_notes, type_note

from ppei_tui.ui.app import PpeiApp

SIZE = (100, 30)
DEVELOPING = {"element": "BE", "verb": "Developing"}
REPORTING = {"element": "Mat", "verb": "Reporting"}


async def test_picking_a_code_the_saved_note_has_untags_it_as_an_edit_with_history(config, store, make_info):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await type_note(pilot, "Pharmacist offers to run the pilot")
        await pilot.press("ctrl+t", "4", "2")  # BE.Developing on the last note
        await pilot.press("ctrl+t", "2", "2")  # and Mat.Reporting
        await settle(pilot)
        assert stored_notes(opened.path)["1"]["tags"] == [DEVELOPING, REPORTING]
        await pilot.press("ctrl+t", "4", "2")  # picked by mistake: the same keys take it back
        await settle(pilot)
        notice = pilot.app.screen.query_one("#notice").text
        assert "Untagged note 1: BE.Developing" in notice and "Tagged note 1: BE" not in notice
    note = stored_notes(opened.path)["1"]
    assert note["tags"] == [REPORTING] and note["key_tags"] == [REPORTING]  # the key record forgets it
    last = note["history"][-1]
    assert (last["field"], last["before"], last["after"], last["by"]) == (
        "tags",
        ["BE.Developing", "Mat.Reporting"],
        ["Mat.Reporting"],
        "DH",
    )


async def test_untagging_a_typed_token_keeps_the_text_and_says_so(config, store, make_info):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await type_note(pilot, "Pharmacist offers to run the pilot #BE.dev")
        await pilot.press("ctrl+t", "4", "2")
        await settle(pilot)
        assert "its #token stays in the text" in pilot.app.screen.query_one("#notice").text
    note = stored_notes(opened.path)["1"]
    assert note["tags"] == [] and note["text"] == "Pharmacist offers to run the pilot #BE.dev"


async def test_while_typing_the_picker_takes_back_its_own_choice(config, store, make_info):
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Chair sums up")
        await pilot.press("ctrl+t", "4", "2", "ctrl+t", "2", "2", "ctrl+t", "4", "2")
        assert "untagged BE.Developing" in pilot.app.screen.query_one("#notice").text
        await pilot.press("enter")
        await settle(pilot)
    assert stored_notes(opened.path)["1"]["tags"] == [REPORTING]
