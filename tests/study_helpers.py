"""Small hand-made sessions for the study's tests, built in memory or written as files."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ppei_tui.domain.session import Event, Note, Session, SessionInfo, Tag
from ppei_tui.domain.study import StudySource
from ppei_tui.domain.template import Template
from ppei_tui.storage.store import OpenSession

START = datetime(2026, 1, 1, 10, 0, tzinfo=UTC)


def note(
    number: int,
    *tags: str,
    practice: tuple[str, ...] = (),
    kind: str = "observation",
    evidence: str = "seen",
    role: str = "",
    deleted: bool = False,
) -> Note:
    """`note(1, "P.Aligning", "Mat.Reporting")`: a note carrying those verbs."""
    parsed = [Tag(*tag.split(".", 1)) for tag in tags]
    return Note(
        id=number,
        text=f"note {number} " + " ".join(f"#{t}" for t in tags),
        wall_time=(START + timedelta(minutes=number)).isoformat(),
        offset_seconds=60.0 * number,
        tags=parsed,
        practice_sets=list(practice),
        speaker_role=role,
        kind=kind,
        evidence=evidence,
        deleted=deleted,
    )


def session(
    template: Template,
    cop: str,
    site: str,
    date: str,
    notes: list[Note],
    observer: str = "DH",
    ended: bool = True,
    minutes: float = 90,
) -> Session:
    info = SessionInfo(
        id=f"{cop}-{site}-{date}".replace(" ", "-").lower(),
        template=template.to_dict(),
        cop=cop,
        site=site,
        date=date,
        observer=observer,
        created=f"{date}T10:00:00+00:00",
    )
    events = [Event("start", START.isoformat(), 0.0, True)]
    if ended:
        events.append(Event("end", (START + timedelta(minutes=minutes)).isoformat(), 60.0 * minutes, False))
    return Session(info, notes, events)


def source(item: Session, name: str = "") -> StudySource:
    return StudySource(Path(name or f"{item.info.id}.json"), item)


def write_session(path: Path, item: Session) -> Path:
    """The session as a real session file (through the store, as the app writes it)."""
    opened = OpenSession.create(path, item.info)
    for index, event in enumerate(item.events):
        opened.save_event(event, index)
    for entry in item.notes:
        opened.save_note(entry)
    opened.close()
    return path


def other_template(template: Template) -> Template:
    return replace(template, id="tiny-codebook", name="A tiny codebook", elements=template.elements[:2])
