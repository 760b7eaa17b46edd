"""The note input: Enter hands the text typed so far to the screen, at once, as one note.

Why Enter is taken here. A screen that read `value` in a Submitted handler, later, and then
cleared it stored merged notes, one text twice and wiped keys typed after the Enter when keys
came in a burst (SSH, a paste without bracketing, a text expander). Here Enter hands the text
to the screen (NoteSink.note_entered) and empties the input in this widget's own key handler;
printable and format characters are inserted there too. Nothing reads the value after the fact.
Every other key goes to its binding as Textual runs bindings. Keys reach the input one at a
time, each once the one before it has been handled, its binding included, and only while the
input has the focus (ui/key_order.KeysInOrder, the App's base): a key typed after one that
opens a dialog goes to the dialog, and a priority binding sees the text typed before it.
"""

from __future__ import annotations

import unicodedata
from typing import Protocol

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult, Location

from ppei_tui.domain.tags import TagVocabulary, current_token
from ppei_tui.ui.shown import on_screen as on_screen  # re-exported: it was defined here
from ppei_tui.ui.tag_picker import PASTE_CLOSED, PickerPanel, TagPicker

# Characters that are not "printable" to Python but are text: zero-width non-joiner and joiner,
# zero-width space, soft hyphen, LRM/RLM and the other format characters (Unicode category Cf),
# plus private-use characters. Textual's inputs insert only str.isprintable() characters.
TEXT_CATEGORIES_NOT_PRINTABLE = {"Cf", "Co"}


def is_text(character: str | None) -> bool:
    """Whether a key's character belongs in the text (printable, or a format character)."""
    if character is None or len(character) != 1:
        return False
    return character.isprintable() or unicodedata.category(character) in TEXT_CATEGORIES_NOT_PRINTABLE


def completed(vocabulary: TagVocabulary, text: str) -> str | None:
    """`text` with the tag token at its end completed to the first candidate, if any."""
    token = current_token(text)
    if token is None:
        return None
    sigil, partial = token
    candidates = vocabulary.completions(sigil, partial)
    if not candidates:
        return None
    completion = candidates[0]
    if not completion.lower().startswith(partial.lower()) or len(completion) == len(partial):
        return None
    return text + completion[len(partial) :]


def grapheme_before(text: str) -> int:
    """Length (code points) of the last user-perceived character of `text` (UAX #29 \\X)."""
    import regex  # imported on first use: start-up does not need it

    clusters = regex.findall(r"\X", text[-64:])
    return len(clusters[-1]) if clusters else 0


def grapheme_after(text: str) -> int:
    """Length (code points) of the first user-perceived character of `text`."""
    import regex

    match = regex.match(r"\X", text[:64])
    return len(match.group()) if match else 0


class NoteSink(Protocol):
    """What the note input tells its screen, synchronously, in the order keys were typed."""

    def note_started(self) -> None:
        """The first character of a note was just typed (its time is now)."""

    def note_cleared(self) -> None:
        """The input was emptied before Enter: the next first keystroke starts the clock again."""

    def note_entered(self, text: str) -> None:
        """Enter was pressed: `text` is exactly what was typed before it (line breaks kept)."""


def _editing(keys: str, action: str, description: str) -> Binding:
    return Binding(keys, action, description, show=False)


