"""The session list's r: a copy of the highlighted session for the reviewer to re-code, as
`ppei recode` makes one (domain/recoding.py), written beside the sessions in a worker thread."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message
from textual.message_pump import MessagePump

from ppei_tui.config import Config
from ppei_tui.ui.messages import Notice


class CopyWritten(Message):
    """A copy to re-code (`path`) was written for `coder`."""

    def __init__(self, path: Path, coder: str):
        super().__init__()
        self.path, self.coder = path, coder

    def notice(self) -> str:
        return (
            f"{self.path.name}: {self.coder}'s copy, highlighted. Enter opens it to re-code; "
            "`ppei agree ORIGINAL COPY` compares the two codings."
        )


def write_copy(screen: MessagePump, source: Path, folder: Path, config: Config, coder: str) -> None:
    """Run in a worker thread: read `source` again (its newest notes, journal included, not the
    list's snapshot), write `coder`'s copy into `folder`, and tell `screen` (CopyWritten), or
    say why not (a Notice); the list carries on either way."""
    from ppei_tui import __version__
    from ppei_tui.storage.copying import write_recoded_copy
    from ppei_tui.storage.store import load_session

    try:
        written, _ = write_recoded_copy(
            load_session(source), source.name, folder, coder, config.clock(), __version__
        )
    except Exception as error:  # shown to the researcher; nothing was written over
        screen.post_message(Notice.failure("Re-code copy not written", error))
        return
    screen.post_message(CopyWritten(written, coder))
