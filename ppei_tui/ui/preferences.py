"""The look the observer chose (light or dark theme), remembered in the config folder.

`settings.json` beside `keymap.toml` in the platform's config folder (platformdirs), e.g.
~/.config/ppei-tui/settings.json: {"theme": "textual-light"}. A missing or unreadable file
means the default look; it is never a reason not to start.
"""

from __future__ import annotations

import json
from pathlib import Path

from ppei_tui.storage.atomic import atomic_write_bytes

SETTINGS_FILE = "settings.json"
DEFAULT_THEME = "textual-dark"


def load_theme(config_dir: Path | None, known: set[str]) -> tuple[str, str]:
    """(theme name, problem): the saved theme if it is one of `known`, else the default."""
    if config_dir is None:
        return DEFAULT_THEME, ""
    path = config_dir / SETTINGS_FILE
    try:
        saved = json.loads(path.read_text(encoding="utf-8")).get("theme", DEFAULT_THEME)
    except FileNotFoundError:
        return DEFAULT_THEME, ""
    except (OSError, ValueError, AttributeError) as error:
        return DEFAULT_THEME, f"{path}: not read ({error}); using the default look"
    if saved not in known:
        return DEFAULT_THEME, f"{path}: unknown theme {saved!r}; using the default look"
    return saved, ""


def save_theme(config_dir: Path, theme: str) -> None:
    """Remember `theme` (atomically; the folder is made if need be). Raises OSError."""
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / SETTINGS_FILE
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(settings, dict):
            settings = {}
    except (OSError, ValueError):
        settings = {}
    settings["theme"] = theme
    atomic_write_bytes(path, (json.dumps(settings, indent=2) + "\n").encode("utf-8"))
