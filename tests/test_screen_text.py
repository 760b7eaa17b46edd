"""tests/screen_text reads the screen as drawn through public Textual calls: what is on top wins
(a modal dialog over a screen, a layer over a widget), a scrolled view shows its scrolled rows,
wide characters keep their two cells, and styles come through with the text."""

from __future__ import annotations

from screen_text import screen_lines, screen_strips
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class Dialog(ModalScreen[None]):
    DEFAULT_CSS = "Dialog { align: center middle; } Dialog > Label { width: 10; height: 1; }"

    def compose(self) -> ComposeResult:
        yield Label("[dialog]", markup=False)


class Sample(App[None]):
    CSS = """
    Screen { layers: base top; }
    #title { height: 1; }
    #wide { height: 1; }
    VerticalScroll { height: 3; scrollbar-size: 0 0; }
    #over { layer: top; offset: 4 0; width: 5; height: 1; color: red; }
    """

    def compose(self) -> ComposeResult:
        yield Static("title line under a layer", id="title")
        yield Static("日本 wide é", id="wide")
        with VerticalScroll():
            for number in range(10):
                yield Static(f"row {number}")
        yield Label("OVER!", id="over")


async def test_layers_wide_characters_and_a_scrolled_view_read_as_drawn():
    app = Sample()
    async with app.run_test(size=(30, 6)) as pilot:
        app.query_one(VerticalScroll).scroll_to(y=4, animate=False)
        await pilot.pause()
        lines = screen_lines(app)
        assert [strip.cell_length for strip in screen_strips(app)] == [30] * 6
        assert lines[0] == "titlOVER!e under a layer".ljust(30)  # the layer covers cells 4-8
        assert lines[1].rstrip() == "日本 wide é"  # 2 cells each: the line is 2 characters short
        assert len(lines[1]) == 28
        assert [line.rstrip() for line in lines[2:5]] == ["row 4", "row 5", "row 6"]
        over = [s for s in screen_strips(app)[0] if "OVER" in s.text]
        assert over and over[0].style is not None and over[0].style.color.triplet == (255, 0, 0)


async def test_a_modal_screen_is_what_is_read():
    app = Sample()
    async with app.run_test(size=(30, 5)) as pilot:
        await app.push_screen(Dialog())
        await pilot.pause()
        lines = screen_lines(app)
        assert sum("[dialog]" in line for line in lines) == 1
        assert not any("title line" in line for line in lines)  # the screen below is not read
