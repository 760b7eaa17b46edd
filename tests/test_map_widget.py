"""The on-screen map at 100 columns with a large framework: every element code, code name
and count readable whole (elements continue in bands), nothing wider than the screen."""

from __future__ import annotations

from rich.console import Console

from ppei_tui.domain.mapping import compute_map
from ppei_tui.domain.session import Note, Session, Tag, new_session_info
from ppei_tui.domain.template import template_from_data
from ppei_tui.outputs.terminal_map import map_renderable

NAMES = [
    "Ré-framing", "Naïve-questioning", "Über-ruling", "Façade-keeping", "Légitimating",
    "Sense-making", "Re-checking", "Defending", "Compétence", "Negotiating",
    "Boundary-spanning", "Time-keeping", "Storytelling", "Gate-keeping", "Consensus-building",
]  # fmt: skip


def large_template():
    codes = ["M", "Ma", "Comp", "Rel", "Tr", "Go", "Ev", "Kn"]
    return template_from_data(
        {
            "id": "large",
            "name": "Large",
            "version": "1",
            "description": "",
            "elements": [
                {"code": code, "name": f"Élément {code} compétent", "definition": "", "verbs": NAMES}
                for code in codes
            ],
            "practice_sets": ["trust"],
            "speaker_roles": [],
        },
        "large",
    )


def test_map_panel_at_100_columns_shows_every_name_and_count_whole(clock):
    template = large_template()
    session = Session(new_session_info(template, "CoP", clock()))
    session.notes = [
        Note(i + 1, "n", clock().isoformat(), 1.0, [Tag(*cell)] * 1)
        for i, cell in enumerate(template.verb_cells() * 12)
    ]
    counts = compute_map(template, session.notes)
    for width in (100, 80, 60):
        console = Console(width=width, record=True, color_system="truecolor")
        console.print(map_renderable(counts, compact=True))
        text = console.export_text()
        assert max(len(line) for line in text.splitlines()) <= width
        for element in template.elements:
            assert f"({element.code}) · {counts.element_total(element.code)}" in text
        for verb in NAMES:  # every element holds the same names here: once per element
            assert text.count(f" {verb} 12") == len(template.elements)
