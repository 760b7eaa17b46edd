"""Resuming a file when another file holds the same session: asked before anything is recorded.

`observe --resume FILE` and Enter on home's unfinished sessions used to start recording into a
copy of a session (a sync tool's conflicted copy, a file copied by hand) without a word, so the
observer split one session's notes across two files unknowingly (storage/resume_copies.py).
Now a question names every file and the id first: `r` resumes into the file anyway, Esc or `n`
does not (nothing is written: the file is closed as it was opened). Only the resume paths
import this module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label

from ppei_tui.storage.resume_copies import copies_message
from ppei_tui.ui.help import Dialog
from ppei_tui.ui.question_guard import GuardedQuestion

if TYPE_CHECKING:
    from ppei_tui.storage.open_session import OpenSession
    from ppei_tui.ui.app import PpeiApp


class ResumeCopyQuestion(Dialog[bool], GuardedQuestion):
    """Resume into a file that another file's session shares? True: `r`; False: Esc or `n`.
    Enter answers nothing: a key typed blind must not start recording into a copy."""

    help_title = "Resuming: another file holds this session"
    DEFAULT_CSS = """
    #copies-box { width: 96; }
    .-cramped #copies-box { width: 100%; }
    #copies-box Label { width: 100%; }
    """
    BINDINGS = [
        Binding("r", "answer(True)", "Resume anyway", tooltip="Record into this file"),
        Binding("n,escape", "answer(False)", "Do not resume", tooltip="Nothing is written"),
    ]

    def __init__(self, path: Path, session_id: str, copies: list[Path]):
        super().__init__()
        self.path, self.session_id, self.copies = path, session_id, copies

    @property
    def message(self) -> str:
        return copies_message(self.path, self.session_id, self.copies)

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box", id="copies-box"):
            yield Label("Another file holds this session", classes="section")
            yield Label(self.message, markup=False)  # file names: never markup
            yield Label(f"  r        resume recording into {self.path.name} anyway", markup=False)
            yield Label("  Esc / n  do not resume (nothing is written)")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def ask_about_copies(
    app: PpeiApp, opened: OpenSession, copies: list[Path], resume: Callable[[], None]
) -> None:
    """Ask before resuming `opened` (held open and locked meanwhile): `resume()` on `r`; on
    Esc/n the session is closed untouched and, when no screen lies beneath (the command line's
    `observe --resume`), the app exits with status 1 and the message printed; else (home) the
    notice says it was not resumed."""
    question = ResumeCopyQuestion(opened.path, opened.session.info.id, copies)
    app.open_sessions.append(opened)  # closed on exit (a signal) while the question is asked

    def answered(yes: bool | None) -> None:
        app.open_sessions.remove(opened)  # observe() or close() takes it from here
        if yes:
            resume()
            return
        opened.close()
        if len(app.screen_stack) <= 1:  # nothing beneath: the command line started it
            app.exit_report.append(f"ppei observe: not resumed: {question.message}")
            app.exit(return_code=1)
        else:
            app.notify(question.message, title="Not resumed", severity="warning", timeout=15)

    app.push_screen(question, answered)
