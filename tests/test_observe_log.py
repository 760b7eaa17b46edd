"""The observe screen's note log: numbers, full tags, re-coding earlier notes, late arrivals,
and messages that never cover the note being typed. Checked against the stored file."""

import pytest
from save_helpers import settle, stored_notes, type_note

from ppei_tui.domain.session import Note, Tag
from ppei_tui.storage.reading import read_tables
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.note_log import LogEntry, NoteLog, wrap_cells

SIZE = (100, 30)


def new_app(config, store, make_info):
    opened = store.create(make_info())
    return PpeiApp(config, store, opened, is_new=True), opened.path


async def test_log_shows_note_numbers_and_tags_in_full(config, store, make_info):
    app, _ = new_app(config, store, make_info)
    async with app.run_test(size=SIZE) as pilot:
        await type_note(pilot, '"We have always done it this way" #persisting #rem +trust +lead @Rowan')
        lines = pilot.app.screen.query_one(NoteLog).entry_lines("1")
    drawn = " ".join(" ".join(lines).split())
    assert lines[0].lstrip().startswith("1 ")  # the note number leads the row
    for tag in ("P.Persisting", "BE.Remembering", "+trust", "+lead", "@Rowan", "“quote”"):
        assert tag in drawn, tag
    assert len(lines) >= 2  # the tags did not fit one line of their column: wrapped, not cut


