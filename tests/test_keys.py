"""Keys: a second key for every F-key, binding ids and the keymap file, palette, themes."""

from __future__ import annotations

import json
import re

import pytest
from textual.command import CommandPalette

from ppei_tui.storage.store import load_session
from ppei_tui.ui import keys
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.help import KeysHelp as HelpScreen
from ppei_tui.ui.leaving import LeaveDialog
from ppei_tui.ui.modals import Confirm

SIZE = (150, 45)
F_KEY = re.compile(r"^f\d+$")


@pytest.fixture
def app_for(config, store, make_info, tmp_path):
    def build(keymap: str | None = None, settings: dict | None = None):
        config.config_dir = tmp_path / "config"
        config.config_dir.mkdir(exist_ok=True)
        if keymap is not None:
            (config.config_dir / "keymap.toml").write_text(keymap, encoding="utf-8")
        if settings is not None:
            (config.config_dir / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
        opened = store.create(make_info())
        return PpeiApp(config, store, opened, is_new=True), opened.path

    return build


def test_every_f_key_action_on_every_screen_has_a_second_key():
    bindings = keys.all_binding_ids()
    assert {"observe.end", "observe.help", "observe.export", "review.export", "home.review"} <= set(bindings)
    for binding_id, binding in bindings.items():
        bound = [k.strip() for k in binding.key.split(",")]
        if any(F_KEY.match(k) for k in bound):
            assert [k for k in bound if not F_KEY.match(k)], f"{binding_id} is only on {binding.key}"


def test_every_binding_with_a_description_has_an_id():
    """Ids are what a keymap rebinds by: every action a person sees has one."""
    from textual.binding import Binding

    from ppei_tui.ui.observe import ObserveScreen
    from ppei_tui.ui.review import ReviewScreen

    for screen in (ObserveScreen, ReviewScreen):
        for binding in screen.BINDINGS:
            assert isinstance(binding, Binding) and binding.id, binding


async def test_footer_and_help_show_both_keys(app_for):
    app, _ = app_for()
    async with app.run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        end = next(a.binding for a in screen.active_bindings.values() if a.binding.id == "observe.end")
        assert pilot.app.get_key_display(end) == "^e/F10"
        lines = {line.description: line.keys for line in pilot.app.screen_help()}
        assert lines["End"] == "Ctrl+E / F10" and lines["Help"] == "F1 / Ctrl+L"
        assert lines["Export"] == "Ctrl+S / F8" and lines["Tag"] == "Ctrl+T / F2"


async def test_the_second_keys_work_without_f_keys(app_for):
    app, path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press(*"Last words", "ctrl+e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LeaveDialog)  # text typed: asks what to do with it
        await pilot.press("s")  # save it as a note, then end
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    session = load_session(path)
    assert [n.text for n in session.notes] == ["Last words"]
    assert session.ended


async def test_keymap_file_rebinds_by_id(app_for):
    app, _ = app_for(keymap='"observe.end" = "ctrl+r"\n[observe]\nhelp = ["f9"]\n')
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+e")  # no longer End: nothing opens
        await pilot.pause()
        assert not isinstance(pilot.app.screen, Confirm)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, Confirm)


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"observe.end" = \n', "not valid TOML"),
        ('"observe.ende" = "ctrl+y"\n', "observe.ende: no such binding id"),
        ('"observe.end" = "crtl+y"\n', "not a key: 'crtl+y'"),
        ('"observe.end" = 5\n', "give the keys as a string"),
        ('"observe.end" = "ctrl+y"\n', "used for editing the note: ctrl+y (redo)"),
    ],
)
async def test_a_bad_keymap_is_reported_and_the_default_keys_stay(app_for, text, expected):
    app, _ = app_for(keymap=text)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in pilot.app.notices]
        assert any("keymap.toml" in m and expected in m for m in messages), messages
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, Confirm)


def test_parse_keymap_names_line_and_column():
    with pytest.raises(keys.KeymapError, match=r"k\.toml: not valid TOML: .*line 2, column"):
        keys.parse_keymap('"a" = "f1"\n"b" = \n', "k.toml", {"a", "b"})


async def test_command_palette_is_not_ctrl_p_and_lists_the_screens_actions(app_for):
    app, _ = app_for()
    async with app.run_test(size=SIZE) as pilot:
        observe = pilot.app.screen
        titles = [command.title for command in pilot.app.get_system_commands(observe)]
        assert "End (^e/F10)" in titles and "Tag (^t/F2)" in titles and "Light look" in titles
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)


async def test_the_theme_chosen_is_remembered(app_for, config):
    app, _ = app_for()
    async with app.run_test(size=SIZE) as pilot:
        assert pilot.app.theme == "textual-dark"
        pilot.app.use_theme("textual-light")
        await pilot.pause()
    assert json.loads((config.config_dir / "settings.json").read_text())["theme"] == "textual-light"
    again, _ = app_for()
    async with again.run_test(size=SIZE) as pilot:
        assert pilot.app.theme == "textual-light"


def test_ppei_keys_lists_ids_and_reports_a_bad_keymap(tmp_path, monkeypatch, capsys):
    from ppei_tui.cli import main

    monkeypatch.setenv("PPEI_CONFIG_DIR", str(tmp_path))
    assert main(["keys"]) == 0
    out = capsys.readouterr().out
    assert "observe.end" in out and "Ctrl+E / F10" in out
    (tmp_path / "keymap.toml").write_text('"observe.end" = "ctrl+r"\n', encoding="utf-8")
    assert main(["keys"]) == 0
    assert "Ctrl+R" in capsys.readouterr().out
    (tmp_path / "keymap.toml").write_text('"nope" = "ctrl+r"\n', encoding="utf-8")
    assert main(["keys"]) == 1
    assert "nope: no such binding id" in capsys.readouterr().out
