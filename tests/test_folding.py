"""Tags typed the way people type (issue 16 §1): case, accents, hyphens and spaces ignored."""

import textwrap
import unicodedata

import pytest

from ppei_tui.domain.folding import extend_typed, fold
from ppei_tui.domain.session import Tag
from ppei_tui.domain.tags import TagVocabulary, parse_tokens
from ppei_tui.domain.template import TemplateError, template_from_data
from ppei_tui.templates import load_template_file, parse_template_text

TEAM = """\
id: team-frame
name: A team's own framework
version: "1"
elements:
  - code: M
    name: Mandates
    verbs: [Légitimating, Ré-framing, Naïve-questioning]
  - code: Ma
    name: Matériel
    aliases: [Kit]
    verbs: [Über-ruling, Façade-keeping, Re-checking, Recording]
  - code: S
    name: Sense making
    verbs:
      - Sense-making
      - name: Cross-referencing
        aliases: [xref]
practice_sets: [réforme, {name: leadership, aliases: [lead-by-example]}]
"""


@pytest.fixture
def team():
    return parse_template_text(TEAM, "team.yaml")


@pytest.fixture
def vocabulary(team):
    return TagVocabulary(team)


@pytest.mark.parametrize(
    "token, expected",
    [
        ("#reframing", Tag("M", "Ré-framing")),
        ("#re-framing", Tag("M", "Ré-framing")),
        ("#RE_FRAMING", Tag("M", "Ré-framing")),
        ("#naive-q", Tag("M", "Naïve-questioning")),
        ("#naiveq", Tag("M", "Naïve-questioning")),
        ("#M.leg", Tag("M", "Légitimating")),
        ("#uber", Tag("Ma", "Über-ruling")),
        ("#facade", Tag("Ma", "Façade-keeping")),
        ("#recheck", Tag("Ma", "Re-checking")),
        ("#Ma.rec", Tag("Ma", "Re-checking")),  # recheck and recording both start rec...
        ("#sensemaking", Tag("S", "Sense-making")),
        ("#xref", Tag("S", "Cross-referencing")),
        ("#kit.uber", Tag("Ma", "Über-ruling")),
        ("#materiel.facade", Tag("Ma", "Façade-keeping")),
        ("#mandates.leg", Tag("M", "Légitimating")),
    ],
)
def test_tokens_match_ignoring_case_accents_and_hyphens(vocabulary, token, expected):
    parsed = parse_tokens(f"note {token}", vocabulary)
    if token == "#Ma.rec":
        assert parsed.tags == [] and "ambiguous" in parsed.problems[0].reason
        return
    assert parsed.problems == [] and parsed.tags == [expected]


def test_element_codes_where_one_starts_another_resolve_exactly(vocabulary):
    assert parse_tokens("#M.reframing", vocabulary).tags == [Tag("M", "Ré-framing")]
    assert parse_tokens("#Ma.recording", vocabulary).tags == [Tag("Ma", "Recording")]
    assert "unknown element" in parse_tokens("#Mx.recording", vocabulary).problems[0].reason
    assert vocabulary.resolve_element("m")[0].code == "M"
    assert vocabulary.resolve_element("MA")[0].code == "Ma"


def test_practice_sets_and_their_aliases(vocabulary):
    parsed = parse_tokens("+reforme +lead-by-example", vocabulary)
    assert parsed.practice_sets == ["réforme", "leadership"] and parsed.problems == []


def test_decomposed_accents_in_the_template_and_in_typed_text():
    decomposed = TEAM.replace("Ré-framing", unicodedata.normalize("NFD", "Ré-framing"))
    assert decomposed != TEAM
    template = parse_template_text(decomposed, "nfd.yaml")
    assert "Ré-framing" in template.element("M").verbs  # stored NFC
    vocabulary = TagVocabulary(template)
    typed = unicodedata.normalize("NFD", "#ré-framing")
    assert parse_tokens(typed, vocabulary).tags == [Tag("M", "Ré-framing")]


