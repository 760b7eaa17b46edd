"""A keymap that gives an action a key that cannot work is refused, naming the file, the action
and the key (breaker22 item 9: "observe.agenda" = "a" showed "a Agenda" in the footer while a
typed a; observe.end = "enter" and = "ctrl+q" (Quit's key), observe.tag and observe.kind both
f2, were all taken without a word). As for every other problem of the file, none of it is used
and the default keys stay: half a keymap could itself leave two actions on one key."""

from __future__ import annotations

import pytest

from ppei_tui.storage.reading import read_tables
from ppei_tui.ui import keys
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.modals import AskingPrompt


def _parse(text: str) -> dict[str, str]:
    return keys.parse_keymap(text, "/cfg/keymap.toml", keys.all_binding_ids(), keys.note_editing_keys())


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"observe.agenda" = "a"', "observe.agenda: 'a' types into the text field"),
        ('"observe.agenda" = "shift+a"', "observe.agenda: 'shift+a' types into the text field"),
        ('"observe.agenda" = "space"', "observe.agenda: 'space' types into the text field"),
        ('"home.refresh" = "r"', "home.refresh: 'r' types into the text field"),
        ('"observe.end" = "enter"', "observe.end: used for editing the note: enter (store the note)"),
        ('"observe.end" = "backspace"', "observe.end: used for editing the note: backspace"),
        ('"observe.end" = "left"', "observe.end: used for editing the note: left"),
        (
            '"observe.end" = "ctrl+q"',
            "observe.end: ctrl+q is also the key of app.quit (Quit) and observe.quit (Quit) on the same "
            "screen",
        ),
        ('"observe.kind" = "f2"', "observe.kind: f2 is also the key of observe.tag (Tag) on the same screen"),
        ('"app.help" = "ctrl+t"', "app.help: ctrl+t is also the key of observe.tag (Tag)"),
        ('"review.tag" = "x"', "review.tag: x is also the key of review.deleted (Show deleted)"),
        # breaker2: the terminal sends these as Enter, Tab, Backspace and Esc (same byte)
        ('"observe.agenda" = "ctrl+m"', "observe.agenda: ctrl+m reaches the app as enter"),
        ('"observe.agenda" = "ctrl+i"', "observe.agenda: ctrl+i reaches the app as tab"),
        ('"review.tag" = "ctrl+h"', "review.tag: ctrl+h reaches the app as backspace"),
        ('"shade.quit" = "ctrl+["', "shade.quit: ctrl+[ reaches the app as escape"),
    ],
)
def test_a_key_that_cannot_work_is_refused_naming_file_action_and_key(text, expected):
    with pytest.raises(keys.KeymapError) as refused:
        _parse(text)
    message = str(refused.value)
    assert message.startswith("/cfg/keymap.toml: ") and expected in message, message
    assert message.endswith("Nothing from it is used.")  # no list of every id: the id was right


def test_keys_that_can_work_are_taken():
    # a swap of two keys is no clash once both have moved; a letter is fine where no text field is
    text = '"observe.tag" = "f3"\n"observe.kind" = "f2"\n"review.tag" = "T"\n"observe.agenda" = "alt+a"\n'
    assert _parse(text) == {
        "observe.tag": "f3",
        "observe.kind": "f2",
        "review.tag": "T",
        "observe.agenda": "alt+a",
    }


def test_a_key_named_twice_is_one_key():
    assert _parse('"observe.agenda" = "ctrl+g,ctrl+g"') == {"observe.agenda": "ctrl+g"}


def test_ppei_keys_says_what_is_wrong(tmp_path, monkeypatch, capsys):
    from ppei_tui.cli import main

    monkeypatch.setenv("PPEI_CONFIG_DIR", str(tmp_path))
    (tmp_path / "keymap.toml").write_text(
        '"observe.tag" = "ctrl+t"\n"observe.kind" = "f2"\n', encoding="utf-8"
    )
    assert main(["keys"]) == 0  # Tag moved off F2 in the same file: F2 is free for Kind
    assert "(used)" in capsys.readouterr().out
    (tmp_path / "keymap.toml").write_text('"observe.kind" = "f2"\n', encoding="utf-8")
    assert main(["keys"]) == 1
    assert "keymap.toml: observe.kind: f2 is also the key of observe.tag (Tag)" in capsys.readouterr().out


async def test_the_app_says_so_and_keeps_the_default_keys(config, store, make_info, tmp_path):
    config.config_dir = tmp_path / "config"
    config.config_dir.mkdir()
    (config.config_dir / "keymap.toml").write_text('"observe.agenda" = "a"\n', encoding="utf-8")
    opened = store.create(make_info())
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.pause()
        messages = [n.message for n in pilot.app.notices]
        assert any("keymap.toml: observe.agenda: 'a' types into" in m for m in messages), messages
        await pilot.press(*"a cat", "enter")
        await pilot.pause()
        await pilot.press("ctrl+g")  # Agenda's default key still opens it
        await pilot.pause()
        assert isinstance(pilot.app.screen, AskingPrompt)
        await pilot.press("escape")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)
    assert [n["text"] for n in read_tables(opened.path)[0]["notes"].values()] == ["a cat"]
