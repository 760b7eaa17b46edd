"""A large framework in a session, for the map tests of the observe and review screens
(issue 16 §3): tests/fixtures/templates/large-eight.yaml (8 elements x 15 codes, accented and
hyphenated names, element codes M and Ma), a meeting typed with it, the two screen sizes the
large map is tested at, and what the observe screen's map panel draws."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region

from ppei_tui.config import Config
from ppei_tui.domain.session import new_session_info, parse_attendees
from ppei_tui.storage.store import SessionStore
from ppei_tui.templates import bundled_templates_dir
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.map_panel import MapPanel

TEMPLATES = Path(__file__).resolve().parent / "fixtures" / "templates"
LARGE = "large-eight"
SMALL = (100, 30)
BIG = (200, 50)
ATTENDEES = "Ash: GP lead; Birch: lay representative; Cedar: chair"

# Typed as people type (no accents); the last one holds a token the template does not know.
NOTES = [
    "Chair reframes the budget question #reframing #M.leg @Cedar",
    "Lay rep asks a naive question #naive-q #Ma.minute +reforme @Birch",
    "GP lead overrules the vote #uber #Go.overr #P.vot @Ash",
    "Papers compared to last year #Ev.bench #Kn.brief #BE.brok #C.summ",
    "Coffee talk about the minutes #nonsense",
]


def write_large_session(config: Config, notes: list[str] = NOTES) -> Path:
    """A finished session file of the large template holding `notes` (each read as typed, so
    tokens not understood are kept as the note's warnings), one minute apart."""
    from datetime import timedelta

    from ppei_tui.domain.recording import Draft, note_from_draft
    from ppei_tui.domain.tags import TagVocabulary

    info = new_session_info(
        config.templates.get(LARGE),
        "Research Board",
        config.clock(),
        site="Lab",
        observer="DH",
        attendees=parse_attendees(ATTENDEES),
        agenda=["Welcome", "Budget"],
    )
    opened = SessionStore(config.sessions_dir).create(info)
    session = opened.session
    session.events.append(session.make_event("start", config.clock()))
    opened.save_event(session.events[-1], 0)
    vocabulary = TagVocabulary(session.template, info.attendees)
    start = config.clock()
    for minute, text in enumerate(notes):
        moment = start + timedelta(minutes=minute)
        note, _ = note_from_draft(session, Draft(text=text), vocabulary, moment)
        session.notes.append(note)
        opened.save_note(note)
    opened.close()
    return opened.path


def panel_text(panel: MapPanel) -> str:
    """What the panel draws, line by line, checked to be wholly inside the visible panel."""
    content = panel.query_one("#map-content")
    assert panel.max_scroll_y == 0, "part of the map is scrolled out of sight"
    assert panel.region.contains_region(content.region)
    lines = content.render_lines(Region(0, 0, content.size.width, content.size.height))
    return "\n".join(strip.text for strip in lines)


def reviewing_large(config: Config) -> PpeiApp:
    return PpeiApp(config, SessionStore(config.sessions_dir), start_in_review=True, reviewer="RB")


def large_config(sessions: Path, clock) -> Config:
    return Config(sessions, [TEMPLATES, bundled_templates_dir()], clock=clock, retry_seconds=0.2)


def observing_large(config: Config) -> PpeiApp:
    store = SessionStore(config.sessions_dir)
    info = new_session_info(
        config.templates.get(LARGE),
        "Research Board",
        config.clock(),
        site="Lab",
        observer="DH",
        attendees=parse_attendees(ATTENDEES),
        agenda=["Welcome", "Budget"],
    )
    return PpeiApp(config, store, store.create(info), is_new=True)


async def paste_notes(pilot, notes: list[str] = NOTES) -> None:
    """Each note pasted into the note input (a bracketed paste, as a terminal sends it) and
    stored with Enter: the same path as typing, in a few keys instead of hundreds."""
    from textual import events

    from ppei_tui.ui.note_input import NoteInput

    note_input = pilot.app.screen.query_one(NoteInput)
    for note in notes:
        note_input.post_message(events.Paste(note))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
