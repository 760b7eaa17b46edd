"""The observe screen's meeting keys: agenda items, breaks, late arrivals, the PDF and exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ppei_tui.domain.session import Attendee, EventType
from ppei_tui.domain.tags import TagVocabulary
from ppei_tui.domain.values import compared
from ppei_tui.storage.journal import Record
from ppei_tui.storage.writer import event_record, info_record
from ppei_tui.ui.keys import friendly
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.observe_base import ObserveBase
from ppei_tui.ui.typed import ppei_app

if TYPE_CHECKING:
    from ppei_tui.domain.attendees import AttendeeReading
    from ppei_tui.domain.prompt_record import PromptText
    from ppei_tui.ui.modals import KeepingPrompt
    from ppei_tui.ui.prompt_texts import PromptKeeper

AGENDA = "agenda"
ARRIVAL = "late_arrival"
# A prompt's key (binding id) and how its pending text is named on the notice line.
PENDING_NAMES = {
    AGENDA: ("observe.agenda", "Agenda text"),
    ARRIVAL: ("observe.late_arrival", "Late-arrival text"),
}


@compared  # eq, hash and repr without generated code (domain/values.py)
@dataclass(repr=False, eq=False)
class PendingText:
    """A prompt's text closed with Esc, not taken up: its key opens the prompt with it again."""

    text: str
    pressed: datetime  # when the prompt was first opened for it (a late arrival's time)


def _arrival_message(added: list[Attendee], arriving: list[Attendee]) -> list[str]:
    def names(people: list[Attendee]) -> str:
        return ", ".join(f"{a.pseudonym} ({a.role})" for a in people)

    parts = [f"Added {names(added)}; @ completes them now."] if added else []
    if arriving:
        parts.append(f"{names(arriving)}, on the attendee list, came in now.")
    return parts


