"""Pilot-test helpers for the session writer (a plain thread, not a Textual worker)."""

from __future__ import annotations


async def settle_saves(pilot, timeout: float = 10) -> None:
    """Let every open session's writer finish what was submitted, and its reports arrive."""
    import asyncio

    for opened in getattr(pilot.app, "open_sessions", []):
        if opened.writer is not None:
            await asyncio.get_running_loop().run_in_executor(None, opened.writer.wait_idle, timeout)
    await pilot.pause()
    await pilot.pause()
