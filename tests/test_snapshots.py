"""Snapshots of every screen (pytest-textual-snapshot): each state named for what it shows.

Clocks are frozen (the FakeClock of conftest), the sessions folder is a relative path inside a
temporary working directory, and the time zone is UTC, so a snapshot changes only when the
screen does. Accept a change with `pytest tests/test_snapshots.py --snapshot-update` after
looking at the new SVG (tests/__snapshots__/)."""

import shutil
from pathlib import Path

from conftest import session_info

from ppei_tui.storage.store import SessionStore
from ppei_tui.ui.app import PpeiApp

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [
    ROOT / "sessions" / "2026-10-14-governing-body-example.json",
    ROOT / "sessions" / "2026-10-21-communications-strategy-group-example.json",
]
WIDE = (120, 36)


def observing(config):
    store = SessionStore(config.sessions_dir)
    template = config.templates.get("hatfield-ppei")
    info = session_info(template, config.clock, site="Riverside")
    return PpeiApp(config, store, store.create(info), is_new=True)


def reviewing(config):
    for example in EXAMPLES:
        shutil.copy(example, config.sessions_dir / example.name)
    return PpeiApp(config, SessionStore(config.sessions_dir), start_in_review=True, reviewer="RB")


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    steady(pilot.app)


def steady(app) -> None:
    """No blinking cursor in any input or text area: a snapshot taken mid-blink differs."""
    for screen in app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            widget.cursor_blink = False


async def meeting(pilot, clock=None):
    """Three notes, the second with a token the template does not know, and a break."""
    await settle(pilot)
    await pilot.press(*"Chair welcomes the lay reps #eng +trust @Cedar", "enter")
    await settle(pilot)
    await pilot.press(*'"We have always done it this way" #persisting #rem @Rowan', "enter")
    await settle(pilot)
    await pilot.press("ctrl+b")
    await settle(pilot)
    await pilot.press(*"Coffee talk about the minutes #nonsense", "enter")
    await settle(pilot)


async def open_first_review(pilot):
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def test_home(snap_compare, frozen):
    # No unfinished session listed: its file name holds a random id, which would change the
    # snapshot on every run.
    app = PpeiApp(frozen, SessionStore(frozen.sessions_dir))
    assert snap_compare(app, terminal_size=WIDE, run_before=settle)


def test_observe_with_notes_a_break_and_a_warning(snap_compare, frozen):
    assert snap_compare(observing(frozen), terminal_size=(100, 30), run_before=meeting)


def test_observe_an_earlier_note_selected(snap_compare, frozen):
    async def run_before(pilot):
        await meeting(pilot)
        await pilot.press("ctrl+up", "ctrl+up")
        await settle(pilot)

    assert snap_compare(observing(frozen), terminal_size=(100, 30), run_before=run_before)


def test_tag_picker(snap_compare, frozen):
    async def run_before(pilot):
        await meeting(pilot)
        await pilot.press(*"Budget papers late", "ctrl+t")
        await settle(pilot)

    assert snap_compare(observing(frozen), terminal_size=(100, 30), run_before=run_before)


def test_help_on_the_observe_screen(snap_compare, frozen):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(observing(frozen), terminal_size=WIDE, run_before=run_before)


def test_session_list(snap_compare, frozen):
    broken = frozen.sessions_dir / "2026-10-15-broken.json"
    broken.write_text('{"notes": {"1": ', encoding="utf-8")
    assert snap_compare(reviewing(frozen), terminal_size=WIDE, run_before=settle)


def test_review_with_a_filter(snap_compare, frozen):
    async def run_before(pilot):
        await open_first_review(pilot)
        await pilot.press("ctrl+f", *"#mat.rep")
        await settle(pilot)

    assert snap_compare(reviewing(frozen), terminal_size=WIDE, run_before=run_before)


def test_review_map_of_the_default_template(snap_compare, frozen):
    # The default framework's five elements side by side under their names, at 100 columns
    # (the map in the detail's place) and beside the detail at 160: no bands.
    async def run_before(pilot):
        await open_first_review(pilot)
        await pilot.press("f2")
        await settle(pilot)

    assert snap_compare(reviewing(frozen), terminal_size=(100, 30), run_before=run_before)


def test_review_map_of_the_default_template_beside_the_detail(snap_compare, frozen):
    assert snap_compare(reviewing(frozen), terminal_size=(160, 40), run_before=open_first_review)


def test_edit_dialog(snap_compare, frozen):
    async def run_before(pilot):
        await open_first_review(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(reviewing(frozen), terminal_size=WIDE, run_before=run_before)


def test_memo_being_written(snap_compare, frozen):
    async def run_before(pilot):
        await open_first_review(pilot)
        await pilot.press("m", *"Lay members sit apart", "enter", *"from the GPs")
        await settle(pilot)

    assert snap_compare(reviewing(frozen), terminal_size=WIDE, run_before=run_before)


def test_memo_list(snap_compare, frozen):
    async def run_before(pilot):
        await open_first_review(pilot)
        await pilot.press("M", *"Money talk led by lay members", "ctrl+s")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)

    assert snap_compare(reviewing(frozen), terminal_size=WIDE, run_before=run_before)


def test_history(snap_compare, frozen):
    async def run_before(pilot):
        await open_first_review(pilot)
        await pilot.press("t", *"val", "enter")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(reviewing(frozen), terminal_size=WIDE, run_before=run_before)


def test_export_dialog(snap_compare, frozen):
    async def run_before(pilot):
        await open_first_review(pilot)
        await pilot.press("f8", "down", "down")
        await settle(pilot)

    assert snap_compare(reviewing(frozen), terminal_size=WIDE, run_before=run_before)


def test_compare(snap_compare, frozen):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("space", "down", "space", "c")
        await settle(pilot)

    assert snap_compare(reviewing(frozen), terminal_size=WIDE, run_before=run_before)
