"""What the review screen's filter worker reports back, and the count line it shows.

The filter box only asks for a filter (ReviewScreen.apply_filter); a worker thread runs
domain/review_filter.filter_notes and posts one of these messages, tagged with the number of
the request it answers, so the screen shows a result only when it is the newest filter's.
"""

from __future__ import annotations

from textual.message import Message

from ppei_tui.domain.review_filter import FilterResult
from ppei_tui.domain.wording import count as count_of


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
