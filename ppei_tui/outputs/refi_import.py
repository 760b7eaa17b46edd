"""A REFI-QDA codebook (.qdc) from another tool (MAXQDA, ATLAS.ti, NVivo, QualCoder) as a template.

Flattening rule (the README states it too):
- each top-level code with sub-codes becomes an element; its codable descendants, at any depth,
  become its verbs;
- a direct sub-code keeps its name; a deeper one is qualified by its parents below the element,
  joined with " / ": `Trust > In managers > low` becomes the verb `In managers / low` of the
  element `Trust`, so `low` under two parents gives two verbs;
- a codable code that has sub-codes is kept as a code too: a codable top-level code becomes a
  verb named like its element, a deeper one the verb of its own path;
- top-level codes without sub-codes go together into one element, `Codes`;
- a codebook ppei-tui wrote reads back as it was (`Name (CODE)` elements, `Practice sets`).
Each flattening is reported in a line. Problems name codes by their path in the codebook.
XML is parsed by defusedxml: no DTD, no entities, no external references, in any encoding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

import defusedxml
import defusedxml.ElementTree as SafeET

from ppei_tui.domain.template import Problem, Template, TemplateError, slug, template_from_data
from ppei_tui.domain.template_checks import PRACTICE_CATEGORY
from ppei_tui.outputs.refi_qda import CODEBOOK_NS
from ppei_tui.templates import BOMS

ELEMENT_NAME = re.compile(r"^(?P<name>.*) \((?P<code>[A-Za-z][A-Za-z0-9_]*)\)$")
CODE_TAG = f"{{{CODEBOOK_NS}}}Code"
PATH_SEPARATOR = " > "
QUALIFIER = " / "
KEY_PATH = re.compile(r"elements\[\d+\]\.(?:verbs\[\d+\]|name|code)|practice_sets\[\d+\]")


@dataclass
class ImportedCodebook:
    template: Template
    flattened: list[str] = field(default_factory=list)  # one line per flattening


def _name(code: ET.Element) -> str:
    return (code.get("name") or "").strip()


def _codable(code: ET.Element) -> bool:
    return code.get("isCodable") != "false"  # only a literal "false" makes a category


def _children(code: ET.Element) -> list[ET.Element]:
    return code.findall(CODE_TAG)


def _element_code(name: str, used: set[str]) -> str:
    letters = "".join(word[0] for word in re.findall(r"[A-Za-z]+", name)).upper() or "E"
    code, extra = letters[:3], 1
    while code.lower() in used:
        extra += 1
        code = f"{letters[:3]}{extra}"
    used.add(code.lower())
    return code


class _Flattener:
    def __init__(self, source: str):
        self.source = source
        self.flattened: list[str] = []
        self.paths: dict[str, str] = {}  # template key path -> path in the codebook
        self.problems: list[Problem] = []
        self.used_codes: set[str] = set()

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.source, path, message))

    def verbs(self, element_index: int, element_name: str, top: ET.Element, path: str) -> list[str]:
        verbs: list[str] = []
        if _codable(top):
            self.paths[f"elements[{element_index}].verbs[0]"] = path
            verbs.append(element_name)
            self.flattened.append(
                f"{path}: codable and has sub-codes: element {element_name!r}, and verb {element_name!r} "
                "for what was coded with it"
            )
        prefix = f"{element_name}: "

        def walk(code: ET.Element, names: list[str]) -> None:
            name = _name(code)
            code_path = PATH_SEPARATOR.join([path, *names, name or "(no name)"])
            if not name:
                self.problem(code_path, "a code without a name")
                return
            if not names and name.startswith(prefix):  # a codebook ppei-tui wrote
                name = name.removeprefix(prefix)
            qualified = QUALIFIER.join([*names, name])
            if _codable(code):
                self.paths[f"elements[{element_index}].verbs[{len(verbs)}]"] = code_path
                verbs.append(qualified)
                if names:
                    self.flattened.append(f"{code_path}: verb {qualified!r} of element {element_name!r}")
            elif _children(code):
                self.flattened.append(f"{code_path}: a category; its codes are qualified by it")
            for child in _children(code):
                walk(child, [*names, name])

        for child in _children(top):
            walk(child, [])
        return verbs

    def element(self, index: int, top: ET.Element) -> dict:
        path = _name(top) or "(no name)"
        self.paths[f"elements[{index}].name"] = path
        self.paths[f"elements[{index}].code"] = path
        match = ELEMENT_NAME.match(_name(top))
        name = match["name"] if match else _name(top)
        if match and match["code"].lower() not in self.used_codes:
            code = match["code"]
            self.used_codes.add(code.lower())
        else:
            code = _element_code(name, self.used_codes)
        element: dict = {"code": code, "name": name, "verbs": self.verbs(index, name, top, path)}
        description = top.find(f"{{{CODEBOOK_NS}}}Description")
        if description is not None and description.text and description.text.strip():
            element["definition"] = description.text.strip()
        if re.fullmatch(r"#[0-9A-Fa-f]{6}", top.get("color", "")):
            element["colour"] = top.get("color")
        return element

    def explain(self, error: TemplateError) -> TemplateError:
        """The template's problems, with key paths replaced by the codes' paths in the codebook."""
        problems = []
        for problem in error.problems:
            key = self.paths.get(problem.key.removesuffix(".name"), self.paths.get(problem.key, problem.key))
            message = KEY_PATH.sub(lambda m: self.paths.get(m.group(), m.group()), problem.message)
            problems.append(Problem(self.source, key, message))
        return TemplateError(problems)


# (leading bytes, codec): a byte-order mark (the template files' table, templates.BOMS), or
# the first characters "<?" of a declaration in an encoding without one (XML 1.0, Appendix F).
SIGNATURES = BOMS + (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def as_utf8(data: bytes, source: str) -> bytes:
    """The document re-encoded as UTF-8 with its encoding declaration removed, so the hardened
    parser sees every document the same way (expat refuses UTF-32 and some UTF-16 labels)."""
    codec = next((name for signature, name in SIGNATURES if data.startswith(signature)), None)
    if codec is None:
        declared = DECLARED_ENCODING.match(data)
        codec = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        text = data.decode(codec)
    except LookupError as error:
        raise TemplateError(
            [Problem(source, "", f"unknown encoding {codec!r} in the XML declaration")]
        ) from error
    except UnicodeDecodeError as error:
        good = data[: error.start].decode(codec, errors="replace")
        line, column = good.count("\n") + 1, len(good) - (good.rfind("\n") + 1) + 1
        message = f"is not valid {codec} (bytes {data[error.start : error.start + 4].hex(' ')})"
        raise TemplateError([Problem(source, "", message, line, column)]) from error
    text = re.sub(r"""^(\ufeff?<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""", r"\1", text.lstrip("\ufeff"))
    return text.encode("utf-8")


def parse_codebook_xml(data: bytes, source: str) -> ET.Element:
    """The root of a .qdc, parsed with no DTD, entities or external references (defusedxml),
    whatever its encoding."""
    try:
        root = SafeET.fromstring(
            as_utf8(data, source), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException as error:
        raise TemplateError(
            [
                Problem(
                    source,
                    "",
                    f"refused: the codebook declares a DTD or entities ({error}); a .qdc needs neither",
                )
            ]
        ) from error
    except ET.ParseError as error:
        line, column = error.position
        raise TemplateError([Problem(source, "", f"XML error: {error}", line, column + 1)]) from error
    if root.tag != f"{{{CODEBOOK_NS}}}CodeBook":
        raise TemplateError(
            [Problem(source, "", f"root element is {root.tag}, expected CodeBook in {CODEBOOK_NS}")]
        )
    return root


def import_codebook(data: bytes, source: str) -> ImportedCodebook:
    """A REFI-QDA codebook as a template, by the rule in the module docstring.

    Raises TemplateError naming codes by their path (`Trust > In managers > low`)."""
    root = parse_codebook_xml(data, source)
    flat = _Flattener(source)
    elements: list[dict] = []
    practice_sets: list[str] = []
    loose: list[tuple[str, str]] = []
    for top in root.findall(f"{{{CODEBOOK_NS}}}Codes/{CODE_TAG}"):
        if _name(top) == PRACTICE_CATEGORY and not _codable(top):
            practice_sets = [
                _name(c).removeprefix("Practice set: ") for c in top.iter(CODE_TAG) if c is not top
            ]
            for index, _ in enumerate(practice_sets):
                flat.paths[f"practice_sets[{index}]"] = (
                    f"{PRACTICE_CATEGORY}{PATH_SEPARATOR}{practice_sets[index]}"
                )
            continue
        if not _children(top):
            if not _name(top):
                flat.problem("(no name)", "a top-level code without a name")
            elif _codable(top):
                loose.append((_name(top), _name(top)))
            continue
        elements.append(flat.element(len(elements), top))
    if loose:
        index = len(elements)
        flat.paths[f"elements[{index}].name"] = "Codes"
        for position, (_, path) in enumerate(loose):
            flat.paths[f"elements[{index}].verbs[{position}]"] = path
        elements.append(
            {"code": _element_code("Codes", flat.used_codes), "name": "Codes", "verbs": [n for n, _ in loose]}
        )
        flat.flattened.append(f"{len(loose)} top-level code(s) without sub-codes: verbs of element 'Codes'")
    if flat.problems:
        raise TemplateError(flat.problems)
    file_name = source.replace("\\", "/").rsplit("/", 1)[-1]
    stem = file_name.rsplit(".", 1)[0]
    data_dict = {
        "id": slug(re.sub(r"[^A-Za-z0-9 _-]+", "", stem)).strip("-_") or "imported",
        "name": f"Imported codebook {file_name}",
        "version": "1",
        "description": f"Imported from {root.get('origin') or 'a REFI-QDA codebook'}",
        "elements": elements,
        "practice_sets": practice_sets,
        "speaker_roles": ["other"],
    }
    try:
        template = template_from_data(data_dict, source)
    except TemplateError as error:
        raise flat.explain(error) from error
    return ImportedCodebook(template, flat.flattened)


def codebook_to_template(data: bytes, source: str) -> Template:
    return import_codebook(data, source).template
