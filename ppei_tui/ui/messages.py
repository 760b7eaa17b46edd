"""Messages that worker threads post back to the app."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.message import Message

if TYPE_CHECKING:
    from ppei_tui.domain.session import Session
    from ppei_tui.storage.store import OpenSession


Severity = Literal["information", "warning", "error"]


class Notice(Message):
    """What a worker thread wants the user to see; the app shows it as a notification."""

    def __init__(self, title: str, text: str, severity: Severity = "information", timeout: float = 8):
        super().__init__()
        self.title, self.text, self.severity, self.timeout = title, text, severity, timeout

    @classmethod
    def failure(cls, title: str, error: Exception) -> Notice:
        return cls(title, f"{type(error).__name__}: {error}", "error", 12)


class ReviewReady(Message):
    """A session read for review; opened is None when another ppei holds it (read-only)."""

    def __init__(self, path: Path, session: Session, opened: OpenSession | None, read_only_reason: str = ""):
        super().__init__()
        self.path, self.session, self.opened = path, session, opened
        self.read_only_reason = read_only_reason
