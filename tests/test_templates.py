import textwrap

import pytest

from ppei_tui.cli import main
from ppei_tui.domain.template import TemplateError
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir, parse_template_text

HATFIELD = {
    "P": ["Aligning", "Imagining", "Persisting", "Engaging"],
    "Mat": ["Time-consuming", "Reporting", "Monitoring", "Processing", "Resourcing"],
    "C": ["Conforming", "Performing", "Learning", "Recognising"],
    "BE": ["Inspiring", "Developing", "Remembering", "Enabling", "Believing", "Welcoming"],
    "M": ["Valuing", "Improving", "Achieving"],
}


def test_hatfield_template_has_the_published_elements_verbs_and_sets(hatfield):
    assert {e.code: list(e.verbs) for e in hatfield.elements} == HATFIELD
    assert [e.name for e in hatfield.elements] == [
        "Participation",
        "Materiality",
        "Competence",
        "Boundary encounters",
        "Meanings",
    ]
    assert all(e.definition for e in hatfield.elements)
    assert hatfield.practice_sets == ("trust", "leadership", "learning", "partnership")
    assert "lay representative" in hatfield.speaker_roles and "GP lead" in hatfield.speaker_roles
    assert hatfield.id == "hatfield-ppei" and hatfield.version == "1.0"


def test_every_shipped_template_loads():
    entries = TemplateLibrary([bundled_templates_dir()]).entries()
    assert len(entries) >= 2
    assert [e.error for e in entries] == [None] * len(entries)
    shapes = {len(e.template.elements) for e in entries}
    assert {5, 3} <= shapes


GOOD = """\
id: t1
name: Test
version: "1"
elements:
  - code: A
    name: Alpha
    verbs: [One, Two]
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(TemplateError) as caught:
        parse_template_text(textwrap.dedent(text), "bad.yaml")
    return [str(p) for p in caught.value.problems]


def test_minimal_template_is_valid():
    assert parse_template_text(GOOD, "good.yaml").element("a").verbs == ("One", "Two")


def test_yaml_syntax_error_names_file_line_and_column():
    [message] = problems_of("id: t1\nelements:\n  - code: [A\n    name: x\n")
    assert message.startswith("bad.yaml:")
    line, column = message.split(":")[1:3]
    assert line.isdigit() and column.isdigit()
    assert "YAML syntax error" in message


def test_missing_code_and_empty_element_are_named():
    messages = problems_of(GOOD.replace("  - code: A\n", "  - name2: x\n").replace("[One, Two]", "[]"))
    text = "\n".join(messages)
    assert "elements[0].code: is missing" in text
    assert "elements[0].verbs: element 0 has no verbs" in text or "has no verbs" in text
    assert "elements[0].name2: is not an element key" in text


def test_duplicate_codes_and_verbs_are_named_with_their_line():
    text = GOOD + "  - code: a\n    name: Again\n    verbs: [Three, three]\n"
    messages = problems_of(text)
    assert any("elements[1].code" in m and "duplicates elements[0].code" in m for m in messages)
    assert any("elements[1].verbs[1]" in m and "duplicates" in m for m in messages)
    assert all(m.startswith("bad.yaml:") and m.split(":")[1].isdigit() for m in messages)


def test_yaml_booleans_and_sexagesimal_numbers_are_explained():
    text = GOOD.replace("[One, Two]", "[One, no, 10:30]").replace('version: "1"', "version: 1.0")
    messages = "\n".join(problems_of(text))
    assert "elements[0].verbs[1]: is the boolean False" in messages
    assert "elements[0].verbs[2]: is the number 630" in messages and "10:30" in messages
    assert "version: is the number 1.0" in messages


def test_templates_check_command_exit_codes(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD)
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("[One, Two]", "[yes]"))
    assert main(["templates", "check", str(good)]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["templates", "check", str(bad)]) == 1
    assert f"{bad}:7:" in capsys.readouterr().err


def test_templates_command_lists_shipped_templates(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["templates"]) == 0
    out = capsys.readouterr().out
    assert "hatfield-ppei" in out and "shove-three-elements" in out


def test_a_new_framework_needs_only_a_yaml_file(tmp_path, clock):
    from ppei_tui.domain.mapping import compute_map
    from ppei_tui.domain.recording import Draft, note_from_draft
    from ppei_tui.domain.session import Session, new_session_info
    from ppei_tui.domain.tags import TagVocabulary

    (tmp_path / "mine.yaml").write_text(GOOD.replace("id: t1", "id: my-codebook"))
    template = TemplateLibrary([tmp_path]).get("my-codebook")
    session = Session(new_session_info(template, "Team", clock()))
    note, problems = note_from_draft(session, Draft(text="x #two"), TagVocabulary(template), clock())
    assert problems == []
    session.notes.append(note)
    assert compute_map(template, session.notes).count("A", "Two") == 1


def test_libyaml_reads_templates_as_the_python_loader_does_and_refuses_the_same():
    """Templates are read by libyaml where PyYAML has it (template_yaml: a new session reads
    one at start); what it reads must equal the Python loader's reading, and what that loader
    refuses (a repeated key, an anchor) is still refused, with its own message."""
    import yaml

    from ppei_tui.template_yaml import TemplateLoader, _read_with_libyaml, read_template_yaml

    assert yaml.__with_libyaml__  # else this test would check the Python loader against itself
    for path in sorted(bundled_templates_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert _read_with_libyaml(text) == yaml.load(text, Loader=TemplateLoader)  # noqa: S506
    repeated = "id: x\nname: X\nelements: []\nname: Y\n"
    anchored = "id: &a x\nname: X\nelements: []\n"
    for text, message in ((repeated, "appears twice"), (anchored, "anchors and aliases")):
        with pytest.raises(TemplateError, match=message):
            read_template_yaml(text, "t.yaml")
    with pytest.raises(TemplateError, match=r"YAML syntax error"):
        read_template_yaml("id: [x\n", "t.yaml")
