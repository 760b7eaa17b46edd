"""REFI-QDA exchange: the template as a codebook (.qdc), sessions as a project (.qdpx), and
codebooks from other tools imported as templates.

Names in a codebook must be unique (QualCoder merges codes that share one), so elements are
named "Participation (P)" and verbs "Participation: Engaging". GUIDs are derived from stable
names (uuid5), so exporting the same template twice gives the same code GUIDs.

Checked against QualCoder's importer (refi.py): it copies each text source to a file named
after the source, so source names carry no path separators; it reads a NoteRef placed directly
on a TextSource as an annotation that needs a text position, and drops it without one, so
session memos travel as plain Notes (which it imports as journal entries) whose description
names the session; and it keeps timestamps as text after dropping "T" and "Z", so they are
written in UTC with a "Z".
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from ppei_tui import __version__
from ppei_tui.domain.analysis import notes_by_agenda_item
from ppei_tui.domain.session import Memo, Note, Session, format_offset
from ppei_tui.domain.template import Problem, Template, TemplateError, slug, template_from_data
from ppei_tui.outputs.exports import LoadedSession

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
NAMESPACE = uuid.UUID("6b1f3c2e-5d0a-4e8b-9f27-3a1c0d9e7b54")
PRACTICE_CATEGORY = "Practice sets"
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
UNSAFE_IN_FILE_NAMES = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')
ELEMENT_NAME = re.compile(r"^(?P<name>.*) \((?P<code>[A-Za-z][A-Za-z0-9_]*)\)$")


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
    return UNSAFE_IN_FILE_NAMES.sub("-", name).strip(" .") or "session"


def _sub(parent: ET.Element, tag: str, ns: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{ns}}}{tag}", {k: xml_text(v) for k, v in attributes.items()})


def element_code_name(template: Template, code: str) -> str:
    element = template.element(code)
    return f"{element.name} ({element.code})"


def verb_code_name(template: Template, code: str, verb: str) -> str:
    return f"{template.element(code).name}: {verb}"


def code_guids(template: Template) -> dict[tuple[str, str], str]:
    """(element code, verb) -> GUID; ("", practice set) for practice sets."""
    guids = {(e.code, v): guid(template.id, e.code, v) for e in template.elements for v in e.verbs}
    guids.update({("", p): guid(template.id, "practice", p) for p in template.practice_sets})
    return guids


def _codes(parent: ET.Element, template: Template, ns: str) -> None:
    codes = _sub(parent, "Codes", ns)
    guids = code_guids(template)
    for element in template.elements:
        colour = {"color": element.colour} if element.colour else {}
        category = _sub(
            codes,
            "Code",
            ns,
            guid=guid(template.id, element.code),
            name=element_code_name(template, element.code),
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
                name=verb_code_name(template, element.code, verb),
                isCodable="true",
                **colour,
            )
    if template.practice_sets:
        category = _sub(
            codes, "Code", ns, guid=guid(template.id, "practice"), name=PRACTICE_CATEGORY, isCodable="false"
        )
        _sub(category, "Description", ns).text = "Practice sets that run across the elements"
        for practice in template.practice_sets:
            _sub(
                category,
                "Code",
                ns,
                guid=guids[("", practice)],
                name=f"Practice set: {practice}",
                isCodable="true",
            )


def _serialise(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def codebook_export(template: Template) -> bytes:
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": f"ppei-tui {__version__}"})
    _codes(root, template, CODEBOOK_NS)
    return _serialise(root, CODEBOOK_NS)


# --- project ------------------------------------------------------------------------------
def source_text(session: Session) -> tuple[str, dict[int, tuple[int, int]]]:
    """The field notes as one text, and each note's (start, end) in code points."""
    info = session.info
    parts = [f"{info.cop}, {info.date}" + (f", {info.site}" if info.site else "") + "\n"]
    length = len(parts[0])
    positions: dict[int, tuple[int, int]] = {}
    for title, notes in notes_by_agenda_item(session.notes):
        heading = f"\n== {title or 'Before the first agenda item'} ==\n"
        parts.append(heading)
        length += len(heading)
        for note in notes:
            prefix = f"[{format_offset(note.offset_seconds)}] "
            text = note.text.replace("\r\n", "\n").replace("\r", "\n")
            positions[note.id] = (length + len(prefix), length + len(prefix) + len(text))
            line = prefix + text + "\n"
            parts.append(line)
            length += len(line)
    return "".join(parts), positions


def _description(item: LoadedSession) -> str:
    info, template = item.session.info, item.session.template
    attendees = "; ".join(f"{a.pseudonym} ({a.role})" for a in info.attendees)
    return (
        f"Community of practice: {info.cop}\nSite: {info.site}\nDate: {info.date}\nObserver: "
        f"{info.observer}\nAttendees: {attendees}\nFramework: {template.name} ({template.id} "
        f"v{template.version})\nMeeting time without breaks: {format_offset(item.session.duration())}\n"
        f"Session file: {item.path.name} (SHA-256 {item.sha256})"
    )


