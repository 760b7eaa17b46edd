"""The number picker (Ctrl+T / F2): element by number, then code by number.

The rule: at each level the picker takes as many digits as the largest number there needs. With
5 elements one digit picks the element; in an element of 15 codes two digits pick the code, so
`3 1 5` tags code 15 of element 3 and `3 0 5` code 5. Enter accepts fewer digits (`3 5 Enter`),
Backspace takes a digit back, Esc goes back a level or closes. A number out of range is refused
with a message and nothing is tagged. While the picker is open no key reaches the note.

A paste while it is open (breaker 22, item 11: it was dropped without a word) is text for the
note, never a code's number: it closes the picker, nothing tagged, and goes into the note, and
the notice line says so (PASTE_CLOSED). Not kept for later: the picker can be tagging the last
note or a selected one, and a paste put into the input meanwhile would make the note being typed
the one it tags; nor held until the picker closes, out of sight, where a quit would lose it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from ppei_tui.domain.numbering import width
from ppei_tui.domain.session import Tag
from ppei_tui.domain.template import Template
from ppei_tui.outputs.terminal_map import bands
from ppei_tui.ui.shown import on_screen, shown_text

if TYPE_CHECKING:  # F1 in the picker reads ui/help.py; the observe screen starts without it
    from ppei_tui.ui.help import KeyLine

PICKER_RULE = (
    "Ctrl+T / F2, then the element's number, then the code's number. Each level takes as many "
    "digits as its largest number has (15 codes: 3 1 5 is code 15, 3 0 5 is code 5); Enter "
    "accepts fewer, Backspace takes one back, Esc goes back or closes. A code the note has "
    "already is removed (untagged), kept in its history."
)

PASTE_CLOSED = "The paste went into the note and closed the tag picker: nothing was tagged."


def digits_needed(count: int) -> int:
    """How many digits the largest of `count` numbers (1..count) has (domain/numbering's rule)."""
    return width(count)


class TagPicker:
    """The picker's state: which level, the digits typed so far, and a message to show."""

    def __init__(self, template: Template, target: str, chosen: Callable[[Tag], None]):
        self.template = template
        self.target = target
        self.chosen = chosen
        self.element_index: int | None = None
        self.typed = ""
        self.message = ""
        self.tag: Tag | None = None

    def options(self) -> list[str]:
        if self.element_index is None:
            return [f"{e.name} ({e.code})" for e in self.template.elements]
        return list(self.template.elements[self.element_index].verbs)

    def level_name(self) -> str:
        return "element" if self.element_index is None else "code"

    def key(self, key: str, character: str | None) -> bool:
        """Take one key; True when the picker is done (a tag chosen or cancelled)."""
        self.message = ""
        if key == "escape":
            if self.element_index is None:
                return True
            self.element_index, self.typed = None, ""
            return False
        if key == "backspace":
            self.typed = self.typed[:-1]
            return False
        if key == "enter":
            return self._choose() if self.typed else False
        if character is not None and character.isdigit() and character.isascii():
            self.typed += character
            if len(self.typed) >= digits_needed(len(self.options())):
                return self._choose()
            return False
        self.message = "Digits only here (Esc goes back or closes); nothing was added to the note."
        return False

    def _choose(self) -> bool:
        number, options = int(self.typed), self.options()
        self.typed = ""
        if not 1 <= number <= len(options):
            self.message = f"No {self.level_name()} {number}: choose 1 to {len(options)}. Nothing tagged."
            return False
        if self.element_index is None:
            self.element_index = number - 1
            if len(self.template.elements[self.element_index].verbs) == 0:
                self.message = "This element has no codes."
                self.element_index = None
            return False
        element = self.template.elements[self.element_index]
        self.tag = Tag(element.code, element.verbs[number - 1])
        return True

    def help_lines(self) -> list[KeyLine]:
        """The picker's keys for F1, with the number of digits the level now open takes."""
        from ppei_tui.ui.help import KeyLine  # read at the first F1, not at start (TYPE_CHECKING above)

        place = "In the tag picker"
        count = len(self.options())
        digits = digits_needed(count)
        level = f"{self.level_name()} 1 to {count}"
        return [
            KeyLine(
                place,
                ("0-9",),
                f"The {self.level_name()}'s number",
                f"{digits} digit{'s' if digits > 1 else ''} here ({level}): as many as the largest "
                "number at this level has; it is chosen when they are typed",
            ),
            KeyLine(place, ("enter",), "Choose with fewer digits", "e.g. 5 then Enter for 5 of 15"),
            KeyLine(place, ("backspace",), "Take the last digit back", ""),
            KeyLine(place, ("escape",), "Back a level, or close", "from a code back to the elements"),
            KeyLine(place, ("f1", "ctrl+l"), "This help", "nothing is added to the note or the number"),
        ]

    def finish(self) -> None:
        if self.tag is not None:
            self.chosen(self.tag)

    def render(self, columns: int | None = None) -> Text:
        """The picker: heading, the numbered options, the digits typed so far. Names come from
        the template file and the note from the observer: Text, never markup (see
        ui/shown.shown_text; `escape` doubled a trailing backslash and kept `[$accent]`).

        With `columns` (the panel's width in cells) the options are laid out in lines of that
        width, a number never apart from its name (wrapping the joined options split `06` from
        `Sense-making` at 100 columns); an option wider than a line has a line of its own."""
        width = digits_needed(len(self.options()))
        heading = Text.assemble("Tag ", shown_text(self.target), ": ")
        if self.element_index is None:
            heading.append("element")
        else:
            element = self.template.elements[self.element_index]
            heading.append_text(shown_text(element.name, "bold"))
            heading.append(", code")
        heading.append(f" · {width} digit{'s' if width > 1 else ''} · Esc back/close")
        cells = [(f"{i + 1:0{width}d}", o) for i, o in enumerate(self.options())]
        typed = Text(f"number: {self.typed + '_' * (width - len(self.typed))}")
        if self.message:
            typed.append_text(Text.assemble("   ", shown_text(self.message, "bold")))
        return Text("\n").join([heading, *option_lines(cells, columns), typed])


GAP = "   "  # between two options on a line


def option_lines(cells: list[tuple[str, str]], columns: int | None) -> list[Text]:
    """(number, name) options as lines of at most `columns` cells (one line if None)."""
    shown = [Text.assemble((number, "bold"), " ", shown_text(name)) for number, name in cells]
    if columns is None:
        return [Text(GAP).join(shown)]
    sizes = [cell_len(f"{number} {on_screen(name)}") for number, name in cells]
    return [Text(GAP).join(shown[i] for i in line) for line in bands(sizes, columns, gap=len(GAP))]


class PickerPanel(Static):
    """Shown just above the note input while the picker is open."""

    DEFAULT_CSS = """
    PickerPanel { height: auto; max-height: 12; border-top: solid $accent; padding: 0 1; }
    """

    picker: TagPicker | None = None

    def show(self, picker: TagPicker) -> None:
        self.picker = picker
        # Before its first layout the panel has no width yet: the screen's, less the padding.
        columns = self.content_size.width or max(self.app.size.width - 2, 1)
        self.update(picker.render(columns))

    def on_resize(self) -> None:
        if self.picker is not None and self.display:
            self.show(self.picker)
