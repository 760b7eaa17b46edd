"""File names keep letters beyond ASCII; review shows history and memo times with offsets."""

from __future__ import annotations

from datetime import UTC

import pytest

from ppei_tui.domain.moments import format_moment
from ppei_tui.domain.session import Memo
from ppei_tui.storage.names import file_name_part
from ppei_tui.storage.store import session_file_name
from ppei_tui.ui.edit import memo_line


@pytest.mark.parametrize(
    "typed, part",
    [
        ("Équipe Café", "équipe-café"),
        ("E\u0301quipe Cafe\u0301", "équipe-café"),  # decomposed accents are composed (NFC)
        ("Governing Body", "governing-body"),
        ("קבוצת התייחסות", "קבוצת-התייחסות"),
        ("社区小组", "社区小组"),
        ("हिन्दी समूह", "हिन्दी-समूह"),  # vowel signs (marks) kept
        ("../../etc/passwd", "etc-passwd"),
        ("a\x00b\nc", "a-b-c"),
        ("  ", "session"),
    ],
)
def test_file_name_parts_keep_every_script_and_never_leave_the_folder(typed, part):
    assert file_name_part(typed) == part


def test_session_file_names_are_readable(make_info, store):
    info = make_info(date="2026/10/14")
    info.cop = "Équipe Café"
    name = session_file_name(info)
    assert name.startswith("2026-10-14-équipe-café-") and "/" not in name
    opened = store.create(info)
    assert opened.path.parent == store.directory and opened.path.name == name
    opened.close()


def test_a_moment_is_shown_in_the_readers_zone_with_its_offset():
    assert format_moment("2026-03-04T10:00:00+00:00", UTC) == "2026-03-04 10:00 +00:00"
    assert (
        format_moment("2026-03-04T18:30:00+09:00", UTC)
        == "2026-03-04 09:30 +00:00 (18:30 +09:00 where written)"
    )
    assert format_moment("2026-03-04T02:00:00+09:00", UTC).startswith("2026-03-03 17:00 +00:00 (2026-03-04 ")
    assert format_moment("2026-03-04T10:00:00", UTC) == "2026-03-04 10:00 (no offset)"
    assert format_moment("not a time", UTC) == "not a time"


def test_a_tokyo_memo_and_a_later_los_angeles_one_read_in_order():
    tokyo = Memo(1, "first", "2026-03-04T18:00:00+09:00", "RB")  # 09:00 UTC
    los_angeles = Memo(2, "second", "2026-03-04T02:00:00-08:00", "JS")  # 10:00 UTC, later
    lines = [memo_line(m, UTC) for m in (tokyo, los_angeles)]
    assert lines[0].startswith("2026-03-04 09:00 +00:00 (18:00 +09:00 where written) RB")
    assert lines[1].startswith("2026-03-04 10:00 +00:00 (02:00 -08:00 where written) JS")
    assert sorted(lines) == lines  # read top to bottom, the earlier memo comes first
    # Cut to 16 characters as before, the LA memo (02:00) would have read as the earlier one.
    assert los_angeles.created[:16] < tokyo.created[:16]
