"""The screens' side of the session's one ordered writer: its outcomes as Textual messages.

Screens submit records to `opened.writer` (storage.writer.SessionWriter) and never write a
session themselves. The writer keeps failed saves and retries them; a screen only shows marks:
a document is saved when a `Saved` message arrives for its newest version (`writer.is_current`).
"""

from __future__ import annotations

from textual.message import Message
from textual.message_pump import MessagePump
from textual.widget import Widget

from ppei_tui.storage.store import OpenSession
from ppei_tui.storage.writer import SaveOutcome, SessionWriter
from ppei_tui.ui.messages import Notice


class Saved(Message):
    """One version of a document is on disk (the newest, if `writer.is_current(outcome)`)."""

    def __init__(self, outcome: SaveOutcome):
        super().__init__()
        self.outcome = outcome


class SaveFailed(Message):
    """A save failed; the writer keeps it and retries (unless `outcome.stopped`)."""

    def __init__(self, outcome: SaveOutcome):
        super().__init__()
        self.outcome = outcome


def connect_writer(node: MessagePump, opened: OpenSession, retry_seconds: float) -> SessionWriter:
    """The session's writer, reporting to `node` (Saved / SaveFailed; other news as a Notice)."""

    def report(outcome: SaveOutcome) -> None:
        node.post_message(Saved(outcome) if outcome.saved else SaveFailed(outcome))

    def notice(text: str) -> None:
        node.post_message(Notice("Session file", text, "warning", 12))

    return opened.start_writer(report, retry_seconds, notice)


def failure_text(outcome: SaveOutcome, retry_seconds: float) -> str:
    if outcome.stopped:
        return f"{outcome.error}\nNothing more is written to this session file."
    return f"{outcome.error}\nIt stays on screen and saving is retried every {retry_seconds:g} s."


def show_open_warnings(node: Widget, opened: OpenSession | None) -> None:
    """What opening the session found (a journal line cut short by a crash), shown once."""
    for warning in opened.warnings if opened is not None else []:
        node.notify(warning, title="Recovered after a crash", severity="warning", timeout=12)
