"""A keymap key that no terminal can send, that Textual has no name for, or that the app's own
palette takes, is refused naming the file, the binding id, the key and why (trial of 20:35:
"observe.end" = "ctrl+k" was taken while Ctrl+K opened the palette, so End had no key; ctrl+8,
ctrl+3, ctrl+space, esc, return, ctrl+shift+m, ctrl+1, ctrl+comma, ctrl+é... were all taken)."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from ppei_tui.ui import key_names, keys
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.modals import Confirm

NEVER = "so the action would never run. Nothing from it is used."


def _parse(text: str) -> dict[str, str]:
    return keys.parse_keymap(text, "/cfg/keymap.toml", keys.all_binding_ids(), keys.note_editing_keys())


def _refusal(key: str) -> str:
    with pytest.raises(keys.KeymapError) as refused:
        _parse(f'"observe.end" = "{key}"')
    return str(refused.value)


def _not_a_key(text: str) -> str:
    return f"/cfg/keymap.toml: observe.end: not a key: {text}. Nothing from it is used."


def _sent(key: str, seen: str, how: str) -> str:
    return f"/cfg/keymap.toml: observe.end: {key} reaches the app as {seen} (terminals send {how}), {NEVER}"


@pytest.mark.parametrize(
    "key, expected",
    [
        ("ctrl+space", _sent("ctrl+space", "ctrl+@", "Ctrl+Space as NUL, the byte of Ctrl+@")),
        ("ctrl+2", _sent("ctrl+2", "ctrl+@", "Ctrl+2 as NUL, the byte of Ctrl+@")),
        ("ctrl+3", _sent("ctrl+3", "escape", "Ctrl+3 as ESC, the byte of Escape")),
        ("ctrl+4", _sent("ctrl+4", "ctrl+backslash", "Ctrl+4 as 0x1C, the byte of Ctrl+Backslash")),
        ("ctrl+7", _sent("ctrl+7", "ctrl+underscore", "Ctrl+7 as 0x1F, the byte of Ctrl+Underscore")),
        ("ctrl+8", _sent("ctrl+8", "backspace", "Ctrl+8 as DEL, the byte of Backspace")),
        (
            "ctrl+question_mark",
            _sent("ctrl+question_mark", "backspace", "Ctrl+? as DEL, the byte of Backspace"),
        ),
        ("ctrl+?", _sent("ctrl+?", "backspace", "Ctrl+? as DEL, the byte of Backspace")),
        ("ctrl+m", _sent("ctrl+m", "enter", "Ctrl+M as CR, the byte of Enter")),
        ("ctrl+[", _sent("ctrl+[", "escape", "Ctrl+[ as ESC, the byte of Escape")),
        ("ctrl+enter", _sent("ctrl+enter", "enter", "Ctrl+Enter as CR, the byte of Enter")),
        *[
            (
                key,
                _sent(
                    key,
                    seen,
                    f"{shown} as {keys.friendly(plain)}: Shift changes no Ctrl+letter code",
                ),
            )
            for key, shown, plain, seen in [
                ("ctrl+shift+m", "Ctrl+Shift+M", "ctrl+m", "enter"),
                ("ctrl+shift+i", "Ctrl+Shift+I", "ctrl+i", "tab"),
                ("ctrl+shift+h", "Ctrl+Shift+H", "ctrl+h", "backspace"),
                ("ctrl+shift+j", "Ctrl+Shift+J", "ctrl+j", "ctrl+j"),
                ("shift+ctrl+e", "Ctrl+Shift+E", "ctrl+e", "ctrl+e"),  # modifiers in any order: the same key
            ]
        ],
        *[
            (
                key,
                f"/cfg/keymap.toml: observe.end: {key} has no control code: most terminals send nothing "
                f"for it or the plain key ({shown}), {NEVER}",
            )
            for key, shown in [
                ("ctrl+1", "1"),
                ("ctrl+comma", ","),
                ("ctrl+é", "é"),
                ("ctrl+😀", "😀"),
                ("ctrl+ß", "ß"),
                ("ctrl+shift+1", "1"),
            ]
        ],
        (
            "esc",
            _not_a_key("'esc' (Textual's name is 'escape')"),
        ),
        (
            "return",
            _not_a_key("'return' (Textual's name is 'enter')"),
        ),
        (
            "ctrl+esc",
            _not_a_key("'ctrl+esc' (Textual's name is 'escape')"),
        ),
        (
            "f99",
            _not_a_key("'f99' (no key has that name in Textual)"),
        ),
        (
            "ctrl+bogus",
            _not_a_key("'ctrl+bogus' (no key has that name in Textual)"),
        ),
        (
            "ctrl-e",
            _not_a_key("'ctrl-e' (no key has that name in Textual)"),
        ),
        (
            "ctrl+k",
            "/cfg/keymap.toml: observe.end: ctrl+k is also the key of app.palette (palette) on the same "
            "screen. Nothing from it is used.",
        ),
    ],
)
def test_a_key_a_terminal_cannot_send_is_refused_saying_why(key, expected):
    assert _refusal(key) == expected


def test_every_refused_key_of_one_binding_is_named():
    message = _refusal("ctrl+8,esc,f9")
    assert "observe.end: ctrl+8 reaches the app as backspace" in message
    assert "observe.end: not a key: 'esc'" in message


@pytest.mark.parametrize(
    "key, stored",
    [
        ("shift+ctrl+up", "ctrl+shift+up"),  # as Textual reports it: modifiers sorted
        ("ctrl+\\\\", "ctrl+backslash"),  # TOML "\\" is one backslash; Ctrl+\ sends 0x1C
        ("ctrl+backslash", "ctrl+backslash"),
        ("ctrl+]", "ctrl+right_square_bracket"),
        ("ctrl+_", "ctrl+underscore"),
        ("ctrl+@", "ctrl+@"),  # NUL, as Textual names it
        ("alt+e", "alt+e"),
        ("F9", "f9"),
        ("ctrl+f13", "ctrl+f13"),
    ],
)
def test_keys_a_terminal_sends_are_taken_as_textual_names_them(key, stored):
    assert _parse(f'"observe.end" = "{key}"') == {"observe.end": stored}


def test_the_alias_table_is_the_xterm_ctrl_key_mapping():
    """Ctrl with a digit 2-8 sends the control code of the character above it on a VT100
    keyboard (@ [ \\ ] ^ _ DEL): each of those keys reaches the app as that character's Ctrl key."""
    same_as = {"2": "ctrl+@", "3": "escape", "4": "ctrl+backslash", "5": "ctrl+right_square_bracket"}
    same_as |= {"6": "ctrl+circumflex_accent", "7": "ctrl+underscore", "8": "backspace"}
    for digit, seen in same_as.items():
        assert key_names.TERMINAL_ALIASES[f"ctrl+{digit}"][0] == seen
    assert key_names.key_problem(key_names.canonical("ctrl+9")) is not None  # no code: the plain 9
    assert key_names.key_problem("ctrl+e") is None