def test_fold_rule():
    assert fold("Ré-framing") == fold("reframing") == fold("RE FRAMING") == "reframing"
    assert fold("Straße") == "strasse" and fold("Øre") == "ore"
    assert fold("שָׁלוֹם") == "שלום"  # vowel points dropped, letters kept
    assert fold("क्षमा") == "क्षमा"  # virama and vowel signs are kept: they are letters' sounds
    assert fold("—") == ""


def test_extend_typed_keeps_what_was_typed():
    assert extend_typed("refr", "ré-framing") == "reframing"
    assert extend_typed("naive", "naïve-questioning") == "naive-questioning"
    assert extend_typed("stras", "straße") == "strasse"
    assert extend_typed("x", "ré-framing") is None


def test_completion_offers_the_same_matches(vocabulary):
    assert vocabulary.completions("#", "refr") == ["reframing"]
    assert vocabulary.completions("#", "naive") == ["naive-questioning"]
    assert vocabulary.completions("#", "uber") == ["uber-ruling"]
    assert vocabulary.completions("#", "rec") == ["rechecking", "recording"]
    assert vocabulary.completions("#", "xr") == ["xref"]
    assert vocabulary.completions("+", "ref") == ["reforme"]
    assert vocabulary.completions("+", "lead") == ["lead-by-example", "leadership"]
    # after a qualifier spelled with the element's name, its code, or an alias
    assert vocabulary.completions("#", "materiel.fac") == ["materiel.facade-keeping"]
    assert vocabulary.completions("#", "Mat.fac") == ["Mat.facade-keeping"]
    assert vocabulary.completions("#", "kit.u") == ["kit.uber-ruling"]
    assert vocabulary.completions("#", "M.l") == ["M.légitimating"]
    assert "Ma." in vocabulary.completions("#", "M") and "M." in vocabulary.completions("#", "M")
    for partial in ("refr", "naive", "materiel.fac", "M.l", "kit.u"):
        for completion in vocabulary.completions("#", partial):
            assert completion.startswith(partial)
            assert parse_tokens("#" + completion, vocabulary).problems == []


def problems_of(text: str) -> list[str]:
    with pytest.raises(TemplateError) as caught:
        parse_template_text(textwrap.dedent(text), "bad.yaml")
    return [str(p) for p in caught.value.problems]


HEAD = 'id: t1\nname: Test\nversion: "1"\n'


def test_names_equal_once_folded_collide_naming_both_places():
    text = HEAD + "elements:\n  - code: A\n    name: Alpha\n    verbs: [Re-checking, Rechecking, Chair]\n"
    [problem] = problems_of(text)
    assert "bad.yaml:7:26: elements[0].verbs[1]" in problem
    assert "'Re-checking'" in problem and "elements[0].verbs[0] (line 7:13)" in problem
    text = HEAD + "elements:\n  - code: A\n    name: Alpha\n    verbs: [Chair, chair]\n"
    [problem] = problems_of(text)
    assert "elements[0].verbs[1]" in problem and "elements[0].verbs[0] at line 7" in problem
    nfd = unicodedata.normalize("NFD", "Réforme")
    text = HEAD + f"elements:\n  - code: A\n    name: Alpha\n    verbs: [Réforme, {nfd}]\n"
    assert "elements[0].verbs[1]" in problems_of(text)[0]


def test_two_elements_with_one_name_or_qualifier_collide():
    text = HEAD + (
        "elements:\n  - code: A\n    name: Alpha\n    verbs: [One]\n"
        "  - code: B\n    name: alpha\n    verbs: [Two]\n"
        "  - code: C\n    name: Gamma\n    aliases: [a]\n    verbs: [Three]\n"
    )
    problems = problems_of(text)
    assert any("elements[1].name" in p and "names two elements" in p for p in problems)
    assert any("elements[2].aliases[0]" in p and "elements[0].code" in p for p in problems)


