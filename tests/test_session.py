from ppei_tui.domain.mapping import compute_map, shade_level
from ppei_tui.domain.recording import Draft, add_tag, note_from_draft
from ppei_tui.domain.session import Change, Note, Session, Tag, format_offset
from ppei_tui.domain.tags import TagVocabulary


def started(make_info, clock) -> Session:
    session = Session(make_info())
    session.events.append(session.make_event("start", clock()))
    return session


def test_clock_runs_pauses_and_resumes(make_info, clock):
    session = started(make_info, clock)
    clock.advance(90)
    assert session.offset_at(clock()) == 90
    session.events.append(session.make_event("pause", clock()))
    clock.advance(600)
    assert session.offset_at(clock()) == 90 and session.paused
    session.events.append(session.make_event("resume", clock()))
    clock.advance(30)
    assert session.offset_at(clock()) == 120
    session.events.append(session.make_event("end", clock()))
    clock.advance(1000)
    assert session.duration() == 120 and session.ended
    assert session.breaks() == [(90, 600)]


def test_reopening_continues_from_the_last_thing_recorded(make_info, clock):
    session = started(make_info, clock)
    clock.advance(100)
    note, _ = note_from_draft(session, Draft(text="last words"), TagVocabulary(session.template), clock())
    session.notes.append(note)
    clock.advance(3600)  # the laptop died; an hour later the observer resumes
    session.events.append(session.make_reopen_event(clock()))
    assert session.offset_at(clock()) == 100
    clock.advance(5)
    assert session.offset_at(clock()) == 105


def test_note_time_is_taken_when_typing_starts(make_info, clock):
    session = started(make_info, clock)
    clock.advance(60)
    draft = Draft()
    draft.begin(session, clock())
    clock.advance(45)
    draft.text = "long note typed slowly #eng"
    note, _ = note_from_draft(session, draft, TagVocabulary(session.template), clock())
    assert note.offset_seconds == 60
    assert note.wall_time == "2026-11-22T10:01:00+00:00"


def test_keys_override_tokens_and_agenda_item_is_recorded(make_info, clock):
    session = started(make_info, clock)
    session.events.append(session.make_event("agenda", clock(), session.next_agenda_item()))
    draft = Draft(text="x !q #eng")
    draft.cycle_kind()  # observation -> quote
    draft.cycle_kind()  # quote -> reflection
    draft.toggle_evidence()
    draft.add_key_tag(Tag("Mat", "Reporting"))
    note, _ = note_from_draft(session, draft, TagVocabulary(session.template), clock())
    assert note.kind == "reflection" and note.evidence == "inferred"
    assert note.tags == [Tag("P", "Engaging"), Tag("Mat", "Reporting")]
    assert note.agenda_item == "Welcome"
    assert session.next_agenda_item() == "Minutes"


def test_add_tag_keeps_history(clock):
    note = Note(1, "x", clock().isoformat(), 0.0, tags=[Tag("P", "Engaging")])
    assert add_tag(note, Tag("M", "Valuing"), clock(), "DH")
    assert not add_tag(note, Tag("M", "Valuing"), clock(), "DH")
    assert note.history == [
        Change(
            clock().isoformat(timespec="seconds"), "DH", "tags", ["P.Engaging"], ["P.Engaging", "M.Valuing"]
        )
    ]
    assert Note.from_dict(note.to_dict()) == note


def test_fields_of_a_newer_format_are_ignored_and_the_row_is_left_as_read(clock):
    """Reading skips the copy of a row when every key is known; a row with a field from a newer
    version still reads (the field dropped), and neither row is changed by being read."""
    row = Note(4, "text", clock().isoformat(), 1.0, [Tag("BE", "Welcoming")]).to_dict()
    newer = {
        **row,
        "colour": "red",
        "history": [{**Change("t", "me", "text", "a", "b").to_dict(), "why": "x"}],
    }
    as_read = {**newer}
    note = Note.from_dict(newer)
    assert note.text == "text" and not hasattr(note, "colour")
    assert note.history == [Change("t", "me", "text", "a", "b")]
    assert newer == as_read
    assert Note.from_dict(row) == Note(4, "text", clock().isoformat(), 1.0, [Tag("BE", "Welcoming")])


def test_note_round_trips_through_dict(clock):
    note = Note(
        3,
        "a <b> & ü 🙂",
        clock().isoformat(),
        12.5,
        [Tag("BE", "Welcoming")],
        ["trust"],
        "Ash",
        "GP lead",
        "quote",
        "inferred",
        "Minutes",
        ["#zzz: no verb"],
    )
    assert Note.from_dict(note.to_dict()) == note


def test_notes_read_together_share_equal_tags_but_not_their_lists(clock):
    rows = [Note(n, "t", clock().isoformat(), 1.0, [Tag("BE", "Welcoming")]).to_dict() for n in (1, 2)]
    made: dict = {}
    first, second = (Note.from_dict(row, made) for row in rows)
    assert first.tags == second.tags == [Tag("BE", "Welcoming")]
    assert first.tags[0] is second.tags[0]  # one immutable Tag, looked up the second time
    first.tags.append(Tag("P", "Engaging"))  # re-tagging one note leaves the other as it was
    assert second.tags == [Tag("BE", "Welcoming")]
    assert Note.from_dict(rows[0]) == Note.from_dict(rows[0], made)


def test_shade_levels():
    assert [shade_level(c, 8) for c in (0, 1, 2, 3, 4, 5, 6, 7, 8)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert shade_level(0, 0) == 0 and shade_level(1, 1) == 4


def test_map_counts_and_evidence(hatfield, clock):
    notes = [
        Note(1, "a", "", 0, [Tag("P", "Engaging"), Tag("M", "Valuing")]),
        Note(2, "b", "", 0, [Tag("P", "Engaging")]),
        Note(3, "c", "", 0, [Tag("P", "Engaging")], deleted=True),
        Note(4, "d", "", 0, [Tag("Q", "Unknown")]),
    ]
    counts = compute_map(hatfield, notes)
    assert counts.count("P", "Engaging") == 2 and counts.count("M", "Valuing") == 1
    assert counts.level("P", "Engaging") == 4 and counts.level("M", "Valuing") == 2
    assert counts.level("C", "Learning") == 0
    assert [n.id for n in counts.evidence[("P", "Engaging")]] == [1, 2]
    assert counts.element_total("P") == 2 and counts.notes_counted == 3
    assert format_offset(3725) == "1:02:05"
