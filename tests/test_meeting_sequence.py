"""The meeting as it happened: the agenda sequence, resume timing and wall-time order (domain)."""

from datetime import timedelta

from ppei_tui.domain.recording import Draft, note_from_draft
from ppei_tui.domain.session import Session
from ppei_tui.domain.tags import TagVocabulary


def started(make_info, clock, agenda=("A1", "A2", "A3")) -> Session:
    session = Session(make_info(agenda=list(agenda)))
    session.events.append(session.make_event("start", clock()))
    return session


def take_up(session: Session, clock, title: str) -> None:
    session.add_unplanned_agenda_item(title)
    session.events.append(session.make_event("agenda", clock(), title))


def test_an_unplanned_item_never_drops_the_planned_ones(make_info, clock):
    session = started(make_info, clock)
    assert session.next_agenda_item() == "A1"
    take_up(session, clock, "A1")
    take_up(session, clock, "Surprise item")
    assert session.info.agenda == ["A1", "Surprise item", "A2", "A3"]
    assert session.next_agenda_item() == "A2"
    take_up(session, clock, "A2")
    assert session.next_agenda_item() == "A3"
    take_up(session, clock, "A3")
    assert session.next_agenda_item() is None


def test_an_item_skipped_is_offered_next(make_info, clock):
    session = started(make_info, clock)
    take_up(session, clock, "A1")
    take_up(session, clock, "A3")
    assert session.next_agenda_item() == "A2"


def test_reopen_carries_on_from_the_moment_the_app_was_left(make_info, clock):
    session = started(make_info, clock)
    clock.advance(100)
    session.notes.append(
        note_from_draft(session, Draft(text="n"), TagVocabulary(session.template), clock())[0]
    )
    clock.advance(50)
    left = clock()
    session.events.append(session.make_event("leave", left))
    clock.advance(7200)
    reopen = session.make_reopen_event(clock(), session.last_known_moment())
    assert reopen.offset_seconds == 150 and reopen.running
    session.events.append(reopen)
    clock.advance(5)
    assert session.offset_at(clock()) == 155


def test_reopen_after_a_crash_uses_the_last_heartbeat(make_info, clock):
    session = started(make_info, clock)
    clock.advance(100)
    heartbeat = clock() + timedelta(seconds=40)
    clock.advance(3600)
    reopen = session.make_reopen_event(clock(), session.last_known_moment([heartbeat]))
    assert reopen.offset_seconds == 140


def test_reopen_during_a_break_stays_paused_at_the_break(make_info, clock):
    session = started(make_info, clock)
    clock.advance(60)
    session.events.append(session.make_event("pause", clock()))
    clock.advance(120)
    session.events.append(session.make_event("leave", clock()))
    clock.advance(600)
    reopen = session.make_reopen_event(clock(), session.last_known_moment())
    assert reopen.offset_seconds == 60 and not reopen.running


def test_a_note_written_in_a_break_stays_in_the_break(make_info, clock):
    session = started(make_info, clock)
    clock.advance(60)
    session.events.append(session.make_event("pause", clock()))
    clock.advance(30)
    session.notes.append(
        note_from_draft(session, Draft(text="in the break"), TagVocabulary(session.template), clock())[0]
    )
    clock.advance(600)
    session.events.append(session.make_event("resume", clock()))
    order = [getattr(item, "type", None) or item.text for item in session.timeline()]
    assert order == ["start", "pause", "in the break", "resume"]
