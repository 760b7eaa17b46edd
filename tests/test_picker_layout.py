"""The number picker's options at any width: a number is never on a line apart from its name
(issue 16 §3; a tester saw `05 Légitimating   06` / `Sense-making   07` at 100 columns)."""

from __future__ import annotations

import re

from big_map_helpers import large_config, observing_large, paste_notes
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text
from save_helpers import settle_written as settle
from textual.geometry import Region

from ppei_tui.ui.tag_picker import PickerPanel, option_lines

NAMES = st.text(alphabet=st.sampled_from(list("abcdeéïü- ABC")), min_size=1, max_size=30).filter(
    lambda name: name.strip() == name and name
)


def plain(line: Text) -> str:
    return line.plain


@given(st.lists(NAMES, min_size=1, max_size=40), st.integers(min_value=20, max_value=200))
def test_options_are_laid_out_whole_within_the_width(names, columns):
    width = len(str(len(names)))
    cells = [(f"{i + 1:0{width}d}", name) for i, name in enumerate(names)]
    lines = [plain(line) for line in option_lines(cells, columns)]
    for line in lines:
        # a line wider than the width holds one option only (an option wider than a line)
        assert cell_len(line) <= columns or line in {f"{n} {name}" for n, name in cells}
    assert "   ".join(lines) == "   ".join(f"{n} {name}" for n, name in cells)  # each once, in order


def test_without_a_width_the_options_are_one_line():
    assert [plain(line) for line in option_lines([("1", "a"), ("2", "b c")], None)] == ["1 a   2 b c"]


async def test_the_picker_panel_keeps_each_number_with_its_name_at_100_columns(tmp_path, clock):
    config = large_config(tmp_path / "sessions", clock)
    config.sessions_dir.mkdir()
    config.config_dir = tmp_path / "config"
    config.config_dir.mkdir()
    app = observing_large(config)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await paste_notes(pilot)
        await settle(pilot)
        for element in ("", "5"):  # the elements, then the 15 codes of element 5
            await pilot.press("ctrl+t", *element)
            await settle(pilot)
            panel = pilot.app.screen.query_one(PickerPanel)
            drawn = panel.render_lines(Region(0, 0, *panel.outer_size))
            lines = [strip.text.rstrip() for strip in drawn]
            start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Tag "))
            end = next(i for i, line in enumerate(lines) if line.lstrip().startswith("number:"))
            options = lines[start + 1 : end]  # between the heading and the digits typed
            assert options and all(re.search(r"\S", line) for line in options)
            for line in options:
                assert not re.search(r"\b\d+$", line), f"a number apart from its name: {line!r}"
                assert re.match(r"^\s*\d+ \S", line), f"a line that does not start with an option: {line!r}"
            await pilot.press("escape", "escape")
            await pilot.pause()
