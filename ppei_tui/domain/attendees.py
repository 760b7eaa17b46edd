"""Reading the attendee list typed in the home form or given to `ppei observe --attendees`.

The rule (the README repeats it):

- Entries are separated by `;`, new lines or commas (a comma inside brackets does not separate).
- An entry is `Name: role`, `Name (role)`, `Name role words` (the first word is the pseudonym,
  the rest is the role), or a bare `Name` (role `other`).
- A role is matched to the template's speaker roles ignoring case, spaces, `-` and `_`, and is
  then spelt as the template spells it; a role the template lacks is kept as typed, with a warning.
- An entry that cannot be read (no name, unbalanced brackets, text after the closing bracket, a
  name holding `#`, `+`, `@` or `!`, a name with no letter or digit, a pseudonym listed twice) is
  an error naming the entry.
- Pseudonyms compare as `@` tokens match them (folding.fold: case, accents, spaces and
  punctuation ignored), so `Zoë` and `Zoe` are one pseudonym listed twice: were both kept,
  `@Zoë` could only ever find one of them. A name that folds to nothing could never be typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ppei_tui.domain.folding import fold
from ppei_tui.domain.session import Attendee, format_offset

SEPARATORS = ";,\n"
NO_ROLE = "other"
TOKEN_SIGILS = "#+@!"


class AttendeeError(ValueError):
    """One or more entries of an attendee list could not be read; the message names them."""


@dataclass(frozen=True)
class ReadAttendee:
    """One entry as it was read: the attendee, the text it came from, and how its role was found."""

    attendee: Attendee
    entry: str
    role_given: bool
    role_known: bool

    def describe(self) -> str:
        if not self.role_given:
            note = " (no role given)"
        elif not self.role_known:
            note = " (not a template role)"
        else:
            note = ""
        return f"{self.attendee.pseudonym}: {self.attendee.role}{note}"


@dataclass
class AttendeeReading:
    """What an attendee list was read as: entries, warnings (kept) and errors (refused)."""

    entries: list[ReadAttendee] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    arriving: list[Attendee] = field(default_factory=list)  # already listed, coming in late

    @property
    def attendees(self) -> list[Attendee]:
        return [entry.attendee for entry in self.entries]

    def summary(self) -> str:
        """One line per attendee, then warnings and errors; for the form and the CLI."""
        if not self.entries and not self.errors:
            return "No attendees."
        lines = [f"{len(self.entries)} attendee(s): " + "; ".join(e.describe() for e in self.entries)]
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [f"error: {e}" for e in self.errors]
        return "\n".join(lines)

    def raise_errors(self) -> None:
        if self.errors:
            raise AttendeeError("attendees: " + "; ".join(self.errors))


def role_key(role: str) -> str:
    """Roles compare ignoring case, spaces, hyphens and underscores: `GP-Lead` is `gp lead`."""
    return re.sub(r"[\s_\-]+", "", role).casefold()


def pseudonym_key(name: str) -> str:
    """The form pseudonyms are compared in: the fold `@` tokens are matched by (folding.fold),
    so two names with one key could not be told apart when typed: `Zoë`, `ZOE`, `Zo-e` -> `zoe`."""
    return fold(name)


def _same(key: str) -> str:
    """Why two spellings count as one name (said when they are not the same as typed)."""
    return f": both are typed @{key} (case, accents, spaces and punctuation are ignored)"


def split_entries(text: str) -> list[str]:
    """Split at `;`, new lines and commas that are not inside brackets."""
    entries: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char in SEPARATORS and depth <= 0:
            entries.append("".join(current))
            current = []
            depth = 0
        else:
            current.append(char)
    entries.append("".join(current))
    return [" ".join(e.split()) for e in entries if e.strip()]


def _name_and_role(entry: str) -> tuple[str, str]:
    """(name, role) of one entry; raises ValueError with the reason it cannot be read."""
    if "(" in entry or ")" in entry:
        name, opened, rest = entry.partition("(")
        role, closed, after = rest.partition(")")
        if not opened or not closed or "(" in role or ")" in after or "(" in after:
            raise ValueError("unbalanced brackets")
        if after.strip():
            raise ValueError(f"text after the role in brackets: {after.strip()!r}")
        return name.strip(), role.strip()
    if ":" in entry:
        name, _, role = entry.partition(":")
        if ":" in role:
            raise ValueError("more than one ':'")
        return name.strip(), role.strip()
    name, _, role = entry.partition(" ")
    return name.strip(), role.strip()


def read_attendees(text: str, known_roles: Sequence[str] = ()) -> AttendeeReading:
    """Read an attendee list by the rule in this module's docstring, against the template's roles."""
    roles = {role_key(r): r for r in known_roles}
    reading = AttendeeReading()
    seen: dict[str, tuple[str, str]] = {}  # key -> (name, entry) as typed
    for entry in split_entries(text):
        try:
            name, role = _name_and_role(entry)
        except ValueError as reason:
            reading.errors.append(f"cannot read {entry!r}: {reason}")
            continue
        if not name:
            reading.errors.append(f"cannot read {entry!r}: no pseudonym before the role")
            continue
        if any(sigil in name for sigil in TOKEN_SIGILS):
            reading.errors.append(f"cannot read {entry!r}: a pseudonym cannot hold # + @ or !")
            continue
        key = pseudonym_key(name)
        if not key:
            reading.errors.append(
                f"cannot read {entry!r}: a pseudonym needs a letter or digit (it is typed after @)"
            )
            continue
        if key in seen:
            first_name, first_entry = seen[key]
            why = _same(key) if first_name != name else ""
            reading.errors.append(f"{name!r} is listed twice ({first_entry!r} and {entry!r}){why}")
            continue
        seen[key] = (name, entry)
        reading.entries.append(_resolve_role(name, role, entry, roles, reading.warnings))
    return reading


def _resolve_role(
    name: str, role: str, entry: str, roles: dict[str, str], warnings: list[str]
) -> ReadAttendee:
    if not role:
        return ReadAttendee(
            Attendee(name, NO_ROLE), entry, role_given=False, role_known=NO_ROLE in roles.values()
        )
    known = roles.get(role_key(role))
    if known is not None:
        return ReadAttendee(Attendee(name, known), entry, role_given=True, role_known=True)
    if roles:
        warnings.append(
            f"{name}: role {role!r} is not one of the template's roles{_did_you_mean(role, roles)}"
        )
    return ReadAttendee(Attendee(name, role), entry, role_given=True, role_known=False)


def _did_you_mean(role: str, roles: dict[str, str]) -> str:
    key = role_key(role)
    close = [spelt for k, spelt in roles.items() if k.startswith(key) or key.startswith(k)]
    if len(close) == 1:
        return f" (did you mean {close[0]!r}?)"
    return " (" + ", ".join(roles.values()) + ")"


def parse_attendees(text: str, known_roles: Iterable[str] = ()) -> list[Attendee]:
    """The attendees of `text`; raises AttendeeError naming every entry that cannot be read."""
    reading = read_attendees(text, tuple(known_roles))
    reading.raise_errors()
    return reading.attendees


def read_late_arrivals(
    text: str,
    present: Sequence[Attendee],
    known_roles: Sequence[str] = (),
    arrived: Mapping[str, float] | None = None,
) -> AttendeeReading:
    """Read attendees who came in during the meeting: the rule above, plus the people already
    on the list (`present`, compared as pseudonyms are: pseudonym_key, so `ZOE` names `Zoë`).

    Someone listed before the meeting may still come in late: naming them (alone, or with the
    role they are listed with) records their arrival without listing them twice; they are in
    `arriving`, not in `entries`. An error names the person when they already arrived
    (`arrived`: pseudonym -> meeting offset in seconds, `Session.arrivals()`) or when the entry
    gives them another role, so nobody is listed twice, arrives twice or is silently skipped.
    A session stored before pseudonyms were folded may list two with one key (`Zoë`, `Zoe`):
    the name alone is then an error naming both, and the role picks the one meant."""
    reading = read_attendees(text, known_roles)
    there: dict[str, list[Attendee]] = {}
    for attendee in present:
        there.setdefault(pseudonym_key(attendee.pseudonym), []).append(attendee)
    arrived = arrived or {}
    new_entries, typed_listed = [], []
    for entry in reading.entries:
        listed_as = there.get(pseudonym_key(entry.attendee.pseudonym), [])
        if not listed_as:
            new_entries.append(entry)
            continue
        typed_listed.append(f"{entry.attendee.pseudonym}: ")
        other = _listed_one(entry, listed_as, reading.errors)
        if other is None:
            continue
        listed = f"{other.pseudonym} ({other.role}) is already on the attendee list"
        if other.pseudonym in arrived:
            reading.errors.append(f"{listed} and arrived at {format_offset(arrived[other.pseudonym])}")
        elif entry.role_given and role_key(entry.attendee.role) != role_key(other.role):
            reading.errors.append(
                f"{listed}, not as {entry.attendee.role}: give only the name to record that they came in now"
            )
        else:
            reading.arriving.append(other)
    reading.entries = new_entries
    # A listed person keeps the role they are listed with: a warning about a role typed for them
    # (one read_attendees gives as "<name>: role ...") does not apply.
    reading.warnings = [w for w in reading.warnings if not w.startswith(tuple(typed_listed))]
    return reading


def _listed_one(entry: ReadAttendee, listed_as: list[Attendee], errors: list[str]) -> Attendee | None:
    """The one listed attendee `entry` names; with several of one key, the one of its role."""
    if len(listed_as) == 1:
        return listed_as[0]
    if entry.role_given:
        by_role = [a for a in listed_as if role_key(a.role) == role_key(entry.attendee.role)]
        if len(by_role) == 1:
            return by_role[0]
    both = " or ".join(f"{a.pseudonym} ({a.role})" for a in listed_as)
    errors.append(
        f"{entry.entry!r} could be {both}: give the name with their role,"
        f" as in {listed_as[0].pseudonym}: {listed_as[0].role}"
    )
    return None
