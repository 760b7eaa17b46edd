"""`ppei keys`: every binding id with its keys, and whether the keymap file is used."""

from __future__ import annotations

import argparse

from ppei_tui.config import Config
from ppei_tui.outputs.printed import say


def add_keys_command(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    keys = commands.add_parser(
        "keys", parents=[common], help="list binding ids and keys; check the keymap file"
    )
    keys.set_defaults(handler=run_keys)


def run_keys(args: argparse.Namespace, config: Config) -> int:
    """Print `id  keys  description`, the keymap file's path, and its problem if it has one."""
    from ppei_tui.ui import keys

    bindings = keys.all_binding_ids()
    path = config.config_dir / keys.KEYMAP_FILE if config.config_dir else None
    code = 0
    try:
        keymap = keys.load_keymap(config.config_dir, bindings, keys.note_editing_keys())
    except keys.KeymapError as error:
        say(f"error: {error}")
        keymap, code = {}, 1
    for binding_id in sorted(bindings):
        binding = bindings[binding_id]
        bound = keymap.get(binding_id, binding.key)
        shown = " / ".join(keys.friendly(k.strip()) for k in bound.split(","))
        mark = "  (keymap)" if binding_id in keymap else ""
        say(f"{binding_id:<22} {shown:<24} {binding.description}{mark}")
    state = "used" if keymap else ("not used" if code else "none")
    say(f"\nkeymap file: {path} ({state if path and path.exists() else 'none'})")
    return code
