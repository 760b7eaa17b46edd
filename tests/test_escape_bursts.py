"""Esc then text, in one burst, is Esc then text (breaker 22, item 4).

A terminal sends Esc as a lone ESC and Alt+C as ESC then "c": when Esc and the keys after it
arrive in one read (tmux send-keys, SSH), Textual reports Alt+C. "Ctrl+G ab Esc cd Enter" stored
the agenda item "abcd" and left the prompt open. The keys are posted here as Textual's parser
reports such a burst (an alt+c Key with the character "c"), all before any is handled; the real
bytes are tried in a pty in test_escape_bursts_pty."""

from __future__ import annotations

from save_helpers import open_review
from save_helpers import settle_written as settle
from test_burst_dialogs import SIZE, stored
from test_review_ui import app_for as review_app
from textual import events

from ppei_tui.ui.alt_keys import as_typed
from ppei_tui.ui.observe import ObserveScreen
from ppei_tui.ui.review import ReviewScreen
from ppei_tui.ui.review_widgets import NotesView
from ppei_tui.ui.unsaved import UnsavedDialog

NAMED = {"enter": "\r", "ctrl+g": None, "escape": "\x1b", "ctrl+s": None}


def key(name: str) -> events.Key:
    if name.startswith("alt+"):  # as Textual's parser reads ESC then a letter: Alt, its character
        return events.Key(name, name[-1] if len(name) == len("alt+c") else None)
    return events.Key(name, NAMED.get(name, " " if name == "space" else name))


async def burst(pilot, *parts: str) -> None:
    """Post every key to the App before any is handled (a part that is a key name is that key,
    any other is typed letter by letter), then let them all be handled."""
    for part in parts:
        one_key = part in NAMED or part.startswith("alt+")
        names = [part] if one_key else ["space" if c == " " else c for c in part]
        for name in names:
            pilot.app.post_message(key(name))
    for _ in range(6):
        await pilot.pause(0.05)
        await settle(pilot)


def agenda_items(path) -> list[str]:
    return [e["detail"] for e in stored(path)["events"].values() if e["type"] == "agenda"]


def note_texts(path) -> list[str]:
    return [n["text"] for n in stored(path)["notes"].values()]


def test_an_alt_key_nothing_binds_is_esc_then_the_key():
    shift_c = as_typed(events.Key("alt+shift+c", "C"), set())
    assert [(k.key, k.character) for k in shift_c] == [("escape", "\x1b"), ("C", "C")]
    kitty = as_typed(events.Key("alt+space", None), set())  # a Kitty-protocol terminal's: no character
    assert [(k.key, k.character) for k in kitty] == [("escape", "\x1b"), ("space", " ")]


def test_a_bound_alt_key_and_ctrl_alt_stay_as_they_are():
    bound = events.Key("alt+backspace", None)
    assert as_typed(bound, {"alt+backspace"}) == [bound]
    letter = as_typed(events.Key("alt+a", "a"), {"alt+a"})  # the binding's: an Input must not type it
    assert [(k.key, k.character) for k in letter] == [("alt+a", None)]
    altgr = events.Key("ctrl+alt+e", None)
    assert as_typed(altgr, set()) == [altgr]
    plain = events.Key("c", "c")
    assert as_typed(plain, set()) == [plain]


def slowly(parts: tuple[str, ...]) -> list[str]:
    """The keys of `parts` as a slow typist presses them: Alt+C is Esc, then c."""
    names: list[str] = []
    for part in parts:
        if part.startswith("alt+"):
            names += ["escape", part[len("alt+") :]]
        elif part in NAMED:
            names.append(part)
        else:
            names.extend("space" if c == " " else c for c in part)
    return names


async def observed(app_for, parts: tuple[str, ...], in_a_burst: bool, **info) -> tuple[list, list]:
    """(agenda items, note texts) stored after the keys of `parts`, in one burst or slowly."""
    app, path = app_for(**info)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if in_a_burst:
            await burst(pilot, *parts)
        else:
            for name in slowly(parts):
                await pilot.press(name)
                await settle(pilot)
        assert isinstance(pilot.app.screen, ObserveScreen)
    return agenda_items(path), note_texts(path)


async def test_esc_then_text_in_one_burst_closes_the_empty_agenda_prompt_and_types_a_note(app_for):
    keys = ("ctrl+g", "alt+c", "d", "enter")
    assert await observed(app_for, keys, True, agenda=[]) == ([], ["cd"])
    assert await observed(app_for, keys, False, agenda=[]) == ([], ["cd"])


async def test_esc_in_a_burst_does_what_it_does_typed_slowly_in_the_agenda_prompt(app_for):
    # The breaker's burst: "ab" typed, Esc asks about it (ui/unsaved.py), then "cd" and Enter.
    for planned in ([], ["Welcome"]):
        keys = ("ctrl+g", "ab", "alt+c", "d", "enter", "after", "enter")
        slow = await observed(app_for, keys, False, agenda=planned)
        fast = await observed(app_for, keys, True, agenda=planned)
        assert fast == slow
        assert "abcd" not in fast[0] and "Welcomeabcd" not in fast[0]


async def test_esc_d_in_a_burst_asks_and_only_a_later_d_discards_the_memo(config, store, session_path):
    # Esc asks (the memo holds text); the "d" read in the same burst came before the question
    # could be seen, so it is no answer (ui/question_guard.py: a discard never comes from a burst).
    # It is not typed into the memo either ("memo to canceld" is never stored).
    before = len(stored(session_path)["memos"])
    async with review_app(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert screen.query_one(NotesView).current is not None
        await burst(pilot, "m", "memo to cancel", "alt+d")
        assert isinstance(pilot.app.screen, UnsavedDialog)  # still asking
        await pilot.press("d")  # pressed once the question is seen: discards
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
    memos = [m["text"] for m in stored(session_path)["memos"].values()]
    assert len(memos) == before and "memo to canceld" not in memos and "memo to cancel" not in memos


async def test_an_alt_key_a_keymap_binds_still_runs_its_action(app_for, config, tmp_path):
    config.config_dir = tmp_path / "config"
    config.config_dir.mkdir()
    (config.config_dir / "keymap.toml").write_text('"observe.agenda" = "alt+a"\n', encoding="utf-8")
    keys = ("alt+a", "Budget", "enter", "after", "enter")
    assert await observed(app_for, keys, True, agenda=[]) == (["Budget"], ["after"])


async def test_alt_backspace_still_deletes_the_word_before_it_in_the_note(app_for):
    keys = ("one two", "alt+backspace", "three", "enter")
    assert await observed(app_for, keys, True, agenda=[]) == ([], ["one three"])
