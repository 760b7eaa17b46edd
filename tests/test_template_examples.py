"""Hints and help show the loaded template's own tokens; counts read "1 note" (issue 16 §3)."""

from ppei_tui.domain.session import new_session_info, parse_attendees
from ppei_tui.domain.tags import TagVocabulary, parse_tokens, token_examples
from ppei_tui.domain.wording import count
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir
from ppei_tui.ui.app import PpeiApp
from ppei_tui.ui.observe import ObserveScreen

HATFIELD_WORDS = ("#engaging", "#eng", "#Mat.", "#BE.", "+trust", "+lead")


def shove():
    return TemplateLibrary([bundled_templates_dir()]).get("shove-three-elements")


def test_every_example_is_a_token_of_the_template_that_resolves(hatfield, attendees):
    for template in (hatfield, shove()):
        vocabulary = TagVocabulary(template, attendees)
        examples = token_examples(vocabulary)
        assert all(tuple(examples))
        for token in tuple(examples):
            assert parse_tokens(f"note {token}", vocabulary).problems == [], token
        assert parse_tokens(examples.qualified_short, vocabulary).tags


def test_examples_of_another_framework_use_its_words_not_the_default_ones():
    examples = tuple(token_examples(TagVocabulary(shove(), parse_attendees("Ash: member"))))
    assert not any(token.startswith(HATFIELD_WORDS) for token in examples)
    assert "#handling" in examples and "+routine" in examples


def test_counts_read_as_people_read_them():
    assert [count(n, "note") for n in (0, 1, 2)] == ["0 notes", "1 note", "2 notes"]
    assert count(1, "tag") == "1 tag" and count(3, "entry") == "3 entries"


async def test_observe_hint_and_help_come_from_the_loaded_template(config, store, clock):
    info = new_session_info(shove(), "Repair café", clock(), attendees=parse_attendees("Ash: member"))
    app = PpeiApp(config, store, store.create(info), is_new=True)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ObserveScreen)
        placeholder = screen.placeholder()
        assert "#handling" in placeholder and "#verb" not in placeholder
        await pilot.press("f1")
        await pilot.pause()
        text = str(pilot.app.screen.query_one("Static").render())
        assert "#handling" in text and "#COMP.demonstrating" in text and "+routine" in text
        assert not any(word in text for word in ("#engaging", "#Mat.reporting", "+trust"))


async def test_tab_completes_folded_tokens_of_an_accented_framework(config, store, clock, tmp_path):
    from ppei_tui.storage.reading import read_tables
    from ppei_tui.templates import parse_template_text

    team = parse_template_text(
        'id: team\nname: Team\nversion: "1"\nelements:\n'
        "  - {code: M, name: Mandates, verbs: [Légitimating, Ré-framing, Naïve-questioning]}\n"
        "  - {code: Ma, name: Matériel, verbs: [Über-ruling, Façade-keeping]}\n"
        "practice_sets: [réforme]\n",
        "team.yaml",
    )
    opened = store.create(new_session_info(team, "Team", clock()))
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press(*"Chair reframes #refr")
        await pilot.pause()
        await pilot.press("tab")
        assert pilot.app.screen.query_one("#note-input").value == "Chair reframes #reframing"
        await pilot.press(*" #materiel.fac")
        await pilot.pause()
        await pilot.press("tab")
        assert pilot.app.screen.query_one("#note-input").value.endswith("#materiel.facade-keeping")
        await pilot.press(*" #uber +reforme #M.leg", "enter")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    note = read_tables(opened.path)[0]["notes"]["1"]
    assert note["tags"] == [
        {"element": "M", "verb": "Ré-framing"},
        {"element": "Ma", "verb": "Façade-keeping"},
        {"element": "Ma", "verb": "Über-ruling"},
        {"element": "M", "verb": "Légitimating"},
    ]
    assert note["practice_sets"] == ["réforme"] and note["unresolved"] == []
