"""Run-time settings, built once by the CLI and passed in to whatever needs them."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ppei_tui.domain.values import compared
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir

SESSIONS_ENV = "PPEI_SESSIONS_DIR"
TEMPLATES_ENV = "PPEI_TEMPLATES_DIR"
ACK_LOG_ENV = "PPEI_ACK_LOG"
CONFIG_ENV = "PPEI_CONFIG_DIR"
CACHE_ENV = "PPEI_CACHE_DIR"
OBSERVER_ENV = "PPEI_OBSERVER"


def user_config_dir() -> Path:
    """Where keymap.toml and settings.json live: $PPEI_CONFIG_DIR, else the platform's config
    folder (platformdirs: ~/.config/ppei-tui on Linux, ~/Library/Application Support/ppei-tui
    on macOS, %LOCALAPPDATA%\\ppei-tui on Windows)."""
    named = os.environ.get(CONFIG_ENV)
    if named:
        return Path(named)
    import platformdirs

    return Path(platformdirs.user_config_dir("ppei-tui", appauthor=False))


def user_cache_dir() -> Path:
    """Where templates already read are kept (template_cache.py): $PPEI_CACHE_DIR, else the
    platform's cache folder (platformdirs: ~/.cache/ppei-tui on Linux)."""
    named = os.environ.get(CACHE_ENV)
    if named:
        return Path(named)
    import platformdirs

    return Path(platformdirs.user_cache_dir("ppei-tui", appauthor=False))


def local_now() -> datetime:
    return datetime.now().astimezone()


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(repr=False, eq=False)
class Config:
    sessions_dir: Path
    template_dirs: list[Path]
    clock: Callable[[], datetime] = local_now
    retry_seconds: float = 3.0
    # The draft (note being typed) reaches the session file at most this long after a key.
    draft_seconds: float = 0.5
    # While observing, the draft record is rewritten this often: the last moment known after a crash.
    heartbeat_seconds: float = 5.0
    # Testing hook: after each durable note save, append "id<TAB>text" here.
    ack_log: Path | None = None
    # False when the sessions folder was named (--sessions-dir, $PPEI_SESSIONS_DIR) without
    # --create: a missing one is then refused (CLI) or asked about (TUI), never made silently.
    create_sessions_dir: bool = True
    # keymap.toml and settings.json (the theme); None: neither is read nor written (tests).
    config_dir: Path | None = None
    # Templates already read, as JSON (template_cache.py); None: every template is read (tests).
    cache_dir: Path | None = None
    # $PPEI_OBSERVER: who is observing or reviewing, credited with review edits and memos when
    # `ppei review --as` does not name someone (in `ppei review` and the home screen's review alike).
    observer: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def templates(self) -> TemplateLibrary:
        if self.cache_dir is None:
            return TemplateLibrary(self.template_dirs)
        from ppei_tui.template_cache import TemplateCache

        return TemplateLibrary(self.template_dirs, TemplateCache(self.cache_dir))

    @classmethod
    def from_environment(
        cls, sessions_dir: str | None = None, templates_dir: str | None = None, create: bool = False
    ) -> Config:
        named = sessions_dir or os.environ.get(SESSIONS_ENV)
        sessions = Path(named or "sessions")
        template_dirs = [Path(p) for p in (templates_dir, os.environ.get(TEMPLATES_ENV)) if p]
        template_dirs += [Path("observation_templates"), bundled_templates_dir()]
        unique: list[Path] = []
        for directory in template_dirs:
            if directory.resolve() not in [u.resolve() for u in unique]:
                unique.append(directory)
        ack = os.environ.get(ACK_LOG_ENV)
        return cls(
            sessions,
            unique,
            ack_log=Path(ack) if ack else None,
            create_sessions_dir=create or not named,
            config_dir=user_config_dir(),
            cache_dir=user_cache_dir(),
            observer=os.environ.get(OBSERVER_ENV, "").strip(),
        )
