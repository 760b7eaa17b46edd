"""Small modal screens: the agenda prompt, confirmations, help (the tag picker is in tag_picker)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, TextArea

from ppei_tui.domain.tags import TokenExamples
from ppei_tui.ui.help import Dialog, HelpKey
from ppei_tui.ui.question_guard import GuardedQuestion
from ppei_tui.ui.shown import on_screen, shown_text
from ppei_tui.ui.tag_input import TagInput
from ppei_tui.ui.unsaved import AsksBeforeClosing


class TextPrompt(Dialog[str | None]):
    """One line of text, pre-filled; Enter accepts, Esc cancels.

    `check` (optional) is asked about the text on Enter: None accepts it; a message keeps the
    dialog open with the text as typed and shows the message in it, so it can be corrected."""

    help_title = "A question"

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        hint: str = "",
        suggester=None,
        select: bool = True,
        check: Callable[[str], str | None] | None = None,
        paste_separator: str = " ",
    ):
        super().__init__()
        self.paste_separator = paste_separator  # joins a pasted list's lines (TagInput)
        self.title_text = title
        self.help_title = title  # F1's title names the question ("Agenda item"), not the class
        self.value = value
        self.hint = hint
        self.suggester = suggester
        self.select = select
        self.check = check

    def help_keys(self) -> list[HelpKey]:
        keys = [HelpKey("enter", "Accept", "Use the text as it is in the box")]
        if self.suggester is not None:
            keys.append(HelpKey("tab,right", "Complete", "Accept the suggested tag or name (grey text)"))
        return keys

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label(shown_text(self.title_text))  # may name a verb, a file: never markup
            field = TagInput(
                value=self.value, id="prompt-input", suggester=self.suggester, select_on_focus=self.select
            )
            field.paste_separator = self.paste_separator
            yield field
            if self.hint:
                yield Label(shown_text(self.hint), classes="hint")
            yield Label("", id="prompt-problem", classes="problem", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        answer = event.value.strip()
        problem = self.check(answer) if self.check is not None and answer else None
        if problem:
            shown = self.query_one("#prompt-problem", Label)
            shown.update(on_screen(f"⚠ {problem}"))
            shown.add_class("-shown")
            return
        self.dismiss(answer or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskingPrompt(AsksBeforeClosing, TextPrompt):
    """A TextPrompt that never loses typed text: Esc, or Ctrl+Q while it is open, asks before
    it is lost (ui/unsaved.py), as review's memo and edit dialogs do. Used for every prompt a
    person types something of their own into: review's `t` tags, observe's agenda item and late
    arrival, the reviewer's initials, shade's comment. Text as it was pre-filled (or only
    emptied) is no change: Esc closes at once.

    `on_save(text)` is called as the dialog closes (Enter, or s in the question), before a quit
    that follows, which so finds the change made; `check` (TextPrompt's) refuses text that cannot be
    saved, the dialog staying open with it. `what` names the text in the question ("The
    agenda item")."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close (asks first if text was typed)")]

    def __init__(self, *args, on_save: Callable[[str], None] | None = None, what: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.on_save = on_save
        if what:
            self.unsaved_what = what

    def _typed(self) -> str:
        return self.query_one("#prompt-input", Input).value.strip()

    def changed(self) -> bool:
        return self._typed() not in ("", self.value.strip())  # review's "#" alone is nothing typed

    def quoted(self) -> str:
        return self._typed()

    def save_now(self) -> bool:
        answer = self._typed()
        if not answer:  # nothing to save: Enter on an empty box closes, as TextPrompt's does
            self.dismiss(None)
            return True
        problem = self.check(answer) if self.check is not None else None
        if problem:
            shown = self.query_one("#prompt-problem", Label)
            shown.update(on_screen(f"⚠ {problem}"))
            shown.add_class("-shown")
            return False
        # Closed first: what on_save reports goes to the screen beneath's notice line.
        self.dismiss(None if self.quitting else answer)
        if self.on_save is not None:
            self.on_save(answer)
        return True

    def close_unsaved(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save_now()

    def action_cancel(self) -> None:
        self.ask_before_closing()


class KeepingPrompt(AskingPrompt):
    """Observe's agenda and late-arrival prompts: Esc never asks, it closes at once and hands
    the typed text to `on_keep`, which keeps it pending on the observe screen (offered again,
    pre-filled, by the prompt's key). An observer types without looking: the question asked on
    Esc took the next keys typed as its answer ('e' of "the" kept editing, 's' took the text
    up, 'd' discarded it) and the note they began was lost. Ctrl+Q while it is open still asks
    (a deliberate quit), and `ask_on_mount` asks at once when it is reopened by a quit.

    `base` is the text it offers of itself (the next planned agenda item): that, or an emptied
    box, is nothing typed, and `on_keep` gets "" (nothing pending).

    `on_typed(text)` hears every change of what is typed (stripped; "" when nothing is), so the
    screen keeps it on disk as it keeps the note being typed (ui/prompt_texts.py); `on_discard`
    hears `d` in the question, which drops the text."""

    def __init__(
        self,
        *args,
        on_keep: Callable[[str], None],
        base: str = "",
        ask_on_mount: tuple[Callable[[], None], str] | None = None,
        on_typed: Callable[[str], None] | None = None,
        on_discard: Callable[[], None] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.on_keep = on_keep
        self.base = base
        self.ask_on_mount = ask_on_mount  # (then, then_words) of the quit that reopened it
        self.on_typed = on_typed
        self.on_discard = on_discard

    def kept_text(self) -> str:
        """What Esc would keep pending: the typed text, or "" when nothing is typed."""
        return self._typed() if self.changed() else ""

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.on_typed is not None:
            self.on_typed(self.kept_text())

    def close_unsaved(self) -> None:
        super().close_unsaved()
        if self.on_discard is not None:
            self.on_discard()

    def on_mount(self) -> None:
        if self.ask_on_mount is not None:
            then, words = self.ask_on_mount
            # Asked from the app, as Ctrl+Q asks an open prompt: a result callback runs on the
            # message pump that pushed its screen, and this prompt is gone once answered, so
            # the leave dialog `then` pushes would answer to no one.
            self.app.call_next(self.ask_before_closing, then=then, then_words=words)

    def changed(self) -> bool:
        # Pre-filled with its pending text, that text unchanged is still something typed.
        return self._typed() not in ("", self.base.strip())

    def action_cancel(self) -> None:
        kept = self.kept_text()
        self.dismiss(None)
        self.on_keep(kept)

    def save_on_signal(self) -> str | None:
        """SIGTERM/SIGHUP: nothing is taken up that the observer did not take up. The typed text
        is already the observe screen's (`on_typed`), which writes it to the session file as
        the app leaves (prompt_texts), so `observe --resume` offers it back pending, as after
        kill -9. Taking it up here stamped the item with the signal's moment, after notes begun
        before it."""
        return None


class TagsPrompt(AskingPrompt):
    """Review's `t` prompt (tokens to add to a note, starting with "#"): nothing typed after the
    "#" adds nothing and closes."""

    unsaved_what = "The tags"

    def save_now(self) -> bool:
        if not self.changed():  # nothing typed after the "#": nothing to add
            self.dismiss(None)
            return True
        return super().save_now()


class Confirm(Dialog[bool], GuardedQuestion):
    help_title = "Confirm"
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str):
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label(shown_text(self.question))
            yield Label("y / Enter: yes    n / Esc: no", classes="hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


# Prose paragraphs are one line each (the help box wraps them to its width; a line broken by
# hand here broke again, badly, in a narrower box); the token table keeps its own lines.
HELP_TEXT = """\
[b]Writing notes[/b]
Type a note and press Enter. Its time is taken when you start typing it, and it shows ✓ once \
it is safely on disk (… while saving, ✗ UNSAVED if the disk refused; it is retried by itself).

[b]Tags inside the text[/b]   (Tab or → accepts the suggested completion)
{tags}
  !q  !r  !o                kind: verbatim quote, observer reflection, observation
  !i  !s                    inferred (below the waterline) or seen
Case, accents, spaces and hyphens do not matter (#reframing is Ré-framing). A note that starts \
with a quotation mark is a verbatim quote. Tokens stay in the text; one that cannot be \
understood is named in a warning and the note is kept as typed.

[b]Other commands[/b]
  ppei map SESSION           shaded map in the terminal
  ppei templates             list templates;  ppei templates check FILE  validates one
"""


def tag_help_lines(examples: TokenExamples) -> str:
    """The tag syntax, shown with tokens of the loaded template (issue 16 §3); plain text, for
    the observe screen's help to put between its markup as Text."""
    rows = [
        ((examples.verb, examples.verb_prefix), "a verb; any unambiguous beginning will do"),
        ((examples.qualified, examples.qualified_short), "element code (or name), dot, verb"),
        ((examples.practice, examples.practice_prefix), "practice set"),
        ((examples.speaker, examples.role), "speaker: an attendee's pseudonym or a role (spaces as -)"),
    ]
    lines = []
    for tokens, meaning in rows:
        shown = "  ".join(dict.fromkeys(t for t in tokens if t))
        if shown:
            lines.append(f"  {shown:<24}  {meaning}")
    return "\n".join(lines)


class MemoArea(TextArea):
    """A memo's text area: control characters in the memo drawn as signs (ui/shown.py)."""

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        shown = on_screen(line.plain)
        return line if shown == line.plain else Text(shown, end="", no_wrap=True)


class MemoPrompt(AsksBeforeClosing, Dialog[str | None]):
    """A memo of several lines (Enter starts a new line); Ctrl+S saves, Esc cancels (asking
    first if the text was changed, ui/unsaved.py). `on_save(text)` is called with the text
    before the dialog closes (its result is the same text; None if it is empty)."""

    help_title = "Writing a memo"
    unsaved_what = "The memo"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="memo.save", tooltip="Save the memo (kept with its history)"),
        Binding("escape", "cancel", "Cancel", id="memo.cancel", tooltip="Close (asks first if changed)"),
    ]

    def __init__(self, title: str, value: str = "", on_save: Callable[[str], None] | None = None):
        super().__init__()
        self.title_text = title
        self.value = value
        self.on_save = on_save

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box", id="memo-box"):
            yield Label(shown_text(self.title_text))  # may name a verb, a file: never markup
            yield MemoArea(self.value, id="memo-text", soft_wrap=True, tab_behavior="focus")
            yield Label("Enter: new line · Ctrl+S saves · Esc cancels", classes="hint")

    def help_keys(self) -> list[HelpKey]:
        return [HelpKey("enter", "New line", "A memo may have several lines; Ctrl+S saves it")]

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def _text(self) -> str:
        return self.query_one(TextArea).text.strip()

    def changed(self) -> bool:
        return self._text() not in ("", self.value.strip())  # an emptied memo is not saved

    def quoted(self) -> str:
        return self._text()

    def save_now(self) -> bool:
        text = self._text() or None
        if text and self.on_save is not None:
            self.on_save(text)
        self.dismiss(text)
        return True

    def close_unsaved(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        self.save_now()

    def action_cancel(self) -> None:
        self.ask_before_closing()
