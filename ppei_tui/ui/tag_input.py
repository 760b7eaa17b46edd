"""The one-line tag inputs of the prompts, the edit dialog and review's coding field: a TagInput
keeps zero-width characters and completes a tag on Tab; TokenSuggester offers the completion.

Apart from the observe screen's note input (ui/note_input.py) so that the observe screen's
start reads neither these classes nor ui/ordered_input.py beneath them (issue 12: import
nothing the first screen does not need); they were in note_input.py before.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.suggester import Suggester

from ppei_tui.domain.tags import TagVocabulary
from ppei_tui.ui.note_input import completed, grapheme_after, grapheme_before, is_text
from ppei_tui.ui.ordered_input import OrderedInput


class TokenSuggester(Suggester):
    """Completes the tag token at the end of a one-line input (#verb, +practice, @speaker, !flag)."""

    def __init__(self, vocabulary: TagVocabulary):
        super().__init__(use_cache=False, case_sensitive=True)
        self.vocabulary = vocabulary

    async def get_suggestion(self, value: str) -> str | None:
        return completed(self.vocabulary, value)


class TagInput(OrderedInput):
    """A one-line input (prompts, the edit dialog) that keeps zero-width characters and
    completes tags on Tab synchronously; Tab moves on when there is nothing to complete."""

    BINDINGS = [
        Binding("tab", "accept_completion", "Complete", show=False, tooltip="Accept the suggested tag"),
    ]

    # What joins the lines of a paste of several lines: Textual's Input keeps only the first
    # line and drops the rest without a word; one line can hold them all. A prompt whose
    # entries are separated otherwise sets its own (the late-arrival dialog: "; ").
    paste_separator = " "

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return is_text(character) or super().check_consume_key(key, character)

    def on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines()]
        if len([line for line in lines if line]) > 1:
            event.text = self.paste_separator.join(line for line in lines if line)
        # Input's own paste handler runs next (Textual calls each class's, the subclass's
        # first) and inserts the text, now one line

    def on_key(self, event: events.Key) -> None:
        if not event.is_printable and is_text(event.character):  # Input inserts printables only
            event.stop()
            event.prevent_default()
            assert event.character is not None
            self.replace(event.character, *self.selection)

    def action_accept_completion(self) -> None:
        suggester = self.suggester
        full = completed(suggester.vocabulary, self.value) if isinstance(suggester, TokenSuggester) else None
        if full is None:
            self.screen.focus_next()
            return
        self.value = full
        self.cursor_position = len(self.value)

    def action_delete_left(self) -> None:
        position = self.cursor_position
        if self.selection.is_empty and position > 0:
            self.delete(position - grapheme_before(self.value[:position]), position)
        else:
            super().action_delete_left()

    def action_delete_right(self) -> None:
        position = self.cursor_position
        if self.selection.is_empty and position < len(self.value):
            self.delete(position, position + grapheme_after(self.value[position:]))
        else:
            super().action_delete_right()
