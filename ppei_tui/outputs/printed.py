"""What the command line prints, with user and file text's control characters drawn visibly.

A session's community or site, a template's names or a file name can hold ESC or BEL (a
hand-edited file); printed raw, `ESC]0;...BEL` retitles the window and `ESC[2J` clears the
screen (found by a hostile trial: `ppei map`, `ppei study`, `ppei templates`). Every command
prints through `say` (plain text, stdout or stderr) or `show` (a rich renderable), which draw
them with the signs the screens use (domain/controls.py). Files written (CSV, JSON, REFI-QDA,
PDF) keep the text exact: they are not printed through here."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from ppei_tui.domain.controls import terminal_text

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def say(text: object = "", file: TextIO | None = None) -> None:
    """print(text) with control characters drawn visibly; `file` None is stdout (looked up at
    the call, as print does)."""
    print(terminal_text(str(text)), file=sys.stdout if file is None else file)


# JSON escapes C0 controls itself but, with ensure_ascii=False, writes DEL and the C1 controls
# (0x9B is a one-byte CSI to some terminals) as they are; written as \u escapes, the JSON read
# back holds the same text.
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in [0x7F, *range(0x80, 0xA0)]}


def say_json(value: object) -> None:
    """`value` as indented JSON on stdout, its text exact when read back (no sign drawn: it is
    data), with no control character left raw for the terminal."""
    import json

    print(json.dumps(value, indent=2, ensure_ascii=False).translate(_JSON_ESCAPES))


def warn(text: object) -> None:
    """say(text) on stderr: errors, warnings and notes."""
    say(text, sys.stderr)


def show(console: Console, renderable: RenderableType) -> None:
    """console.print(renderable) with the control characters of its text drawn visibly.

    The renderable is rendered to segments first and each segment's text mapped, so rich's own
    colour sequences (the segments' styles) are kept and only the text's are drawn. Rich counts
    a control character 0 cells wide and its sign 1, so a line holding one comes out that many
    cells wider: a hostile file's line, never an ordinary one."""
    from rich.segment import Segment, Segments

    segments = [
        segment if segment.control else Segment(terminal_text(segment.text), segment.style)
        for segment in console.render(renderable, console.options)
    ]
    console.print(Segments(segments), end="")