def test_wrap_keeps_every_character_and_fits_the_width():
    text = "Chair asks the lay rep to summarise 患者の声 🧑‍⚕️ supercalifragilisticexpialidocious words"
    for width in (5, 9, 14, 30):
        lines = wrap_cells(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        from rich.cells import cell_len

        assert all(cell_len(line) <= width for line in lines)


async def test_earlier_note_retagged_with_history_and_back_to_typing(config, store, make_info):
    app, path = new_app(config, store, make_info)
    async with app.run_test(size=SIZE) as pilot:
        await type_note(pilot, "First point on the minutes")
        await type_note(pilot, "Second point, finance")
        await type_note(pilot, "Third point")
        await pilot.press("ctrl+up", "ctrl+up", "ctrl+up")  # newest, then two further up
        screen = pilot.app.screen
        assert screen.query_one(NoteLog).selected_note.id == 1
        assert "Note 1 selected" in str(screen.query_one("#hint").render())
        await pilot.press("ctrl+t", "2", "2")  # Materiality, Reporting on note 1
        await pilot.press("ctrl+o")  # note 1 becomes a quote
        await pilot.press("ctrl+n")  # and inferred
        await pilot.press("ctrl+down")  # note 2
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("escape")  # one key back to typing
        assert screen.query_one(NoteLog).selected_note is None
        assert screen.query_one("#note-input").has_focus
        await type_note(pilot, "Fourth #eng")
    notes = stored_notes(path)
    assert notes["1"]["tags"] == [{"element": "Mat", "verb": "Reporting"}]
    assert notes["1"]["kind"] == "quote" and notes["1"]["evidence"] == "inferred"
    assert [h["field"] for h in notes["1"]["history"]] == ["tags", "kind", "evidence"]
    assert notes["1"]["history"][1]["before"] == "observation" and notes["1"]["history"][1]["by"] == "DH"
    assert notes["2"]["evidence"] == "inferred" and notes["2"]["kind"] == "observation"
    assert notes["3"]["evidence"] == "seen" and notes["3"]["history"] == []
    assert notes["4"]["text"] == "Fourth #eng" and notes["4"]["kind"] == "observation"
    assert notes["4"]["evidence"] == "seen"


async def test_typing_clears_the_selection_so_keys_act_on_the_new_note(config, store, make_info):
    app, path = new_app(config, store, make_info)
    async with app.run_test(size=SIZE) as pilot:
        await type_note(pilot, "Earlier")
        await pilot.press("ctrl+up")
        await pilot.press(*"New note")
        assert pilot.app.screen.query_one(NoteLog).selected_note is None
        await pilot.press("ctrl+o", "enter")
        await settle(pilot)
    notes = stored_notes(path)
    assert notes["1"]["kind"] == "observation" and notes["2"]["kind"] == "quote"


async def test_late_arrival_is_stored_and_completed_by_at(config, store, make_info):
    app, path = new_app(config, store, make_info)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f")
        await pilot.press(*"Hazel: practice nurse", "enter")
        await settle(pilot)
        await pilot.press(*"Nurse asks about waiting lists @Haz")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await settle(pilot)
        log = pilot.app.screen.query_one(NoteLog)
        assert any("arrived: Hazel (practice nurse)" in entry.body_text() for entry in log.entries)
    data = read_tables(path)[0]
    info = next(iter(data["info"].values()))
    assert {"pseudonym": "Hazel", "role": "practice nurse"} in info["attendees"]
    note = data["notes"]["1"]
    assert note["text"] == "Nurse asks about waiting lists @Hazel" and note["speaker"] == "Hazel"


async def test_messages_go_above_the_log_and_warnings_stay_until_the_next_note(config, store, make_info):
    app, _ = new_app(config, store, make_info)
    async with app.run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        await type_note(pilot, "Mentions #nonsense here")
        notice = screen.query_one("#notice")
        assert "Note 1" in notice.text and "nonsense" in notice.text
        assert notice.region.y < screen.query_one("#note-input").region.y
        await pilot.pause(5)  # far past an information message's timeout
        assert "nonsense" in notice.text
        await pilot.press("ctrl+o")  # a passing message joins it, the warning stays
        assert "nonsense" in notice.text and "verbatim quote" in notice.text
        await type_note(pilot, "Next note")
        assert "nonsense" not in notice.text
        assert not screen.query("Toast")  # nothing floats over the input


async def test_log_draws_only_the_visible_lines(config, store, make_info):
    app, _ = new_app(config, store, make_info)
    async with app.run_test(size=SIZE) as pilot:
        log = pilot.app.screen.query_one(NoteLog)
        notes = [
            Note(i, f"note {i} #eng", "2026-11-22T10:00:00+00:00", float(i), tags=[Tag("P", "Engaging")])
            for i in range(1, 5001)
        ]
        drawn: list[str] = []
        real_draw = log._draw
        log._draw = lambda entry, selected: drawn.append(entry.key) or real_draw(entry, selected)
        log.extend([LogEntry(str(n.id), n.offset_seconds, note=n) for n in notes])
        await pilot.pause()
        assert 0 < len(drawn) <= log.size.height + 2
        assert "5000" in drawn and "1" not in drawn  # kept at the newest note


# --- a restored draft takes its place in the log at once ---------------------------------------
def log_rows(pilot) -> list[tuple[str, str]]:
    """The log's rows, top to bottom: (key, the note's text or the marker's label)."""
    entries = pilot.app.screen.query_one(NoteLog).entries
    return [(e.key, e.note.text if e.note is not None else e.label) for e in entries]


async def reopened_rows(config, store, path) -> list[tuple[str, str]]:
    async with PpeiApp(config, store, store.open(path)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        return log_rows(pilot)


def crash_image(path):
    """The session file and its journal as kill -9 would leave them now."""
    from ppei_tui.storage.journal import journal_path_for

    return {f: f.read_bytes() for f in (path, journal_path_for(path)) if f.exists()}


async def type_then_leave(pilot, clock, how: str) -> dict:
    await type_note(pilot, "Minutes agreed")
    clock.advance(60)
    await pilot.press(*"Birch asks about the budget")  # the draft's time: this first keystroke
    clock.advance(30)
    await pilot.pause(0.4)  # the draft is kept on disk
    await settle(pilot)
    if how == "crash":
        return crash_image(pilot.app.screen.opened.path)
    await pilot.press("ctrl+q")
    await settle(pilot)
    await pilot.press("k")  # leave, keeping the text as a draft
    await settle(pilot)
    return {}


@pytest.mark.parametrize("how", ["crash", "keep as draft"])
async def test_a_restored_draft_is_logged_where_a_reopened_session_shows_it(
    config, store, make_info, clock, how
):
    app, path = new_app(config, store, make_info)
    async with app.run_test(size=SIZE) as pilot:
        image = await type_then_leave(pilot, clock, how)
    for name, data in image.items():
        name.write_bytes(data)
    clock.advance(600)
    async with PpeiApp(config, store, store.open(path)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert pilot.app.screen.query_one("#note-input").value == "Birch asks about the budget"
        clock.advance(5)
        await pilot.press("enter")
        await settle(pilot)
        live = log_rows(pilot)
    assert ("2", "Birch asks about the budget") in live
    assert live[-1][1] == "session reopened"  # the note went before it, not after
    assert (await reopened_rows(config, store, path))[: len(live)] == live


async def test_a_note_begun_before_a_break_is_logged_before_it(config, store, make_info, clock):
    """The same rule for a note typed across a break: its time is its first keystroke."""
    app, path = new_app(config, store, make_info)
    async with app.run_test(size=SIZE) as pilot:
        await type_note(pilot, "Minutes agreed")
        clock.advance(60)
        await pilot.press(*"Chair calls a break mid-sentence")
        clock.advance(10)
        await pilot.press("f6")  # the break starts while the note is being typed
        await settle(pilot)
        clock.advance(300)
        await pilot.press("f6", "enter")  # back from the break, then the note is saved
        await settle(pilot)
        live = log_rows(pilot)
    assert [text for _, text in live[-4:]] == [
        "Minutes agreed",
        "Chair calls a break mid-sentence",
        "break",
        "resumed",
    ]
    assert (await reopened_rows(config, store, path))[: len(live)] == live
