"""Review shows what the file stores: a reflection's evidence column, who arrived late and when."""

from save_helpers import open_review

from ppei_tui.domain.session import Event, EventType, Kind, Note, parse_attendees
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.review_widgets import NotesView
from ppei_tui.ui.widgets import evidence_cell

SIZE = (160, 50)


def recorded(store, make_info, clock):
    """A short finished session: Oak arrived 90 s in; note 1 a reflection stored as seen."""
    opened = store.create(make_info(attendees=parse_attendees("Ash: GP lead; Oak: chair")))
    start = clock().isoformat()
    opened.save_event(Event(EventType.START, start, 0.0, True), 0)
    opened.save_event(Event(EventType.ARRIVAL, start, 90.0, True, "Oak"), 1)
    reflection = Note(1, "I sense the chair holds the room", start, 120.0, kind=Kind.REFLECTION)
    opened.save_note(reflection)
    opened.save_note(Note(2, "Ash presents the budget", start, 130.0))
    path = opened.path
    opened.close()
    return path


def list_lines(screen) -> list[str]:
    view = screen.query_one(NotesView)
    return [view.render_line(y).text for y in range(view.size.height)]


def test_the_evidence_column_says_what_is_stored():
    assert evidence_cell(Note(1, "x", "", 0.0, kind=Kind.REFLECTION)) == "refl"
    assert evidence_cell(Note(1, "x", "", 0.0, evidence="inferred")) == "inf"
    assert evidence_cell(Note(1, "x", "", 0.0)) == "seen"


async def test_review_shows_a_seen_reflection_as_refl_and_who_arrived_late(config, store, make_info, clock):
    recorded(store, make_info, clock)
    app = PpeiApp(config, store, start_in_review=True, reviewer="RB")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        row = next(line for line in list_lines(screen) if "I sense the chair" in line)
        assert " inf " not in f" {row} " and row.split().count("refl") == 2  # kind and ev. columns
        side = str(screen.query_one("#memos").render())
        assert "Arrived late: Oak (chair, arrived 0:01:30)" in side and "Ash" not in side
