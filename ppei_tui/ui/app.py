"""The Textual application: a home screen, and the observe screen pushed over it."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from ppei_tui.config import Config
from ppei_tui.storage.store import OpenSession, SessionStore
from ppei_tui.ui.home import HomeScreen
from ppei_tui.ui.observe import ObserveScreen


class PpeiApp(App):
    CSS_PATH = Path(__file__).with_name("ppei.tcss")
    TITLE = "ppei-tui"
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self, config: Config, store: SessionStore, opened: OpenSession | None = None, is_new: bool = False
    ):
        super().__init__()
        self.config = config
        self.store = store
        self._initial = (opened, is_new)
        self.open_sessions: list[OpenSession] = []

    def on_mount(self) -> None:
        opened, is_new = self._initial
        if opened is not None:
            self.observe(opened, is_new)  # straight to typing; home is built only if asked for
        else:
            self.go_home()

    def go_home(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.action_refresh()
        else:
            self.push_screen(HomeScreen(self.config, self.store))

    def close_session(self, opened: OpenSession) -> None:
        if opened in self.open_sessions:
            self.open_sessions.remove(opened)
            opened.close()

    def observe(self, opened: OpenSession, is_new: bool) -> None:
        self.open_sessions.append(opened)
        self.push_screen(ObserveScreen(opened, self.config, is_new))

    def on_unmount(self) -> None:
        for opened in self.open_sessions:
            opened.close()
