"""Widgets for reviewing: a virtual notes list (only visible rows are rendered, so a
10,000-note session scrolls and filters instantly) and the map as a table of selectable cells."""

from __future__ import annotations

from itertools import zip_longest

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import DataTable

from ppei_tui.domain.analysis import below_waterline
from ppei_tui.domain.mapping import SHADE_COLOURS, SHADE_TEXT_COLOURS, MapCounts
from ppei_tui.domain.session import Note, format_offset
from ppei_tui.ui.widgets import describe_tags

COLUMNS = [
    ("no.", 5),
    ("time", 8),
    ("agenda item", 16),
    ("speaker", 12),
    ("kind", 5),
    ("ev.", 4),
    ("tags", 28),
]
KIND_SHORT = {"observation": "obs", "quote": "quote", "reflection": "refl"}


def header_text() -> str:
    return " ".join(f"{name:<{width}}" for name, width in COLUMNS) + " note"


def _row_text(note: Note) -> str:
    values = [
        str(note.id).rjust(4),
        format_offset(note.offset_seconds),
        note.agenda_item,
        note.speaker or note.speaker_role,
        KIND_SHORT.get(note.kind, note.kind),
        "inf" if below_waterline(note) else "seen",  # a reflection counts as inferred, always
        describe_tags(note),
    ]
    cells = [
        (value[: width - 1] + "…" if len(value) > width else value).ljust(width)
        for value, (_, width) in zip(values, COLUMNS, strict=True)
    ]
    return " ".join(cells) + " " + note.text.replace("\n", " ⏎ ")


class NotesView(ScrollView, can_focus=True):
    """The filtered notes, one line each; the highlighted one is `cursor`."""

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    class Highlighted(Message):
        def __init__(self, note: Note | None):
            super().__init__()
            self.note = note

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.notes: list[Note] = []
        self.cursor = 0
        self._highlight = Style(reverse=True)
        self._deleted = Style(dim=True, strike=True)

    def set_notes(self, notes: list[Note], keep: Note | None = None) -> None:
        self.notes = notes
        if keep is not None and keep in notes:
            self.cursor = notes.index(keep)
        self.cursor = max(0, min(self.cursor, len(notes) - 1))
        self.virtual_size = Size(0, len(notes))  # no horizontal scrollbar to hide the last row
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    @property
    def current(self) -> Note | None:
        return self.notes[self.cursor] if self.notes else None

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self.notes):
            return Strip.blank(width)
        note = self.notes[index]
        style = self._deleted if note.deleted else Style()
        if index == self.cursor:
            style += self._highlight
        text = Text(_row_text(note), style=style, no_wrap=True, end="")
        segments = list(text.render(self.app.console))
        return Strip(segments).crop(0, width).extend_cell_length(width, style)

    def _scroll_to_cursor(self) -> None:
        # The rows a person can see: never count one hidden by a scrollbar or the border.
        top, height = self.scroll_offset.y, max(1, self.scrollable_content_region.height)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def _set_cursor(self, index: int) -> None:
        if not self.notes:
            return
        self.cursor = max(0, min(index, len(self.notes) - 1))
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def action_move(self, step: int) -> None:
        self._set_cursor(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self._set_cursor(self.cursor + direction * max(1, self.scrollable_content_region.height - 1))

    def action_jump(self, index: int) -> None:
        self._set_cursor(index if index >= 0 else len(self.notes) - 1)

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self.notes))
        self._scroll_to_cursor()

    def refresh_note(self, note: Note) -> None:
        self.refresh()
        if note is self.current:
            self.post_message(self.Highlighted(note))


class MapGrid(DataTable):
    """The shaded map; move with the arrows and press Enter on a verb to see its evidence."""

    class VerbChosen(Message):
        def __init__(self, element: str, verb: str):
            super().__init__()
            self.element = element
            self.verb = verb

    def on_mount(self) -> None:
        self.cursor_type = "cell"
        self.zebra_stripes = False
        self.cells: list[list[tuple[str, str] | None]] = []

    def show(self, counts: MapCounts) -> None:
        template = counts.template
        if not self.columns:
            for element in template.elements:
                self.add_column(f"{element.name} ({element.code})", key=element.code)
            columns = [[(e.code, v) for v in e.verbs] for e in template.elements]
            self.cells = [list(row) for row in zip_longest(*columns)]
            for index, row in enumerate(self.cells):
                self.add_row(*[self._label(cell, counts) for cell in row], key=str(index))
            return
        for index, row in enumerate(self.cells):
            for cell, element in zip(row, template.elements, strict=True):
                self.update_cell(str(index), element.code, self._label(cell, counts))

    @staticmethod
    def _label(cell: tuple[str, str] | None, counts: MapCounts) -> Text:
        if cell is None:
            return Text("")
        count, level = counts.count(*cell), counts.level(*cell)
        label = f"{cell[1]} {count}" if count else cell[1]
        style = f"{SHADE_TEXT_COLOURS[level]} on {SHADE_COLOURS[level]}" if level else "dim"
        return Text(label, style=style)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        cell = self.cells[event.coordinate.row][event.coordinate.column]
        if cell is not None:
            self.post_message(self.VerbChosen(*cell))
