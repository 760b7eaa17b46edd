"""F8's export: the formats as a list to choose from, and the output path proposed next to the
session file and editable (the idea of harlequin's export screen)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ppei_tui.storage.targets import export_name
from ppei_tui.ui.help import Dialog, HelpKey
from ppei_tui.ui.ordered_input import OrderedInput
from ppei_tui.ui.shown import on_screen, shown_text

FORMAT_NOTES = {
    "qdpx": "REFI-QDA project: opens in NVivo, ATLAS.ti, MAXQDA, QualCoder",
    "qdc": "REFI-QDA codebook: the template's codes only",
    "csv": "one row per note, a column per code",
    "csv-long": "one row per note and code (for R, pandas, a spreadsheet pivot)",
    "json": "everything, with its JSON Schema",
    "md": "a readable Markdown summary",
}


def proposed_output(session_path: Path, fmt: str, suffixes: dict[str, str]) -> Path:
    """Beside the session file, named after it as `ppei export` names it (`<stem>.export.csv`:
    never the session file's own name)."""
    return export_name(session_path, suffixes[fmt], "long" if fmt == "csv-long" else "")


class ExportDialog(Dialog[tuple[str, Path] | None]):
    """Answers (format, output path), or None if cancelled."""

    help_title = "Exporting the session"
    BINDINGS = [
        Binding("ctrl+s", "export", "Export", id="export.go", tooltip="Write the export to the path shown"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(self, session_path: Path, suffixes: dict[str, str], chosen: str = "qdpx"):
        super().__init__()
        self.session_path = session_path
        # The commonest first (as FORMAT_NOTES lists them), any format it does not know after.
        order = [f for f in FORMAT_NOTES if f in suffixes] + [f for f in suffixes if f not in FORMAT_NOTES]
        self.suffixes = {fmt: suffixes[fmt] for fmt in order}
        self.format = chosen if chosen in suffixes else next(iter(suffixes))
        self.path_edited = False

    def compose(self) -> ComposeResult:
        options = [Option(f"{fmt:<9} {FORMAT_NOTES.get(fmt, '')}", id=fmt) for fmt in self.suffixes]
        with Vertical(classes="modal-box", id="export-box"):
            yield Label(shown_text(f"Export {self.session_path.name}"), classes="section")
            yield Label("Export format (↑/↓; Enter moves to the path)", classes="field-label")
            yield OptionList(*options, id="export-formats")
            yield Label("Write to (edit freely)", classes="field-label")
            yield OrderedInput(
                str(proposed_output(self.session_path, self.format, self.suffixes)), id="export-path"
            )
            yield Static("", id="export-problem", markup=False)
            yield Label("Enter on the path or Ctrl+S exports · Esc cancels · F1 help", classes="hint")

    def help_keys(self) -> list[HelpKey]:
        return [
            HelpKey("up,down", "Choose the format", "The path follows it until you edit the path"),
            HelpKey("enter", "On the format: to the path; on the path: export"),
            HelpKey("tab,shift+tab", "Between the format list and the path"),
        ]

    def on_mount(self) -> None:
        formats = self.query_one(OptionList)
        formats.highlighted = list(self.suffixes).index(self.format)
        formats.focus()

    @on(OptionList.OptionHighlighted, "#export-formats")
    def format_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.format = str(event.option.id)
        if not self.path_edited:  # follow the format until the person types a path of their own
            path = self.query_one("#export-path", Input)
            path.value = str(proposed_output(self.session_path, self.format, self.suffixes))

    @on(OptionList.OptionSelected, "#export-formats")
    def format_chosen(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Changed, "#export-path")
    def path_changed(self, event: Input.Changed) -> None:
        expected = str(proposed_output(self.session_path, self.format, self.suffixes))
        self.path_edited = event.value != expected

    @on(Input.Submitted, "#export-path")
    def path_submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        problem = self._problem(text)
        if problem:
            self.query_one("#export-problem", Static).update(on_screen(problem))
            return
        self.dismiss((self.format, Path(text).expanduser()))

    def _problem(self, text: str) -> str:
        if not text:
            return "Give a path to write to."
        path = Path(text).expanduser()
        if path.resolve() == self.session_path.resolve():
            return "That is the session file itself: choose another name."
        if not path.parent.is_dir():
            return f"No such folder: {path.parent}"
        if path.is_dir():
            return f"{path} is a folder: add a file name."
        return ""

    def action_cancel(self) -> None:
        self.dismiss(None)
