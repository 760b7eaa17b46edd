"""Write an invented year of meetings for trying and benchmarking `ppei study`.

Four CoPs at two sites meet about monthly through 2026, missing some months. Notes are drawn
from a seeded random generator, with Participation rising and Materiality falling across the
year at the urban site, so the trends have something to show. Everyone is a pseudonym and none
of it happened. The files are written in the session store's format, whole and atomically.

Usage: python bench/make_study_sessions.py FOLDER [SESSIONS [NOTES]]   (default 15 sessions, 60 notes)
"""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ppei_tui import __version__
from ppei_tui.domain.session import Event, Note, SessionInfo, Tag, parse_attendees
from ppei_tui.storage.atomic import atomic_write_bytes
from ppei_tui.storage.store import FORMAT_VERSION, session_file_name
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir

URBAN, RURAL = "Riverside CCG (urban)", "Hillside CCG (rural)"
GROUPS = [
    ("Governing Body", URBAN, "Observer A"),
    ("Patient reference group", URBAN, "Observer B"),
    ("Communications Strategy Group", RURAL, "Observer A"),
    ("Locality forum", RURAL, "Observer B"),
]
NEVER_SEEN = {"Inspiring"}  # so the study has a verb never observed
# Months each group skips (no meeting), so the trends have breaks.
SKIPPED_MONTHS = {0: {8}, 1: {4, 5}, 2: {8, 12}, 3: {2, 7}}
ATTENDEES = (
    "Cedar: chair; Alder: GP lead; Beech: lay representative; Hazel: service user; "
    "Rowan: commissioning support manager"
)
ROLES = ["chair", "GP lead", "lay representative", "service user", "commissioning support manager"]
WORDS = "papers agenda budget patient story minutes action survey pathway voice trust funding".split()  # noqa: SIM905


def element_weights(month: int, urban: bool) -> list[float]:
    """P, Mat, C, BE, M weights for a month 1..12: at the urban site P rises, Mat falls."""
    if urban:
        return [1 + month / 3, 6 - month / 3, 2, 1.5, 1.5]
    return [2, 3, 2.5, 2 + (month % 4) / 2, 1]


def meeting_dates(count: int) -> list[tuple[int, datetime]]:
    """(group index, start) for `count` meetings spread over 2026: each group monthly except
    its skipped months, then as many second meetings in a month as needed; a smaller study is
    an evenly spaced selection of the year, so it still spans the year."""
    plan = []
    for cycle in range(1 + count // 40):
        for month in range(1, 13):
            for group in range(len(GROUPS)):
                if month in SKIPPED_MONTHS[group]:
                    continue
                day = 3 + 6 * group + 2 * cycle
                start = datetime(2026, month, day, 14, 0, tzinfo=timezone(timedelta(hours=0)))
                plan.append((group, start))
    plan.sort(key=lambda item: item[1])
    if count < len(plan):
        plan = [plan[round(i * (len(plan) - 1) / max(1, count - 1))] for i in range(count)]
    return plan[:count]


def make_session(folder: Path, template, group: int, start: datetime, notes: int, rng: random.Random) -> Path:
    cop, site, observer = GROUPS[group]
    info = SessionInfo(
        id=f"{rng.getrandbits(128):032x}",
        template=template.to_dict(),
        cop=cop,
        site=site,
        date=start.date().isoformat(),
        observer=observer,
        attendees=parse_attendees(ATTENDEES),
        agenda=["Welcome", "Minutes", "Main item", "Any other business"],
        created=start.isoformat(timespec="seconds"),
        app_version=__version__,
    )
    elements = template.elements
    weights = element_weights(start.month, site == URBAN)
    spacing = 30.0
    rows = {}
    for number in range(1, notes + 1):
        tags = []
        for _ in range(rng.choice([0, 1, 1, 1, 2])):
            element = rng.choices(elements, weights=weights[: len(elements)])[0]
            verbs = [v for v in element.verbs if v not in NEVER_SEEN]
            tags.append(Tag(element.code, rng.choice(verbs)))
        offset = number * spacing
        note = Note(
            id=number,
            text=" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))),
            wall_time=(start + timedelta(seconds=offset)).isoformat(),
            offset_seconds=offset,
            tags=list(dict.fromkeys(tags)),
            practice_sets=rng.sample(list(template.practice_sets), rng.choice([0, 0, 1, 1, 2])),
            speaker_role=rng.choice(ROLES),
            kind=rng.choices(["observation", "quote", "reflection"], weights=[6, 2, 1])[0],
            evidence=rng.choices(["seen", "inferred"], weights=[4, 1])[0],
        )
        rows[str(number)] = note.to_dict()
    end = (notes + 1) * spacing
    events = [
        Event("start", start.isoformat(), 0.0, True),
        Event("end", (start + timedelta(seconds=end)).isoformat(), end, False),
    ]
    data = {
        "info": {"1": {**info.to_dict(), "format": FORMAT_VERSION}},
        "notes": rows,
        "events": {str(i + 1): e.to_dict() for i, e in enumerate(events)},
        "memos": {},
    }
    path = folder / session_file_name(info)
    atomic_write_bytes(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return path


def make_study(folder: Path, sessions: int = 15, notes: int = 60, seed: int = 7) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    template = TemplateLibrary([bundled_templates_dir()]).get("hatfield-ppei")
    rng = random.Random(seed)
    return [
        make_session(folder, template, group, start, notes, rng) for group, start in meeting_dates(sessions)
    ]


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "study-sessions")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    paths = make_study(target, count, size)
    print(f"{len(paths)} sessions of {size} notes in {target}")
