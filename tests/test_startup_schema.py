"""A session file ppei has just created is not checked against the file schema on the way to
the first screen (issue 12 §3, start-up): what it wrote from its own typed records always
passes that check, and the session it opens is the one a reader of the file gets. Every file
read from disk (open, --resume, review) is still checked."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppei_tui.domain.session import Attendee, new_session_info
from ppei_tui.domain.session_schema import check_session_tables
from ppei_tui.storage.atomic import SessionFileError
from ppei_tui.storage.loading import session_from_tables
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import SessionStore

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cop=TEXT.filter(str.strip),
    site=TEXT,
    observer=TEXT,
    attendees=st.lists(st.builds(Attendee, TEXT.filter(str.strip), TEXT), max_size=4),
    agenda=st.lists(TEXT.filter(str.strip), max_size=4),
    date=st.sampled_from(["", "2026-11-22"]),
)
def test_what_a_new_session_writes_passes_the_schema_and_reads_back_as_opened(
    tmp_path_factory, hatfield, clock, cop, site, observer, attendees, agenda, date
):
    folder = tmp_path_factory.mktemp("sessions")
    store = SessionStore(folder, lock_dir=folder / "locks")
    info = new_session_info(
        hatfield, cop, clock(), site=site, observer=observer, attendees=attendees, agenda=agenda, date=date
    )
    opened = store.create(info)
    try:
        tables = read_tables(opened.path)[0]
        assert check_session_tables(tables) == []  # the check the new file skipped would pass
        assert opened.session.template == hatfield  # (read from the row's copy, as on open)
        assert opened.session == session_from_tables(opened.path, tables)  # as a reader reads it
        assert opened.session.info is not info  # its own copy, as read from the row
    finally:
        opened.close()


def test_a_file_read_from_disk_is_still_checked(store, make_info):
    opened = store.create(make_info())
    path = opened.path
    opened.close()
    tables = json.loads(path.read_text(encoding="utf-8"))
    tables["info"]["1"]["attendees"] = "not a list"
    path.write_text(json.dumps(tables), encoding="utf-8")
    with pytest.raises(SessionFileError, match="attendees"):
        store.open(path)
