"""Leaving the observe screen (Ctrl+Q, F10, signals): nothing typed is lost without being asked.

The leave dialog and the state it shows are in ui/leaving.py, the draft keeper in
ui/draft_keeper.py; this is the screen's side: what is not on disk yet, the observer's choice,
and going once the writer is done. The dialog's module (with ui/help.py beneath it) is read
when the observer first leaves, not at start (issue 12: import nothing the first screen does
not need), so the methods below import it locally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ppei_tui.domain.recording import Draft
from ppei_tui.storage.reading import PROMPT_TEXTS
from ppei_tui.storage.store import EVENTS, INFO, NOTES
from ppei_tui.storage.writer import event_record, info_record, note_record
from ppei_tui.ui.draft_keeper import DRAFT_KEY
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.observe_base import ObserveBase
from ppei_tui.ui.typed import ppei_app

if TYPE_CHECKING:  # leaving with saves refused is rare: its module is read only then
    from ppei_tui.ui.leaving import LeaveChoice, LeaveState
    from ppei_tui.ui.recovering import Recovery


class ObserveLeaving(ObserveBase):
    """ObserveScreen's part that ends the session or leaves the app."""

    def action_end(self) -> None:
        """F10: end the session. Asks first; with text typed or a note unsaved, says what then."""
        if self.session.ended or self.leaving:
            return
        if self.ask_about_pending(then=self.action_end, then_words="end the session"):
            return  # a prompt's pending text first, as if the prompt were open
        state = self._leave_state(ending=True)
        if state.text or state.unsaved_notes or state.unsaved_other:
            self._ask_leaving(state)
            return

        from ppei_tui.ui.modals import Confirm

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if self.query_one(NoteInput).value.strip():  # keys typed before the question went back
                self._ask_leaving(self._leave_state(ending=True))  # to the note: asked about first
            else:
                self._finish(ending=True)

        question = Confirm("End this session? The meeting clock stops for good.")
        question.typed_back = self.query_one(NoteInput).insert  # ui/question_guard.py
        self.app.push_screen(question, answered)

    def action_leave(self) -> None:
        # A priority binding, but run only once the keys typed ahead of it are in the input
        # (ui/key_order.KeysInOrder), so the note being typed is the whole of it.
        if self.leaving:
            return
        if self.ask_about_pending(then=self.action_leave, then_words="quit"):
            return  # a prompt's text kept pending by Esc is asked about as an open prompt's is
        state = self._leave_state(ending=False)
        if state.text or state.unsaved_notes or state.unsaved_other:
            self._ask_leaving(state)
        else:
            self._finish(ending=False)

    def _failed_items(self) -> set[tuple[str, int]]:
        """Documents (other than the draft and the prompt texts, which are on screen and kept
        by their keepers) whose save failed and is being retried."""
        return self.writer.failed() - {DRAFT_KEY, (PROMPT_TEXTS, 1)}

    def _ask_leaving(self, state: LeaveState) -> None:
        """The leave dialog for `state`; the answer goes to _leave_answered."""
        from ppei_tui.ui.leaving import LeaveDialog  # read when first leaving (module docstring)

        question = LeaveDialog(state)
        question.typed_back = self.query_one(NoteInput).insert  # typed before it showed: ui/question_guard
        self.app.push_screen(question, lambda choice: self._leave_answered(choice, state.ending))

    def _leave_state(self, ending: bool) -> LeaveState:
        from ppei_tui.ui.leaving import LeaveState  # read when first leaving (module docstring)

        text = self.query_one(NoteInput).value
        failed = self._failed_items()
        notes = sum(1 for table, _ in failed if table == NOTES)
        return LeaveState(
            text=text if text.strip() else "",
            unsaved_notes=notes,
            unsaved_other=len(failed) - notes,
            error=self.last_error or self.keeper.error,
            ending=ending,
            retry_seconds=self.retry_seconds,
        )

    def _leave_answered(self, choice: LeaveChoice | None, ending: bool) -> None:
        from ppei_tui.ui.leaving import LeaveChoice  # read when first leaving (module docstring)

        if choice is None or choice is LeaveChoice.STAY:
            return
        note_input = self.query_one(NoteInput)
        if choice is LeaveChoice.SAVE_NOTE:
            if note_input.value.strip():
                self.submit_draft(note_input.value)
                note_input.value = ""
            self._finish(ending)
        elif choice is LeaveChoice.KEEP_DRAFT:
            self.draft.text = note_input.value
            if not self.keeper.write_now(self.draft):
                self.notify(
                    f"{self.keeper.error or 'not written yet'}\nThe text stays here; choose again.",
                    title="Could not keep the draft on disk",
                    severity="error",
                )
                return
            self.draft_kept = True
            self._finish(ending)
        else:
            self.draft = Draft()
            note_input.value = ""
            self._finish(ending, force=True)

    def _finish(self, ending: bool, force: bool = False) -> None:
        """Record the end (or leaving), then go once every save in flight has reported."""
        last = self.session.events[-1].type if self.session.events else ""
        if ending and not self.session.ended:
            self.record_event("end")
            self.query_one(NoteInput).disabled = True
        elif not ending and self.session.started and not self.session.ended and last != "leave":
            self.record_event("leave")  # the clock resumes from here, not from the last note
        self.leaving = True
        self.leave_to_home = ending
        self.force_leave = force
        self._exit_if_leaving()

    def _exit_if_leaving(self) -> None:
        """Go once every save in flight has reported; if any failed, ask again what to do."""
        if not self.leaving or self.writer.busy:
            return
        self.leaving = False
        if self._failed_items() and not self.force_leave:
            self._ask_leaving(self._leave_state(self.leave_to_home))
            return
        if not self.draft_kept and (self.keeper.submitted or self.opened.saved_draft is not None):
            self.keeper.submit_now(Draft())  # the input is empty now; written before the writer closes
        self.keeper.stop()
        if self.prompt_keeper is not None:
            self.prompt_keeper.stop()  # a text dropped just now: cleared before the writer closes
        # `d` with saves failing: they are not written, but their text is (recovery file, stderr).
        recovery = self._recover(self._failed_items(), Draft(), "the observer chose to leave without them")
        if self.leave_to_home:
            ppei_app(self).close_session(self.opened)
            ppei_app(self).go_home()
            if recovery is None:
                self.app.notify(f"Session ended and saved: {self.opened.path.name}")
            else:
                missing = ", ".join(recovery.items)
                self.app.notify(
                    f"{missing} not written to {self.opened.path.name}; {recovery.where()}.",
                    title="Session ended",
                    severity="warning",
                    timeout=20,
                )
        else:
            self.app.exit()

    def _recover(self, unsaved: set[tuple[str, int]], draft: Draft, why: str) -> Recovery | None:
        """Write what is not on disk to a recovery file, and keep the report printed on stderr
        once the app has exited (ui/recovering.py); None when nothing is missing."""
        if not unsaved:
            return None
        from ppei_tui.ui.recovering import recover

        app = ppei_app(self)
        now = self.clock()
        recovery = recover(self.session, self.opened.path, unsaved, draft, app.config.config_dir, now, why)
        if recovery is not None:
            app.exit_report.append(recovery.report("not written before exit"))
        return recovery

    def leave_on_signal(self, reason: str, timeout: float = 5.0) -> list[str]:
        """SIGTERM/SIGHUP: no dialog can be shown (the terminal may be gone). Write what can be
        written before the app exits: the input's text as the draft, every failed save again, and
        the leave moment; wait (at most `timeout` s) for the writer. Returns what is not on disk."""
        self.keeper.stop()
        if self.prompt_keeper is not None:
            self.prompt_keeper.stop()  # what the prompts hold, open or pending: kept pending on disk
        if not self.session.ended:
            self.draft.text = self.query_one(NoteInput).value
            self.keeper.submit_now(self.draft)
        for table, ident in sorted(self._failed_items()):
            if table == NOTES:
                self.writer.submit(note_record(self.session.note(ident)))
            elif table == EVENTS:
                self.writer.submit(event_record(self.session.events[ident - 1], ident - 1))
            elif table == INFO:
                self.writer.submit(info_record(self.session.info))
        last = self.session.events[-1].type if self.session.events else ""
        if self.session.started and not self.session.ended and last != "leave":
            self.session.events.append(self.session.make_event("leave", self.clock(), reason))
            self.save_event(len(self.session.events) - 1)
        self.writer.wait_idle(timeout)
        unsaved = self.writer.unsaved()
        if (PROMPT_TEXTS, 1) in unsaved:  # their text is printed whole, not put in the recovery file
            unsaved -= {(PROMPT_TEXTS, 1)}
            ppei_app(self).exit_report.extend(
                f"ppei: not written before exit: {t}" for t in self.unsaved_prompt_texts()
            )
        recovery = self._recover(unsaved, self.draft, reason)
        items = [f"{table} {ident}" for table, ident in sorted(unsaved)]
        if recovery is not None and items:
            items[-1] += f" ({recovery.where()}; printed in full below)"
        return items
