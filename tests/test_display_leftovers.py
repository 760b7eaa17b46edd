"""Small display leftovers: the unsaved-text questions quote the text cut at a word (with …),
never mid-word."""

from hypothesis import given
from hypothesis import strategies as st
from save_helpers import settle
from textual.geometry import Region

from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.leaving import QUOTED_CHARS, LeaveDialog
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
