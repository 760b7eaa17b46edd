"""Pilot tests of the note input: keys in a burst, pastes, every script, the number picker.

A burst is made the way a terminal makes one: every key is posted to the app at once, before
any of them is handled (pilot.press waits after each key, which hides ordering faults).
"""

from __future__ import annotations

import pytest
from textual import events

from ppei_tui.domain.session import Tag
from ppei_tui.storage.store import load_session
from ppei_tui.templates import parse_template_text
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.tag_picker import TagPicker, digits_needed

SIZE = (150, 45)
ENTER = "\r"


def key_event(char: str) -> events.Key:
    if char == ENTER:
        return events.Key("enter", "\r")
    if char == "\n":
        return events.Key("ctrl+j", "\n")
    if char == "\x7f":
        return events.Key("backspace", "\x7f")
    return events.Key(char if char.isalnum() else f"char_{ord(char)}", char)


def burst(app, text: str) -> None:
    """Post every key of `text` to the app in one go, as a terminal's input parser does."""
    for char in text:
        app.post_message(key_event(char))


async def settle(pilot, notes_expected: int | None = None, path=None) -> None:
    for _ in range(200):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        if notes_expected is None or len(load_session(path).notes) >= notes_expected:
            break
    await pilot.pause()


@pytest.fixture
def app_for(config, store, make_info):
    def build(template=None, **overrides):
        info = make_info(**overrides)
        if template is not None:
            from ppei_tui.domain.session import new_session_info

            info = new_session_info(template, "Governing Body", config.clock(), observer="DH")
        opened = store.create(info)
        return PpeiApp(config, store, opened, is_new=True), opened.path

    return build


def texts(path) -> list[str]:
    return [note.text for note in load_session(path).notes]


async def test_a_burst_gives_one_note_per_enter_exactly_as_typed(app_for):
    app, path = app_for()
    typed = ["Vote taken quickly", "Chair moves on"] + [f"note {n} #rep" for n in range(1, 11)]
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot.app, "".join(t + ENTER for t in typed) + "still typing")
        await settle(pilot, len(typed), path)
        assert pilot.app.screen.query_one(NoteInput).value == "still typing"
    assert texts(path) == typed


async def test_line_feeds_arriving_as_keys_end_notes_like_enter(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot.app, "first\nsecond\n")
        await settle(pilot, 2, path)
    assert texts(path) == ["first", "second"]


