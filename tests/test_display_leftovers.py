"""Small display leftovers: the unsaved-text questions quote the text cut at a word (with …),
never mid-word; the draft notice on resume is drawn whole; the observe footer offers
"More map" only for a map in pages; review's open map lies above the footer at 80 x 24."""

import json

import pytest
from big_map_helpers import BIG, large_config, observing_large
from hypothesis import given
from hypothesis import strategies as st
from save_helpers import open_review, settle
from textual.geometry import Region

from ppei_tui.storage.journal import journal_path_for
from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.footer import KeyFooter
from ppei_tui.ui.leaving import QUOTED_CHARS, LeaveDialog
from ppei_tui.ui.map_panel import MapPanel
from ppei_tui.ui.notice_line import NoticeLine
from ppei_tui.ui.review_map import MapGrid
from ppei_tui.ui.shown import quote
from ppei_tui.ui.unsaved import quoted

WORDS = st.lists(st.text(alphabet="abcdéñ", min_size=1, max_size=12), min_size=1, max_size=60)


@given(WORDS, st.integers(min_value=5, max_value=80))
def test_a_long_quote_is_cut_at_a_word_and_ends_in_an_ellipsis(words, limit):
    text = " ".join(words)
    shown = quote(text, limit)
    if len(text) <= limit:
        assert shown == text
        return
    assert shown.endswith("…") and len(shown) <= limit
    kept = shown[:-1]
    assert text.startswith(kept)
    if " " in text[: limit - 1]:  # a word fits: only whole words are kept
        assert text[len(kept)] == " " and kept.split() == words[: len(kept.split())]


def test_one_word_longer_than_the_limit_is_cut_inside_it():
    assert quote("x" * 50, 10) == "x" * 9 + "…"


def test_the_quote_keeps_line_breaks_visible_and_control_characters_as_signs():
    assert quote("one\ntwo \x1b[2J", 100) == "one ⏎ two ␛[2J"
    assert quote("alpha beta\ngamma delta", 14) == "alpha beta…"


def test_the_unsaved_changes_question_quotes_the_same_way():
    text = "The chair says the budget " + "really " * 40 + "must wait"
    assert quoted(text) == quote(text, 240)
    assert quoted(text).endswith("really…")


async def test_the_quit_dialog_cuts_a_long_note_at_a_word(config, store, make_info):
    app = PpeiApp(config, store, store.create(make_info()), is_new=True)
    typed = "Budget x " + " ".join(f"item{n:03d}" for n in range(60))  # 239 characters end mid-word
    assert len(typed) > QUOTED_CHARS
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pilot.app.screen.query_one("NoteInput").value = typed
        await pilot.press("ctrl+q")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, LeaveDialog)
        label = dialog.query_one("#leave-text")
        drawn = " ".join(s.text.strip() for s in label.render_lines(Region(0, 0, *label.size)))
        assert drawn.endswith("…”")
        last = drawn.removesuffix("…”").split()[-1]
        assert len(last) == len("item000") and last.startswith("item"), drawn  # a whole word


# --- the draft notice on resume: drawn whole at 80 x 24, not cut at 4 lines ---------------------
async def test_the_draft_notice_is_drawn_whole_at_80_by_24(config, store, make_info):
    opened = store.create(make_info())
    async with PpeiApp(config, store, opened, is_new=True).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    data = read_tables(opened.path)[0]
    data["draft"] = {  # hand-edited: two key tags not in the template, so two problems
        "1": {
            "text": "Birch objects to the minutes",
            "at": "2026-11-22T10:05:00+00:00",
            "started_at": "2026-11-22T10:04:00+00:00",
            "key_tags": [{"element": "Q", "verb": "x"}, {"element": "Z", "verb": "y"}],
        }
    }
    opened.path.write_text(json.dumps(data), encoding="utf-8")
    journal_path_for(opened.path).unlink(missing_ok=True)
    async with PpeiApp(config, store, store.open(opened.path)).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = pilot.app.screen.query_one(NoticeLine)
        [notice] = [n for n in pilot.app.notices if n.title == "Draft record"]
        assert notice.message.endswith("The rest is back in the input.")
        drawn = " ".join(s.text.strip() for s in line.render_lines(Region(0, 0, *line.size)))
        assert line.size.height > 4 and drawn.endswith("The rest is back in the input."), drawn
        assert drawn.replace(" ", "") == f"⚠ Draft record: {notice.message}".replace(" ", "")
        assert pilot.app.screen.query_one("#note-input").value == "Birch objects to the minutes"
        log = pilot.app.screen.query_one("#note-log")
        assert log.size.height >= 5  # the log still has room for notes


