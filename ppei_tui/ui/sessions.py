"""Past sessions: a sortable, searchable table; open one to review, or mark several to compare."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Static
from textual.widgets.data_table import ColumnKey

from ppei_tui.domain.mapping import session_map
from ppei_tui.domain.session import format_offset
from ppei_tui.domain.study import StudyError, StudySource
from ppei_tui.domain.wording import count as count_of
from ppei_tui.outputs.terminal_map import compare_renderable
from ppei_tui.storage.store import MARK_ONE, SessionSummary, copies_problem
from ppei_tui.ui.footer import KeyFooter
from ppei_tui.ui.home import SessionsListed
from ppei_tui.ui.messages import Notice
from ppei_tui.ui.ordered_input import OrderedInput
from ppei_tui.ui.session_columns import COLUMNS, SORT_COLUMNS, WRAPPED, fit_columns
from ppei_tui.ui.session_recode import CopyWritten, write_copy
from ppei_tui.ui.shown import on_screen
from ppei_tui.ui.study import StudyReady, StudyScreen, make_study
from ppei_tui.ui.typed import ppei_app

BROKEN = "unreadable:"  # row key prefix of a session file that could not be read
COPY = " [COPY]"  # in the state column: another file holds this session (same id)


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
        Binding("r", "recode", "Re-code copy", id="sessions.recode", tooltip="Your own copy to re-code"),
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
        self.fitted_to = 0  # the table width the columns were last fitted to
        self.dropped: list[str] = []  # columns left out at this width (shown under the table)
        self.highlight_next: str | None = None  # a row to highlight once listed (a new copy)

    def compose(self) -> ComposeResult:
        yield Label(
            "Past sessions · Enter opens · Space marks · g marks a CoP · c compares · y studies", id="title"
        )
        # Enter moves to the table at once: keys typed after it in a burst go to the table.
        yield OrderedInput(placeholder="Search sessions", id="search", enter_focus="#sessions-table")
        yield DataTable(id="sessions-table", cursor_type="row")
        # The highlighted row's file in full: the table's file column is cut short on a narrow screen.
        yield Label("", id="session-file", classes="hint", markup=False)
        yield Label("", id="unreadable", classes="hint", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()  # its columns are added by fill, fitted to its width
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
        self.query_one("#unreadable", Label).update(on_screen("\n".join(broken)))
        self.fill()

    def _values(self, summary: SessionSummary) -> tuple:
        session = summary.session
        assert session is not None  # only readable sessions are listed as rows
        info = session.info
        return (
            info.date,
            info.cop,
            info.site,
            info.observer_label(),  # a re-coded copy beside its original: whose coding each row is
            session.duration(),
            len(session.live_notes()),
            # Copies of one session (a sync tool's conflicted copy) are marked: only one is
            # opened writable, and exports refuse both. In the state column, which stays on
            # screen at any width, not after the file name, which is cut first.
            ("finished" if summary.finished else "unfinished") + (COPY if summary.copies else ""),
            summary.path.name,
        )

    def _cells(self, summary: SessionSummary) -> list[str]:
        values = list(self._values(summary))
        values[4] = format_offset(values[4])
        mark = "●" if str(summary.path) in self.marked else ""
        return [mark, *(on_screen(str(v)) for v in values)]  # names typed by people: drawn safely

    def _broken_cells(self, summary: SessionSummary) -> list[str]:
        """An unreadable file's row: the reason where the CoP's name goes, cut to the column
        (the whole reason is listed under the table)."""
        return ["✗", "", f"unreadable: {summary.error}", "", "", "", "", "unreadable", summary.path.name]

    def fill(self) -> None:
        """List the sessions matching the search, sorted, fitted to the table's width; the
        highlighted session stays highlighted if it is still listed."""
        table = self.query_one(DataTable)
        current = self.highlight_next or self._current_row_key()
        self.highlight_next = None
        query = self.query_one("#search", Input).value.lower()
        rows = [s for s in self.summaries if query in " ".join(str(v) for v in self._values(s)).lower()]
        rows.sort(key=lambda s: self._values(s)[self.sort_index], reverse=self.sort_reverse)
        listed = [(str(s.path), self._cells(s)) for s in rows]
        listed += [  # listed, not skipped: the reason is on the row
            (BROKEN + str(s.path), self._broken_cells(s))
            for s in self.broken
            if query in f"{s.path.name} {s.error}".lower()
        ]
        table.clear()
        # An unreadable file's reason is cut to the CoP column, never widens it.
        measured = [
            cells if not key.startswith(BROKEN) else [*cells[:2], "", *cells[3:]] for key, cells in listed
        ]
        shown_columns = self._fit_columns(measured)
        indexes = [COLUMNS.index(name) for name in shown_columns]
        for key, cells in listed:
            # Text, never markup: a CoP named "[Ward 3]" shows as typed.
            wraps = not key.startswith(BROKEN)  # an unreadable file's reason is cut, not wrapped
            shown = [
                Text(cells[i])
                if wraps and COLUMNS[i] in WRAPPED
                else Text(cells[i], no_wrap=True, overflow="ellipsis")
                for i in indexes
            ]
            table.add_row(*shown, key=key, height=None)
        keys = [key for key, _ in listed]
        if current in keys:
            table.move_cursor(row=keys.index(current), animate=False)
        self._show_highlighted()

    def _fit_columns(self, rows: list[list[str]]) -> list[str]:
        """Fit the columns to the table's width now (session_columns.fit_columns): the columns
        are added again when the ones that fit change. Returns the names of those shown."""
        table = self.query_one(DataTable)
        natural = {
            name: max([cell_len(name if name != "mark" else ""), 1, *(cell_len(r[i]) for r in rows)])
            for i, name in enumerate(COLUMNS)
        }
        words = {
            name: max([0, *(cell_len(word) for r in rows for word in r[COLUMNS.index(name)].split())])
            for name in WRAPPED
        }
        room = table.scrollable_content_region.width or self.app.size.width
        self.fitted_to = room
        widths = fit_columns(natural, room, 2 * table.cell_padding, words)
        if [str(key.value) for key in table.columns] != list(widths):
            table.clear(columns=True)
            for name in widths:
                table.add_column(name if name != "mark" else "", key=name)
        for name, width in widths.items():
            column = table.columns[ColumnKey(name)]
            column.auto_width = False
            column.width = width
        self.dropped = [name for name in SORT_COLUMNS if name not in widths]
        return list(widths)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self.query_one(DataTable).scrollable_content_region.width != self.fitted_to:
            self.fill()

    @on(Input.Changed, "#search")
    def search(self) -> None:
        self.fill()

    @on(Input.Submitted, "#search")
    def search_done(self, event: Input.Submitted) -> None:
        event.stop()  # the search box moved the focus to the table itself (its enter_focus)

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

    def _current_row_key(self) -> str | None:
        """The highlighted row's key (an unreadable file's starts with BROKEN), None if none."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _current_key(self) -> str | None:
        """The highlighted readable session's key (None on an unreadable one's row)."""
        key = self._current_row_key()
        return None if key is None or key.startswith(BROKEN) else key

    def action_mark(self) -> None:
        key = self._current_key()
        if key is None:
            return
        self.marked.symmetric_difference_update({key})
        self.query_one(DataTable).update_cell(key, "mark", Text("●" if key in self.marked else ""))

    def action_compare(self) -> None:
        chosen = [s for s in self.summaries if str(s.path) in self.marked]
        if len(chosen) < 2:
            self.notify("Mark two or more sessions with Space first.", severity="warning")
            return
        if self._refused_copies(chosen):
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
        self.notify(f"{count_of(len(keys & self.marked), 'session')} of {cop} marked", timeout=3)

    def action_study(self) -> None:
        chosen = [s for s in self.summaries if str(s.path) in self.marked and s.session is not None]
        if not chosen:
            self.notify("Mark sessions with Space, or a CoP's sessions with g, first.", severity="warning")
            return
        if self._refused_copies(chosen):
            return
        self._build_study([StudySource(s.path, s.session) for s in chosen if s.session is not None])

    def action_recode(self) -> None:
        """A copy of the highlighted session for the reviewer to re-code (as `ppei recode`):
        who they are is asked first if not known; written beside the sessions in a worker."""
        key = self._current_key()
        if key is None:
            return
        app = ppei_app(self)

        def start() -> None:  # once the reviewer is known: they are the copy's coder
            job = partial(write_copy, self, Path(key), self.store.directory, app.config, app.reviewer)
            self.run_worker(job, thread=True, group="recode", exit_on_error=False)

        app.ensure_reviewer(start)

    def on_copy_written(self, message: CopyWritten) -> None:
        self.highlight_next = str(message.path)
        self.reload()
        self.notify(message.notice(), title="Re-code copy written", timeout=10, markup=False)

    def _refused_copies(self, chosen: list[SessionSummary]) -> bool:
        """Say so (naming the files and the id) if two marked rows are copies of one session:
        compared or studied, it would count as two (the rule of `ppei map`, `study`, `agree`)."""
        problem = copies_problem([(s.path, s.session) for s in chosen if s.session], MARK_ONE)
        if problem:
            self.notify(problem, title="Copies of one session", severity="error", timeout=15, markup=False)
        return bool(problem)

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
        self._show_highlighted()

    def _show_highlighted(self) -> None:
        """Under the table: the highlighted session's file in full, and its values of the
        columns left out at this width ("File: …/a.json · duration 1:11:00")."""
        key = self._current_row_key()
        if key is None:
            return
        shown = f"File: {key.removeprefix(BROKEN)}"
        summary = next((s for s in self.summaries if str(s.path) == key), None)
        if summary is not None:
            cells = self._cells(summary)
            shown += "".join(
                f" · {name} {cells[COLUMNS.index(name)]}" for name in self.dropped if name != "file"
            )
        self.query_one("#session-file", Label).update(on_screen(shown))

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


class FirstSessionsScreen(SessionsScreen):
    """The session list as the app's first screen (`ppei review`, `ppei review FILE` under the
    session): no home screen is behind it, so Esc leaves ppei, as the first screen of `ppei
    shade` does, through Ctrl+Q's way out (which asks first about anything typed and not saved).
    Before, Esc opened the home form, a screen the researcher never asked for."""

    BINDINGS = [Binding("escape", "app.quit", "Quit", id="sessions.back", tooltip="Leave ppei")]


class CompareScreen(Screen):
    help_title = "Comparing maps"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="compare.back")]

    def __init__(self, sessions):
        super().__init__()
        self.sessions = sessions

    def help_keys(self) -> list[tuple[str, str, str]]:
        return [("up,down,pageup,pagedown,home,end", "Scroll the comparison", "")]

    def compose(self) -> ComposeResult:
        titles = [on_screen(f"{s.info.cop} {s.info.site} {s.info.date}".strip()) for s in self.sessions]
        self.comparison = compare_renderable([session_map(s) for s in self.sessions], titles)
        with VerticalScroll():
            yield Static(self.comparison)
        yield KeyFooter()