async def test_backspace_and_arrows_in_a_burst_apply_where_they_were_typed(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        # "abc", Backspace, "d", Enter, "x": a late Backspace would eat the "d" or the "x".
        burst(pilot.app, "abc\x7fd" + ENTER + "x")
        await settle(pilot, 1, path)
        assert pilot.app.screen.query_one(NoteInput).value == "x"
    assert texts(path) == ["abd"]


async def test_bracketed_multiline_paste_is_one_note_with_its_line_breaks(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Said: ")
        pilot.app.post_message(events.Paste("Budget agreed\r\n@Ash asks about GPs\n+trust noted"))
        pilot.app.post_message(key_event(ENTER))
        await settle(pilot, 1, path)
    [note] = load_session(path).notes
    assert note.text == "Said: Budget agreed\n@Ash asks about GPs\n+trust noted"
    assert note.speaker == "Ash" and note.practice_sets == ["trust"]


@pytest.mark.parametrize(
    "text",
    [
        "می\u200cخواهم",  # Persian with a zero-width non-joiner
        "nurse 👩\u200d⚕️ here",  # ZWJ emoji sequence with VS16
        "co\u00adoperation",  # soft hyphen
        "a\u200bb",  # zero-width space
        "\u200fשלום\u200e ok",  # RLM, LRM
    ],
)
async def test_format_characters_typed_are_kept(app_for, text):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot.app, text + ENTER)
        await settle(pilot, 1, path)
    assert texts(path) == [text]


async def test_backspace_removes_a_whole_grapheme_cluster(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot.app, "nurse 👩\u200d⚕️\x7f" + "ok 🇬🇧\x7f\x7f" + ENTER)
        await settle(pilot, 1, path)
    assert texts(path) == ["nurse ok"]


async def test_left_arrow_steps_over_a_whole_cluster(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot.app, "a👩\u200d⚕️")
        await pilot.pause()
        pilot.app.post_message(events.Key("left", None))
        burst(pilot.app, "b" + ENTER)
        await settle(pilot, 1, path)
    assert texts(path) == ["ab👩\u200d⚕️"]


# --- the number picker ---------------------------------------------------------------------

FIFTEEN = """
id: fifteen
name: Fifteen codes
version: "1"
elements:
  - {code: A, name: Alpha, verbs: [A1, A2]}
  - {code: B, name: Beta, verbs: [B1]}
  - code: C
    name: Gamma
    verbs: [C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13, C14, C15]
practice_sets: [trust]
"""


@pytest.fixture
def fifteen():
    return parse_template_text(FIFTEEN, "fifteen.yaml")


def test_digits_needed_is_the_width_of_the_largest_number():
    assert [digits_needed(n) for n in (1, 9, 10, 15, 99, 100)] == [1, 1, 2, 2, 2, 3]


def test_picker_takes_as_many_digits_as_the_level_needs(fifteen):
    chosen = []
    for keys, expected in (("315", "C15"), ("305", "C5"), ("31", None), ("11", "A1")):
        picker = TagPicker(fifteen, "x", chosen.append)
        done = [picker.key(k, k) for k in keys]
        assert done[-1] is (expected is not None)
        assert (picker.tag.verb if picker.tag else None) == expected


def test_the_picker_reaches_every_code_by_its_digits(fifteen, hatfield):
    from ppei_tui.domain.numbering import picker_digits

    for template in (fifteen, hatfield):
        for element in template.elements:
            for verb in element.verbs:
                picker = TagPicker(template, "x", lambda tag: None)
                tag = Tag(element.code, verb)
                assert [picker.key(d, d) for d in picker_digits(template, tag)][-1] is True
                assert picker.tag == tag


def test_picker_refuses_out_of_range_with_a_message(fifteen):
    picker = TagPicker(fifteen, "x", lambda tag: None)
    assert picker.key("7", "7") is False and "No element 7" in picker.message
    assert picker.key("3", "3") is False
    assert picker.key("1", "1") is False
    assert picker.key("9", "9") is False and "No code 19: choose 1 to 15" in picker.message
    assert picker.tag is None


async def test_picker_in_a_burst_tags_code_15_and_no_digit_reaches_the_note(app_for, fifteen):
    app, path = app_for(template=fifteen)
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot.app, "Budget")
        pilot.app.post_message(events.Key("ctrl+t", None))
        burst(pilot.app, "315")
        pilot.app.post_message(events.Key("ctrl+t", None))
        burst(pilot.app, "305 then" + ENTER)
        await settle(pilot, 1, path)
    [note] = load_session(path).notes
    assert note.text == "Budget then"
    assert [t.label() for t in note.tags] == ["C.C15", "C.C5"]


async def test_picker_out_of_range_tags_nothing_and_keys_stay_out_of_the_note(app_for, fifteen):
    app, path = app_for(template=fifteen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Budget", "ctrl+t", "3", "9", "9")
        picker = pilot.app.screen.query_one(NoteInput).picker
        assert picker is not None and "No code 99" in picker.message
        await pilot.press("x", "escape", "escape", *" done", "enter")
        await settle(pilot, 1, path)
    [note] = load_session(path).notes
    assert note.text == "Budget done" and note.tags == []


async def test_note_time_restarts_when_the_input_is_emptied(app_for, clock):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(10)
        await pilot.press("x", "backspace")  # a stray key, deleted
        clock.advance(10)
        await pilot.press(*"Real note")
        clock.advance(5)
        await pilot.press("enter")
        await settle(pilot, 1, path)
    [note] = load_session(path).notes
    assert note.offset_seconds == 20


def test_vs16_after_a_narrow_character_is_drawn_as_a_space_and_kept_in_the_text():
    from rich.cells import cell_len

    from ppei_tui.ui.note_input import on_screen

    for text in ("Heart ❤️ ok", "☺️☺️", "nurse 👩\u200d⚕️", "plain"):
        shown = on_screen(text)
        assert len(shown) == len(text) and cell_len(shown) == cell_len(text)
    assert on_screen("Heart ❤️ ok") == "Heart ❤  ok"
    assert on_screen("nurse 👩\u200d⚕️") == "nurse 👩\u200d⚕️"  # a ZWJ emoji is left whole


async def test_input_keeps_vs16_in_the_note_while_drawing_it_safely(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot.app, "Heart ❤️ ok")
        await pilot.pause()
        note_input = pilot.app.screen.query_one(NoteInput)
        assert "\ufe0f" not in note_input.get_line(0).plain
        burst(pilot.app, ENTER)
        await settle(pilot, 1, path)
    assert texts(path) == ["Heart ❤️ ok"]
