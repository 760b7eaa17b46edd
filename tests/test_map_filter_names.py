"""`ppei map --element/--practice` (and `ppei study --practice`) take names as people type them,
matched as tags are: a code exactly, else a name or alias exactly or by a unique start, folded
(case, accents, spaces, hyphens). An unknown or ambiguous value lists the choices."""

from __future__ import annotations

import pytest
from test_template_versions import counted, make_session, two_frameworks  # noqa: F401 - a fixture

from ppei_tui.cli import main
from ppei_tui.domain.filter_names import resolve_element, resolve_elements, resolve_practice_sets
from ppei_tui.domain.mapping import FilterValueError
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