class ProjectBuilder:
    def __init__(self, loaded: list[LoadedSession], now: datetime):
        self.loaded = loaded
        self.now = utc_timestamp(now.isoformat())
        self.template = loaded[0].session.template
        for item in loaded[1:]:
            if item.session.template.id != self.template.id:
                raise ValueError(
                    "sessions recorded with different templates cannot share one codebook: "
                    f"{self.template.id} and {item.session.template.id}"
                )
        self.guids = code_guids(self.template)
        self.files: dict[str, str] = {}
        names = {item.session.info.observer or "observer" for item in loaded}
        names |= {m.by for item in loaded for m in item.session.live_memos() if m.by}
        self.users = {name: guid("user", name) for name in sorted(names)}

    def user(self, session: Session) -> str:
        return self.users[session.info.observer or "observer"]

    def memo_author(self, session: Session, memo: Memo) -> str:
        return self.users[memo.by] if memo.by else self.user(session)

    def build(self) -> bytes:
        ns = PROJECT_NS
        first = self.loaded[0].session.info
        name = f"ppei-tui: {first.cop} {first.date}" + (
            f" and {len(self.loaded) - 1} more" if len(self.loaded) > 1 else ""
        )
        root = ET.Element(
            f"{{{ns}}}Project",
            {"name": xml_text(name), "origin": f"ppei-tui {__version__}", "creationDateTime": self.now},
        )
        users = _sub(root, "Users", ns)
        for user_name, user_guid in self.users.items():
            _sub(users, "User", ns, guid=user_guid, name=user_name)
        _codes(_sub(root, "CodeBook", ns), self.template, ns)
        sources = _sub(root, "Sources", ns)
        notes_element = ET.Element(f"{{{ns}}}Notes")
        source_names: set[str] = set()
        for item in self.loaded:
            self._source(sources, notes_element, item, source_names)
        if len(notes_element):
            root.append(notes_element)
        _sub(root, "Description", ns).text = xml_text(
            "Field notes recorded live with ppei-tui. Each note is a coded selection; memos are notes."
        )
        return self._zip(_serialise(root, ns))

    def _source(
        self, sources: ET.Element, notes_element: ET.Element, item: LoadedSession, used_names: set[str]
    ) -> None:
        ns, session = PROJECT_NS, item.session
        text, positions = source_text(session)
        source_guid = guid("source", session.info.id)
        name = file_safe_name(f"{session.info.date} {session.info.cop}")
        while name in used_names:
            name += "'"
        used_names.add(name)
        created = utc_timestamp(session.info.created) if session.info.created else self.now
        user = self.user(session)
        source = self._with_text_file(sources, "TextSource", source_guid, name, text, user, created)
        _sub(source, "Description", ns).text = xml_text(_description(item))
        memos_by_note: dict[int, list[str]] = {}  # session memos are Notes with no link (see above)
        for memo in session.live_memos():
            memo_guid = self._memo(notes_element, item, memo, name)
            if memo.note_id:
                memos_by_note.setdefault(memo.note_id, []).append(memo_guid)
        for note in session.live_notes():
            codes = [self.guids[(t.element, t.verb)] for t in note.tags if (t.element, t.verb) in self.guids]
            codes += [self.guids[("", p)] for p in note.practice_sets if ("", p) in self.guids]
            if codes or note.id in memos_by_note:
                self._selection(
                    source, session, note, positions[note.id], codes, memos_by_note.get(note.id, [])
                )

    def _selection(
        self,
        source: ET.Element,
        session: Session,
        note: Note,
        span: tuple[int, int],
        codes: list[str],
        memo_guids: list[str],
    ) -> None:
        ns = PROJECT_NS
        start, end = span
        selection = _sub(
            source,
            "PlainTextSelection",
            ns,
            guid=guid("selection", session.info.id, str(note.id)),
            name=note.text[:200],
            startPosition=str(start),
            endPosition=str(end),
            creatingUser=self.user(session),
            creationDateTime=utc_timestamp(note.wall_time),
        )
        details = [f"{note.kind}, {note.evidence}"] + (
            [f"speaker: {note.speaker or note.speaker_role}"] if note.speaker or note.speaker_role else []
        )
        _sub(selection, "Description", ns).text = xml_text("; ".join(details))
        for code in codes:
            coding = _sub(
                selection,
                "Coding",
                ns,
                guid=guid("coding", session.info.id, str(note.id), code),
                creatingUser=self.user(session),
                creationDateTime=utc_timestamp(note.wall_time),
            )
            _sub(coding, "CodeRef", ns, targetGUID=code)
        for memo_guid in memo_guids:
            _sub(selection, "NoteRef", ns, targetGUID=memo_guid)

    def _memo(self, notes_element: ET.Element, item: LoadedSession, memo: Memo, source_name: str) -> str:
        session = item.session
        memo_guid = guid("memo", session.info.id, str(memo.id))
        target = f" on note {memo.note_id}" if memo.note_id else ""
        name = f"Memo {memo.id}{target}, {session.info.cop} {session.info.date}"
        created = utc_timestamp(memo.created) if memo.created else self.now
        note = self._with_text_file(
            notes_element,
            "Note",
            memo_guid,
            name,
            memo.text,
            self.memo_author(session, memo),
            created,
        )
        about = f"note {memo.note_id} of" if memo.note_id else "the whole of"
        _sub(note, "Description", PROJECT_NS).text = xml_text(f"Analytic memo on {about} {source_name}")
        return memo_guid

    def _with_text_file(
        self,
        parent: ET.Element,
        tag: str,
        element_guid: str,
        name: str,
        text: str,
        user_guid: str,
        created: str,
    ) -> ET.Element:
        """A source or memo whose text travels as a file in the zip (QualCoder reads only that)."""
        self.files[f"Sources/{element_guid}.txt"] = text
        return _sub(
            parent,
            tag,
            PROJECT_NS,
            guid=element_guid,
            name=name,
            plainTextPath=f"internal://{element_guid}.txt",
            creatingUser=user_guid,
            creationDateTime=created,
        )

    def _zip(self, project_xml: bytes) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", project_xml)
            for path, text in self.files.items():
                archive.writestr(path, text.replace("\r\n", "\n").encode("utf-8"))
        return buffer.getvalue()