def test_a_letter_with_no_one_letter_capital_is_shown_as_it_is():
    assert keys.friendly("ctrl+ß") == "Ctrl+ß"  # was "Ctrl+SS"
    assert keys.friendly("ctrl+é") == "Ctrl+É"


async def test_the_palette_key_moved_by_the_keymap_frees_ctrl_k_for_end(config, store, make_info, tmp_path):
    config.config_dir = tmp_path / "config"
    config.config_dir.mkdir()
    (config.config_dir / "keymap.toml").write_text(
        '"observe.end" = "ctrl+k"\n"app.palette" = "ctrl+backslash"\n', encoding="utf-8"
    )
    app = PpeiApp(config, store, store.create(make_info()), is_new=True)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.pause()
        assert not [n.message for n in pilot.app.notices if "keymap" in n.message]
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(pilot.app.screen, Confirm)  # End asks first
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+backslash")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)


async def test_end_on_ctrl_k_alone_is_refused_and_ctrl_k_still_opens_the_palette(
    config, store, make_info, tmp_path
):
    config.config_dir = tmp_path / "config"
    config.config_dir.mkdir()
    (config.config_dir / "keymap.toml").write_text('"observe.end" = "ctrl+k"\n', encoding="utf-8")
    app = PpeiApp(config, store, store.create(make_info()), is_new=True)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.pause()
        messages = [n.message for n in pilot.app.notices]
        assert any("observe.end: ctrl+k is also the key of app.palette (palette)" in m for m in messages), (
            messages
        )
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)


def test_ppei_keys_lists_the_palette(tmp_path, monkeypatch, capsys):
    from ppei_tui.cli import main

    monkeypatch.setenv("PPEI_CONFIG_DIR", str(tmp_path))
    assert main(["keys"]) == 0
    [line] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("app.palette")]
    assert line.split() == ["app.palette", "Ctrl+K", "palette"]
