"""The review screen's panes: the highlighted note's detail and memos, the map and the list
taking the keys in turn, F1's help for the pane in focus, and the title with who is reviewing."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events, on
from textual.widgets import Input, Label, Static

from ppei_tui.domain.session import KIND_LABELS, Memo, format_offset
from ppei_tui.domain.template import slug
from ppei_tui.domain.wording import count as count_of
from ppei_tui.ui.edit import memo_line
from ppei_tui.ui.review_base import ReviewBase
from ppei_tui.ui.review_map import MapGrid
from ppei_tui.ui.review_widgets import NotesView, header_text
from ppei_tui.ui.shown import on_screen, shown_text
from ppei_tui.ui.typed import ppei_app
from ppei_tui.ui.widgets import describe_tags

TITLE_PADDING = 2  # cells of #title's padding (ppei.tcss: padding 0 1)
NAME_MIN = 16  # cells a CoP's or site's name keeps in a one-line title before it takes two
READ_ONLY = "  [read-only: open in another ppei]"


def cut_to(text: str, width: int) -> str:
    """`text` in at most `width` cells, ended with … when it is cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)).rstrip() + "…"


def show_text(static: Static, text: str) -> None:
    """`text` in `static`, only if it is not there yet: an update lays the whole screen out again,
    which costs more than a frame, and filtering re-highlights the same note on every key."""
    text = on_screen(text)  # a note's or memo's text: control characters drawn as signs
    if static.content != text:
        static.update(text)


