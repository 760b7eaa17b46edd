"""The review screen's state, set from its constructor's arguments (ReviewBase).

ReviewScreen (ui/review.py) is put together from parts: the filter (review_filtering) and the
panes, the highlighted note's detail and who is reviewing (review_panes); the changes to notes
and memos and the writer's outcomes are in review.py. Each part is a subclass of ReviewBase.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from textual.screen import Screen

from ppei_tui.config import Config
from ppei_tui.domain.review_filter import Filtered, Matcher, filter_notes
from ppei_tui.domain.session import Session
from ppei_tui.domain.tags import TagVocabulary
from ppei_tui.storage.store import OpenSession
from ppei_tui.ui.saving import connect_writer


class ReviewBase(Screen):
    """The review screen's state (see the module docstring)."""

    def __init__(
        self,
        path: Path,
        session: Session,
        opened: OpenSession | None,
        config: Config,
        reviewer: str,
        matcher: Matcher = filter_notes,
    ):
        super().__init__()
        self.path = path  # outputs read the file, so they work on a read-only review too
        self.session = session
        self.opened = opened
        self.config = config
        self.reviewer = reviewer or session.info.coder or session.info.observer  # a re-coded copy: its coder
        self.vocabulary = TagVocabulary(session.template, session.info.attendees)
        self.show_deleted = False
        self.undo_stack: list[tuple[str, int, dict]] = []  # ("note" or "memo", id, values before)
        self.writer = connect_writer(self, opened, config.retry_seconds) if opened else None
        # Why it is read-only when opened is None (set by the app before the screen mounts).
        self.read_only_reason = "another ppei has this session open"
        self.matcher = matcher  # run in the filter worker (tests pass a slow or failing one)
        self.filter_generation = 0  # the newest filter asked for; only its result is shown
        self.shown_generation = 0  # the filter whose result is shown (or failed)
        self.filtered: Filtered | None = None  # the shown result, matched again while narrowing
        self.shown_count = ""  # the count line of the rows shown
        self.shown_map: Counter[tuple[str, str]] | None = None  # the map's counts as drawn
