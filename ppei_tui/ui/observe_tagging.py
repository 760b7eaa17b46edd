"""The observe screen's keys for a note's codes, kind and evidence: on the note being typed, or on
an earlier note selected in the log (a change to it is kept in its history)."""

from __future__ import annotations

from typing import Any

from ppei_tui.domain.recording import add_tag
from ppei_tui.domain.session import KIND_LABELS, KINDS, Note, Tag, format_offset
from ppei_tui.domain.tags import parse_tokens
from ppei_tui.ui.map_panel import MapPanel
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.note_log import NoteLog
from ppei_tui.ui.observe_base import ObserveBase
from ppei_tui.ui.tag_picker import TagPicker


class ObserveTagging(ObserveBase):
    """ObserveScreen's part for tagging (the number picker), kind, seen/inferred and the log's
    selection."""

    def action_tag(self) -> None:
        selected = self.query_one(NoteLog).selected_note
        if selected is not None:
            target = f"note {selected.id} ({format_offset(selected.offset_seconds)})"
        elif self._typing():
            target = "the note being typed"
        elif self.session.notes:
            target = f"the last note ({format_offset(self.session.notes[-1].offset_seconds)})"
        else:
            self.notify("Nothing to tag yet: type a note first.")
            return
        picker = TagPicker(self.session.template, target, self._apply_chosen_tag)
        self.query_one(NoteInput).open_picker(picker)

    def _apply_chosen_tag(self, tag: Tag) -> None:
        """The picker's code, as a toggle: added, or removed when the note already has it."""
        note = self.query_one(NoteLog).selected_note
        if note is None and self._typing():
            added = self.draft.toggle_key_tag(tag)
            self.keeper.changed(self.draft)
            self.show_hint()
            if added:
                return
            if tag in parse_tokens(self.draft.text, self.vocabulary).tags:  # the text's own token
                self.notify(f"This note keeps {tag.label()}: its #token is in the text (delete it to untag)")
            else:
                self.notify(f"This note: untagged {tag.label()}", timeout=3)
            return
        note = note or self.session.notes[-1]
        if tag in note.tags:
            self._edit_selected(note, {"tags": [t for t in note.tags if t != tag]})
            typed = tag in parse_tokens(note.text, self.vocabulary).tags
            kept = " (its #token stays in the text as typed)" if typed else ""
            self.notify(f"Untagged note {note.id}: {tag.label()}{kept}")
            return
        if add_tag(note, tag, self.clock(), self.session.info.observer):
            self.query_one(NoteLog).show_note(note, "pending")
            self.save_note(note)
        self.notify(f"Tagged note {note.id}: {tag.label()}")

    def _edit_selected(self, note: Note, changes: dict[str, Any]) -> None:
        """A change to an earlier note mid-meeting: kept in its history, like a review edit."""
        from ppei_tui.domain.review import edit_note  # only once a note is re-coded

        if edit_note(note, changes, self.clock(), self.session.info.observer):
            self.query_one(NoteLog).show_note(note, "pending")
            self.save_note(note)

    def action_kind(self) -> None:
        note = self.query_one(NoteLog).selected_note
        if note is not None:
            kind = KINDS[(KINDS.index(note.kind) + 1) % len(KINDS)] if note.kind in KINDS else KINDS[0]
            self._edit_selected(note, {"kind": kind})
            self.notify(f"Note {note.id}: {KIND_LABELS[kind]}", timeout=3)
            return
        kind = self.draft.cycle_kind()
        self.keeper.changed(self.draft)
        self.show_hint()
        self.notify(f"This note: {KIND_LABELS[kind]}", timeout=2)

    def action_evidence(self) -> None:
        note = self.query_one(NoteLog).selected_note
        if note is not None:
            evidence = "seen" if note.evidence == "inferred" else "inferred"
            self._edit_selected(note, {"evidence": evidence})
            self.notify(f"Note {note.id}: {evidence}", timeout=3)
            return
        evidence = self.draft.toggle_evidence()
        self.keeper.changed(self.draft)
        self.show_hint()
        self.notify(f"This note: {evidence}", timeout=2)

    def action_select_note(self, step: int) -> None:
        """Move the selection up (-1) or down (+1) the log; the input keeps the keyboard."""
        if self._typing():
            self.notify("Finish or clear the note being typed first; then Ctrl+↑ moves up the log.")
            return
        self.query_one(NoteLog).select_step(step)
        self.show_hint()

    def footer_hidden(self) -> frozenset[str]:
        """Actions the footer leaves out now (ui/footer.screen_keys; F1 still lists them):
        PgDn "More map" while the whole map is in sight, where it turns no page. MapPanel
        refreshes the bindings when its page count crosses one."""
        panels = self.query(MapPanel)
        paged = bool(panels) and len(panels.first().pages) > 1
        return frozenset() if paged else frozenset({"map_page(1)"})

    def action_map_page(self, step: int) -> None:
        """PgDn / PgUp: the map panel's next or previous elements; the input keeps the focus."""
        self.query_one(MapPanel).turn(step)

    def action_back_to_typing(self) -> None:
        self.query_one(NoteLog).clear_selection()
        self.show_hint()
        self.query_one(NoteInput).focus()