class ReviewPanes(ReviewBase):
    """ReviewScreen's panes part (see the module docstring)."""

    def title_text(self, width: int = 0) -> str:
        """The title in `width` cells (0: any). Whole on one line if it fits; else on two, the
        names on the first and the rest on the second, if each fits; else on one line with the
        CoP's and the site's names cut with … (the longer first, neither below NAME_MIN
        cells); else on those two lines, each cut with … to the width. A long CoP name wrapped
        over four lines at 80 columns and took those rows from the notes list; the whole title
        is in F1's help (help_text)."""
        info = self.session.info
        cop, site, review = on_screen(info.cop), on_screen(info.site or "no site"), self._review_words()
        whole = f"Review: {cop} · {site} · {review}"
        if not width or cell_len(whole) <= width:
            return whole
        names = f"Review: {cop} · {site}"
        if cell_len(names) <= width and cell_len(review) <= width:  # two lines, nothing cut
            return f"{names}\n{review}"
        room = width - cell_len(f"Review:  ·  · {review}")
        cop_cells, site_cells = cell_len(cop), cell_len(site)
        while cop_cells + site_cells > room and max(cop_cells, site_cells) > NAME_MIN:
            if cop_cells >= site_cells:
                cop_cells -= 1
            else:
                site_cells -= 1
        if cop_cells + site_cells <= room:
            return f"Review: {cut_to(cop, cop_cells)} · {cut_to(site, site_cells)} · {review}"
        if not self.opened:  # the read-only warning first on its line, so a cut never hides it
            review = READ_ONLY.strip() + " " + review.removesuffix(READ_ONLY)
        return cut_to(names, width) + "\n" + cut_to(review, width)

    def _review_words(self) -> str:
        count = count_of(len(self.session.live_notes()), "note")
        state = "" if self.opened else READ_ONLY
        return on_screen(f"{self.session.info.date} · {count} · reviewing as {self.reviewer}{state}")

    def show_title(self) -> None:
        """The title fitted to the screen's width now (TITLE_PADDING: #title's padding)."""
        self.query_one("#title", Label).update(self.title_text(self.app.size.width - TITLE_PADDING))

    @property
    def help_text(self) -> Text:
        """F1's words over the keys: the session's whole title and file (the title on screen is
        cut to two lines when narrow)."""
        return shown_text(f"{self.title_text()}\nFile: {self.path}\n")

    def on_resize(self, event: events.Resize) -> None:
        self.show_title()

    @on(MapGrid.VerbChosen)
    def verb_chosen(self, event: MapGrid.VerbChosen) -> None:
        # The filter is asked for and the focus moved here, at once, not by the filter box's
        # Changed and a focus() that come later: a key typed straight after Enter ("Enter d" in
        # one burst) waits for this verb's rows (ReviewFilter.on_key) instead of acting on the
        # rows shown before.
        box, text = self.query_one("#filter", Input), f"#{event.element}.{slug(event.verb)}"
        with box.prevent(Input.Changed):
            box.value = text
        self.apply_filter(text)
        self.set_focus(self.query_one(NotesView))

    def apply_filter(self, text: str, notes_changed: bool = False) -> None:
        raise NotImplementedError  # ReviewFilter's, before this one in ReviewScreen's bases

    def action_switch_pane(self) -> None:
        notes, grid = self.query_one(NotesView), self.query_one(MapGrid)
        self.set_class(not grid.has_focus, "-map-open")  # shown before it is focused
        (notes if grid.has_focus else grid).focus()

    def on_descendant_focus(self) -> None:
        # Narrow, the map is shown in the detail's place only while it has the keys.
        self.set_class(isinstance(self.focused, MapGrid), "-map-open")

    def pane_help(self, node: object) -> tuple[str, list[tuple[str, str, str]]] | None:
        """What F1 lists for the focused pane (the list's and the map's own keys)."""
        if isinstance(node, NotesView):
            return "the notes list", [
                ("up,k,down,j", "Move to the note above / below", ""),
                ("pageup,pagedown", "A page up / down", ""),
                ("home,end", "The first / last note", ""),
            ]
        if isinstance(node, MapGrid):
            return "the map", [
                ("up,down,left,right", "Move between verbs", ""),
                ("pageup,pagedown", "A page up / down", "Through the bands of a map too large to show whole"),
                ("enter", "Show this verb's notes", "Filters the list to the verb and goes back to it"),
                ("escape", "Back to the notes", ""),
            ]
        if isinstance(node, Input):
            return "the filter", [("enter", "Back to the notes, filter kept", "")]
        return None

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    @on(Input.Submitted, "#filter")
    def filter_done(self, event: Input.Submitted) -> None:
        event.stop()  # the filter moved the focus to the notes itself (its enter_focus), at once

    @on(NotesView.ColumnsChanged)
    def columns_changed(self, event: NotesView.ColumnsChanged) -> None:
        self.query_one("#notes-header", Static).update(header_text(event.columns))

    # --- detail ----------------------------------------------------------------------------
    @on(NotesView.Highlighted)
    def highlighted(self, event: NotesView.Highlighted) -> None:
        note = event.note
        detail = self.query_one("#note-detail", Static)
        if note is None:
            show_text(detail, "No note matches.")
            return
        lines = [
            ("DELETED (d restores it) · " if note.deleted else "")
            + f"Note {note.id} · {format_offset(note.offset_seconds)} · "
            f"{note.agenda_item or '(no agenda item)'} · "
            f"{KIND_LABELS[note.kind]} · {note.evidence}",
            note.text,
            describe_tags(note),
        ]
        if note.history:
            lines.append(f"{len(note.history)} change(s); h shows the history")
        show_text(detail, "\n".join(lines))
        self.show_memos()

    def show_memos(self) -> None:
        zone = self.config.clock().tzinfo  # memo times in the reviewer's zone, offsets shown
        lines = [memo_line(m, zone) for m in self.memos_in_view(include_deleted=False)]
        shown = ("Memos\n" + "\n".join(lines)) if lines else ""
        late = [label for label in self.session.attendee_labels() if ", arrived " in label]
        if late:  # the arrival events, which the notes list does not show
            shown = "Arrived late: " + "; ".join(late) + ("\n" + shown if shown else "")
        show_text(self.query_one("#memos", Static), shown)

    def memos_in_view(self, include_deleted: bool) -> list[Memo]:
        """The session's memos and those on the highlighted note."""
        note = self.query_one(NotesView).current
        targets = (None, note.id if note else None)
        memos = self.session.memos if include_deleted else self.session.live_memos()
        return [m for m in memos if m.note_id in targets]

    def action_reviewer(self) -> None:
        """i: change who is reviewing (a second researcher at the same computer)."""
        app = ppei_app(self)

        def answered(name: str | None) -> None:
            if name:  # saved by the prompt already (app.set_reviewer)
                self.reviewer = app.reviewer
                self.show_title()
                self.notify(f"Edits and memos from now on are credited to {self.reviewer}.")

        app.ask_reviewer(answered)
