"""An element taller than the observe map panel by itself (30 codes; 15 long ones at 100 x 24)
is reached by the keys alone (hostile sweep: only the mouse wheel scrolled it): PgDn shows it a
panel's height at a time, the title says which lines, the note input keeps the keyboard and
nothing typed lands in the note. The template is generated here, as a team would write one."""

from __future__ import annotations

from pathlib import Path

import yaml
from big_map_helpers import panel_text
from save_helpers import settle_written as settle

from ppei_tui.config import Config
from ppei_tui.domain.session import new_session_info, parse_attendees
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import SessionStore
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.map_panel import MapPanel
from ppei_tui.ui.note_input import NoteInput
from ppei_tui.ui.review_map import verb_label

ACTS = ["Proposing", "Questioning", "Summarising", "Deferring", "Challenging", "Reframing"]


def generated_template(folder: Path) -> Path:
    """Three elements: 30 codes, 15 long codes, 3 codes (names people could type)."""
    elements = [
        ("Gv", "Governance", [f"{ACTS[i % 6]}-item-{i + 1:02d}" for i in range(30)]),
        ("Lo", "Local knowledge", [f"{ACTS[i % 6]}-with-local-evidence-{i + 1:02d}" for i in range(15)]),
        ("Sm", "Small", ["Noting", "Listening", "Waiting"]),
    ]
    data = {
        "id": "tall-elements",
        "name": "Tall elements",
        "version": "1.0",
        "description": "An element of 30 codes and one of 15 long ones, for the observe map panel.",
        "elements": [{"code": c, "name": n, "definition": n, "verbs": v} for c, n, v in elements],
        "practice_sets": ["trust"],
    }
    folder.mkdir(parents=True)
    path = folder / "tall-elements.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def observing(tmp_path: Path, clock) -> PpeiApp:
    folder = tmp_path / "templates"
    generated_template(folder)
    config = Config(tmp_path / "sessions", [folder, bundled_templates_dir()], clock=clock, retry_seconds=0.2)
    config.sessions_dir.mkdir()
    template = TemplateLibrary([folder]).get("tall-elements")
    info = new_session_info(
        template,
        "Research Board",
        clock(),
        site="Lab",
        observer="DH",
        attendees=parse_attendees("Ash: chair"),
    )
    store = SessionStore(config.sessions_dir)
    return PpeiApp(config, store, store.create(info), is_new=True)


async def test_every_code_of_a_tall_element_is_shown_by_pgdn_alone(tmp_path, clock):
    app = observing(tmp_path, clock)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Chair defers it #Gv.deferring-item-28", "enter")  # a code near the end
        await settle(pilot)
        await pilot.press(*"Half typed")
        screen = pilot.app.screen
        panel, note_input = screen.query_one(MapPanel), screen.query_one(NoteInput)
        template = panel.counts.template
        seen, titles = "", []
        for _ in range(len(panel.pages)):
            seen += panel_text(panel) + "\n"
            titles.append(panel.border_title)
            await pilot.press("pagedown")
            await pilot.pause()
            assert pilot.app.focused is note_input and note_input.value == "Half typed"
        for element in template.elements:
            assert f"{element.name} ({element.code}) ·" in seen
            for verb in element.verbs:
                assert verb_label(panel.counts, (element.code, verb)) in seen, verb  # whole, with count
        assert "Deferring-item-28 1" in seen
        assert any("element 1 of 3, lines 1-" in title for title in titles), titles
        assert panel.border_title == titles[0]  # round to the first page again
        await pilot.press("pageup")  # back to the last page: the last lines of the last element
        await pilot.pause()
        assert "back to the first" in panel.border_title and "PgUp back" in panel.border_title
        await pilot.press("enter")
        await settle(pilot)
        path = screen.opened.path
    notes = read_tables(path)[0]["notes"]
    assert [n["text"] for n in notes.values()] == ["Chair defers it #Gv.deferring-item-28", "Half typed"]


async def test_a_save_keeps_the_part_of_a_tall_element_shown(tmp_path, clock):
    app = observing(tmp_path, clock)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        panel = pilot.app.screen.query_one(MapPanel)
        await pilot.press("pagedown")
        await pilot.pause()
        title = panel.border_title
        assert "element 1 of 3, lines " in title and "lines 1-" not in title  # a later part
        await pilot.press(*"Another note #Gv.proposing-item-01", "enter")  # the map is redrawn
        await settle(pilot)
        assert panel.border_title == title
