"""Sessions as a REFI-QDA project (.qdpx): one text source per session, a coded selection per
coded note, memos as QualCoder reads them.

Checked by running QualCoder's own importer (its refi.py) on the output:
- it reads each source's text from a file (`sources/<guid>.txt`, the folder name its own
  exporter writes) with universal newlines, so every text is normalised before positions are
  counted: CR and CRLF become LF, and a control character (NUL, form feed, ...) becomes its
  visible Control Pictures sign (NUL becomes U+2400) with a warning; positions are code points;
- a memo on a note is an annotation: a NoteRef on the TextSource and a Note holding the memo
  text and a PlainTextSelection of the note's span. Memos by one author on one note are joined
  (QualCoder keeps one annotation per span and author). Memos on the whole session are Notes
  with a text file, which it imports as journal entries; every Note name is unique;
- a selection's Description becomes the memo of each of its codings, so only coded notes get
  a selection (a memo on an uncoded note never turns into a coding comment), and an empty
  note gets none (no zero-length coding);
- the first User becomes the current coder: the main observer (most sessions) comes first.
Sessions recorded with different templates or versions share one codebook, their union
(domain/versions.py); every tag maps to one of its codes.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from datetime import datetime
from xml.etree import ElementTree as ET

from ppei_tui import __version__
from ppei_tui.domain.session import Memo, Note, Session, format_offset
from ppei_tui.domain.shading import Shading
from ppei_tui.domain.versions import CombinedTemplate, combine_sessions
from ppei_tui.outputs.exports import LoadedSession
from ppei_tui.outputs.refi_qda import (
    PROJECT_NS,
    _codes,
    _serialise,
    _sub,
    code_guids,
    file_safe_name,
    guid,
    utc_timestamp,
    xml_text,
)
from ppei_tui.outputs.refi_source_text import (
    CONTROL,
    SELECTION_NAME_LENGTH,
    clean_text,
    selection_name,
    source_text,
)

__all__ = [
    "CONTROL",
    "SELECTION_NAME_LENGTH",
    "ProjectBuilder",
    "clean_text",
    "distinct_sessions",
    "project_export",
    "selection_name",
    "source_text",
]

SOURCES_FOLDER = "sources"


def _description(item: LoadedSession) -> str:
    info, template = item.session.info, item.session.template
    attendees = "; ".join(item.session.attendee_labels())
    return (
        f"Community of practice: {info.cop}\nSite: {info.site}\nDate: {info.date}\nObserver: "
        f"{info.observer}\n"
        + (f"Coded by: {info.coder}\n" if info.coder else "")
        + f"Attendees: {attendees}\nFramework: {template.name} ({template.id} "
        f"v{template.version})\nMeeting time without breaks: {format_offset(item.session.duration())}\n"
        f"Session file: {item.path.name} (SHA-256 {item.sha256})"
    )


def _coder(session: Session) -> str:
    return session.info.coder or session.info.observer or "observer"


def distinct_sessions(loaded: list[LoadedSession], warnings: list[str]) -> list[LoadedSession]:
    """Each session once: the same file (or an identical copy) given twice is merged, with a
    warning; two different files of one session (same id) are refused (ValueError), since
    their GUIDs would clash and which is right cannot be known."""
    kept: dict[str, LoadedSession] = {}
    for item in loaded:
        session_id = item.session.info.id
        if session_id not in kept:
            kept[session_id] = item
            continue
        first = kept[session_id]
        if first.path.resolve() == item.path.resolve() or first.sha256 == item.sha256:
            warnings.append(f"{item.path.name} is the same session as {first.path.name}: exported once")
            continue
        raise ValueError(
            f"{first.path.name} and {item.path.name} are two different files of one session "
            f"(id {session_id}): export one of them"
        )
    return list(kept.values())


class ProjectBuilder:
    def __init__(self, loaded: list[LoadedSession], now: datetime):
        self.warnings: list[str] = []
        self.loaded = distinct_sessions(loaded, self.warnings)
        self.now = utc_timestamp(now.isoformat())
        self.combined: CombinedTemplate = combine_sessions([item.session for item in self.loaded])
        self.warnings += self.combined.messages()
        self.template = self.combined.template
        self.guids = code_guids(self.template)
        self.files: dict[str, str] = {}
        self.users = self._users()

    def _users(self) -> dict[str, str]:
        """User name -> GUID, the main observer (most sessions, then name) first."""
        observers = Counter(_coder(item.session) for item in self.loaded)
        names = sorted(observers, key=lambda n: (-observers[n], n))
        authors = {m.by for item in self.loaded for m in item.session.live_memos() if m.by}
        authors |= {s.member for item in self.loaded for s in item.session.shadings}
        names += sorted(authors - set(names))
        return {name: guid("user", name) for name in names}

    def user(self, session: Session) -> str:
        """Who the session's codings are credited to: its coder (a re-coded copy), else its observer."""
        return self.users[_coder(session)]

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
        _codes(_sub(root, "CodeBook", ns), self.template, ns, self.warnings)
        sources = _sub(root, "Sources", ns)
        notes_element = ET.Element(f"{{{ns}}}Notes")
        source_names: set[str] = set()
        for item in self.loaded:
            self._source(sources, notes_element, item, source_names)
        if len(notes_element):
            root.append(notes_element)
        _sub(root, "Description", ns).text = xml_text(
            "Field notes recorded live with ppei-tui. Each coded note is a coded selection; a memo "
            "on a note is an annotation of it; memos on a session are notes."
        )
        return self._zip(_serialise(root, ns))

    def _codes_of(self, session: Session, note: Note) -> list[str]:
        template = session.template
        tags = dict.fromkeys(self.combined.canonical(template, t) for t in note.tags)
        codes = [self.guids[(t.element, t.verb)] for t in tags if (t.element, t.verb) in self.guids]
        practice = dict.fromkeys(
            self.combined.canonical_practice_set(template, p) for p in note.practice_sets
        )
        codes += [self.guids[("", p)] for p in practice if ("", p) in self.guids]
        lost = len(tags) + len(practice) - len(codes)
        if lost:
            label = " ".join(f"{session.info.cop} {session.info.date}".split())
            self.warnings.append(f"note {note.id} of {label}: {lost} tag(s) not in the codebook")
        return codes

    def _source(
        self, sources: ET.Element, notes_element: ET.Element, item: LoadedSession, used_names: set[str]
    ) -> None:
        ns, session = PROJECT_NS, item.session
        text, positions = source_text(session, self.warnings)
        source_guid = guid("source", session.info.id)
        name = file_safe_name(f"{session.info.date} {session.info.cop}")
        while name in used_names:
            name += "'"
        used_names.add(name)
        created = utc_timestamp(session.info.created) if session.info.created else self.now
        user = self.user(session)
        source = self._with_text_file(sources, "TextSource", source_guid, name, text, user, created)
        _sub(source, "Description", ns).text = xml_text(_description(item))
        for note in session.live_notes():
            codes = self._codes_of(session, note)
            start, end = positions[note.id]
            if codes and start == end:
                self.warnings.append(
                    f"note {note.id} of {name} is empty: its {len(codes)} coding(s) left out "
                    "(no zero-length coding)"
                )
            elif codes:
                self._selection(source, session, note, positions[note.id], codes)
        for annotation_guid in self._memos(notes_element, item, name, positions):
            _sub(source, "NoteRef", ns, targetGUID=annotation_guid)
        for shading in session.shadings:
            self._shading_memo(notes_element, session, shading, name)

    def _selection(
        self, source: ET.Element, session: Session, note: Note, span: tuple[int, int], codes: list[str]
    ) -> None:
        ns = PROJECT_NS
        start, end = span
        selection = _sub(
            source,
            "PlainTextSelection",
            ns,
            guid=guid("selection", session.info.id, str(note.id)),
            name=selection_name(note.text),
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

    def _memos(
        self,
        notes_element: ET.Element,
        item: LoadedSession,
        source_name: str,
        positions: dict[int, tuple[int, int]],
    ) -> list[str]:
        """Session memos as journal Notes; memos on live notes as annotations (their GUIDs are
        returned for the source's NoteRefs); memos on deleted or unknown notes left out."""
        session = item.session
        on_notes: dict[tuple[int, str], list[Memo]] = {}
        for memo in session.live_memos():
            note_id = memo.note_id
            if not note_id:
                self._journal(notes_element, session, memo, source_name)
            elif note_id not in positions:
                self.warnings.append(
                    f"memo {memo.id} of {source_name} is on note {note_id}, which is deleted "
                    "or missing: left out"
                )
            else:
                on_notes.setdefault((note_id, self.memo_author(session, memo)), []).append(memo)
        return [
            self._annotation(notes_element, session, note_id, author, memos, source_name, positions[note_id])
            for (note_id, author), memos in on_notes.items()
        ]

    def _shading_memo(
        self, notes_element: ET.Element, session: Session, shading: Shading, source: str
    ) -> None:
        """A member's shading of the map as a memo credited to the member: each verb's level 0-4
        and comment, one line a verb, verbs left at 0 included so the memo is the whole map."""
        lines = [f"How {shading.member} ({shading.role or 'member'}) shaded the map of this meeting, 0 to 4:"]
        for element, verb in session.template.verb_cells():
            key = f"{element}.{verb}"
            comment = shading.comments.get(key)
            lines.append(f"{key}: {shading.level(key)}" + (f" ({comment})" if comment else ""))
        text, _ = clean_text("\n".join(lines))
        created = utc_timestamp(shading.created) if shading.created else self.now
        note = self._with_text_file(
            notes_element,
            "Note",
            guid("shading", session.info.id, str(shading.id)),
            f"Shading {shading.id} by {shading.member} on {source}",  # source names are unique
            text,
            self.users[shading.member],
            created,
        )
        _sub(note, "Description", PROJECT_NS).text = xml_text(f"A member's shading of the map of {source}")

    def _journal(self, notes_element: ET.Element, session: Session, memo: Memo, source_name: str) -> None:
        memo_guid = guid("memo", session.info.id, str(memo.id))
        created = utc_timestamp(memo.created) if memo.created else self.now
        text, _ = clean_text(memo.text)
        note = self._with_text_file(
            notes_element,
            "Note",
            memo_guid,
            f"Memo {memo.id} on {source_name}",  # source names are unique in a project
            text,
            self.memo_author(session, memo),
            created,
        )
        _sub(note, "Description", PROJECT_NS).text = xml_text(f"Analytic memo on the whole of {source_name}")

    def _annotation(
        self,
        notes_element: ET.Element,
        session: Session,
        note_id: int,
        author: str,
        memos: list[Memo],
        source_name: str,
        span: tuple[int, int],
    ) -> str:
        ids = ", ".join(str(m.id) for m in memos)
        annotation_guid = guid("annotation", session.info.id, str(note_id), author)
        times = sorted(utc_timestamp(m.created) for m in memos if m.created) or [self.now]
        note = _sub(
            notes_element,
            "Note",
            PROJECT_NS,
            guid=annotation_guid,
            name=f"Memo {ids} on note {note_id} of {source_name}",
            creatingUser=author,
            creationDateTime=times[0],
            modifyingUser=author,
            modifiedDateTime=times[-1],
        )
        text = "\n\n".join(clean_text(m.text)[0] for m in memos)
        _sub(note, "PlainTextContent", PROJECT_NS).text = xml_text(text)
        start, end = span
        _sub(
            note,
            "PlainTextSelection",
            PROJECT_NS,
            guid=guid("annotation-span", session.info.id, str(note_id), author),
            startPosition=str(start),
            endPosition=str(end),
        )
        return annotation_guid

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
        self.files[f"{SOURCES_FOLDER}/{element_guid}.txt"] = text
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
                archive.writestr(path, text.encode("utf-8"))  # cleaned already: LF, no BOM
        return buffer.getvalue()


def project_export(loaded: list[LoadedSession], now: datetime, warnings: list[str] | None = None) -> bytes:
    """The sessions as a .qdpx; what was merged, reconciled or left out is added to `warnings`."""
    builder = ProjectBuilder(loaded, now)
    payload = builder.build()
    if warnings is not None:
        warnings.extend(dict.fromkeys(builder.warnings))
    return payload
