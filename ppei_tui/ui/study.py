"""The study view: the marked sessions as one study, a meeting per row with its normalised
figures, a trend chart per element (or practice set), the sites side by side. Enter opens the
highlighted meeting in review; p writes the study PDF in a worker.

Charts: textual-plotext (Textualize's own wrapper of plotext), chosen because it is kept by the
Textual team, follows the app's theme and draws in any terminal with no image protocol.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static
from textual_plotext import PlotextPlot

from ppei_tui.config import Config
from ppei_tui.domain.study import Dimension, Study, StudyError, StudySource, build_study
from ppei_tui.domain.wording import count as count_of
from ppei_tui.outputs.study_pdf_charts import month_label, segments
from ppei_tui.outputs.study_text import dimension_words, meeting_table, plain_table, site_table
from ppei_tui.ui.footer import KeyFooter
from ppei_tui.ui.messages import Notice
from ppei_tui.ui.shown import on_screen, shown_text
from ppei_tui.ui.study_tables import fitted_tables
from ppei_tui.ui.typed import ppei_app

# Colour names both plotext and Rich know, so the legend beside the charts matches the lines.
GROUP_COLOURS = ["blue", "red", "green", "yellow", "cyan", "magenta"]


def group_legend(study: Study) -> Text:
    """Which colour is which CoP and site in the trend charts."""
    legend = Text("Trend lines: ")
    for index, ((cop, site), _) in enumerate(study.groups()):
        legend.append("━━ ", style=GROUP_COLOURS[index % len(GROUP_COLOURS)])
        legend.append(on_screen(f"{cop} · {site}   " if site else f"{cop}   "))
    return legend


def make_study(sources: list[StudySource], include_unfinished: bool) -> Study:
    """The study of the chosen sessions (raises StudyError, e.g. for mixed templates)."""
    return build_study(sources, include_unfinished=include_unfinished)


class TrendChart(PlotextPlot):
    """One element's (or practice set's) share of tags per month, a line per CoP and site;
    a month a group did not meet breaks its line."""

    def __init__(self, study: Study, dimension: Dimension, key: str, label: str):
        super().__init__(classes="trend")
        self.study, self.dimension, self.key, self.label = study, dimension, key, label

    def on_mount(self) -> None:
        super().on_mount()
        self.draw()

    def draw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        months = self.study.months()
        plt.title(on_screen(f"{self.label}: share of tags (%)"))
        for index, series in enumerate(self.study.trend(self.dimension, self.key)):
            colour = GROUP_COLOURS[index % len(GROUP_COLOURS)]
            for run in segments(series):
                xs = [month + 1 for month, _ in run]
                ys = [100 * share for _, share in run]
                plt.plot(xs, ys, color=colour, marker="braille")
        every = max(1, len(months) // 6)
        ticks: list[float] = list(range(1, len(months) + 1, every))
        plt.xticks(ticks, [month_label(months[int(t) - 1]) for t in ticks])
        plt.xlim(0.5, len(months) + 0.5)
        highest = max(
            (100 * f.share for s in self.study.trend(self.dimension, self.key) for f in s.figures if f),
            default=0,
        )
        top = max(10, -(-int(highest) // 10) * 10)
        plt.ylim(0, top)
        plt.yticks([float(v) for v in range(0, top + 1, 10 if top <= 50 else 20)])
        self.refresh()


class StudyReady(Message):
    """A study built in a worker from the sessions list, ready to show."""

    def __init__(self, sources: list[StudySource], study: Study, include_unfinished: bool = False):
        super().__init__()
        self.sources, self.study, self.include_unfinished = sources, study, include_unfinished


class StudyScreen(Screen):
    DEFAULT_CSS = """
    #study-body { scrollbar-gutter: stable; }
    #study-tables { height: auto; }
    #study-tables DataTable { height: auto; max-height: 60vh; }
    #study-tables DataTable.continued { margin: 1 0 0 0; }
    #study-trends { grid-size: 2; grid-gutter: 0 1; height: auto; }
    #study-trends .trend { height: 14; }
    #study-notes, #study-sites, #study-legend { height: auto; margin: 1 0 0 0; }
    """
    BINDINGS = [
        Binding("b", "toggle_dimension", "By element/practice", id="study.by"),
        Binding(
            "u", "toggle_unfinished", "Unfinished", id="study.unfinished", tooltip="Count unfinished too"
        ),
        Binding("p,ctrl+p", "pdf", "PDF", id="study.pdf", tooltip="Write the study PDF"),
        Binding("escape", "app.pop_screen", "Back", id="study.back"),
    ]

    def __init__(
        self, sources: list[StudySource], study: Study, config: Config, include_unfinished: bool = False
    ):
        super().__init__()
        self.sources = sources
        self.study = study
        self.config = config
        self.dimension = Dimension.ELEMENT
        self.include_unfinished = include_unfinished
        self.table_shapes: list[list[str]] = []  # the column heads of each meeting table shown

    def compose(self) -> ComposeResult:
        yield Label("", id="title", markup=False)
        with VerticalScroll(id="study-body"):
            yield Static("", id="study-notes", markup=False)
            yield Vertical(id="study-tables")  # the meetings: one table, or split to fit (study_tables)
            yield Static("", id="study-legend")
            yield Grid(id="study-trends")
            yield Static("", id="study-sites", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.fill()

    def on_resize(self) -> None:
        # Laid out again only when the split changes: a resize that keeps it keeps the cursor.
        parts = fitted_tables(meeting_table(self.study, self.dimension), self.size.width)
        if [part.headers for part in parts] != self.table_shapes:
            self.fill_tables()

    def fill(self) -> None:
        study, dimension = self.study, self.dimension
        first, last = study.date_range()
        word = dimension_words(dimension)[0]
        self.query_one("#title", Label).update(
            f"Study: {count_of(len(study.meetings), 'meeting')}, {first} to {last}, "
            f"{count_of(len(study.cops()), 'CoP')}, "
            f"{count_of(len(study.sites()), 'site')} · per {word} · Enter opens a meeting"
        )
        notes = [
            f"Each {word} cell: share bar, share of tags, per 100 notes, count.",
            *[f"Skipped {s.path.name}: {s.reason}" for s in study.skipped],
            *[f"Warning: {w}" for w in study.warnings],
        ]
        self.query_one("#study-notes", Static).update(on_screen("\n".join(notes)))
        self.fill_tables()
        self.query_one("#study-legend", Static).update(group_legend(study))
        trends = self.query_one("#study-trends", Grid)
        trends.remove_children()
        trends.mount_all(
            TrendChart(study, dimension, key, label) for key, label in study.categories(dimension)
        )
        sites = site_table(study, dimension)
        self.query_one("#study-sites", Static).update(
            on_screen(
                "Sites side by side, pooled over each site's meetings\n\n" + "\n".join(plain_table(sites))
            )
        )

    def fill_tables(self) -> None:
        """The meeting table, or its parts when it is wider than the screen (study_tables):
        each a DataTable whose rows are the meetings (Enter in any opens that meeting). The
        tables already shown are filled again, so focus and the first table stay where they are."""
        holder = self.query_one("#study-tables", Vertical)
        parts = fitted_tables(meeting_table(self.study, self.dimension), self.size.width)
        self.table_shapes = [part.headers for part in parts]
        shown = list(holder.query(DataTable).results(DataTable))
        for extra in shown[len(parts) :]:
            extra.remove()
        added: list[DataTable[Text]] = []
        for number, part in enumerate(parts):
            if number < len(shown):
                table = shown[number]
                table.clear(columns=True)
            else:
                table = DataTable(
                    id="study-table" if number == 0 else f"study-table-{number + 1}",
                    classes="continued" if number else "",
                    cursor_type="row",
                    zebra_stripes=True,
                )
                added.append(table)
            # Text, never str: a DataTable reads a str label or cell as markup (names, sites).
            for header in part.headers:
                table.add_column(shown_text(header), key=header.replace("\n", " "))
            for meeting, row in zip(self.study.meetings, part.rows, strict=True):
                table.add_row(*(shown_text(cell) for cell in row), key=str(meeting.path), height=None)
        holder.mount_all(added)
        if self.focused is None:
            (shown or added)[0].focus()

    @on(DataTable.RowSelected)
    def open_meeting(self, event: DataTable.RowSelected) -> None:
        ppei_app(self).open_review(str(event.row_key.value))

    def action_toggle_dimension(self) -> None:
        self.dimension = Dimension.PRACTICE if self.dimension is Dimension.ELEMENT else Dimension.ELEMENT
        self.fill()

    def action_toggle_unfinished(self) -> None:
        try:
            study = make_study(self.sources, not self.include_unfinished)
        except StudyError as error:
            self.notify(str(error), title="Study", severity="error", timeout=10)
            return
        self.include_unfinished = not self.include_unfinished
        self.study = study
        self.notify("Unfinished sessions " + ("counted" if self.include_unfinished else "skipped"), timeout=3)
        self.fill()

    def action_pdf(self) -> None:
        first, last = self.study.date_range()
        output = self.config.sessions_dir / f"study-{first}-to-{last}.pdf"
        self.write_pdf([m.path for m in self.study.meetings], output)

    @work(thread=True, exit_on_error=False, group="report")
    def write_pdf(self, paths: list[Path], output: Path) -> None:
        """Re-read the files (so the provenance hashes are of what is on disk now) and write
        the PDF beside the sessions; the view stays usable meanwhile."""
        from ppei_tui.outputs.study_command import load_sources
        from ppei_tui.outputs.study_output import write_output

        self.post_message(Notice("Study PDF", f"Writing {output.name}…", timeout=3))
        try:
            loaded = load_sources(paths)
            if loaded.unreadable:
                raise StudyError("; ".join(loaded.unreadable))
            study = make_study(loaded.sources, self.include_unfinished)
            # Writing the study again replaces its earlier PDF, never a session file.
            summary = write_output(study, self.dimension, "pdf", output, True, self.config)
        except Exception as error:  # shown; the app carries on
            self.post_message(Notice.failure("Study PDF failed", error))
            return
        self.post_message(Notice("Study PDF written", summary, timeout=10))
