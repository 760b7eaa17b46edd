"""Where the app's Textual CSS lives and when each part is read (issue 12, start-up).

Parsing CSS is a large part of starting: Textual tokenizes every rule of every source it is
given. At start the app reads only observe.tcss, the rules of the first screen (observe);
ppei.tcss holds the rules of every other screen and dialog and is read once:
- after the observe screen has been drawn with the note input focused, when it is next idle
  (`read_after_first_frame`), so a dialog opened while observing costs nothing more;
- before any other screen is pushed, if that comes first (PpeiApp.push_screen: home, the
  session list, a dialog opened by a key typed during start-up).

It is read as an app-level source, as when it was the app's CSS_PATH, so its rules keep their
priority over every widget's DEFAULT_CSS. Textual parses only a source it has not parsed before
(the others come from its parse cache), so reading it costs its own parse only, not the whole
sheet again, as a Screen's own CSS_PATH would (Textual re-parses every source for those).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.screen import Screen

FIRST_SCREEN_CSS = Path(__file__).with_name("observe.tcss")
OTHER_SCREENS_CSS = Path(__file__).with_name("ppei.tcss")


class _OneDown(Screen):
    """A step of BottomScreen's chain of classes."""


class _TwoDown(_OneDown):
    """A step of BottomScreen's chain of classes."""


class BottomScreen(_TwoDown):
    """The blank screen under every other (App.get_default_screen's), three classes above
    Screen as the observe screen is (ObserveScreen -> ObserveLeaving -> ObserveBase -> Screen,
    the chain Textual follows through each class's first base).

    Why: Textual gives a base class's DEFAULT_CSS a tie-breaker by how many classes up the
    chain it is, keeps the lowest one any screen or widget asked for, and parses that source
    again whenever it falls (the tie-breaker is in its parse cache's key). Under a plain
    Screen (Screen 0, Widget -1) the observe screen (Screen -3, Widget -4) made it parse
    Screen's and Widget's DEFAULT_CSS a second time on the way to the first frame.
    tests/test_stylesheets.py fails if the two chains differ."""


def read_other_screens_css(app: App) -> None:
    """Read and parse ppei.tcss into `app`'s stylesheet, once (later calls do nothing).

    Nodes styled before are not styled again: no rule of ppei.tcss matches the observe
    screen (tests/test_stylesheets.py). Raises Textual's StylesheetError or
    StylesheetParseError if the file cannot be read or parsed, as at start."""
    stylesheet = app.stylesheet
    if not stylesheet.has_source(str(OTHER_SCREENS_CSS)):
        stylesheet.read(OTHER_SCREENS_CSS)
        stylesheet.parse()


def read_after_first_frame(screen: Screen) -> None:
    """Read ppei.tcss once `screen` has been drawn, after the refresh that follows the one that
    drew it: after the observer can type, never in the way of the first frame.

    Call it where the screen has focused its input (on_mount). Both steps go through the app's
    message queue, in order, so they come after anything the app was asked to do after the first
    refresh before this screen mounted (as bench_startup's "ready" check is)."""
    app = screen.app
    app.call_after_refresh(app.call_after_refresh, read_other_screens_css, app)