class NoteInput(TextArea, inherit_bindings=False):
    """The note being typed on the observe screen (soft-wrapped; a multi-line paste is kept whole).

    TextArea's own bindings are not inherited: it binds F6 and F7 (select line, select all),
    which are the screen's Break and PDF keys, and Ctrl+E, Ctrl+X and Ctrl+K, which are the
    second keys of End (F10), Export (F8) and the command palette. The editing keys are listed
    here instead (End still goes to the end of the line)."""

    BINDINGS = [
        Binding("tab", "accept_completion", "Complete", show=False, tooltip="Accept the suggested tag"),
        _editing("up", "cursor_up", "Cursor up"),
        _editing("down", "cursor_down", "Cursor down"),
        _editing("left", "cursor_left", "Cursor left"),
        _editing("right", "cursor_right", "Cursor right"),
        _editing("ctrl+left", "cursor_word_left", "Word left"),
        _editing("ctrl+right", "cursor_word_right", "Word right"),
        _editing("home,ctrl+a", "cursor_line_start", "Line start"),
        _editing("end", "cursor_line_end", "Line end"),
        _editing("ctrl+shift+left", "cursor_word_left(True)", "Select word left"),
        _editing("ctrl+shift+right", "cursor_word_right(True)", "Select word right"),
        _editing("shift+home", "cursor_line_start(True)", "Select to line start"),
        _editing("shift+end", "cursor_line_end(True)", "Select to line end"),
        _editing("shift+up", "cursor_up(True)", "Select up"),
        _editing("shift+down", "cursor_down(True)", "Select down"),
        _editing("shift+left", "cursor_left(True)", "Select left"),
        _editing("shift+right", "cursor_right(True)", "Select right"),
        _editing("backspace", "delete_left", "Delete left"),
        _editing("ctrl+w,ctrl+backspace,alt+backspace", "delete_word_left", "Delete word left"),
        _editing("delete,ctrl+d", "delete_right", "Delete right"),
        _editing("alt+delete", "delete_word_right", "Delete word right"),
        _editing("ctrl+c", "copy", "Copy"),
        _editing("ctrl+v", "paste", "Paste"),
        _editing("ctrl+u", "delete_to_start_of_line", "Delete to line start"),
        _editing("ctrl+z", "undo", "Undo"),
        _editing("ctrl+y", "redo", "Redo"),
    ]

    def action_copy(self) -> None:
        """Ctrl+C copies the selection. With nothing selected it says how to quit: people press
        it to stop a program, and here it copies (Textual's own hint, App.action_help_quit, is
        bound to Ctrl+C only where no text field has it), so it did nothing without a word."""
        if self.selected_text:
            super().action_copy()
        else:
            self.app.action_help_quit()

    def __init__(
        self,
        vocabulary: TagVocabulary,
        sink: NoteSink | None = None,
        placeholder: str = "",
        id: str | None = None,
    ):
        super().__init__(
            "",
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder=placeholder,
            id=id,
        )
        # Compact (no border of its own), set as TextArea(compact=True) sets it but without the
        # restyle its reactive does when it toggles the class: the input is not mounted yet, and
        # its mount styles it with the class (TextArea's styles cost ~5M instructions a time).
        self.set_reactive(TextArea.compact, True)
        self.add_class("-textual-compact", update=False)
        self.vocabulary = vocabulary
        self.sink = sink
        self.picker: TagPicker | None = None
        self._panel: PickerPanel | None = None
        self._had_text = False

    # --- the value, as for an Input -------------------------------------------------------
    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(text)
        self.move_cursor(self.document.end)
        self._text_changed()

    def load_text(self, text: str) -> None:
        super().load_text(text)
        self._text_changed()

    def edit(self, edit: Edit) -> EditResult:  # every change of the text passes here
        result = super().edit(edit)
        self._text_changed()
        return result

    def _text_changed(self) -> None:
        has_text = bool(self.text)
        if has_text != self._had_text:
            self._had_text = has_text
            if self.sink is not None:
                if has_text:
                    self.sink.note_started()
                else:
                    self.sink.note_cleared()

    # --- keys, in order -------------------------------------------------------------------
    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return is_text(character) or key in ("enter", "ctrl+j")

    def on_key(self, event: events.Key) -> None:
        # TextArea's own key handler is never run (prevent_default): it would insert a line
        # break at Enter and its own idea of printable text.
        event.prevent_default()
        if self.picker is not None and getattr(event, "pasted", False):
            self._close_picker_for_paste()  # a paste without markers (ui/paste_parser.PastedKey)
        if self.picker is not None:
            event.stop()
            self._picker_key(event)
            return
        if event.key in ("enter", "ctrl+j"):  # a bare line feed (scripts, some expanders) is Enter too
            event.stop()
            self.enter()
            return
        if is_text(event.character):
            event.stop()
            assert event.character is not None
            start, end = self.selection
            self.replace(event.character, start, end, maintain_selection_offset=False)
        # Any other key goes up to its binding (this input's first, then the screen's, as Textual
        # resolves them, so a keymap applies); the App hands on the next key only once it has run.

    async def on_paste(self, event: events.Paste) -> None:
        """A bracketed paste goes into the note whole, its line breaks kept."""
        event.stop()
        event.prevent_default()
        self._close_picker_for_paste()
        if self.screen is not self.app.screen or self.read_only:
            return
        text = event.text.replace("\r\n", "\n").replace("\r", "\n")
        if text:
            start, end = self.selection
            self.replace(text, start, end, maintain_selection_offset=False)

    def _close_picker_for_paste(self) -> None:
        """A paste is the note's text, never a code's number (ui/tag_picker.py): the picker
        closes, nothing tagged, and the notice line says so."""
        if self.picker is not None and self._panel is not None:
            self.picker, self._panel.display = None, False
            self.app.notify(PASTE_CLOSED, timeout=8)

    help_title = "the note being typed"

    def help_keys(self) -> list[tuple[str, str, str]]:
        return [
            ("enter", "Save the note", "Its time is when you started typing it; ✓ once on disk"),
            ("tab", "Complete", "Accept the suggested tag or name (grey text)"),
        ]

    def enter(self) -> None:
        """Hand the text typed so far to the screen as one note and empty the input."""
        text = self.text
        if not text.strip() or self.read_only:
            return
        self._had_text = False  # the note is entered, not abandoned: no note_cleared
        self.load_text("")
        if self.sink is not None:
            self.sink.note_entered(text)

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        shown = on_screen(line.plain)
        return line if shown == line.plain else Text(shown, end="", no_wrap=True)

    # --- completion -------------------------------------------------------------------------
    def update_suggestion(self) -> None:
        full = completed(self.vocabulary, self.text) if self._cursor_at_end() else None
        self.suggestion = full[len(self.text) :] if full else ""

    def _cursor_at_end(self) -> bool:
        return self.selection.is_empty and self.cursor_location == self.document.end

    def action_accept_completion(self) -> None:
        if self.suggestion and self._cursor_at_end():
            self.insert(self.suggestion)

    # --- grapheme clusters: one Backspace, one arrow = one user-perceived character -----------
    def get_cursor_left_location(self) -> Location:
        row, column = self.cursor_location
        if column == 0:
            return super().get_cursor_left_location()
        return row, column - grapheme_before(self.document[row][:column])

    def get_cursor_right_location(self) -> Location:
        row, column = self.cursor_location
        line = self.document[row]
        if column >= len(line):
            return super().get_cursor_right_location()
        return row, column + grapheme_after(line[column:])

    # --- the tag picker: digits taken here, so none of them reaches the note ------------------
    def open_picker(self, picker: TagPicker) -> None:
        """Show `picker` above the input; until it closes every key goes to it."""
        self.picker = picker
        if self._panel is None:
            self._panel = PickerPanel()
            parent = self.parent
            assert isinstance(parent, Widget)
            parent.mount(self._panel, before=self)
        self._panel.display = True
        self._panel.show(picker)
        self.focus()

    def _picker_key(self, event: events.Key) -> None:
        assert self.picker is not None and self._panel is not None
        picker = self.picker
        active = self.screen.active_bindings.get(event.key)
        if active is not None and active.binding.action == "help":  # F1 (or its keymap key)
            from ppei_tui.ui.help import open_picker_help

            open_picker_help(self.app, picker.help_lines())  # the picker's own keys, nothing typed
            return
        if picker.key(event.key, event.character):
            self.picker = None
            self._panel.display = False
            picker.finish()
        else:
            self._panel.show(picker)
