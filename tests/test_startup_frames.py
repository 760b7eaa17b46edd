"""The observe screen is whole in fewer frames (issue 12 §3, start-up): a new session's map is
drawn in the first frame (nothing to count: no worker, no second layout), and a resize that
changes nothing the map panel shows does not draw it again."""

from __future__ import annotations

from textual.widgets import Static

from ppei_tui.domain.session import Note
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.map_panel import MapPanel
from ppei_tui.ui.observe_map import ObserveMap

SIZE = (140, 40)


def count_workers(monkeypatch) -> list[int]:
    counted: list[int] = []
    real = ObserveMap._count_map
    monkeypatch.setattr(
        ObserveMap, "_count_map", lambda self, notes: counted.append(len(notes)) or real(self, notes)
    )
    return counted


def count_map_updates(monkeypatch) -> list[object]:
    """Every update of the map panel's content (what it was given)."""
    updates: list[object] = []
    real = Static.update

    def update(self, *args, **kwargs):
        if self.id == "map-content":
            updates.append(args[0] if args else None)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Static, "update", update)
    return updates


async def test_a_new_sessions_map_is_drawn_at_once_without_a_worker(app_for, monkeypatch):
    counted = count_workers(monkeypatch)
    updates = count_map_updates(monkeypatch)
    app, _path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = pilot.app.screen.query_one(MapPanel)
        assert panel.counts is not None and panel.pages  # the map is there
        assert panel.counts.notes_counted == 0
        assert len(updates) == 1  # drawn once: at mount, not again when the panel was laid out
        await pilot.press(*"Chair opens #eng", "enter")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.counts.element_total("P") == 1  # the saved note moved the map as before
    assert counted == []  # no note to count: no worker


async def test_a_resumed_session_with_notes_is_still_counted_in_a_worker(
    config, store, make_info, clock, monkeypatch
):
    counted = count_workers(monkeypatch)
    opened = store.create(make_info())
    for number in range(1, 4):
        opened.save_note(Note(number, f"note {number}", clock().isoformat(), float(number)))
    path = opened.path
    opened.close()
    app = PpeiApp(config, store, store.open(path), is_new=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen.query_one(MapPanel).counts.notes_counted == 3
    assert counted == [3]


async def test_a_resize_that_changes_nothing_shown_does_not_draw_the_map_again(app_for, monkeypatch):
    updates = count_map_updates(monkeypatch)
    app, _path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        drawn = len(updates)
        panel = pilot.app.screen.query_one(MapPanel)
        width = panel.size.width
        await pilot.resize_terminal(150, 40)  # the panel is wider, the grid fits as before
        await pilot.pause()
        assert panel.size.width == width + 10 and len(panel.pages) == 1
        assert len(updates) == drawn  # the same page: not drawn again
        await pilot.resize_terminal(60, 24)  # too narrow for the grid: drawn again, in pages
        await pilot.pause()
        assert len(updates) > drawn and len(panel.pages) > 1


async def test_the_logs_empty_lines_follow_a_change_of_look(app_for):
    """Lines below the last entry are one kept Strip per width (the log's style is not looked
    up once per line and frame), and a theme change draws them in the new look."""
    from ppei_tui.ui.note_log import NoteLog

    app, _path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        log = pilot.app.screen.query_one(NoteLog)
        below = log.size.height - 1  # a new session logs two lines (start, agenda item)
        dark = log.render_line(below)
        assert dark.text.strip() == "" and dark.cell_length == log._width()
        assert log.render_line(below) is dark  # kept, not made again
        assert {s.style for s in dark} == {log.rich_style}
        pilot.app.theme = "textual-light"
        await pilot.pause()
        light = log.render_line(below)
        assert {s.style for s in light} == {log.rich_style} != {s.style for s in dark}


async def test_a_new_sessions_log_is_laid_out_before_its_first_resize(app_for, monkeypatch):
    """The log lays its entries out as they come, at the width it will have, so the screen's
    first layout knows its height and the first frame draws them; its first resize then has
    nothing to lay out again (no layout refresh, no second frame for the log)."""
    from ppei_tui.ui.note_log import Columns, NoteLog

    at_resize: list[tuple[int, int, int, bool]] = []
    real = NoteLog.on_resize

    def on_resize(log: NoteLog) -> None:
        exact = Columns.for_width(log._width(), log.largest_id)
        at_resize.append((log.virtual_size.height, len(log.heights), len(log.entries), log.columns == exact))
        real(log)

    monkeypatch.setattr(NoteLog, "on_resize", on_resize)
    app, _path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        log = pilot.app.screen.query_one(NoteLog)
        assert "session started" in log.render_line(0).text
    entries = len(log.entries)
    assert entries >= 2 and at_resize[0] == (entries, entries, entries, True)  # one line a marker


async def test_a_log_narrower_than_expected_is_laid_out_again_at_its_width():
    """The width expected before the first layout is the screen's; a log given less lays its
    entries out again at its first resize, as before (heights exact, lines within its width)."""
    from textual.app import App, ComposeResult

    from ppei_tui.domain.session import Note
    from ppei_tui.ui.note_log import Columns, NoteLog

    long = "The chair reads the finance paper aloud, page by page, while the lay members wait " * 2

    class Narrow(App):
        CSS = "NoteLog { width: 50; }"

        def compose(self) -> ComposeResult:
            yield NoteLog()

        def on_mount(self) -> None:
            log = self.query_one(NoteLog)
            for number in range(1, 4):
                log.show_note(Note(number, long, "2026-11-22T10:00:00+00:00", float(number)), "saved")

    async with Narrow().run_test(size=SIZE) as pilot:
        await pilot.pause()
        log = pilot.app.query_one(NoteLog)
        columns = Columns.for_width(log._width(), log.largest_id)
        assert log._width() < 50 and log.columns == columns
        assert log.heights == [columns.height(entry) for entry in log.entries]
        assert log.virtual_size.height == sum(log.heights) > 3
        assert all(log.render_line(y).cell_length == log._width() for y in range(log.size.height))


def styles_of(screen) -> dict[object, tuple[object, dict[str, object]]]:
    """Every node's style rules, and those of its component classes (public Textual only)."""
    styled: dict[object, tuple[object, dict[str, object]]] = {}
    for node in screen.walk_children(with_self=True):
        names = set().union(*(getattr(kind, "COMPONENT_CLASSES", set()) for kind in type(node).__mro__))
        components = {name: node.get_component_styles(name).get_rules() for name in sorted(names)}
        styled[node] = (node.styles.get_rules(), components)
    return styled


async def test_the_first_resume_leaves_every_node_styled_as_a_restyle_makes_it(app_for, monkeypatch):
    """The observe screen is not styled again at the ScreenResume of its push (each node was
    styled at its mount, just before): what a full restyle gives is what it already has; and
    a later ScreenResume (back from home) restyles the screen as Textual does."""
    from textual import events
    from textual.app import App

    from ppei_tui.ui.observe import ObserveScreen

    restyled: list[object] = []
    real = App.update_styles
    monkeypatch.setattr(
        App,
        "update_styles",
        lambda app, node, animate=True: restyled.append(node) or real(app, node, animate),
    )
    app, _path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ObserveScreen) and screen not in restyled  # not restyled whole
        styled = styles_of(screen)
        real(pilot.app, screen, False)  # what Textual's ScreenResume does by default
        assert styles_of(screen) == styled
        screen.post_message(events.ScreenResume())  # a later one (back from home): restyled
        await pilot.pause()
        assert screen in restyled


