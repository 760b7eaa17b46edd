"""Editing a note or a memo in review, and seeing what was changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from enum import Enum
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ppei_tui.domain.moments import format_moment
from ppei_tui.domain.review import coding_tokens, original_text, parse_coding
from ppei_tui.domain.session import Memo, Note, format_offset
from ppei_tui.domain.tags import TagVocabulary
from ppei_tui.ui.help import Dialog, HelpKey
from ppei_tui.ui.ordered_input import NEXT
from ppei_tui.ui.shown import on_screen, shown_text
from ppei_tui.ui.tag_input import TagInput, TokenSuggester
from ppei_tui.ui.unsaved import AsksBeforeClosing


class EditNoteScreen(AsksBeforeClosing, Dialog[dict | None]):
    """Text and coding of one note. The coding is written in the live tag syntax.

    `on_save(changes)` is called with the fields before the dialog closes (its result is the
    same dict); Esc or Ctrl+Q with anything changed asks first (ui/unsaved.py)."""

    help_title = "Editing a note"
    unsaved_what = "The note"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="edit.save", tooltip="Save the changes (kept in the history)"),
        Binding("escape", "cancel", "Cancel", id="edit.cancel"),
    ]

    def __init__(
        self,
        note: Note,
        vocabulary: TagVocabulary,
        agenda: list[str],
        on_save: Callable[[dict[str, Any]], None] | None = None,
    ):
        super().__init__()
        self.note = note
        self.vocabulary = vocabulary
        self.agenda = list(dict.fromkeys([*agenda, note.agenda_item]))
        self.on_save = on_save
        self.first_coding = coding_tokens(note)

    def compose(self) -> ComposeResult:
        note = self.note
        with Vertical(classes="modal-box", id="edit-box"):
            yield Label(f"Note {note.id} at {format_offset(note.offset_seconds)}", classes="section")
            if original_text(note) != note.text:
                yield Label(on_screen(f"Originally: {original_text(note)}"), classes="hint", markup=False)
            yield Label("Text")
            yield TagInput(value=note.text, id="edit-text", select_on_focus=False, enter_focus=NEXT)
            yield Label("Coding: #verb +practice @speaker !kind !seen/!inferred (Tab completes)")
            yield TagInput(
                value=self.first_coding + " ",
                id="edit-coding",
                suggester=TokenSuggester(self.vocabulary),
                select_on_focus=False,
                enter_focus=NEXT,
            )
            yield Label("Agenda item")
            options = [(shown_text(item) if item else "(none)", item) for item in self.agenda]
            yield Select(options, value=note.agenda_item, allow_blank=False, id="edit-agenda")
            yield Static("", id="edit-problems", markup=False)
            yield Label("Ctrl+S save · Esc cancel", classes="hint")

    def help_keys(self) -> list[HelpKey]:
        return [
            HelpKey("tab", "Next field, or complete", "In the coding a suggested tag is completed first"),
            HelpKey("shift+tab", "Previous field"),
            HelpKey("enter", "Next field; on the agenda item, open its list"),
        ]

    def on_mount(self) -> None:
        self.query_one("#edit-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter moved to the next field already (enter_focus), before the next key

    def _typed(self) -> tuple[str, str, object]:
        text = self.query_one("#edit-text", Input).value
        coding = self.query_one("#edit-coding", Input).value
        return text, coding, self.query_one("#edit-agenda", Select).value

    def changed(self) -> bool:
        text, coding, agenda = self._typed()
        return (text, coding.split(), agenda) != (
            self.note.text,
            self.first_coding.split(),
            self.note.agenda_item,
        )

    def quoted(self) -> str:
        text, coding, _ = self._typed()
        return f"{text}  {coding.strip()}".strip()

    def save_now(self) -> bool:
        coding, problems = parse_coding(self.query_one("#edit-coding", Input).value, self.vocabulary)
        if problems:
            self.query_one("#edit-problems", Static).update(
                on_screen("Not saved: " + "; ".join(str(p) for p in problems))
            )
            return False
        changes = {
            "text": self.query_one("#edit-text", Input).value,
            "tags": coding.tags,
            "practice_sets": coding.practice_sets,
            "speaker": coding.speaker,
            "speaker_role": coding.speaker_role,
            "kind": coding.kind,
            "evidence": coding.evidence,
            "agenda_item": self.query_one("#edit-agenda", Select).value,
        }
        if self.on_save is not None:
            self.on_save(changes)
        self.dismiss(changes)
        return True

    def close_unsaved(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        self.save_now()

    def action_cancel(self) -> None:
        self.ask_before_closing()


class HistoryScreen(Dialog[None]):
    help_title = "A note's history"
    BINDINGS = [Binding("escape,h,q", "close", "Close")]

    def __init__(self, note: Note, memos: list[Memo], zone: tzinfo | None = None):
        super().__init__()
        self.note = note
        self.memos = memos
        self.zone = zone  # times are shown in this zone, with their offsets

    def help_keys(self) -> list[HelpKey]:
        return [HelpKey("up,down,pageup,pagedown", "Scroll the history")]

    def compose(self) -> ComposeResult:
        note = self.note
        typed_at = format_moment(note.wall_time, self.zone)
        lines = [
            f"Note {note.id} at {format_offset(note.offset_seconds)} ({typed_at})",
            f"As typed in the meeting: {original_text(note)}",
            f"Now: {note.text}",
            "",
        ]
        if not note.history:
            lines.append("No changes since it was typed.")
        for change in note.history:
            lines.append(
                f"{format_moment(change.at, self.zone)}  {change.by or '(unnamed)'} changed {change.field}: "
                f"{shown_value(change.before)} → {shown_value(change.after)}"
            )
        if self.memos:
            lines += ["", "Memos:"] + [memo_line(m, self.zone) for m in self.memos]
        with VerticalScroll(classes="modal-box", id="history"):
            yield Static(on_screen("\n".join(lines)), markup=False)
            yield Label("Esc to close", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


def shown_value(value: object) -> str:
    """A field's value as a person reads it in the history: lists joined ("P.Engaging, +trust"),
    nothing as "(none)", yes/no for true/false, text as it is (no Python quotes or brackets)."""
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(shown_value(item) for item in value)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def memo_line(memo: Memo, zone: tzinfo | None = None) -> str:
    """One memo as a line; its time in `zone` (default: local) with the offset shown."""
    target = f"note {memo.note_id}" if memo.note_id else "session"
    when = format_moment(memo.created, zone)
    marks = (" (edited)" if any(h.field == "text" for h in memo.history) else "") + (
        " [deleted]" if memo.deleted else ""
    )
    return f"{when} {memo.by} on {target}{marks}: {memo.text}"


class MemoListScreen(Dialog[tuple[str, int] | None]):
    """Pick a memo to edit, or to delete or restore; answers (action, memo id)."""

    help_title = "Memos"

    BINDINGS = [
        Binding(
            "d", "choose('delete')", "Delete/restore", id="memos.delete", tooltip="Soft delete or restore"
        ),
        Binding("escape", "cancel", "Close", id="memos.close"),
    ]

    def __init__(self, memos: list[Memo], zone: tzinfo | None = None):
        super().__init__()
        self.zone = zone
        self.memos = memos

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box", id="memo-list-box"):
            yield Label("Memos on this note and on the session")
            yield OptionList(
                *[Option(shown_text(memo_line(m, self.zone)), id=str(m.id)) for m in self.memos],
                id="memo-list",
            )
            hint = "Enter edits · d deletes or restores · u in review undoes · Esc closes"
            yield Label(hint, classes="hint")

    def help_keys(self) -> list[HelpKey]:
        return [HelpKey("up,down", "Move between memos"), HelpKey("enter", "Edit the memo")]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(("edit", int(str(event.option.id))))

    def action_choose(self, action: str) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss((action, int(str(options.get_option_at_index(options.highlighted).id))))

    def action_cancel(self) -> None:
        self.dismiss(None)