def test_aliases_collide_with_names_and_practice_sets_too():
    text = HEAD + (
        "elements:\n  - code: A\n    name: Alpha\n    verbs: [One, {name: Two, aliases: [one]}]\n"
        "practice_sets: [trust, {name: leadership, aliases: [Trust]}]\n"
    )
    problems = problems_of(text)
    assert any("elements[0].verbs[1].aliases[0]" in p for p in problems)
    assert any("practice_sets[1].aliases[0]" in p for p in problems)


def test_a_name_with_nothing_to_type_is_an_error():
    text = HEAD + "elements:\n  - code: A\n    name: Alpha\n    verbs: ['—', Two]\n"
    assert "no letter or digit" in problems_of(text)[0]


def test_codes_colliding_once_qualified_for_export():
    # "X: a" + "b" and "X" + "a: b" both export as "X: a: b".
    text = HEAD + (
        "elements:\n  - code: A\n    name: 'X: a'\n    verbs: [b]\n"
        "  - code: B\n    name: X\n    verbs: ['a: b']\n"
    )
    assert any("REFI-QDA" in p for p in problems_of(text))


def test_a_repeated_yaml_key_is_an_error():
    text = HEAD + "elements:\n  - code: A\n    name: Alpha\n    verbs: [One]\n    verbs: [Two]\n"
    [problem] = problems_of(text)
    assert "bad.yaml:8:5" in problem and "'verbs' appears twice" in problem and "line 7:5" in problem


def test_aliases_survive_the_session_copy(team):
    again = template_from_data(team.to_dict(), "copy", strict=False)
    assert again == team and again.element("S").aliases_of("Cross-referencing") == ("xref",)
    assert again.element("Ma").aliases == ("Kit",)


def test_session_copies_are_read_as_recorded():
    data = parse_template_text(
        HEAD + "elements:\n  - code: A\n    name: A\n    verbs: [One]\n", "t"
    ).to_dict()
    data["elements"][0]["verbs"] = ["Chair", "Chaír"]  # collide once folded: kept readable
    assert template_from_data(data, "session", strict=False).element("A").verbs == ("Chair", "Chaír")
    with pytest.raises(TemplateError):
        template_from_data(data, "file")


def test_utf16_template_files_are_read_and_other_encodings_explained(tmp_path):
    path = tmp_path / "u16.yaml"
    path.write_bytes(TEAM.encode("utf-16"))
    assert load_template_file(path).element("M").verbs[1] == "Ré-framing"
    path.write_bytes(TEAM.encode("utf-16-be").join([b"\xfe\xff", b""]))
    assert load_template_file(path).id == "team-frame"
    path.write_bytes(HEAD.encode() + "description: Tést\n".encode("latin-1"))
    with pytest.raises(TemplateError) as caught:
        load_template_file(path)
    assert f"{path}:4:15:" in str(caught.value) and "UTF-8" in str(caught.value)


def test_a_session_recorded_with_decomposed_and_colliding_names_still_loads(tmp_path, make_info, clock):
    from ppei_tui.domain.session import Note
    from ppei_tui.storage.store import SessionStore, load_session

    decomposed = unicodedata.normalize("NFD", "Ré-framing")
    info = make_info()
    info.template["elements"][0]["verbs"] += [decomposed, "Chair", "Chaír"]
    store = SessionStore(tmp_path)
    opened = store.create(info)
    note = Note(1, "x", clock().isoformat(), 1.0, tags=[Tag("P", decomposed), Tag("P", "Chaír")])
    opened.session.notes.append(note)
    opened.save_note(note)
    opened.close()
    session = load_session(opened.path)
    assert decomposed in session.template.element("P").verbs
    assert session.notes[0].tags == [Tag("P", decomposed), Tag("P", "Chaír")]