# --- the observe footer offers PgDn "More map" only when the map takes more than one page ------
# (F1 still lists it: the help lists every key.)
def footer_and_help(app) -> tuple[str, set[str]]:
    footer = str(app.screen.query_one(KeyFooter).render())
    return footer, {line.description for line in app.screen_help()}


async def test_more_map_is_offered_only_while_the_map_has_pages(config, store, make_info, tmp_path, clock):
    app = PpeiApp(config, store, store.create(make_info()), is_new=True)  # the default five elements
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert len(pilot.app.screen.query_one(MapPanel).pages) == 1
        footer, helped = footer_and_help(pilot.app)
        assert "More map" not in footer and "Help" in footer, footer
        assert "More map" in helped  # F1 lists every key
    large = large_config(tmp_path / "large", clock)
    large.sessions_dir.mkdir()
    async with observing_large(large).run_test(size=(160, 30)) as pilot:  # eight elements: in pages
        await settle(pilot)
        panel = pilot.app.screen.query_one(MapPanel)
        assert len(panel.pages) > 1
        footer, helped = footer_and_help(pilot.app)
        assert "More map" in footer and "More map" in helped, footer
        await pilot.resize_terminal(*BIG)  # the same map whole on one page: no longer offered
        await settle(pilot)
        assert len(panel.pages) == 1
        footer, helped = footer_and_help(pilot.app)
        assert "More map" not in footer and "More map" in helped, footer
        await pilot.resize_terminal(160, 30)  # and offered again
        await settle(pilot)
        assert "More map" in footer_and_help(pilot.app)[0]


# --- review at 80 x 24: the open map above the footer, not under it ------------------------------
@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 20)])
async def test_the_review_map_is_above_the_footer(config, store, session_path, size):
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=size) as pilot:
        review = await open_review(pilot)
        await pilot.press("f2")  # the map has the keys (narrow: in the detail's place)
        await settle(pilot)
        grid, footer = review.query_one(MapGrid), review.query_one(KeyFooter)
        assert grid.has_focus and grid.region.height > 2
        assert grid.region.bottom <= footer.region.y, (grid.region, footer.region)
        assert review.query_one("#notes").region.height >= 3  # the list keeps a few rows
        bottom = grid.render_lines(Region(0, 0, *grid.outer_size))[-1].text
        assert "band 1 of" in bottom or "━" in bottom or "─" in bottom, bottom  # its lower border drawn


async def test_the_unsaved_question_wraps_its_whole_quote_inside_the_dialog():
    """breaker2: a long prompt text was quoted on one line wider than the dialog, so it was cut
    at the box's edge with no … and no closing quote mark; the quote now wraps within it."""
    from pathlib import Path

    from textual.app import App

    import ppei_tui.ui.app as app_module
    from ppei_tui.ui.unsaved import UnsavedDialog

    typed = "a very long agenda item " * 7 + "[@click=app.quit]end\\"

    class Asking(App):
        CSS_PATH = str(Path(app_module.__file__).parent / "ppei.tcss")

        def on_mount(self) -> None:
            self.push_screen(UnsavedDialog("The agenda item", typed, "quit"))

    app = Asking()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#unsaved-box")
        [label] = [w for w in app.screen.query("Label") if "has changes not saved" in str(w.render())]
        assert label.region.width <= box.region.width
        drawn = " ".join(
            "".join(segment.text for segment in line).strip()
            for line in label.render_lines(label.region.reset_offset)
        )
        assert drawn.endswith("[@click=app.quit]end\\”")
        assert " ".join(typed.split()) in " ".join(drawn.split())
