"""The observe screen's meeting keys: agenda items, breaks, late arrivals, the PDF and exports."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ppei_tui.domain.session import Attendee, EventType
from ppei_tui.domain.tags import TagVocabulary
from ppei_tui.storage.writer import info_record
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.observe_base import ObserveBase
from ppei_tui.ui.typed import ppei_app

if TYPE_CHECKING:
    from ppei_tui.domain.attendees import AttendeeReading


def _arrival_message(added: list[Attendee], arriving: list[Attendee]) -> list[str]:
    def names(people: list[Attendee]) -> str:
        return ", ".join(f"{a.pseudonym} ({a.role})" for a in people)

    parts = [f"Added {names(added)}; @ completes them now."] if added else []
    if arriving:
        parts.append(f"{names(arriving)}, on the attendee list, came in now.")
    return parts


class ObserveMeeting(ObserveBase):
    """ObserveScreen's part for what happens in the meeting besides notes (recorded as events)."""

    def action_late_arrival(self) -> None:
        """Someone came in late: add them to the attendees so @ completes them from now on.

        Their arrival is the moment this key was pressed (an `arrival` event). Someone already
        on the list (expected, but late) gets the arrival without a second entry. An entry that
        cannot be taken (unreadable, someone who already arrived, a listed person given another
        role) keeps the dialog open with the text as typed and says why, so it can be corrected.
        Esc or Ctrl+Q with an entry typed asks before it is lost (ui/unsaved.py)."""
        if self.session.ended:
            return
        from ppei_tui.ui.modals import AskingPrompt  # dialogs are imported when first opened

        pressed = self.clock()
        # on_save, not a result callback: a Ctrl+Q that saves first quits right after it.
        self.app.push_screen(
            AskingPrompt(
                "Add an attendee (arrived late)",
                "",
                "Pseudonym: role, e.g. Birch: lay representative (several: separate with ;). "
                "Someone on the list already: the name alone records when they came in.",
                check=lambda text: "; ".join(self._read_arrivals(text).errors) or None,
                paste_separator="; ",  # a pasted list, one attendee a line, keeps every line
                on_save=lambda text: self._add_attendees(text, pressed),
                what="The late arrival",
            )
        )

    def _read_arrivals(self, text: str) -> AttendeeReading:
        from ppei_tui.domain.attendees import read_late_arrivals  # imported when first used

        session = self.session
        return read_late_arrivals(
            text, session.info.attendees, session.template.speaker_roles, session.arrivals()
        )

    def _add_attendees(self, text: str | None, arrived: datetime | None = None) -> None:
        if not text:
            return
        reading = self._read_arrivals(text)
        if reading.errors:  # the dialog checked; only a change meanwhile gets here
            self.notify("; ".join(reading.errors), title="Attendee not added", severity="warning")
            return
        added = reading.attendees
        if added:
            self.session.info.attendees.extend(added)
            self.vocabulary = TagVocabulary(self.session.template, self.session.info.attendees)
            self.query_one(NoteInput).vocabulary = self.vocabulary
            self.writer.submit(info_record(self.session.info))
        last = self.session.events[-1] if self.session.events else None
        if arrived is not None and last is not None and datetime.fromisoformat(last.wall_time) > arrived:
            arrived = None  # something was recorded since the key press: events stay in order
        for attendee in added + reading.arriving:  # the time they came in (shown on resume, in outputs)
            self.record_event(EventType.ARRIVAL, attendee.pseudonym, at=arrived)
        message = " ".join(_arrival_message(added, reading.arriving))
        notify = ppei_app(self).notify
        if reading.warnings:
            notify(f"{message} {'; '.join(reading.warnings)}", severity="warning", source="late_arrival")
        else:
            notify(message, source="late_arrival")  # replaces an older warning from this key

    def action_agenda(self) -> None:
        """The next agenda item (pre-filled when one is planned) or a new one typed; Esc or
        Ctrl+Q with an item typed asks before it is lost (ui/unsaved.py)."""
        from ppei_tui.ui.modals import AskingPrompt

        upcoming = self.session.next_agenda_item() or ""
        hint = (
            "Enter for the next planned item, or type a new one" if upcoming else "Type the new agenda item"
        )
        self.app.push_screen(
            AskingPrompt("Agenda item", upcoming, hint, on_save=self._set_agenda, what="The agenda item")
        )

    def _set_agenda(self, title: str | None) -> None:
        if not title:
            return
        if self.session.add_unplanned_agenda_item(title):
            self.writer.submit(info_record(self.session.info))
        self.record_event("agenda", title)

    def action_pause(self) -> None:
        if self.session.ended:
            return
        self.record_event("resume" if self.session.paused else "pause")

    def action_report(self) -> None:
        ppei_app(self).write_report(self.opened.path)

    def action_export(self) -> None:
        ppei_app(self).choose_export(self.opened.path)
