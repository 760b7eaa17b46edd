"""Messages that worker threads post back to the app."""

from __future__ import annotations

from textual.message import Message


class Notice(Message):
    """What a worker thread wants the user to see; the app shows it as a notification."""

    def __init__(self, title: str, text: str, severity: str = "information", timeout: float = 8):
        super().__init__()
        self.title, self.text, self.severity, self.timeout = title, text, severity, timeout

    @classmethod
    def failure(cls, title: str, error: Exception) -> Notice:
        return cls(title, f"{type(error).__name__}: {error}", "error", 12)
