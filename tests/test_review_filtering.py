"""Review filtering runs in a worker (issue 12 §3): typed fast, the list ends with the last
filter's rows and count even when an older filter answers last; a failing matcher shows an
error and review carries on; the rows and the count line always belong to one filter."""

import threading
import time

import pytest
from test_review_ui import SIZE, app_for, open_review, settle
from textual.widgets import Input

from ppei_tui.domain.mapping import session_map
from ppei_tui.domain.review import parse_filter
from ppei_tui.domain.review_filter import filter_notes
from ppei_tui.domain.tags import TagVocabulary
from ppei_tui.storage.store import load_session
from ppei_tui.ui.review import ReviewScreen
from ppei_tui.ui.review_widgets import NotesView


async def until(pilot, condition, seconds: float = 20) -> None:
    """Let the app run until `condition()` holds (a safety limit, not a speed check)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the app never got there"
        await pilot.pause(0.01)


def status(screen: ReviewScreen) -> str:
    return str(screen.query_one("#filter-status").render())


def ids(screen: ReviewScreen) -> list[int]:
    return [note.id for note in screen.query_one(NotesView).notes]


@pytest.fixture
def answered(monkeypatch):
    """The filter texts whose results reached the screen, in order (shown or not)."""
    texts: list[str] = []
    original = ReviewScreen.on_filter_ready

    def recording(self, message):
        texts.append(message.result.text)
        original(self, message)

    monkeypatch.setattr(ReviewScreen, "on_filter_ready", recording)
    return texts


async def test_typed_fast_the_last_filter_wins_though_an_older_one_answers_last(
    config, store, session_path, answered
):
    evidence = [n.id for n in session_map(load_session(session_path)).evidence[("Mat", "Reporting")]]
    gate, entered = threading.Event(), threading.Event()

    def slow_for_mat(request, cancelled):
        if request.text != "#mat":
            return filter_notes(request, cancelled)
        entered.set()
        assert gate.wait(20)
        return filter_notes(request, lambda: False)  # answers although it was cancelled

    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        everything = ids(screen)
        screen.matcher = slow_for_mat
        try:
            await pilot.press("ctrl+f", *"#mat")
            await until(pilot, entered.is_set)
            # Matching "#mat" is under way: the rows and the count are still the last shown
            # filter's ("#ma"), never one filter's count beside another's rows.
            assert screen.filter_pending
            shown = ids(screen)
            assert status(screen).startswith(f"{len(shown)} of ")
            await pilot.press(*".rep")
            await until(pilot, lambda: not screen.filter_pending)
            assert ids(screen) == evidence != everything
        finally:
            gate.set()
        await until(pilot, lambda: "#mat" in answered)  # the stale result did arrive, last
        await settle(pilot)
        assert answered[-1] == "#mat"
        assert ids(screen) == evidence
        assert status(screen).startswith(f"{len(evidence)} of 60 notes")
        assert screen.query_one("#filter").value == "#mat.rep"


async def test_a_failing_matcher_shows_an_error_and_review_carries_on(config, store, session_path):
    session = load_session(session_path)
    evidence = [n.id for n in session_map(session).evidence[("Mat", "Reporting")]]

    def broken_on_x(request, cancelled):
        if "x" in request.text:
            raise RuntimeError("the index broke")
        return filter_notes(request, cancelled)

    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        screen.matcher = broken_on_x
        await pilot.press("ctrl+f", *"the", "enter")
        await settle(pilot)
        with_the = ids(screen)
        assert 0 < len(with_the) < 60
        count_line = status(screen)
        await pilot.press("ctrl+f", "end", "x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen) and pilot.app.is_running
        assert ids(screen) == with_the  # the list is left as it was, and says so
        assert status(screen) == (
            f"{count_line} · could not filter by 'thex' (RuntimeError: the index broke); list unchanged"
        )
        assert ("error", "Could not filter the notes", "RuntimeError: the index broke") in pilot.app.notices
        await pilot.press("ctrl+u", *"#mat.rep")  # and filtering works again
        await settle(pilot)
        assert ids(screen) == evidence
        assert status(screen).startswith(f"{len(evidence)} of 60 notes")


async def test_the_highlighted_note_stays_highlighted_while_it_still_matches(config, store, session_path):
    evidence = [n.id for n in session_map(load_session(session_path)).evidence[("Mat", "Reporting")]]
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        view = screen.query_one(NotesView)
        while view.current.id != evidence[2]:
            await pilot.press("down")
        screen.query_one("#filter", Input).value = "#mat.rep"  # as choosing its map cell does
        await settle(pilot)
        assert view.current.id == evidence[2] and view.cursor == 2
        assert str(screen.query_one("#note-detail").render()).startswith(f"Note {evidence[2]} ·")


async def test_an_unknown_value_is_named_on_the_count_line(config, store, session_path):
    session = load_session(session_path)
    words = parse_filter("budget", TagVocabulary(session.template, session.info.attendees), []).note_filter
    expected = [n.id for n in session.notes if words.matches(n)]
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("ctrl+f", *"#nosuchverb budget")
        await settle(pilot)
        assert ids(screen) == expected and 0 < len(expected) < 60
        line = status(screen)
        assert line.startswith(f"{len(expected)} of 60 notes") and "ignored: #nosuchverb:" in line


async def test_plain_words_are_each_required_in_any_order_and_accents_ignored(config, store, session_path):
    # Note 6: "... Rowan reads out the action log line by line #Mat.rep ...": its words typed
    # out of order, one with an accent it does not have, beside a tag; then as a quoted phrase.
    async with app_for(config, store).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("ctrl+f", *"#mat.rep lôg LINE")
        await until(pilot, lambda: not screen.filter_pending and ids(screen) == [6])
        assert status(screen).startswith("1 of ")
        await pilot.press("ctrl+u", *'"line log"')  # a phrase keeps its order: none
        await until(pilot, lambda: not screen.filter_pending and ids(screen) == [])
        await pilot.press("ctrl+u", *'"log line"')
        await until(pilot, lambda: not screen.filter_pending and ids(screen) == [6])
