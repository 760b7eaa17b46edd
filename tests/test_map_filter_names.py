"""`ppei map --element/--practice` (and `ppei study --practice`) take names as people type them,
matched as tags are: a code exactly, else a name or alias exactly or by a unique start, folded
(case, accents, spaces, hyphens). An unknown or ambiguous value lists the choices."""

from __future__ import annotations

import pytest
from test_template_versions import counted, make_session, two_frameworks  # noqa: F401 - a fixture

from ppei_tui.cli import main
from ppei_tui.domain.filter_names import (
    resolve_element,
    resolve_elements,
    resolve_filter_values,
    resolve_practice_sets,
)
from ppei_tui.domain.mapping import FilterValueError
from ppei_tui.domain.session import KINDS, Note, Tag, new_session_info
from ppei_tui.domain.template import template_from_data
from ppei_tui.storage.store import SessionStore
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir


@pytest.fixture
def accented():
    """Hatfield's map with an accented, hyphenated element name, an element alias and a
    practice-set alias, as a French team might write it."""
    data = TemplateLibrary([bundled_templates_dir()]).get("hatfield-ppei").to_dict()
    data["elements"][3]["name"] = "Rencontres-frontières"  # BE
    data["elements"][4]["aliases"] = ["sens", "rendre-sens"]  # M
    data["practice_sets"] = [{"name": "confiance", "aliases": ["trust"]}, "leadership", "learning"]
    return template_from_data(data)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("M", "M"),  # a code exactly: never taken for the start of Materiality
        ("m", "M"),
        ("be", "BE"),
        ("Meanings", "M"),
        ("meanings", "M"),
        ("sens", "M"),  # an alias
        ("rencontres frontieres", "BE"),  # no accent, a space for the hyphen
        ("RENCONTRES-FRONTIÈRES", "BE"),
        ("rencontresfront", "BE"),  # the start of one name, as a #token may be
        ("Mater", "Mat"),
        ("particip", "P"),
    ],
)
def test_an_element_by_code_name_alias_or_start(accented, typed, code):
    assert resolve_element(typed, accented) == code


def test_an_unknown_element_lists_codes_and_names(accented):
    with pytest.raises(FilterValueError) as raised:
        resolve_element("Boundary", accented)
    assert str(raised.value) == (
        "unknown element 'Boundary'; valid elements (code or name): P (Participation), Mat (Materiality), "
        "C (Competence), BE (Rencontres-frontières), M (Meanings)"
    )


def test_a_start_shared_by_two_names_is_ambiguous(accented):
    with pytest.raises(
        FilterValueError,
        match=r"element 'ren' is ambiguous: could be BE \(Rencontres-frontières\), M \(Meanings\); give",
    ):
        resolve_elements(["M", "ren"], accented)


def test_practice_sets_by_name_alias_or_start(accented):
    assert resolve_practice_sets(["Trust", "lead", "CONFIANCE"], accented) == {"confiance", "leadership"}
    with pytest.raises(
        FilterValueError,
        match="unknown practice set 'money'; valid practice sets: confiance, leadership, learning",
    ):
        resolve_practice_sets(["money"], accented)
    with pytest.raises(
        FilterValueError, match="practice set 'le' is ambiguous: could be leadership, learning"
    ):
        resolve_practice_sets(["le"], accented)


def test_map_element_by_name_over_two_frameworks(two_frameworks, capsys):  # noqa: F811
    paths = [str(p) for p in two_frameworks]
    assert main(["map", "--plain", "--element", "materials", *paths]) == 0  # Shove's MAT: MAT_2 in the union
    out = capsys.readouterr().out
    assert counted(out) == 1 and "Handling 1" in out
    assert main(["map", "--plain", "--element", "Materiality", *paths]) == 0  # Hatfield's Mat
    out = capsys.readouterr().out
    assert counted(out) == 1 and "Reporting 1" in out
    # Both frameworks have an element named Meanings: the name alone cannot choose.
    assert main(["map", "--plain", "--element", "meanings", *paths]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        "element 'meanings' is ambiguous: could be M (Meanings), MEAN (Meanings); give the code"
        in captured.err
    )
    assert main(["map", "--plain", "--element", "MEAN", *paths]) == 0
    assert counted(capsys.readouterr().out) == 1


