"""Pilot-test helpers: settling Textual workers and the session writer (a plain thread, not a
Textual worker), typing a note, reading the stored notes, opening a review from the list, and
opening a dialog with its key and typing into it."""

from __future__ import annotations

from typing import TypeVar

from ppei_tui.storage.reading import read_tables

Screen = TypeVar("Screen")


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_note(pilot, text: str):
    await pilot.press(*text, "enter")
    await settle(pilot)


def stored_notes(path):
    return read_tables(path)[0]["notes"]


async def settle_saves(pilot, timeout: float = 10) -> None:
    """Let every open session's writer finish what was submitted, and its reports arrive."""
    import asyncio

    for opened in getattr(pilot.app, "open_sessions", []):
        if opened.writer is not None:
            await asyncio.get_running_loop().run_in_executor(None, opened.writer.wait_idle, timeout)
    await pilot.pause()
    await pilot.pause()


async def settle_written(pilot) -> None:
    """`settle`, then `settle_saves`: the screen is steady and every save has reported."""
    await settle(pilot)
    await settle_saves(pilot)


async def open_review(pilot):
    """From the sessions list the app starts in (start_in_review), Enter reviews the highlighted
    session; returns its ReviewScreen (asserting each screen on the way)."""
    from ppei_tui.ui.review import ReviewScreen
    from ppei_tui.ui.sessions import SessionsScreen

    await settle_written(pilot)
    assert isinstance(pilot.app.screen, SessionsScreen)
    await pilot.press("enter")
    await settle_written(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


async def open_dialog(pilot, key: str, kind: type[Screen], *keys: str) -> Screen:
    """Press `key`, wait for the writer and workers, assert the screen it opened is a `kind`,
    then press `keys` there (`*"some text"` types it); returns that screen."""
    await pilot.press(key)
    await settle_written(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, kind), f"{key!r} opened {type(dialog).__name__}, not {kind.__name__}"
    if keys:
        await pilot.press(*keys)
    return dialog


async def assert_f1_lists_the_three_answers(pilot) -> None:
    """F1 over ui/unsaved.py's question: its help lists keep editing (Esc, e), save (s) and
    discard (d), with the help's own keys, and nothing else."""
    from ppei_tui.ui.help import KeysHelp

    await pilot.press("f1")
    await settle(pilot)
    help_screen = pilot.app.screen
    assert isinstance(help_screen, KeysHelp) and help_screen.title_text == "Closing: changes not saved yet"
    listed = {key for line in help_screen.lines for key in line.keys}
    assert listed == {"escape", "e", "s", "d", "f1", "ctrl+l"}
