"""`ppei templates import` of codebooks from other tools (issue 16 §4): nesting, hardening."""

import pytest

from ppei_tui.cli import main
from ppei_tui.domain.tags import TagVocabulary, parse_tokens
from ppei_tui.domain.template import TemplateError
from ppei_tui.outputs.refi_import import import_codebook
from ppei_tui.outputs.refi_qda import CODEBOOK_NS
from ppei_tui.templates import load_template_file

GUIDS = iter(f"00000000-0000-0000-0000-{n:012d}" for n in range(1, 1000))


def code(name: str, *children: str, codable: bool = True) -> str:
    flag = "true" if codable else "false"
    inner = "".join(children)
    return f'<Code guid="{next(GUIDS)}" name="{name}" isCodable="{flag}">{inner}</Code>'


def codebook(*codes: str) -> bytes:
    head = f'<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="{CODEBOOK_NS}" origin="MAXQDA 24">'
    return f"{head}<Codes>{''.join(codes)}</Codes></CodeBook>".encode()


NESTED = codebook(
    code(
        "Trust",
        code("In GPs", code("low"), code("high"), codable=False),
        code("In managers", code("low"), code("high")),
    ),
    code("Leadership", code("Distributed"), code("Heroic"), codable=False),
    code("Jargon"),
)


def test_a_nested_codebook_keeps_every_codable_code_qualified_by_its_parent():
    imported = import_codebook(NESTED, "maxqda.qdc")
    elements = {e.name: e.verbs for e in imported.template.elements}
    assert elements == {
        "Trust": (
            "Trust",
            "In GPs / low",
            "In GPs / high",
            "In managers",
            "In managers / low",
            "In managers / high",
        ),
        "Leadership": ("Distributed", "Heroic"),
        "Codes": ("Jargon",),
    }
    lines = "\n".join(imported.flattened)
    assert "Trust > In managers > low: verb 'In managers / low' of element 'Trust'" in lines
    assert "Trust > In GPs > high: verb 'In GPs / high'" in lines
    assert "Trust: codable and has sub-codes" in lines
    assert "Trust > In GPs: a category" in lines
    # every code is reachable by a typed token
    vocabulary = TagVocabulary(imported.template)
    trust = imported.template.elements[0].code
    assert parse_tokens(f"#{trust}.inmanagerslow", vocabulary).tags[0].verb == "In managers / low"
    assert parse_tokens(f"#{trust}.in-gps-high", vocabulary).tags[0].verb == "In GPs / high"
    assert parse_tokens(f"#{trust}.inmanagers", vocabulary).tags[0].verb == "In managers"


def test_import_command_prints_each_flattening_and_writes_a_template_that_checks(tmp_path, capsys):
    qdc = tmp_path / "maxqda.qdc"
    qdc.write_bytes(NESTED)
    out = tmp_path / "imported.yaml"
    assert main(["templates", "import", str(qdc), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.count("flattened:") >= 5 and "Trust > In managers > low" in printed
    assert main(["templates", "check", str(out)]) == 0
    assert "In managers / low" in load_template_file(out).elements[0].verbs


def test_errors_name_codes_by_their_path_in_the_codebook():
    clash = codebook(code("Trust", code("In managers", code("low"), code("Low"))))
    with pytest.raises(TemplateError) as caught:
        import_codebook(clash, "clash.qdc")
    message = str(caught.value)
    assert "Trust > In managers > Low" in message and "Trust > In managers > low" in message
    assert "elements[" not in message and "line" not in message
    unnamed = codebook(code("Trust", code("In managers", code(""))))
    with pytest.raises(TemplateError, match="Trust > In managers > \\(no name\\): a code without a name"):
        import_codebook(unnamed, "unnamed.qdc")


ENTITY = (
    '<?xml version="1.0" encoding="utf-16"?>\n'
    '<!DOCTYPE CodeBook [<!ENTITY boom "expanded">]>\n'
    f'<CodeBook xmlns="{CODEBOOK_NS}"><Codes><Code guid="00000000-0000-0000-0000-000000000001" '
    'name="&boom;" isCodable="true"/></Codes></CodeBook>'
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-32"])
def test_dtds_and_entities_are_refused_whatever_the_encoding(encoding):
    text = ENTITY.replace('encoding="utf-16"', f'encoding="{encoding}"')
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    with pytest.raises(TemplateError, match="DTD"):
        import_codebook(data, "evil.qdc")


def test_a_utf16_codebook_without_a_dtd_is_read():
    text = NESTED.decode().replace('encoding="utf-8"', 'encoding="utf-16"')
    imported = import_codebook(text.encode("utf-16"), "u16.qdc")
    assert imported.template.elements[1].verbs == ("Distributed", "Heroic")
