"""Reviewing one session: filter, re-code and correct notes, write memos, see the map."""

from __future__ import annotations

import re
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from ppei_tui.domain.review import edit_memo, edit_note, new_memo
from ppei_tui.domain.session import Memo, Note
from ppei_tui.domain.tags import parse_tokens
from ppei_tui.outputs.commands import EXPORT_FORMATS
from ppei_tui.storage.writer import memo_record, note_record
from ppei_tui.ui import keys
from ppei_tui.ui.edit import EditNoteScreen, HistoryScreen, MemoListScreen
from ppei_tui.ui.footer import KeyFooter
from ppei_tui.ui.modals import MemoPrompt, TagsPrompt
from ppei_tui.ui.ordered_input import OrderedInput
from ppei_tui.ui.review_filtering import ReviewFilter
from ppei_tui.ui.review_leaving import ReviewLeaving
from ppei_tui.ui.review_map import MapGrid
from ppei_tui.ui.review_panes import TITLE_PADDING, ReviewPanes
from ppei_tui.ui.review_widgets import NotesView, header_text
from ppei_tui.ui.saving import Saved, SaveFailed, failure_text, show_open_warnings
from ppei_tui.ui.tag_input import TokenSuggester
from ppei_tui.ui.typed import ppei_app


def undouble_sigils(tokens: str) -> str:
    """`##val ++trust` -> `#val +trust`: a sigil typed twice at a token's start counts once."""
    return re.sub(r"(?<!\S)([#+@!])\1+", r"\1", tokens)


