"""Past sessions: a sortable, searchable table; open one to review, or mark several to compare."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static

from ppei_tui.domain.mapping import session_map
from ppei_tui.domain.session import format_offset
from ppei_tui.domain.study import StudyError, StudySource
from ppei_tui.outputs.terminal_map import compare_renderable
from ppei_tui.storage.store import SessionSummary
from ppei_tui.ui.home import SessionsListed
from ppei_tui.ui.messages import Notice
from ppei_tui.ui.ordered_input import OrderedInput
from ppei_tui.ui.study import StudyReady, StudyScreen, make_study
from ppei_tui.ui.typed import ppei_app

BROKEN = "unreadable:"  # row key prefix of a session file that could not be read
SORT_COLUMNS = ["date", "cop", "site", "observer", "duration", "notes", "state", "file"]


class SessionsScreen(Screen):
    help_title = "Past sessions"
    BINDINGS = [
        Binding(
            "ctrl+f", "focus_search", "Search", id="sessions.search", tooltip="Search by CoP, site, observer"
        ),
        Binding("s", "sort", "Sort", id="sessions.sort", tooltip="Sort by the next column (again: reverse)"),
        Binding("space", "mark", "Mark", id="sessions.mark", tooltip="Mark or unmark for comparing"),
        Binding(
            "c", "compare", "Compare", id="sessions.compare", tooltip="Compare the marked sessions' maps"
        ),
        Binding(
            "g",
            "mark_cop",
            "Mark CoP",
            id="sessions.mark_cop",
            tooltip="Mark or unmark every session of this CoP",
        ),
        Binding("y", "study", "Study", id="sessions.study", tooltip="The marked sessions as one study"),
        Binding("escape", "back", "Back", id="sessions.back"),
    ]

    def __init__(self, store):
        super().__init__()
        self.store = store
        self.summaries: list[SessionSummary] = []
        self.broken: list[SessionSummary] = []
        self.marked: set[str] = set()
        self.sort_index = 0
        self.sort_reverse = True

    def compose(self) -> ComposeResult:
        yield Label(
            "Past sessions · Enter opens · Space marks · g marks a CoP · c compares · y studies", id="title"
        )
        yield OrderedInput(placeholder="Search sessions", id="search")
        yield DataTable(id="sessions-table", cursor_type="row")
        # The highlighted row's file in full: the table's last column is out of sight at 100 cells.
        yield Label("", id="session-file", classes="hint", markup=False)
        yield Label("", id="unreadable", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("", key="mark", width=2)
        for name in SORT_COLUMNS:
            table.add_column(name, key=name)
        table.focus()
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exit_on_error=False, group="load")
    def _load(self) -> None:
        self.post_message(SessionsListed(self.store.summaries()))

    def on_sessions_listed(self, message: SessionsListed) -> None:
        self.summaries = [s for s in message.summaries if s.session is not None]
        self.broken = [s for s in message.summaries if s.session is None]
        broken = [s.describe() for s in message.summaries if s.session is None]
        self.query_one("#unreadable", Label).update("\n".join(broken))
        self.fill()

    def _values(self, summary: SessionSummary) -> tuple:
        session = summary.session
        assert session is not None  # only readable sessions are listed as rows
        info = session.info
        return (
            info.date,
            info.cop,
            info.site,
            info.observer,
            session.duration(),
            len(session.live_notes()),
            "finished" if summary.finished else "unfinished",
            # Copies of one session (a sync tool's conflicted copy) are marked: only one is
            # opened writable, and exports refuse both.
            summary.path.name + (" [COPY]" if summary.copies else ""),
        )

    def fill(self) -> None:
        table = self.query_one(DataTable)
        query = self.query_one("#search", Input).value.lower()
        rows = [s for s in self.summaries if query in " ".join(str(v) for v in self._values(s)).lower()]
        rows.sort(key=lambda s: self._values(s)[self.sort_index], reverse=self.sort_reverse)
        table.clear()
        for summary in rows:
            values = list(self._values(summary))
            values[4] = format_offset(values[4])
            mark = "●" if str(summary.path) in self.marked else ""
            table.add_row(mark, *[str(v) for v in values], key=str(summary.path))
        for summary in self.broken:  # listed, not skipped: the reason is on the row
            if query in f"{summary.path.name} {summary.error}".lower():
                reason = summary.error if len(summary.error) <= 60 else summary.error[:59] + "…"
                name = summary.path.name
                cells = ["✗", "", name, "", "", "", "", f"unreadable: {reason}", name]
                table.add_row(*cells, key=BROKEN + str(summary.path))

    @on(Input.Changed, "#search")
    def search(self) -> None:
        self.fill()

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_sort(self) -> None:
        if self.sort_reverse:
            self.sort_reverse = False
        else:
            self.sort_index = (self.sort_index + 1) % len(SORT_COLUMNS)
            self.sort_reverse = True
        self.notify(
            f"Sorted by {SORT_COLUMNS[self.sort_index]}{' (reverse)' if self.sort_reverse else ''}", timeout=2
        )
        self.fill()

    def _current_key(self) -> str | None:
        """The highlighted readable session's key (None on an unreadable one's row)."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key is None or key.startswith(BROKEN) else key

    def action_mark(self) -> None:
        key = self._current_key()
        if key is None:
            return
        self.marked.symmetric_difference_update({key})
        self.query_one(DataTable).update_cell(key, "mark", "●" if key in self.marked else "")

    def action_compare(self) -> None:
        chosen = [s for s in self.summaries if str(s.path) in self.marked]
        if len(chosen) < 2:
            self.notify("Mark two or more sessions with Space first.", severity="warning")
            return
        sessions = [s.session for s in chosen if s.session is not None]
        if len({s.template.id for s in sessions}) > 1:
            self.notify("Only sessions recorded with the same template can be compared.", severity="error")
            return
        self.app.push_screen(CompareScreen(sessions))

    def action_mark_cop(self) -> None:
        """Mark every session of the highlighted one's CoP (or unmark them if all are marked)."""
        key = self._current_key()
        current = next((s for s in self.summaries if str(s.path) == key and s.session), None)
        if current is None or current.session is None:
            return
        cop = current.session.info.cop
        keys = {str(s.path) for s in self.summaries if s.session and s.session.info.cop == cop}
        if keys <= self.marked:
            self.marked -= keys
        else:
            self.marked |= keys
        self.fill()
        self.notify(f"{len(keys & self.marked)} sessions of {cop} marked", timeout=3)

    def action_study(self) -> None:
        chosen = [s for s in self.summaries if str(s.path) in self.marked and s.session is not None]
        if not chosen:
            self.notify("Mark sessions with Space, or a CoP's sessions with g, first.", severity="warning")
            return
        self._build_study([StudySource(s.path, s.session) for s in chosen if s.session is not None])

    @work(thread=True, exit_on_error=False, group="study")
    def _build_study(self, sources: list[StudySource]) -> None:
        # Marked by hand and none finished: the researcher means them, so count them (said so).
        include = not any(s.session.ended for s in sources)
        try:
            study = make_study(sources, include_unfinished=include)
        except StudyError as error:  # mixed templates: say so (naming the files), stay here
            self.post_message(Notice("Study", str(error), "error", 12))
            return
        if include:
            self.post_message(
                Notice("Study", "None of the marked sessions is finished; counting them anyway.")
            )
        self.post_message(StudyReady(sources, study, include))

    def on_study_ready(self, ready: StudyReady) -> None:
        screen = StudyScreen(ready.sources, ready.study, ppei_app(self).config, ready.include_unfinished)
        self.app.push_screen(screen)

    def help_keys(self) -> list[tuple[str, str, str]]:
        return [
            ("up,down", "Move between sessions", ""),
            ("enter", "Open", "Review the highlighted session (an unreadable one says why)"),
        ]

    @on(DataTable.RowHighlighted)
    def show_file(self, event: DataTable.RowHighlighted) -> None:
        key = str(event.row_key.value).removeprefix(BROKEN)
        self.query_one("#session-file", Label).update(f"File: {key}")

    @on(DataTable.RowSelected)
    def open_session(self, event: DataTable.RowSelected) -> None:
        key = str(event.row_key.value)
        if key.startswith(BROKEN):
            path = key.removeprefix(BROKEN)
            reason = next((s.error for s in self.broken if str(s.path) == path), "")
            self.notify(f"{path}: {reason}", title="This session file cannot be read", severity="error")
            return
        ppei_app(self).open_review(key)

    def action_back(self) -> None:
        ppei_app(self).go_home()


class CompareScreen(Screen):
    help_title = "Comparing maps"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="compare.back")]

    def __init__(self, sessions):
        super().__init__()
        self.sessions = sessions

    def help_keys(self) -> list[tuple[str, str, str]]:
        return [("up,down,pageup,pagedown,home,end", "Scroll the comparison", "")]

    def compose(self) -> ComposeResult:
        titles = [f"{s.info.cop} {s.info.site} {s.info.date}".strip() for s in self.sessions]
        self.comparison = compare_renderable([session_map(s) for s in self.sessions], titles)
        with VerticalScroll():
            yield Static(self.comparison)
        yield Footer()
