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


def source(item: Session, name: str = "", sha256: str = "0" * 64) -> StudySource:
    """An in-memory session as a study source (no file: the hash is given)."""
    return StudySource(Path(name or f"{item.info.id}.json"), item, sha256)


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


def write_study_folder(folder: Path, hatfield: Template) -> Path:
    """Three finished meetings (two CoPs, two sites) and one unfinished, as session files.

    a.json: GB urban 2026-01-10, 4 notes, tags P.Aligning 1, P.Engaging 2, Mat.Reporting 1.
    b.json: GB urban 2026-03-05, 1 note, Mat.Reporting and C.Learning.
    c.json: patient group rural 2026-02-01 (observer "=RB"), P.Engaging inferred, M.Valuing +trust.
    d.json: patient group rural 2026-02-15, unfinished.
    """
    folder.mkdir(parents=True)
    write_session(
        folder / "a.json",
        session(
            hatfield,
            "Governing Body",
            "urban",
            "2026-01-10",
            [note(1, "P.Aligning", "P.Engaging"), note(2, "Mat.Reporting"), note(3, "P.Engaging"), note(4)],
        ),
    )
    write_session(
        folder / "b.json",
        session(hatfield, "Governing Body", "urban", "2026-03-05", [note(1, "Mat.Reporting", "C.Learning")]),
    )
    write_session(
        folder / "c.json",
        session(
            hatfield,
            "Patient group",
            "rural",
            "2026-02-01",
            [note(1, "P.Engaging", evidence="inferred"), note(2, "M.Valuing", practice=("trust",))],
            observer="=RB",
        ),
    )
    write_session(
        folder / "d.json",
        session(hatfield, "Patient group", "rural", "2026-02-15", [note(1, "M.Valuing")], ended=False),
    )
    return folder
