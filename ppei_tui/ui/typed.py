"""The typed seam between screens and the app: screens call the app's own methods through
`ppei_app(self)`, so mypy checks every such call (Textual types `self.app` as a plain App)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from ppei_tui.ui.app import PpeiApp


def ppei_app(node: MessagePump) -> PpeiApp:
    """The running PpeiApp of a screen or widget."""
    return cast("PpeiApp", node.app)
