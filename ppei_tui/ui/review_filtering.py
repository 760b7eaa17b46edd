"""The review screen's filter: asked for on each key, matched in a worker, shown when newest.

The filter box only asks for a filter (ReviewFilter.apply_filter); a worker thread runs
domain/review_filter.filter_notes and posts one of the messages below, tagged with the number
of the request it answers, so the screen shows a result only when it is the newest filter's.
Here too: the count line it shows.

Keys for the list or the map typed while the newest filter is not shown yet (straight after
Enter in the filter, in one burst: "#mat.rep⏎d") wait for it and then go on in order, so they
act on the rows of the filter typed before them, not on the rows it replaces.
"""

from __future__ import annotations

from functools import partial

from textual import events, on
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from ppei_tui.domain.review_filter import FilterRequest, FilterResult
from ppei_tui.domain.wording import count as count_of
from ppei_tui.ui.review_base import ReviewBase
from ppei_tui.ui.review_map import MapGrid
from ppei_tui.ui.review_widgets import NotesView
from ppei_tui.ui.shown import on_screen
from ppei_tui.ui.typed import ppei_app


class FilterReady(Message):
    """Request `generation`'s result."""

    def __init__(self, generation: int, result: FilterResult):
        super().__init__()
        self.generation, self.result = generation, result


class FilterFailed(Message):
    """Request `generation` (the filter `text`) raised `error`; nothing was shown for it."""

    def __init__(self, generation: int, text: str, error: Exception):
        super().__init__()
        self.generation, self.text, self.error = generation, text, error


def count_text(result: FilterResult) -> str:
    """What is shown out of what could be: deleted notes are counted only when shown."""
    text = f"{len(result.matched.notes)} of {count_of(result.total, 'note')}"
    if result.deleted:
        text += (
            f" · {result.shown_deleted} of them deleted (x hides deleted notes)"
            if result.include_deleted
            else f" · {result.deleted} deleted not shown (x shows them)"
        )
    return text


def status_text(result: FilterResult) -> str:
    """The count line, with the filter's ignored words and why (unknown values are never
    silently dropped: an empty list must not look like a finding)."""
    status = count_text(result)
    if result.problems:
        status += " · ignored: " + "; ".join(str(p) for p in result.problems)
    return status


def failure_status(shown: str, text: str, error: Exception) -> str:
    """The count line when filtering by `text` failed: the rows and `shown` (their count line)
    are still the previous filter's, and the line says so."""
    return f"{shown} · could not filter by {text!r} ({type(error).__name__}: {error}); list unchanged"


class ReviewFilter(ReviewBase):
    """ReviewScreen's filter part (see the module docstring); its state is ReviewBase's."""

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    def on_key(self, event: events.Key) -> None:
        """A key bubbling from the list or the map (the filter box takes its own) waits while
        the newest filter is not shown: the App holds it, and every key after it (see above)."""
        if isinstance(self.focused, Input) or not self.filter_pending:
            return
        event.stop()
        event.prevent_default()
        ppei_app(self).hold_keys(event)

    def _release_held_keys(self) -> None:
        ppei_app(self).release_keys()  # handed on as keys, to the widget focused then

    def on_unmount(self) -> None:
        self._release_held_keys()  # a filter that will not answer now holds no key

    def apply_filter(self, text: str, notes_changed: bool = False) -> None:
        """Ask for the notes `text` matches; the keypress does no more (no matching here).

        A worker thread matches them and posts FilterReady; only the newest request's result
        is shown (an older one still running is cancelled, and is ignored if it answers), so
        the rows, the map and the count line always belong to one filter. `notes_changed`
        after an edit: the previous result is not reused for narrowing."""
        self.filter_generation += 1
        if notes_changed:
            self.filtered = None
        request = FilterRequest(
            text,
            list(self.session.notes),
            self.vocabulary,
            self.session.info.agenda,
            self.show_deleted,
            self.filtered,
        )
        self.run_worker(
            partial(self._match, self.filter_generation, request),
            thread=True,
            exclusive=True,
            group="filter",
            description=f"filter {text!r}",  # not the notes: a worker's repr of them is slow
            exit_on_error=False,
        )

    def _match(self, generation: int, request: FilterRequest) -> None:
        worker = get_current_worker()
        try:
            result = self.matcher(request, lambda: worker.is_cancelled)
        except Exception as error:  # shown on the count line and as a notice; the app carries on
            self.post_message(FilterFailed(generation, request.text, error))
            return
        if result is not None:
            self.post_message(FilterReady(generation, result))

    @property
    def filter_pending(self) -> bool:
        """True while the newest filter asked for is not shown yet (the rows are an older one's)."""
        return self.shown_generation != self.filter_generation

    def on_filter_ready(self, message: FilterReady) -> None:
        if message.generation == self.filter_generation:  # else a newer filter's result follows
            self.show_filtered(message.result)
            self.shown_generation = message.generation
            self._release_held_keys()

    def show_filtered(self, result: FilterResult) -> None:
        """Show one filter's rows, map and count line together (the UI-thread part)."""
        view = self.query_one(NotesView)
        current = view.current
        view.set_notes(result.matched.notes, result.rows.get(current.id) if current else None)
        self.filtered = result.matched
        if result.counts.counts != self.shown_map:  # redrawing every cell costs a frame's time
            self.query_one(MapGrid).show(result.counts)
            self.shown_map = result.counts.counts
        self.shown_count = count_text(result)
        self.query_one("#filter-status", Static).update(
            on_screen(status_text(result)), layout=False
        )  # 1 line

    def on_filter_failed(self, message: FilterFailed) -> None:
        if message.generation != self.filter_generation:
            return
        self.shown_generation = message.generation
        self.query_one("#filter-status", Static).update(
            on_screen(failure_status(self.shown_count, message.text, message.error))
        )
        self._release_held_keys()  # to the rows as they are (the count line says so)
        error = message.error
        self.notify(
            f"{type(error).__name__}: {error}",
            title="Could not filter the notes",
            severity="error",
            timeout=12,
        )

    def current_filter_text(self) -> str:
        return self.query_one("#filter", Input).value
