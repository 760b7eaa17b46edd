"""Write the shipped example sessions: an invented governing body meeting (60 notes) and a
smaller communications strategy group at a rural site, for comparing.

Everyone is a pseudonym and the meeting never happened. The notes go through the same code as
live typing (drafts, inline tags, the meeting clock), so the file is what the app records.
Usage: python bench/make_example_session.py [SESSIONS_DIR]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ppei_tui import __version__
from ppei_tui.domain.recording import Draft, note_from_draft
from ppei_tui.domain.session import SessionInfo, parse_attendees
from ppei_tui.domain.tags import TagVocabulary
from ppei_tui.storage.store import OpenSession
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir

START = datetime(2026, 10, 14, 13, 30, tzinfo=timezone(timedelta(hours=1)))
ATTENDEES = (
    "Cedar: chair; Alder: GP lead; Willow: GP lead; Beech: lay representative; "
    "Hazel: service user; Rowan: commissioning support manager; Elm: other"
)
AGENDA = [
    "Welcome and apologies",
    "Minutes and action log",
    "A patient's story",
    "Urgent care redesign",
    "Finance and performance",
    "Any other business",
]

# (minute of wall time, what happens). Text entries are notes typed as the observer would.
SCRIPT: list[tuple[float, str]] = [
    (0, "@agenda Welcome and apologies"),
    (
        0.5,
        "Cedar opens on time, names two apologies and checks the room can hear the phone line #eng @cedar +lead",
    ),
    (1.5, "Printed packs on every seat; three members have brought their own annotated copies #Mat.rep"),
    (2.5, "Cedar introduces Hazel as 'our newest member, here to keep us honest' #welc +trust @cedar"),
    (
        3.0,
        "Hazel smiles but does not speak; sits at the end of the table, next to the minute-taker !i #valuing",
    ),
    (
        4.0,
        "Reflection: the seating plan seems to put lay members at the edge of the conversation !r #BE.enab !i",
    ),
    (5.5, "@agenda Minutes and action log"),
    (
        6.0,
        "Minutes accepted without comment; Rowan reads out the action log line by line #Mat.rep #conf @rowan",
    ),
    (
        7.0,
        "Cedar checks whether anyone has declarations of interest for today; none are made #Mat.proc #conf @cedar",
    ),
    (7.5, "Beech asks why action 14 has been 'in progress' since spring #monit +trust @beech"),
    (8.0, '"We keep seeing the same item carried forward and nobody owns it" @beech +trust #Mat.monit'),
    (
        9.0,
        "Rowan promises a named owner by next meeting; Cedar writes this down herself #Mat.proc +lead @rowan",
    ),
    (10.5, "Alder jokes that the action log is longer than the agenda; laughter #time-consuming @alder"),
    (11.5, "Members seem used to carried-forward actions; little sense of urgency !i #confor"),
    (13.0, "@agenda A patient's story"),
    (
        13.5,
        "Hazel tells how her father waited nine hours in the emergency department overnight @hazel #BE.remem",
    ),
    (15.0, '"Nobody asked what he needed, they asked what he had" @hazel #valuing +partnership'),
    (
        15.5,
        "Hazel keeps going despite visibly struggling at one point; Cedar waits rather than moving on #persist @hazel !i",
    ),
    (16.0, "The room goes quiet; Willow puts down her pen and turns her chair towards Hazel #eng @willow"),
    (
        17.5,
        "Willow links the story to the out-of-hours audit she led last year #BE.remem #learn +learn @willow",
    ),
    (
        19.0,
        "Cedar thanks Hazel and says the story will 'shape the urgent care discussion' #val #imag +lead @cedar",
    ),
    (
        20.0,
        "Reflection: the story changes the register of the meeting, from reporting to listening !r #BE.insp +learning",
    ),
    (
        21.0,
        "Beech asks whether stories like this are recorded anywhere the board can see later #Mat.rep +learn @beech",
    ),
    (22.0, "Rowan says patient stories are minuted as 'noted' only #Mat.rep !i"),
    (24.0, "@agenda Urgent care redesign"),
    (24.5, "Alder presents twelve slides on the redesign; dense tables, small print #Mat.rep #perf @alder"),
    (27.0, "Hazel leans over to ask Beech what 'UTC' means @hazel #C.recog +learn"),
    (28.5, "Alder uses 'system flow' and 'demand management' without explaining either #perf !i @alder"),
    (
        29.5,
        "Hazel writes the acronyms down on the back of her agenda to look up later #C.learn +learning @hazel",
    ),
    (
        30.0,
        "Beech asks for the slides in plain English before the public meeting #C.recog +partnership @beech",
    ),
    (
        31.0,
        '"If I cannot explain it at the surgery door, we have not consulted anyone" @beech #valuing +trust',
    ),
    (
        32.5,
        "Alder agrees; asks Rowan to produce a one-page summary with the patient group #align +partn @alder",
    ),
    (
        34.0,
        "Willow describes the old walk-in centre steering group and what went wrong when it closed #BE.remem @willow",
    ),
    (
        35.5,
        "Willow describes how the old group lost heart after the budget cut; she seems to doubt this one will fare better #BE.bel !i +trust",
    ),
    (37.0, "Cedar steers discussion back to the consultation timeline #Mat.time +lead @cedar"),
    (
        38.0,
        "Consultation window is six weeks; Beech says that is too short for the rural practices #Mat.time @beech",
    ),
    (39.5, "Rowan lists the statutory steps for consultation from the guidance #Mat.proc #conf @rowan"),
    (
        41.0,
        "Reflection: consultation is being treated as a compliance step rather than a conversation !r #conf !i",
    ),
    (
        41.5,
        "Willow says she would rather see 'fewer surveys and more conversations'; she sounds tired of repeating it #persist !i #imag +partnership @willow",
    ),
    (42.0, "Hazel asks if she could help run one of the public events #eng +partnership @hazel"),
    (43.0, "Cedar welcomes the offer and asks Rowan to 'make space' for Hazel #welc #enab +partn @cedar"),
    (44.0, "Agreement to co-design the public event with the patient group #imag +partnership"),
    (45.0, "@break"),
    (60.0, "@resume"),
    (
        60.5,
        "Over coffee Beech and Hazel sat together; Beech explained the papers' acronyms !r #BE.enab #learn +learn",
    ),
    (61.5, "@agenda Finance and performance"),
    (
        62.0,
        "Elm takes the board through the month-six position; a small overspend on prescribing #Mat.rep @elm",
    ),
    (64.0, "Long tables of variances; most members turn pages in silence #Mat.time !i"),
    (
        65.5,
        "Willow questions whether the prescribing figures include the new community pharmacy scheme #Mat.monit @willow",
    ),
    (67.0, "Elm does not know and offers to circulate it #Mat.monit #proc @elm"),
    (68.0, "Beech asks what the overspend means for the urgent care money #Mat.res +trust @beech"),
    (69.5, '"The money follows the plan, not the other way round" @elm #Mat.res'),
    (
        71.0,
        "Alder reassures the board the redesign is 'protected'; no figure given #Mat.res #align !i @alder",
    ),
    (
        72.5,
        "Reflection: lay members question money more than the GPs do; the GPs seem to defer to Elm !r #C.recog +lead",
    ),
    (
        73.5,
        "Elm admits the prescribing report is produced by a team outside the group and arrives late #BE.devel #Mat.time @elm",
    ),
    (74.0, "Performance dashboard: four indicators red, discussed for under two minutes #monit #time-cons"),
    (75.5, "Cedar asks for the red indicators to come back as a deep dive #improv +lead @cedar"),
    (
        77.0,
        "Rowan notes the board's assurance framework requires a named lead per red indicator #Mat.proc #conf",
    ),
    (
        78.5,
        "Willow volunteers for the emergency department indicator, linking back to Hazel's story #achiev +learn",
    ),
    (80.0, "@agenda Any other business"),
    (
        80.5,
        "Hazel thanks the board for listening; says it is the first meeting she felt 'part of' @hazel #valuing +trust",
    ),
    (81.5, "Beech raises that the car park is charging lay members; asks for passes #Mat.resourc @beech"),
    (
        82.5,
        "Cedar agrees to pay parking for lay and patient members from next month #resourc #welc +partnership",
    ),
    (
        83.0,
        "Beech says being paid for parking matters less than being asked what we think, 'but it helps' #valuing +trust @beech",
    ),
    (
        83.5,
        "Alder mentions a national learning network for clinical leads he wants the board to join #BE.devel #learn @alder",
    ),
    (84.5, "Cedar closes by summarising three actions and who owns them #Mat.proc +lead @cedar"),
    (
        85.0,
        "Reflection: the patient story early on seemed to carry through the whole meeting !r #BE.insp #achiev !i",
    ),
    (85.5, "Meeting closes five minutes early #Mat.time"),
    (86.0, "@end"),
]


RURAL_START = datetime(2026, 10, 21, 10, 0, tzinfo=timezone(timedelta(hours=1)))
RURAL_ATTENDEES = (
    "Oak: chair; Ash: GP lead; Linden: lay representative; Fern: service user; "
    "Holly: commissioning support manager"
)
RURAL_AGENDA = ["Introductions", "Newsletter review", "Engagement at market day", "Any other business"]
RURAL_SCRIPT: list[tuple[float, str]] = [
    (0, "@agenda Introductions"),
    (
        0.5,
        "Oak asks everyone to introduce themselves, first names only; tea made by Linden #eng #welc @oak +trust",
    ),
    (2.0, "Fern says she came because the surgery receptionist asked her to #eng @fern +partnership"),
    (
        3.5,
        "Reflection: a small room in the library, round table, no name plates; feels less formal than the board !r #BE.welc",
    ),
    (5.0, "@agenda Newsletter review"),
    (5.5, "Holly hands round a draft newsletter; four pages, many photos #Mat.rep @holly"),
    (
        7.0,
        "Linden: the bus timetable change matters more to people here than the new app #valuing @linden +partnership",
    ),
    (8.5, '"Half the village has no signal, so do not send people to a website" @fern #Mat.res +partnership'),
    (10.0, "Ash agrees to ask practices to keep paper forms at reception #align #Mat.res @ash +leadership"),
    (
        12.0,
        "Holly explains the sign-off process through the central team; takes three weeks #Mat.proc #Mat.time @holly",
    ),
    (13.5, "Oak: we used to print it ourselves at the community centre #BE.remem @oak"),
    (15.0, "Group agrees Linden and Fern will rewrite the front page in plain words #imag #learn +learning"),
    (16.5, "@agenda Engagement at market day"),
    (
        17.0,
        "Ash proposes a stall at the Thursday market to ask about out-of-hours care #imag #eng @ash +partnership",
    ),
    (18.5, "Fern offers to bring her walking group #enab @fern +partnership"),
    (
        20.0,
        "Holly worries about who signs off the questions; Oak says keep it to three questions #Mat.proc #conf +leadership",
    ),
    (21.5, "Linden recalls the last stall drew forty people in an hour #BE.remem #achiev @linden"),
    (23.0, "Ash admits he has never run a stall and asks Linden to lead it #C.recog +learning @ash"),
    (
        24.5,
        "Reflection: expertise in this room runs from lay members to the GP, the reverse of the board !r #C.recog +leadership !i",
    ),
    (26.0, "@agenda Any other business"),
    (26.5, "Fern asks whether the group's views ever reach the governing body #Mat.rep +trust @fern"),
    (27.5, "Holly says a summary goes up quarterly but she is not sure it is read #Mat.rep !i @holly"),
    (28.5, "Oak promises to attend the next board meeting and report back in person #persist +trust @oak"),
    (30.0, "Meeting ends with agreement to meet at the market #achiev"),
    (30.5, "@end"),
]


@dataclass(frozen=True)
class Example:
    file_name: str
    session_id: str
    cop: str
    site: str
    attendees: str
    agenda: list[str]
    start: datetime
    script: list[tuple[float, str]]


EXAMPLES = [
    Example(
        "2026-10-14-governing-body-example.json",
        "e0a1b2c3d4e5f60718293a4b5c6d7e8f",
        "Governing Body",
        "Riverside CCG (urban)",
        ATTENDEES,
        AGENDA,
        START,
        SCRIPT,
    ),
    Example(
        "2026-10-21-communications-strategy-group-example.json",
        "f1b2c3d4e5f60718293a4b5c6d7e8f90",
        "Communications Strategy Group",
        "Hillside CCG (rural)",
        RURAL_ATTENDEES,
        RURAL_AGENDA,
        RURAL_START,
        RURAL_SCRIPT,
    ),
]


def build(directory: Path, example: Example) -> Path:
    template = TemplateLibrary([bundled_templates_dir()]).get("hatfield-ppei")
    info = SessionInfo(
        id=example.session_id,
        template=template.to_dict(),
        cop=example.cop,
        site=example.site,
        date=example.start.date().isoformat(),
        observer="Observer A",
        attendees=parse_attendees(example.attendees),
        agenda=example.agenda,
        created=example.start.isoformat(timespec="seconds"),
        app_version=__version__,
    )
    return record(directory / example.file_name, template, info, example.start, example.script)


def record(path: Path, template, info: SessionInfo, start: datetime, script) -> Path:
    directory = path.parent
    path.unlink(missing_ok=True)
    directory.mkdir(parents=True, exist_ok=True)
    opened = OpenSession.create(path, info)
    session = opened.session
    vocabulary = TagVocabulary(template, info.attendees)

    def event(kind: str, when: datetime, detail: str = "") -> None:
        session.events.append(session.make_event(kind, when, detail))
        opened.save_event(session.events[-1], len(session.events) - 1)

    event("start", start)
    for minute, line in script:
        when = start + timedelta(minutes=minute)
        if line.startswith("@agenda "):
            event("agenda", when, line.removeprefix("@agenda "))
        elif line in ("@break", "@resume", "@end"):
            event({"@break": "pause", "@resume": "resume", "@end": "end"}[line], when)
        else:
            draft = Draft()
            draft.begin(session, when)
            draft.text = line
            note, problems = note_from_draft(session, draft, vocabulary, when + timedelta(seconds=40))
            if problems:
                raise SystemExit(f"example note {note.id}: {problems}")
            session.notes.append(note)
            opened.save_note(note)
    opened.close()
    return path


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "sessions")
    for example in EXAMPLES:
        print(build(folder, example))
