"""What the observe screen says: problems of one note kept apart on the notice line, and the
quit dialog quoting the unsaved text in full width, wrapped, not cut at its edge."""

from save_helpers import settle
from textual.geometry import Region

from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.leaving import LeaveDialog

SIZE = (100, 30)


async def test_two_tokens_not_understood_are_kept_apart_in_one_warning(config, store, make_info):
    app = PpeiApp(config, store, store.create(make_info()), is_new=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Chair asks about #zzzz and +meaning", "enter")
        await settle(pilot)
        text = pilot.app.screen.query_one("#notice").text
        assert "#zzzz: " in text and "+meaning: " in text
        first, second = text.index("#zzzz"), text.index("+meaning")
        assert " · " in text[first:second]  # not `…'negotiating' +meaning: …` run together


async def test_the_quit_dialog_wraps_the_unsaved_text_instead_of_cutting_it(config, store, make_info):
    app = PpeiApp(config, store, store.create(make_info()), is_new=True)
    typed = "The treasurer explains at length why the locality budget must wait until spring [b]"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*typed)
        await pilot.press("ctrl+q")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, LeaveDialog)
        label = dialog.query_one("#leave-text")
        box = dialog.query_one("#leave-box")
        assert label.region.right <= box.content_region.right
        lines = [s.text.strip() for s in label.render_lines(Region(0, 0, *label.size))]
        assert len(lines) >= 2
        assert " ".join(lines).endswith(f"{typed}”")  # every word, and `[b]` shown, not markup