class ReviewScreen(ReviewLeaving, ReviewFilter, ReviewPanes):
    """The notes list on top, the highlighted note's detail and the map below it (the filter
    and the panes are parts in ui/review_filtering.py and ui/review_panes.py; the state is
    ui/review_base.ReviewBase's; asking before a quit loses changes, ui/review_leaving.py; the
    changes and the writer's outcomes are here).

    Wide (WIDE_FROM cells and more) the map sits beside the detail; narrower, the detail takes
    the whole width under the list and the map takes its place while it has the keys (F2/o or
    Tab to it; Esc, F2 or Enter on a verb go back), so the list keeps its rows and columns.
    """

    help_title = "Reviewing a session"
    # Left out of the footer below 120 columns so that Back and Help stay in sight (F1 lists them).
    footer_later = frozenset({"report", "export", "session_memo", "memos", "history", "reviewer"})
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    # Tall, the map may take 18 rows: a header and 15 verbs (an 8 x 15 framework at 200 x 50).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (46, "-tall")]
    BINDINGS = [
        Binding(
            "ctrl+f",
            "focus_filter",
            "Filter",
            id="review.filter",
            tooltip="Filter notes: #verb #EL +practice @speaker !q !r !i agenda:item words",
        ),
        Binding(
            "f2,o",
            "switch_pane",
            "Pane",
            id="review.pane",
            tooltip="Move the keys to the other pane (notes, map); Tab also moves on",
        ),
        Binding("enter", "edit", "Edit", id="review.edit", tooltip="Edit the note's text and coding"),
        Binding(
            "t", "add_tags", "Tag", id="review.tag", tooltip="Add tags in the live syntax, with completion"
        ),
        Binding("d", "delete", "Delete/restore", id="review.delete", tooltip="Soft delete (or restore)"),
        Binding("u,ctrl+z", "undo", "Undo", id="review.undo", tooltip="Undo your last change in this review"),
        Binding("m", "memo", "Memo", id="review.memo", tooltip="Write a memo on the highlighted note"),
        Binding(
            "M",
            "session_memo",
            "Session memo",
            id="review.session_memo",
            tooltip="Write a memo on the whole session",
        ),
        Binding("e", "memos", "Memos", id="review.memos", tooltip="Edit, delete or restore memos"),
        Binding("h", "history", "History", id="review.history", tooltip="What was changed, when and by whom"),
        Binding(
            "i",
            "reviewer",
            "Reviewer",
            id="review.reviewer",
            tooltip="Who is reviewing: the initials your edits and memos carry (remembered)",
        ),
        Binding(
            "x", "toggle_deleted", "Show deleted", id="review.deleted", tooltip="Show or hide deleted notes"
        ),
        Binding(keys.PDF, "report", "PDF", id="review.report", tooltip="Write the PDF summary"),
        Binding(
            keys.EXPORT,
            "export",
            "Export",
            id="review.export",
            tooltip=f"Export ({', '.join(EXPORT_FORMATS)})",  # the formats ppei export writes
        ),
        Binding("escape", "back", "Back", id="review.back", tooltip="Back to the list of sessions"),
    ]

    def compose(self) -> ComposeResult:
        yield Label(self.title_text(self.app.size.width - TITLE_PADDING), id="title", markup=False)
        yield OrderedInput(
            placeholder="Filter: #mat.rep  #BE  +trust  @hazel  !q  !i  agenda:finance  words",
            id="filter",
            suggester=TokenSuggester(self.vocabulary),
            enter_focus="#notes",  # at once: keys typed after Enter in a burst go to the list
        )
        yield Static("", id="filter-status", markup=False)
        with Vertical(id="review-body"):
            yield Static(header_text(), id="notes-header", markup=False)
            yield NotesView(id="notes")
            with Horizontal(id="review-bottom"):
                yield MapGrid(id="map-grid")
                with Vertical(id="review-side"):
                    yield Static("", id="note-detail", markup=False)
                    yield Static("", id="memos", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(NotesView).border_title = "Notes: ↑/↓ move · Enter edit · F2 the map"
        self.query_one(MapGrid).border_title = "Map: arrows move · Enter shows a verb's notes"
        self.apply_filter("")
        show_open_warnings(self, self.opened)
        self.show_memos()
        self.query_one(NotesView).focus()
        if not self.opened:
            self.notify(
                f"Read-only: {self.read_only_reason}; you can read it but not change it.",
                severity="warning",
                timeout=8,
            )

    # --- changes ---------------------------------------------------------------------------
    def _writable(self) -> bool:
        if self.opened is None:
            self.notify(f"Read-only: {self.read_only_reason}.", severity="warning")
        return self.opened is not None

    def change(self, note: Note, changes: dict) -> None:
        before = edit_note(note, changes, self.config.clock(), self.reviewer, self.vocabulary)
        if not before:
            return
        self.undo_stack.append(("note", note.id, before))
        self.save(("note", note.id))
        self.apply_filter(self.current_filter_text(), notes_changed=True)

    def action_edit(self) -> None:
        note = self.query_one(NotesView).current
        if note is None or not self._writable():
            return
        # on_save, not a result callback: a Ctrl+Q that saves first quits right after it.
        on_save = lambda changes: self.change(note, changes)  # noqa: E731
        self.app.push_screen(EditNoteScreen(note, self.vocabulary, self.session.info.agenda, on_save))

    def action_add_tags(self) -> None:
        note = self.query_one(NotesView).current
        if note is None or not self._writable():
            return

        def parsed(tokens: str):
            # The prompt starts with "#": typing the README's own "#val +trust" after it gives
            # "##val", which means the same (a doubled sigil is read as one).
            return parse_tokens(undouble_sigils(tokens), self.vocabulary)

        def problems(tokens: str) -> str | None:
            # Tokens that cannot be added keep the prompt open with them (they were closed and lost).
            found = parsed(tokens).problems
            return "Not added: " + "; ".join(str(p) for p in found) if found else None

        def add(tokens: str) -> None:
            tags = parsed(tokens)
            changes = {
                "tags": note.tags + [t for t in tags.tags if t not in note.tags],
                "key_tags": note.key_tags + [t for t in tags.tags if t not in note.key_tags],
                "practice_sets": note.practice_sets
                + [p for p in tags.practice_sets if p not in note.practice_sets],
            }
            if tags.speaker or tags.speaker_role:
                changes.update(speaker=tags.speaker, speaker_role=tags.speaker_role)
            changes.update({k: v for k, v in (("kind", tags.kind), ("evidence", tags.evidence)) if v})
            self.change(note, changes)

        # on_save, not a result callback: a Ctrl+Q that saves first quits right after it (ui/unsaved.py).
        self.app.push_screen(
            TagsPrompt(
                f"Add to note {note.id}",
                "#",
                "e.g. #mat.rep +trust @hazel !i",
                TokenSuggester(self.vocabulary),
                select=False,
                check=problems,
                on_save=add,
            )
        )

    def action_delete(self) -> None:
        note = self.query_one(NotesView).current
        if note is not None and self._writable():
            self.change(note, {"deleted": not note.deleted})
            self.notify(f"Note {note.id} {'deleted (u undoes)' if note.deleted else 'restored'}", timeout=3)

    def action_undo(self) -> None:
        if not self.undo_stack or not self._writable():
            self.notify("Nothing to undo.", timeout=2)
            return
        kind, ident, before = self.undo_stack.pop()
        if kind == "memo":
            edit_memo(self.session.memo(ident), before, self.config.clock(), self.reviewer)
            self.save(("memo", ident))
            self.show_memos()
        else:
            edit_note(self.session.note(ident), before, self.config.clock(), self.reviewer)
            self.save(("note", ident))
            self.apply_filter(self.current_filter_text(), notes_changed=True)
        self.notify(f"Undid the change to {kind} {ident}", timeout=3)

    def action_toggle_deleted(self) -> None:
        self.show_deleted = not self.show_deleted
        self.apply_filter(self.current_filter_text())

    def action_memo(self, on_session: bool = False) -> None:
        note = None if on_session else self.query_one(NotesView).current
        if not self._writable() or (note is None and not on_session):
            return
        title = "Memo on the session" if note is None else f"Memo on note {note.id}"

        def write(text: str | None) -> None:
            if text:
                memo = new_memo(
                    self.session, text, self.config.clock(), self.reviewer, note.id if note else None
                )
                self.session.memos.append(memo)
                self.save(("memo", memo.id))
                self.show_memos()

        self.app.push_screen(MemoPrompt(title, on_save=write))

    def action_session_memo(self) -> None:
        self.action_memo(on_session=True)

    def change_memo(self, memo: Memo, changes: dict[str, Any]) -> None:
        before = edit_memo(memo, changes, self.config.clock(), self.reviewer)
        if before:
            self.undo_stack.append(("memo", memo.id, before))
            self.save(("memo", memo.id))
            self.show_memos()

    def action_memos(self) -> None:
        memos = self.memos_in_view(include_deleted=True)
        if not memos:
            self.notify("No memos on this note or the session yet (m or M writes one).", timeout=3)
            return
        if not self._writable():
            return

        def chosen(choice: tuple[str, int] | None) -> None:
            if choice is None:
                return
            action, memo_id = choice
            memo = self.session.memo(memo_id)
            if action == "delete":
                self.change_memo(memo, {"deleted": not memo.deleted})
                self.notify(f"Memo {memo_id} {'deleted (u undoes)' if memo.deleted else 'restored'}")
                return
            self.app.push_screen(
                MemoPrompt(
                    f"Memo {memo_id}", memo.text, on_save=lambda text: self.change_memo(memo, {"text": text})
                )
            )

        self.app.push_screen(MemoListScreen(memos, self.config.clock().tzinfo), chosen)

    def action_history(self) -> None:
        note = self.query_one(NotesView).current
        if note is not None:
            memos = [m for m in self.session.live_memos() if m.note_id == note.id]
            self.app.push_screen(HistoryScreen(note, memos, self.config.clock().tzinfo))

    def action_report(self) -> None:
        ppei_app(self).write_report(self.path)

    def action_export(self) -> None:
        ppei_app(self).choose_export(self.path)

    def action_back(self) -> None:
        if self.query_one(MapGrid).has_focus:  # Esc leaves the map first, then the review
            self.query_one(NotesView).focus()
            return
        if self.writer is not None and self.writer.failed():
            self.notify(
                "Some changes are not on disk yet; retrying. Esc again once they are saved.",
                severity="warning",
            )
            return
        ppei_app(self).close_review(self)

    # --- saving (the session's one ordered writer; it keeps and retries failed saves) --------
    def save(self, key: tuple[str, int]) -> None:
        kind, ident = key
        assert self.writer is not None  # saves are only made on a writable review
        if kind == "note":
            self.writer.submit(note_record(self.session.note(ident)))
        else:
            self.writer.submit(memo_record(self.session.memo(ident), ident))

    def on_save_failed(self, message: SaveFailed) -> None:
        assert self.writer is not None
        if self.writer.is_current(message.outcome):
            self.notify(
                failure_text(message.outcome, self.config.retry_seconds),
                title="Could not save",
                severity="error",
                timeout=8,
            )

    def on_saved(self, message: Saved) -> None:
        if message.outcome.recovered:
            self.notify("The change is now saved.", timeout=3)