class ObserveMeeting(ObserveBase):
    """ObserveScreen's part for what happens in the meeting besides notes (recorded as events)."""

    def action_late_arrival(self, ask: tuple[Callable[[], None], str] | None = None) -> KeepingPrompt | None:
        """Someone came in late: add them to the attendees so @ completes them from now on.

        Their arrival is the moment this key was pressed (an `arrival` event). Someone already
        on the list (expected, but late) gets the arrival without a second entry. An entry that
        cannot be taken (unreadable, someone who already arrived, a listed person given another
        role) keeps the dialog open with the text as typed and says why, so it can be corrected.
        Esc closes it at once, its text kept pending (`_keep_pending`); Ctrl+Q with an entry
        typed asks before it is lost (ui/unsaved.py). `ask`: reopened by a quit, ask at once."""
        if self.session.ended:
            return None
        from ppei_tui.ui.modals import KeepingPrompt  # dialogs are imported when first opened

        pending = self.pending_prompts.pop(ARRIVAL, None)
        pressed = pending.pressed if pending is not None else self.clock()
        # on_save, not a result callback: a Ctrl+Q that saves first quits right after it.
        return self._open_prompt(
            ARRIVAL,
            pressed,
            KeepingPrompt(
                "Add an attendee (arrived late)",
                pending.text if pending is not None else "",
                "Pseudonym: role, e.g. Birch: lay representative (several: separate with ;). "
                "Someone on the list already: the name alone records when they came in.",
                check=lambda text: "; ".join(self._read_arrivals(text).errors) or None,
                paste_separator="; ",  # a pasted list, one attendee a line, keeps every line
                on_save=lambda text: self._add_attendees(text, pressed),
                what="The late arrival",
                on_keep=lambda text: self._keep_pending(ARRIVAL, text, pressed),
                ask_on_mount=ask,
                on_typed=lambda text: self._prompt_typed(ARRIVAL, text, pressed),
                on_discard=lambda: self._prompt_typed(ARRIVAL, "", pressed),
            ),
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
        last = self.session.events[-1] if self.session.events else None
        if arrived is not None and last is not None and datetime.fromisoformat(last.wall_time) > arrived:
            arrived = None  # something was recorded since the key press: events stay in order
        # The time each came in (shown on resume, in outputs).
        arrivals = [(EventType.ARRIVAL, a.pseudonym, arrived) for a in added + reading.arriving]
        self._take_up(ARRIVAL, arrivals, info_changed=bool(added))
        message = " ".join(_arrival_message(added, reading.arriving))
        notify = ppei_app(self).notify
        if reading.warnings:
            notify(f"{message} {'; '.join(reading.warnings)}", severity="warning", source="late_arrival")
        else:
            notify(message, source="late_arrival")  # replaces an older warning from this key

    def action_agenda(self, ask: tuple[Callable[[], None], str] | None = None) -> KeepingPrompt | None:
        """The next agenda item (pre-filled when one is planned) or a new one typed, or the text
        kept pending by an earlier Esc; Esc closes it at once, keeping what was typed pending;
        Ctrl+Q with an item typed asks before it is lost (ui/unsaved.py)."""
        from ppei_tui.ui.modals import KeepingPrompt

        upcoming = self.session.next_agenda_item() or ""
        pending = self.pending_prompts.pop(AGENDA, None)
        hint = (
            "Enter for the next planned item, or type a new one" if upcoming else "Type the new agenda item"
        )
        pressed = pending.pressed if pending is not None else self.clock()
        return self._open_prompt(
            AGENDA,
            pressed,
            KeepingPrompt(
                "Agenda item",
                pending.text if pending is not None else upcoming,
                hint,
                on_save=self._set_agenda,
                what="The agenda item",
                on_keep=lambda text: self._keep_pending(AGENDA, text, pressed),
                base=upcoming,
                ask_on_mount=ask,
                on_typed=lambda text: self._prompt_typed(AGENDA, text, pressed),
                on_discard=lambda: self._prompt_typed(AGENDA, "", pressed),
            ),
        )

    def _open_prompt(self, kind: str, pressed: datetime, prompt: KeepingPrompt) -> KeepingPrompt:
        if prompt.value != prompt.base:  # its pending text: typing goes on after it, not over it
            prompt.select = False
            self.prompt_typing[kind] = PendingText(prompt.value.strip(), pressed)  # open, not pending
        self._prompt_keeper()  # made now, so what is typed next is kept on disk
        self.app.push_screen(prompt)
        return prompt

    # --- prompt texts on disk (ui/prompt_texts.py): open or pending, until taken up -------------
    def _prompt_keeper(self) -> PromptKeeper:
        if self.prompt_keeper is None:
            from ppei_tui.domain.prompt_record import prompt_texts_row
            from ppei_tui.ui.prompt_texts import PromptKeeper  # with the first prompt, or on resume

            restored = self.opened.saved_prompts
            on_disk = prompt_texts_row(restored.texts) if restored and not restored.problems else None
            self.prompt_keeper = PromptKeeper(
                self, self.writer, self._prompt_texts, on_disk, self.keeper.delay
            )
        return self.prompt_keeper

    def _prompt_texts(self) -> dict[str, PromptText]:
        """Every prompt's text not taken up: an open prompt's as typed, else its pending text."""
        from ppei_tui.domain.prompt_record import PromptText

        texts = {**self.pending_prompts, **self.prompt_typing}
        return {kind: PromptText(kept.text, kept.pressed) for kind, kept in texts.items() if kept.text}

    def _prompt_typed(self, kind: str, text: str, pressed: datetime) -> None:
        """What is typed in an open prompt changed ("" when nothing is, or `d` dropped it)."""
        if text:
            self.prompt_typing[kind] = PendingText(text, pressed)
        else:
            self.prompt_typing.pop(kind, None)
        self._prompt_keeper().changed()

    def _take_up(
        self, kind: str, events: list[tuple[EventType, str, datetime | None]], info_changed: bool
    ) -> None:
        """A prompt's text became an agenda item or attendees: `events` (type, detail, moment or
        None for now) are recorded and, with the session's info if it changed and the prompt
        texts without this one, stored in one append: a crash leaves all or none of them, so a
        text is never both taken up and offered again, and an arrival never names someone the
        info does not list."""
        self.prompt_typing.pop(kind, None)
        self.pending_prompts.pop(kind, None)
        parts = [info_record(self.session.info)] if info_changed else []
        for event_type, detail, at in events:
            self.add_event(event_type, detail, at)
            parts.append(event_record(self.session.events[-1], len(self.session.events) - 1))
        if self.prompt_keeper is not None:
            parts += self.prompt_keeper.written_with()
        if parts:
            first, *rest = parts
            self.writer.submit(Record(first.table, first.doc_id, first.row, tuple(rest)))

    def restore_prompt_texts(self) -> None:
        """Resuming: texts the file kept (the app stopped with a prompt open, or text pending)
        are pending again, offered by their keys as after Esc; nothing is taken up. One notice
        says what came back (and what could not, naming the record and field)."""
        restored = self.opened.saved_prompts
        if restored is None:
            return
        from ppei_tui.ui.shown import quote

        for kind, kept in restored.texts.items():
            self.pending_prompts[kind] = PendingText(kept.text, kept.pressed)
        self._prompt_keeper()
        back = [
            f"{PENDING_NAMES[kind][1].lower()} “{quote(kept.text, 60)}”{self._finish_keys(kind)}"
            for kind, kept in restored.texts.items()
        ]
        message = f"Kept from before the app stopped, not taken up: {'; '.join(back)}" if back else ""
        problems = self.opened.prompt_texts_problems()
        if message or problems:
            text = ". ".join(part for part in (problems, message) if part)
            ppei_app(self).notify(text, title="Prompt text", severity="warning", source="pending_restored")

    def _finish_keys(self, prompt: str) -> str:
        """`: Ctrl+G or F5 to finish it`, the prompt's keys as the keymap has them now."""
        binding_id = PENDING_NAMES[prompt][0]
        found = [k for k, a in self.active_bindings.items() if a.binding.id == binding_id]
        return f": {' or '.join(friendly(k) for k in found)} to finish it" if found else ""

    def _keep_pending(self, prompt: str, text: str, pressed: datetime) -> None:
        """Esc in a prompt: `text` (if any) is kept for its key to offer again, and the notice
        line says so in one line, naming the key as the keymap has it now."""
        self.prompt_typing.pop(prompt, None)
        self._prompt_keeper().changed()  # the same text pending is not written again
        if not text:
            return  # nothing typed, or the box emptied: nothing pending
        self.pending_prompts[prompt] = PendingText(text, pressed)
        name = PENDING_NAMES[prompt][1]
        ppei_app(self).notify(
            f"{name} kept, not taken up{self._finish_keys(prompt)}", source=f"pending_{prompt}"
        )

    def ask_about_pending(self, then: Callable[[], None], then_words: str) -> bool:
        """Before leaving (Ctrl+Q, F10): a pending prompt text is reopened in its prompt, which
        asks at once as it does when Ctrl+Q finds it open (keep editing / save / discard), then
        `then` carries on. False if nothing is pending."""
        for prompt, opener in ((AGENDA, self.action_agenda), (ARRIVAL, self.action_late_arrival)):
            if prompt in self.pending_prompts:
                if opener(ask=(then, then_words)) is None:
                    self.pending_prompts.pop(prompt, None)  # cannot be reopened (session ended)
                    continue
                return True
        return False

    def unsaved_prompt_texts(self) -> list[str]:
        """Every prompt text not taken up, quoted, to print after exit when the session file
        could not take them (a signal keeps them pending in the file, ui/observe_leaving.py)."""
        from ppei_tui.ui.unsaved import quoted

        return [
            f"the {PENDING_NAMES[kind][1].lower()} (kept pending, not written): {quoted(kept.text)}"
            for kind, kept in self._prompt_texts().items()
        ]

    def _set_agenda(self, title: str | None) -> None:
        if not title:
            return
        unplanned = self.session.add_unplanned_agenda_item(title)
        self._take_up(AGENDA, [(EventType.AGENDA, title, None)], info_changed=unplanned)

    def action_pause(self) -> None:
        if self.session.ended:
            return
        self.record_event("resume" if self.session.paused else "pause")

    def action_report(self) -> None:
        ppei_app(self).write_report(self.opened.path)

    def action_export(self) -> None:
        ppei_app(self).choose_export(self.opened.path)