def project_export(loaded: list[LoadedSession], now: datetime) -> bytes:
    return ProjectBuilder(loaded, now).build()


# --- import -------------------------------------------------------------------------------
def _element_code(name: str, used: set[str]) -> str:
    letters = "".join(word[0] for word in re.findall(r"[A-Za-z]+", name)).upper() or "E"
    code, extra = letters[:3], 1
    while code.lower() in used:
        extra += 1
        code = f"{letters[:3]}{extra}"
    used.add(code.lower())
    return code


def codebook_to_template(data: bytes, source: str) -> Template:
    """A REFI-QDA codebook as a template: each top-level category an element, its codable
    descendants the verbs; a flat list of codes becomes one element."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise TemplateError([_problem(source, "DOCTYPE and ENTITY declarations are not accepted")])
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        line, column = error.position
        raise TemplateError([_problem(source, f"XML error: {error}", line, column + 1)]) from error
    if root.tag != f"{{{CODEBOOK_NS}}}CodeBook":
        raise TemplateError(
            [_problem(source, f"root element is {root.tag}, expected CodeBook in {CODEBOOK_NS}")]
        )
    ns = {"q": CODEBOOK_NS}
    elements, practice_sets, loose, used = [], [], [], set()
    for code in root.findall("q:Codes/q:Code", ns):
        name = code.get("name", "")
        children = [
            c.get("name", "")
            for c in code.iter(f"{{{CODEBOOK_NS}}}Code")
            if c is not code and c.get("isCodable") != "false"
        ]
        if name == PRACTICE_CATEGORY:
            practice_sets = [c.removeprefix("Practice set: ") for c in children]
            continue
        if not children:
            loose.append(name)
            continue
        match = ELEMENT_NAME.match(name)
        element_name = match["name"] if match else name
        code_value = match["code"] if match and match["code"].lower() not in used else None
        if code_value:
            used.add(code_value.lower())
        description = code.find("q:Description", ns)
        element = {
            "code": code_value or _element_code(element_name, used),
            "name": element_name,
            "verbs": [c.removeprefix(f"{element_name}: ") for c in children],
        }
        if description is not None and description.text:
            element["definition"] = description.text.strip()
        if code.get("color") and re.fullmatch(r"#[0-9A-Fa-f]{6}", code.get("color", "")):
            element["colour"] = code.get("color")
        elements.append(element)
    if loose:
        elements.append({"code": _element_code("Codes", used), "name": "Codes", "verbs": loose})
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    template_id = slug(re.sub(r"[^A-Za-z0-9 _-]+", "", stem)).strip("-_") or "imported"
    data_dict = {
        "id": template_id,
        "name": f"Imported codebook {source.rsplit('/', 1)[-1]}",
        "version": "1",
        "description": f"Imported from {root.get('origin') or 'a REFI-QDA codebook'}",
        "elements": elements,
        "practice_sets": practice_sets,
        "speaker_roles": ["other"],
    }
    return template_from_data(data_dict, source)


def _problem(source: str, message: str, line: int | None = None, column: int | None = None) -> Problem:
    return Problem(source, "", message, line, column)
