"""Opening the observe screen: a new session starts; a resumed one shows its history, gets its
draft back and, after a crash, the moment the app was last known to run."""

from __future__ import annotations

from datetime import datetime

from ppei_tui.domain.session import CLOSING_EVENTS, Note, format_offset
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.note_log import LogEntry, NoteLog
from ppei_tui.ui.observe_base import ObserveBase, event_label


class ObserveResume(ObserveBase):
    """ObserveScreen's part that starts or reopens the session when the screen is mounted."""

    def _show_history(self) -> None:
        """Notes and meeting events already recorded (on resume), in the order they happened
        (wall time), so a note written during a break is shown inside that break.

        Handed to the log in one call: it lays them out once and draws only what is on screen.
        """
        event_keys = {id(e): f"event-{index + 1}" for index, e in enumerate(self.session.events)}
        entries = []
        for item in self.session.timeline():
            if isinstance(item, Note):
                entries.append(LogEntry(str(item.id), item.offset_seconds, note=item))
            else:
                entries.append(
                    LogEntry(event_keys[id(item)], item.offset_seconds, label=event_label(item, self.session))
                )
        self.query_one(NoteLog).extend(entries)

    def _start_or_reopen(self) -> None:
        if self.session.ended:
            self.query_one(NoteInput).disabled = True
            self.notify("This session has ended; it is shown read-only.")
        elif self.is_new or not self.session.started:
            self.record_event("start")
            first = self.session.next_agenda_item()
            if first:
                self.record_event("agenda", first)
        else:
            written_at = self._restore_draft()
            self.restore_prompt_texts()  # after the draft's notice: a warning stands until the next note
            last_known = self.session.last_known_moment([written_at] if written_at else [])
            self._mark_crash(written_at)
            event = self.session.make_reopen_event(self.clock(), last_known)
            self.session.events.append(event)
            self.save_event(len(self.session.events) - 1)
            self.query_one(NoteLog).show_marker(
                event.offset_seconds, "session reopened", key=f"event-{len(self.session.events)}"
            )

    def _restore_draft(self) -> datetime | None:
        """Put the note being typed when the app was left back in the input; returns the moment
        the draft record was written (None if there is none)."""
        restored = self.opened.saved_draft
        if restored is None:
            return None
        problems = self.opened.draft_problems()  # a hand-edited or damaged draft record
        draft = restored.draft
        back = ""
        if draft.text.strip() and not draft.already_saved_in(self.session):
            self.draft = draft
            self.query_one(NoteInput).value = draft.text
            when = f"the time its typing started ({format_offset(draft.started_offset)})"
            back = (
                "The rest is back in the input."  # short: it follows the problems on the notice line
                if problems
                else "The note you were typing was put back in the input; Enter saves it with "
                f"{when if draft.started_at else 'the time Enter is pressed'}."
            )
        if problems:  # one message: what was wrong, what was done, what is back
            self.notify(f"{problems}. {back}".strip(), title="Draft record", severity="warning")
        elif back:
            self.notify(back, title="Draft restored", timeout=8)
        return restored.written_at

    def _mark_crash(self, written_at: datetime | None) -> None:
        """After a crash (the app did not record leaving), a leave event at the last moment known."""
        last = self.session.events[-1] if self.session.events else None
        if written_at is None or last is None or last.type in CLOSING_EVENTS:
            return
        if written_at <= datetime.fromisoformat(last.wall_time):
            return
        self.session.events.append(
            self.session.make_event("leave", written_at, "last moment known; the app did not close")
        )
        self.save_event(len(self.session.events) - 1)
        leave = self.session.events[-1]  # shown now as a reopened session will show it
        self.query_one(NoteLog).show_marker(
            leave.offset_seconds, event_label(leave), key=f"event-{len(self.session.events)}"
        )
