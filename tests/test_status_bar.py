"""The observe screen's top line (ui/status_bar.py): one widget; the title gives way, word by
word, to the agenda item and the clock, which stay whole."""

from screen_text import screen_lines
from test_help_keys import settle

from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.status_bar import fitted


def test_a_title_is_cut_at_a_word_that_fits():
    assert fitted("Governing Body · North", 30) == "Governing Body · North"
    assert fitted("Governing Body · North", 16) == "Governing Body ·"
    assert fitted("Governing Body · North", 15) == "Governing Body"
    assert fitted("Supercalifragilistic", 5) == "Super"
    assert fitted("Governing", 0) == ""


async def test_the_clock_and_agenda_stay_whole_as_the_title_gives_way(config, store, make_info):
    app = PpeiApp(config, store, store.create(make_info()), is_new=True)
    for width in (100, 60):
        async with app.run_test(size=(width, 30)) as pilot:
            await settle(pilot)
            line = screen_lines(app)[0]
            assert line.rstrip().endswith("Agenda: Welcome   0:00:00 ● recording"), line
            assert line.startswith(" Governing Body ·"), line
            assert ("Hatfield PPEI conceptual map" in line) == (width == 100), line
        app = PpeiApp(config, store, store.create(make_info()), is_new=True)