def test_map_practice_by_alias(tmp_path, clock, accented, capsys):
    store = SessionStore(tmp_path / "sessions")
    path = make_session(store, accented, "GB", "2026-10-01", clock, [("a1", [("P", "Engaging")])])
    assert main(["map", "--plain", "--practice", "trust", str(path)]) == 0
    assert "confiance" in capsys.readouterr().out
    assert main(["map", "--plain", "--practice", "trsut", str(path)]) == 1
    assert (
        "unknown practice set 'trsut'; valid practice sets: confiance, leadership, learning"
        in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("typed", "kinds"),
    [(["quote"], {"quote"}), (["Quote", "QUOTE"], {"quote"}), (["q", "obs"], {"quote", "observation"})],
)
def test_a_kind_by_name_in_any_case_or_a_unique_start(typed, kinds):
    assert resolve_filter_values(typed, KINDS, "kind") == kinds


def test_filter_values_fold_as_tags_do():
    """One fold (folding.fold) for every filter: stroked letters, accents, case, hyphens."""
    agenda = ["Ørsted visit", "Café réforme", "Finance report"]
    assert resolve_filter_values(["orsted visit"], agenda, "agenda item") == {"Ørsted visit"}
    assert resolve_filter_values(["CAFE-REFORME"], agenda, "agenda item") == {"Café réforme"}
    assert resolve_filter_values(["finance_report"], agenda, "agenda item") == {"Finance report"}


def test_one_item_spelled_two_ways_selects_both():
    """`Finance report` in one session and `Finance Report` in another are one agenda item:
    the map counts the notes of both (one of them used to be left out)."""
    agenda = ["Welcome", "Finance report", "Finance Report"]
    chosen = resolve_filter_values(["finance report"], agenda, "agenda item")
    assert chosen == {"Finance report", "Finance Report"}
    assert resolve_filter_values(["fin"], agenda, "agenda item") == chosen  # one item once folded


def test_an_unknown_or_ambiguous_value_lists_the_choices():
    agenda = ["Welcome", "Finance report", "Finance sub-committee"]
    with pytest.raises(
        FilterValueError,
        match="^agenda item 'fin' is ambiguous: could be Finance report, Finance sub-committee$",
    ):
        resolve_filter_values(["fin"], agenda, "agenda item")
    with pytest.raises(
        FilterValueError, match="^unknown kind 'gossip'; valid kinds: observation, quote, reflection$"
    ):
        resolve_filter_values(["gossip"], KINDS, "kind")


def _agenda_session(store, hatfield, clock, date, notes):
    """A session whose notes are (text, agenda item, kind, verb of P)."""
    info = new_session_info(hatfield, "GB", clock(), observer="DH", date=date)
    opened = store.create(info)
    for index, (text, agenda, kind, verb) in enumerate(notes, start=1):
        note = Note(
            index, text, clock().isoformat(), 10.0 * index, [Tag("P", verb)], kind=kind, agenda_item=agenda
        )
        opened.session.notes.append(note)
        opened.save_note(note)
    opened.close()
    return str(opened.path)


def test_map_kind_and_agenda_as_people_type_them(tmp_path, clock, hatfield, capsys):
    store = SessionStore(tmp_path / "sessions")
    a = _agenda_session(
        store,
        hatfield,
        clock,
        "2026-10-01",
        [("a1", "Finance report", "quote", "Engaging"), ("a2", "Welcome", "quote", "Aligning")],
    )
    b = _agenda_session(
        store, hatfield, clock, "2026-10-08", [("b1", "Finance Report", "observation", "Engaging")]
    )
    assert main(["map", "--plain", "--agenda", "finance-report", a, b]) == 0
    assert counted(capsys.readouterr().out) == 2  # a1 and b1: one item, spelled two ways
    assert main(["map", "--plain", "--agenda", "fin", "--kind", "Q", a, b]) == 0
    out = capsys.readouterr().out
    assert counted(out) == 1 and "Engaging 1" in out  # a1 only
    assert main(["map", "--plain", "--kind", "gossip", a, b]) == 1
    assert "unknown kind 'gossip'; valid kinds: observation, quote, reflection" in capsys.readouterr().err


def test_study_role_and_kind_as_map_reads_them(tmp_path, hatfield, capsys):
    from study_helpers import note, session, write_session

    folder = tmp_path / "study"
    folder.mkdir()
    notes = [
        note(1, "P.Engaging", role="lay representative", kind="quote"),
        note(2, "P.Aligning", role="chair"),
    ]
    write_session(folder / "a.json", session(hatfield, "GB", "urban", "2026-01-10", notes))

    def study(*argv):
        code = main(["study", "--plain", *argv, str(folder)])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    every = study()
    assert study("--role", "Lay-Rep") == study("--role", "lay representative") != every
    assert study("--kind", "Quote") == study("--kind", "quote") != every
    assert main(["study", "--role", "c", str(folder)]) == 1  # template order: commissioning ..., chair
    assert (
        "speaker role 'c' is ambiguous: could be commissioning support manager, chair"
        in capsys.readouterr().err
    )