async def test_a_resize_to_the_size_the_screen_is_laid_out_at_is_dropped(app_for, monkeypatch):
    """Textual lays the whole screen out again for any Resize and draws in a frame of its own:
    the start's two (from the screen's own first layout, and the terminal's unchanged size the
    App passes on when idle) are dropped; a real change of size is laid out as before."""
    from textual import events
    from textual.geometry import Size

    from ppei_tui.ui.observe import ObserveScreen

    handled: list[Size] = []
    monkeypatch.setattr(
        ObserveScreen, "on_resize", lambda screen, event: handled.append(event.size), raising=False
    )
    app, _path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ObserveScreen) and screen.outer_size == Size(*SIZE)
        assert handled == []
        assert screen.post_message(events.Resize(screen.outer_size, screen.outer_size)) is False
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert handled == [Size(120, 30)] and screen.outer_size == Size(120, 30)
        await pilot.press(*"after the resize", "enter")
        await pilot.pause()
        assert screen.session.notes[-1].text == "after the resize"


async def test_the_note_input_and_notice_line_are_not_styled_before_they_are_mounted(app_for, monkeypatch):
    """Their classes (compact TextArea, an empty notice line) are set as they are made without
    Textual's restyle of a node not mounted yet (their mount styles them, classes and all): the
    note input is still compact (the snapshots show it unchanged), the empty notice line 0 high."""
    from textual.app import App

    from ppei_tui.ui.note_input import NoteInput
    from ppei_tui.ui.notice_line import NoticeLine

    unmounted: list[object] = []
    real = App.update_styles

    def update_styles(app, node, animate=True):
        if isinstance(node, (NoteInput, NoticeLine)) and not node.is_mounted:
            unmounted.append(node)
        real(app, node, animate)

    monkeypatch.setattr(App, "update_styles", update_styles)
    app, _path = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = pilot.app.screen.query_one(NoteInput)
        assert note.compact and note.has_class("-textual-compact")
        notice = pilot.app.screen.query_one(NoticeLine)
        assert notice.has_class("-empty") and notice.size.height == 0
    assert unmounted == []
