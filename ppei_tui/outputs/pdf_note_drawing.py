"""How the session summary draws a field note or an analytic memo: the text exactly as typed,
in runs of fonts per script, tag tokens in grey, a reflection and an under-coded note marked,
the speaker, evidence and tags after it (outputs/pdf_notes.py lays the runs out).
"""

from __future__ import annotations

from ppei_tui.domain.analysis import typed_with_quotes
from ppei_tui.domain.session import Memo, Note, Session, format_offset
from ppei_tui.domain.tags import TOKEN
from ppei_tui.outputs.pdf_bidi import has_rtl, rtl_paragraph
from ppei_tui.outputs.pdf_fonts import FontSet
from ppei_tui.outputs.pdf_notes import NoteFlowable, Run, embed_ltr, isolated

BODY_SIZE = 9.5
TOKEN_COLOUR = "#8A8F96"
REFLECTION_COLOUR = "#6C3483"
UNRESOLVED_COLOUR = "#B03A2E"
# What the app adds around a note's text, each kept whole and in its place in reading order
# (before the text, after it) whatever the note's direction: pdf_notes.isolated.
PREFIX, DETAILS, WARNING = 1, 2, 3


class NoteDrawing:
    """Draws the notes and memos of `session` with `fonts` (mixed into the report's builder)."""

    fonts: FontSet
    session: Session

    def text_runs(self, text: str, font: str, size: float, colour: str, place: str = "") -> list[Run]:
        """Typed text as runs, falling back to other fonts per script where needed; `place`
        names where it is (FontSet.runs); a character `font` lacks is drawn in the regular face."""
        runs = self.fonts.runs(text, place, font)
        return [Run(segment, fallback or font, size, colour) for segment, fallback in runs]

    def note_runs(self, text: str, font: str, colour: str, rtl: bool = False, place: str = "") -> list[Run]:
        """The note exactly as typed, with its tag tokens in grey (kept left to right, whole,
        inside a right-to-left note)."""
        runs, last = [], 0
        for match in TOKEN.finditer(text):
            runs += self.text_runs(text[last : match.start()], font, BODY_SIZE, colour, place)
            token = self.text_runs(match.group(0), font, BODY_SIZE, TOKEN_COLOUR)
            runs += embed_ltr(token) if rtl else token
            last = match.end()
        return runs + self.text_runs(text[last:], font, BODY_SIZE, colour, place)

    def note_flowable(self, note: Note, with_tags: bool) -> NoteFlowable:
        fonts = self.fonts
        font, colour, runs = fonts.regular, "#000000", []
        rtl = _rtl(note.text)
        if note.kind == "quote":
            font = fonts.italic
        elif note.kind == "reflection":
            colour = REFLECTION_COLOUR
            runs += isolated([Run("Observer reflection: ", fonts.bold, BODY_SIZE, colour)], PREFIX)
        quoted = note.kind == "quote" and not typed_with_quotes(note.text)
        if not note.text.strip():
            runs.append(Run("(empty note)", fonts.italic, BODY_SIZE, "#666666"))
        else:
            place = f"the note at {format_offset(note.offset_seconds)}"
            runs += ([Run("\u201c", font, BODY_SIZE, colour)] if quoted else []) + self.note_runs(
                note.text, font, colour, rtl, place
            )
            runs += [Run("\u201d", font, BODY_SIZE, colour)] if quoted else []
        details = []
        if note.speaker or note.speaker_role:
            details.append(f"{note.speaker} ({note.speaker_role})" if note.speaker else note.speaker_role)
        if note.evidence == "inferred":
            details.append("inferred")
        if with_tags and note.tags:
            details.append(", ".join(t.label() for t in note.tags))
        if with_tags and note.practice_sets:
            details.append(", ".join(note.practice_sets))
        if details:
            runs += isolated(
                self.text_runs(f"  [{'; '.join(details)}]", fonts.regular, 7.5, "#666666"), DETAILS
            )
        if note.unresolved:
            tokens = ", ".join(problem.partition(": ")[0] for problem in note.unresolved)
            warning = f"  \u26a0 may be under-coded, not understood: {tokens}"
            runs += isolated(self.text_runs(warning, fonts.bold, 7.5, UNRESOLVED_COLOUR), WARNING)
        label = Run(format_offset(note.offset_seconds), fonts.bold, BODY_SIZE, "#000000")
        return NoteFlowable(label, runs, leading=12.5, indent=48, rtl=rtl)

    def memo_flowable(self, memo: Memo) -> NoteFlowable:
        target = "the session"
        if memo.note_id:
            try:
                note = self.session.note(memo.note_id)
                target = f"note at {format_offset(note.offset_seconds)} (\u201c{note.text[:60]}\u201d)"
            except KeyError:
                target = f"note {memo.note_id}"
        # The app's words before the memo, kept whole in their place (first in reading order) in a
        # right-to-left memo, as a reflection's "Observer reflection:" is
        runs = isolated(
            self.text_runs(
                f"On {target}, by {memo.by or 'unnamed'}: ", self.fonts.bold, BODY_SIZE, "#1B3A5C"
            ),
            PREFIX,
        )
        place = f"the memo of {memo.created[:10]}"
        runs += self.text_runs(memo.text, self.fonts.regular, BODY_SIZE, "#000000", place)
        label = Run(memo.created[:10], self.fonts.bold, 8, "#555555")
        return NoteFlowable(label, runs, leading=12.5, indent=56, rtl=_rtl(memo.text))


def _rtl(text: str) -> bool:
    """A note or memo is a right-to-left paragraph when its first strong letter is RTL."""
    return has_rtl(text) and rtl_paragraph(text)
