"""User text as drawn on the screen (on_screen): one function for every place that draws a
note, an agenda item, a name or a memo, so a control character in it never reaches the terminal
raw. Only rich and the domain, so any widget module can import it."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from ppei_tui.domain.controls import terminal_text


def on_screen(text: str) -> str:
    """`text` as drawn in the terminal: every place that draws user text (a note, an agenda
    item, a name, a memo) draws it through this, and the text itself is stored unchanged.

    A control character is drawn as the sign of the U+2400 block that names it (ESC as ␛, BEL
    as ␇; DEL as ␡, a C1 control as �, a tab as a space): one code point each, so cursor
    columns stay right; a line break is kept for the callers that draw it (as ⏎ or a new line).

    VS16 (U+FE0F) after a character that is narrow by default is drawn as a space.

    Terminals disagree on the width of such a pair (❤️ is 2 cells in most, 1 in tmux 3.3 and
    xterm), so the cells after it, a border among them, were drawn one cell off and the border
    twice. A narrow character followed by a space is 2 cells everywhere, as Textual counts the
    pair, and has as many code points, so cursor columns stay right. The text itself is unchanged.
    """
    text = terminal_text(text)  # the signs the command line prints too (domain/controls.py)
    if "\ufe0f" not in text:
        return text
    chars = list(text)
    for index in range(1, len(chars)):
        in_zwj_sequence = index >= 2 and chars[index - 2] == "\u200d"  # 👩‍⚕️: one emoji, left alone
        if chars[index] == "\ufe0f" and cell_len(chars[index - 1]) == 1 and not in_zwj_sequence:
            chars[index] = " "
    return "".join(chars)


def shown_text(text: str, style: str = "") -> Text:
    """`text` (user or file text: a note, a name, a file name, an error naming one) as a Rich
    Text to give a widget, drawn exactly as it is (through on_screen).

    A str given to Static, Label, an Option, a border title or a notification is read as
    Textual markup: `[bold]x` restyled, `[/]` raised MarkupError, `[@click=app.quit]` ran an
    action. Escaping is not enough (rich's and Textual's `escape` double a trailing backslash
    and leave `[$accent]` as a style), so user text is never put into markup: a Text is not parsed.
    """
    return Text(on_screen(text), style=style)


def quote(text: str, limit: int) -> str:
    """`text` for a one-paragraph quote in a question, drawn safely (on_screen): line breaks
    shown as ⏎, and, when it is longer than `limit` characters, cut at the last space within
    the limit (a word is never cut; mid-word only when the first word alone is longer) and
    ended with …; never more than `limit` characters."""
    shown = " ⏎ ".join(on_screen(text).strip().splitlines())
    if len(shown) <= limit:
        return shown
    cut = shown[: limit - 1]
    space = cut.rfind(" ")
    if space > 0 and not shown[limit - 1].isspace():
        cut = cut[:space]
    return cut.rstrip(" ⏎") + "…"
