"""The home form never loses what was typed into it without asking: Ctrl+Q with the form filled
in asks keep editing / discard (ui/unsaved.py's question; a form has nothing to be saved to
before its session starts, so `s` is not offered). Checked on the session file the form then
starts, and on there being none after a discard."""

import os
import signal

from save_helpers import settle
from textual.widgets import Input

from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.help import KeysHelp
from ppei_tui.ui.home import HomeScreen
from ppei_tui.ui.observe import ObserveScreen
from ppei_tui.ui.sessions import SessionsScreen
from ppei_tui.ui.unsaved import UnsavedDialog

SIZE = (120, 50)


def stored_info(config) -> dict:
    [path] = config.sessions_dir.glob("*.json")
    return next(iter(read_tables(path)[0]["info"].values()))


async def test_ctrl_q_with_the_form_filled_asks_and_keep_editing_keeps_it(config, store):
    async with PpeiApp(config, store).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Governing Body", "tab", *"Riverside")
        await pilot.press("ctrl+q")
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, UnsavedDialog) and pilot.app.is_running
        assert "CoP: Governing Body" in question.text and "Site: Riverside" in question.text
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(pilot.app.screen, KeysHelp)
        listed = {key for line in pilot.app.screen.lines for key in line.keys}
        assert "s" not in listed and {"escape", "d"} <= listed  # nothing to save a form to
        await pilot.press("escape", "s")  # s is not an answer here: still asking
        await settle(pilot)
        assert pilot.app.screen is question
        await pilot.press("e")
        await settle(pilot)
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#cop", Input).value == "Governing Body"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ObserveScreen)
        await pilot.press("f10", "y")  # end the session: back home, the form as it started it
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        await pilot.press("ctrl+q")  # nothing new typed: quits at once
        await settle(pilot)
        assert not pilot.app.is_running
    info = stored_info(config)
    assert info["cop"] == "Governing Body" and info["site"] == "Riverside"


async def test_ctrl_q_from_the_session_list_asks_about_the_form_and_d_quits(config, store):
    async with PpeiApp(config, store).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Governing Body", "f3")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SessionsScreen)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, UnsavedDialog)
        await pilot.press("escape")  # keep editing: back where it was asked, nothing popped
        await settle(pilot)
        assert isinstance(pilot.app.screen, SessionsScreen)
        await pilot.press("ctrl+q", "d")
        await settle(pilot)
        assert not pilot.app.is_running
    assert not config.sessions_dir.exists() or not list(config.sessions_dir.glob("*.json"))


async def test_an_untouched_form_quits_at_once(config, store):
    async with PpeiApp(config, store).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")  # the date and the template are pre-filled: nothing typed
        await settle(pilot)
        assert not pilot.app.is_running


async def test_sigterm_with_the_form_filled_prints_what_was_typed(config, store, capsys):
    """The typed fields are printed after exit exactly: "[bold]" is no markup, no line is
    wrapped (the command line prints PpeiApp.exit_report, not Textual's exit message)."""
    from ppei_tui.cli import print_exit_report

    app = PpeiApp(config, store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"[bold]Governing Body", "tab", *"Riverside")
        await settle(pilot)
        os.kill(os.getpid(), signal.SIGTERM)
        await pilot.pause(0.2)
        await settle(pilot)
    assert app.return_code == 128 + signal.SIGTERM
    expected = (
        "ppei: not written before exit: the new-session form (not started): "
        "CoP: [bold]Governing Body · Site: Riverside"
    )
    assert app.exit_report == [expected]
    capsys.readouterr()
    print_exit_report(app.exit_report)
    assert capsys.readouterr().err == expected + "\n"
