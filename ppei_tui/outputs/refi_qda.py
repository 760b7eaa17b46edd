"""REFI-QDA exchange, the parts shared by export and import: the template as a codebook (.qdc).
Sessions as a project (.qdpx) are in refi_project.py, codebooks imported as templates in
refi_import.py.

Names in a codebook must be unique (QualCoder merges codes that share one), so elements are
named "Participation (P)" and verbs "Participation: Engaging" (domain/template_checks.py, whose
rule `ppei templates check` enforces). GUIDs are derived from stable names (uuid5), so exporting
the same template twice gives the same code GUIDs. QualCoder keeps timestamps as text after
dropping "T" and "Z", so they are written in UTC with a "Z".
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from ppei_tui import __version__
from ppei_tui.domain.template import Template
from ppei_tui.domain.template_checks import (
    PRACTICE_CATEGORY,
    element_export_name,
    practice_export_name,
    verb_export_name,
)

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
NAMESPACE = uuid.UUID("6b1f3c2e-5d0a-4e8b-9f27-3a1c0d9e7b54")
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
UNSAFE_IN_FILE_NAMES = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')


def guid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def xml_text(text: str) -> str:
    """XML 1.0 cannot carry most control characters; they become U+FFFD."""
    return XML_INVALID.sub("\ufffd", text)


def utc_timestamp(iso_time: str) -> str:
    """ISO 8601 with an offset, as UTC with a "Z"; a naive time is taken to be UTC already."""
    moment = datetime.fromisoformat(iso_time)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def file_safe_name(name: str) -> str:
    """Importers save sources under their names: no path separators or characters Windows refuses."""
    return UNSAFE_IN_FILE_NAMES.sub("-", " ".join(name.split())).strip(" .") or "session"


def _sub(parent: ET.Element, tag: str, ns: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{ns}}}{tag}", {k: xml_text(v) for k, v in attributes.items()})


def element_code_name(template: Template, code: str) -> str:
    element = template.element(code)
    return element_export_name(element.name, element.code)


def verb_code_name(template: Template, code: str, verb: str) -> str:
    return verb_export_name(template.element(code).name, verb)


def code_guids(template: Template) -> dict[tuple[str, str], str]:
    """(element code, verb) -> GUID; ("", practice set) for practice sets."""
    guids = {(e.code, v): guid(template.id, e.code, v) for e in template.elements for v in e.verbs}
    guids.update({("", p): guid(template.id, "practice", p) for p in template.practice_sets})
    return guids


class _UniqueNames:
    """Code names QualCoder would merge (equal ignoring case) get a number, and a warning.

    `templates check` refuses such names in one template; the union of two different templates
    (sessions recorded with both) can still hold them."""

    def __init__(self, warnings: list[str]):
        self.seen: set[str] = set()
        self.warnings = warnings

    def __call__(self, name: str) -> str:
        unique, number = name, 1
        while unique.casefold() in self.seen:
            number += 1
            unique = f"{name} ({number})"
        if unique != name:
            self.warnings.append(f"two codes are named {name!r}; the second is {unique!r} in the codebook")
        self.seen.add(unique.casefold())
        return unique


def _codes(parent: ET.Element, template: Template, ns: str, warnings: list[str] | None = None) -> None:
    codes = _sub(parent, "Codes", ns)
    guids = code_guids(template)
    unique = _UniqueNames(warnings if warnings is not None else [])
    for element in template.elements:
        colour = {"color": element.colour} if element.colour else {}
        category = _sub(
            codes,
            "Code",
            ns,
            guid=guid(template.id, element.code),
            name=unique(element_code_name(template, element.code)),
            isCodable="false",
            **colour,
        )
        if element.definition:
            _sub(category, "Description", ns).text = xml_text(element.definition)
        for verb in element.verbs:
            _sub(
                category,
                "Code",
                ns,
                guid=guids[(element.code, verb)],
                name=unique(verb_code_name(template, element.code, verb)),
                isCodable="true",
                **colour,
            )
    if template.practice_sets:
        category = _sub(
            codes,
            "Code",
            ns,
            guid=guid(template.id, "practice"),
            name=unique(PRACTICE_CATEGORY),
            isCodable="false",
        )
        _sub(category, "Description", ns).text = "Practice sets that run across the elements"
        for practice in template.practice_sets:
            _sub(
                category,
                "Code",
                ns,
                guid=guids[("", practice)],
                name=unique(practice_export_name(practice)),
                isCodable="true",
            )


def _serialise(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def codebook_export(template: Template, warnings: list[str] | None = None) -> bytes:
    """The template (or the union of several: domain/versions.py) as a .qdc codebook."""
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": f"ppei-tui {__version__}"})
    _codes(root, template, CODEBOOK_NS, warnings)
    return _serialise(root, CODEBOOK_NS)
