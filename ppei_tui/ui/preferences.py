"""The look the observer chose (light or dark theme) and who is reviewing, remembered in the
config folder.

`settings.json` beside `keymap.toml` in the platform's config folder (platformdirs), e.g.
~/.config/ppei-tui/settings.json: {"theme": "textual-light", "reviewer": "RB"}. A missing or
unreadable file means the default look and no reviewer known yet (the app asks); it is never a
reason not to start.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from stat import S_ISREG

from ppei_tui.storage.atomic import atomic_write_bytes

SETTINGS_FILE = "settings.json"
DEFAULT_THEME = "textual-dark"


def _settings_text(path: Path) -> str:
    """The settings file's text. Raises OSError (FileNotFoundError when there is none), also for
    a folder or a named pipe in its place: a pipe would make every start wait for a writer."""
    if not S_ISREG(os.stat(path).st_mode):
        raise OSError(errno.EINVAL, "is not a regular file (a folder, pipe or device)")
    return path.read_text(encoding="utf-8")


def load_theme(config_dir: Path | None, known: set[str]) -> tuple[str, str]:
    """(theme name, problem): the saved theme if it is one of `known`, else the default."""
    if config_dir is None:
        return DEFAULT_THEME, ""
    path = config_dir / SETTINGS_FILE
    try:
        saved = json.loads(_settings_text(path)).get("theme", DEFAULT_THEME)
    except FileNotFoundError:
        return DEFAULT_THEME, ""
    except (OSError, ValueError, AttributeError) as error:
        return DEFAULT_THEME, f"{path}: not read ({error}); using the default look"
    if saved not in known:
        return DEFAULT_THEME, f"{path}: unknown theme {saved!r}; using the default look"
    return saved, ""


MAX_REVIEWER = 40  # characters of a reviewer's initials or name


def reviewer_problem(name: str) -> str | None:
    """Why `name` cannot be a reviewer's initials (None when it can): one line, 1-40 characters."""
    if not name.strip():
        return "type your initials (edits and memos in review carry them)"
    if "\n" in name or len(name.strip()) > MAX_REVIEWER:
        return f"initials or a short name: one line of at most {MAX_REVIEWER} characters"
    return None


def load_reviewer(config_dir: Path | None) -> str:
    """The reviewer's initials saved by `save_reviewer` ("" when none, or not readable)."""
    if config_dir is None:
        return ""
    try:
        saved = json.loads(_settings_text(config_dir / SETTINGS_FILE)).get("reviewer", "")
    except (OSError, ValueError, AttributeError):
        return ""  # load_theme reports an unreadable file; here it means: ask
    return saved.strip() if isinstance(saved, str) and reviewer_problem(saved) is None else ""


def save_reviewer(config_dir: Path, name: str) -> None:
    """Remember who is reviewing on this computer (atomically). Raises OSError."""
    _save_setting(config_dir, "reviewer", name.strip())


def save_theme(config_dir: Path, theme: str) -> None:
    """Remember `theme` (atomically; the folder is made if need be). Raises OSError."""
    _save_setting(config_dir, "theme", theme)


def _save_setting(config_dir: Path, key: str, value: str) -> None:
    """Set one key of settings.json, keeping the others. Raises OSError, naming the file, when
    a settings file is there but cannot be read as a JSON object: it is then left as it is
    (never overwrite a file we could not read: the other settings in it would be lost)."""
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / SETTINGS_FILE
    if os.path.lexists(path) and not path.is_file():  # a folder or pipe is never replaced
        raise OSError(errno.EINVAL, f"{path}: is not a regular file (a folder, pipe or device); not replaced")
    try:
        settings = json.loads(_settings_text(path))
    except FileNotFoundError:
        settings = {}
    except (OSError, ValueError) as error:
        raise OSError(errno.EINVAL, f"{path}: could not be read ({error}); left as it is") from error
    if not isinstance(settings, dict):
        raise OSError(errno.EINVAL, f"{path}: is not a JSON object of settings; left as it is")
    settings[key] = value
    atomic_write_bytes(path, (json.dumps(settings, indent=2) + "\n").encode("utf-8"))
