"""Every dialog is styled as a Dialog. Textual matches type selectors (`Dialog`, `ModalScreen`)
and gathers DEFAULT_CSS along each class's first base that is a Textual node: a mixin named
first (class X(GuardedQuestion, Dialog)) hid Dialog and ModalScreen, and the unsaved question
was drawn in the screen's top-left corner without its backdrop (found by
test_screen_layout.test_the_memo_question_before_closing_is_drawn_centred, 94d5cf3)."""

import importlib
import pkgutil

from textual.dom import DOMNode
from textual.screen import ModalScreen

import ppei_tui.ui
from ppei_tui.ui.help import Dialog


def every_subclass(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from every_subclass(sub)


def first_node_bases(cls):
    """cls, then its first base that is a DOMNode, and so on (the chain Textual styles by)."""
    while cls is not None:
        yield cls
        cls = next((base for base in cls.__bases__ if issubclass(base, DOMNode)), None)


def test_every_dialog_is_styled_through_dialog_and_modal_screen():
    for module in pkgutil.iter_modules(ppei_tui.ui.__path__):
        importlib.import_module(f"ppei_tui.ui.{module.name}")
    dialogs = set(every_subclass(Dialog))
    assert len(dialogs) >= 8  # the leave, unsaved, confirm, copies questions and the prompts
    for dialog in dialogs:
        chain = list(first_node_bases(dialog))
        assert Dialog in chain and ModalScreen in chain, (dialog, chain)
