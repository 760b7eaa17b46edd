"""Properties that must hold for every framework a team could write (issue 16 tests, issue 10):
generated templates of 1-40 elements and 1-30 codes, with accents composed and decomposed,
hyphens, spaces, case variants and names that start other names."""

import io
import unicodedata
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import xmlschema
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from ppei_tui.domain.folding import fold
from ppei_tui.domain.numbering import picker_digits, tag_from_digits
from ppei_tui.domain.session import Note, Session, Tag, new_session_info
from ppei_tui.domain.tags import TagVocabulary, parse_tokens
from ppei_tui.domain.template import Template, TemplateError, slug, template_from_data
from ppei_tui.outputs import exports, refi_project, refi_qda
from ppei_tui.outputs.exports import LoadedSession

REFI = Path(__file__).resolve().parent / "refi_qda_schemas"
PROJECT_SCHEMA = xmlschema.XMLSchema(str(REFI / "Project-mrt2019.xsd"))
CODEBOOK_SCHEMA = xmlschema.XMLSchema(str(REFI / "Codebook.xsd"))
PARTS = [
    "ré",
    "fram",
    "naïve",
    "über",
    "façade",
    "légit",
    "check",
    "ma",
    "m",
    "sense",
    "making",
    "q",
    "ing",
    "ø",
]
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@st.composite
def names(draw) -> str:
    """A name of 1-3 parts joined by a hyphen, a space or nothing, in some case, maybe NFD."""
    parts = draw(st.lists(st.sampled_from(PARTS), min_size=1, max_size=3))
    joiners = draw(
        st.lists(st.sampled_from(["-", " ", ""]), min_size=len(parts) - 1, max_size=len(parts) - 1)
    )
    name = parts[0] + "".join(j + p for j, p in zip(joiners, parts[1:], strict=True))
    name = draw(st.sampled_from([name, name.capitalize(), name.upper(), name.title()]))
    return unicodedata.normalize("NFD", name) if draw(st.booleans()) else name


CODES = st.sampled_from(["M", "Ma", "Mat", "MA2", "P", "Pa", "C", "Co", "BE", "B", "X_1"])


@st.composite
def template_data(draw, max_elements: int = 40, max_codes: int = 30) -> dict:
    count = draw(st.integers(1, max_elements))
    codes = draw(
        st.lists(
            st.one_of(CODES, st.from_regex(r"\A[A-Z][a-z0-9]{0,3}\Z")),
            min_size=count,
            max_size=count,
            unique_by=str.lower,
        )
    )
    elements = []
    for code in codes:
        verbs = draw(st.lists(names(), min_size=1, max_size=max_codes, unique_by=lambda n: n.strip().lower()))
        elements.append({"code": code, "name": draw(names()), "verbs": verbs})
    practice = draw(st.lists(names(), max_size=5, unique_by=lambda n: n.strip().lower()))
    return {
        "id": "generated",
        "name": "Generated",
        "version": "1",
        "elements": elements,
        "practice_sets": practice,
    }


def folded_collisions(data: dict) -> bool:
    """The collision rule, restated independently: any namespace with two equal folds."""

    def clash(values: list[str]) -> bool:
        folds = [fold(v) for v in values]
        return "" in folds or len(set(folds)) < len(folds)

    qualifiers = [{fold(e["code"]), fold(e["name"])} for e in data["elements"]]
    seen: set[str] = set()
    for own in qualifiers:
        if own & seen:
            return True
        seen |= own
    return any(clash(e["verbs"]) for e in data["elements"]) or clash(data["practice_sets"])


def reachable_tokens(template: Template, element_index: int, verb: str) -> list[str]:
    element = template.elements[element_index]
    ascii_form = fold(verb)  # what a person types on a UK/US keyboard, accents and hyphens left out
    # ... by code or name, and as Tab completion writes it (slug: spaces as hyphens, accents kept)
    return [
        f"#{element.code}.{ascii_form}",
        f"#{fold(element.name)}.{ascii_form}",
        f"#{element.code.lower()}.{slug(verb)}",
    ]


# No shrinking: templates of up to 1,200 codes shrink for minutes; a failure prints its template.
@settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(template_data())
def test_check_and_tagger_agree_and_every_code_is_reachable_by_token_and_number(data):
    try:
        template = template_from_data(data, "generated.yaml")
    except TemplateError as error:
        # refused only for names a typed token could not tell apart (folded equal, or empty),
        # each named by its place
        assert folded_collisions(data)
        assert all(p.key.startswith(("elements[", "practice_sets[")) for p in error.problems)
        return
    assert not folded_collisions(data)
    vocabulary = TagVocabulary(template)
    digits = set()
    for index, element in enumerate(template.elements):
        for verb in element.verbs:
            tag = Tag(element.code, verb)
            for token in reachable_tokens(template, index, verb):
                parsed = parse_tokens(f"note {token}", vocabulary)
                assert parsed.tags == [tag] and parsed.problems == [], (token, parsed.problems)
            number = picker_digits(template, tag)
            assert tag_from_digits(template, number) == tag
            digits.add(number)
            # completion offers a way to it too
            offered = vocabulary.completions("#", f"{element.code}.{fold(verb)[:2]}")
            assert any(parse_tokens("#" + c, vocabulary).tags == [tag] for c in offered)
    assert len(digits) == len(template.verb_cells())
    for practice in template.practice_sets:
        assert parse_tokens(f"+{fold(practice)}", vocabulary).practice_sets == [practice]


def session_with_every_code(template: Template, tmp_path: Path) -> LoadedSession:
    session = Session(new_session_info(template, "Generated CoP", NOW, observer="DH"))
    for number, (code, verb) in enumerate(template.verb_cells(), start=1):
        session.notes.append(
            Note(number, f"note {number}", NOW.isoformat(), float(number), [Tag(code, verb)])
        )
    path = tmp_path / "generated.json"
    path.write_text("{}")
    return LoadedSession(path, session)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(template_data(max_elements=12, max_codes=15))
def test_every_export_builds_and_holds_every_code_once(tmp_path, data):
    try:
        template = template_from_data(data, "generated.yaml")
    except TemplateError:
        assume(False)
        return
    qdc = refi_qda.codebook_export(template)
    CODEBOOK_SCHEMA.validate(qdc.decode())
    root = ET.fromstring(qdc)
    code_names = [c.get("name") for c in root.iter(f"{{{refi_qda.CODEBOOK_NS}}}Code")]
    expected = len(template.verb_cells()) + len(template.elements) + len(template.practice_sets)
    expected += 1 if template.practice_sets else 0
    assert len(code_names) == len({n.casefold() for n in code_names}) == expected
    item = session_with_every_code(template, tmp_path)
    archive = zipfile.ZipFile(io.BytesIO(refi_project.project_export([item], NOW)))
    qde = archive.read("project.qde").decode()
    PROJECT_SCHEMA.validate(qde)
    refs = [r.get("targetGUID") for r in ET.fromstring(qde).iter(f"{{{refi_qda.PROJECT_NS}}}CodeRef")]
    guids = refi_qda.code_guids(template)
    assert sorted(refs) == sorted(guids[cell] for cell in template.verb_cells())  # each code coded once
    long_rows = exports.csv_long([item]).decode("utf-8-sig").splitlines()
    assert len(long_rows) == 1 + len(template.verb_cells())
    assert exports.json_export([item], NOW) and exports.markdown_export([item])


LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
AWKWARD = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(
            ["\x00", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\u2028", "<", "&", "]", ">", "\U0001f642", "é"]
        ),
    ),
    max_size=40,
)


@st.composite
def awkward_texts(draw) -> str:
    lines = draw(st.lists(AWKWARD, min_size=1, max_size=3))
    return draw(LINE_ENDS).join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cop=awkward_texts(),
    site=awkward_texts(),
    agenda=awkward_texts(),
    texts=st.lists(awkward_texts(), min_size=1, max_size=5),
)
def test_coded_spans_equal_their_notes_for_any_text_and_line_ending(
    hatfield, tmp_path, cop, site, agenda, texts
):
    session = Session(new_session_info(hatfield, cop or "x", NOW, site=site, agenda=[agenda or "a"]))
    for number, text in enumerate(texts, start=1):
        session.notes.append(
            Note(
                number,
                text,
                NOW.isoformat(),
                float(number),
                [Tag("P", "Engaging")],
                agenda_item=agenda or "a",
            )
        )
    path = tmp_path / "awkward.json"
    path.write_text("{}")
    warnings: list[str] = []
    archive = zipfile.ZipFile(
        io.BytesIO(refi_project.project_export([LoadedSession(path, session)], NOW, warnings))
    )
    qde = archive.read("project.qde").decode()
    PROJECT_SCHEMA.validate(qde)
    root = ET.fromstring(qde)
    source = root.find(f"{{{refi_qda.PROJECT_NS}}}Sources/{{{refi_qda.PROJECT_NS}}}TextSource")
    raw = archive.read(f"sources/{source.get('guid')}.txt")
    assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf")
    # read back as QualCoder does: universal newlines
    text = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8").read()
    by_guid = {refi_qda.guid("selection", session.info.id, str(n.id)): n for n in session.notes}
    selections = source.findall(f"{{{refi_qda.PROJECT_NS}}}PlainTextSelection")
    assert len(selections) == sum(1 for n in session.notes if n.text)
    for selection in selections:
        note = by_guid[selection.get("guid")]
        start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        assert start < end and text[start:end] == refi_project.clean_text(note.text)[0]
        name = selection.get("name")
        assert "\n" not in name and len(name) <= refi_project.SELECTION_NAME_LENGTH
        assert not refi_project.CONTROL.search(name)
    if any(refi_project.CONTROL.search(t.replace("\r", "")) for t in [cop, site, agenda, *texts]):
        assert any("control character" in w for w in warnings)


@settings(
    max_examples=60,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(template_data(max_elements=12, max_codes=10), st.sampled_from(["", "."]))
def test_a_token_naming_an_element_never_tags_a_verb_of_another_element(data, dot):
    try:
        template = template_from_data(data, "generated.yaml")
    except TemplateError:
        return
    vocabulary = TagVocabulary(template)
    for element in template.elements:
        for word in (element.code, element.code.lower(), slug(element.name), fold(element.name)):
            parsed = parse_tokens(f"note #{word}{dot}", vocabulary)
            assert all(tag.element == element.code for tag in parsed.tags), (word, parsed.tags)
            assert parsed.tags or parsed.problems, word  # never dropped silently
