"""The session's one ordered writer: the newest version of every document always lands last."""

from __future__ import annotations

import errno
import random
import threading
import time

import pytest

from ppei_tui.storage.journal import Record
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.sessionfile import SavingStopped
from ppei_tui.storage.writer import SaveOutcome, SessionWriter

KEYS = [("notes", n) for n in range(1, 6)] + [("memos", 1), ("events", 1), ("info", 1)]


class Outcomes:
    def __init__(self) -> None:
        self.items: list[SaveOutcome] = []
        self.lock = threading.Lock()

    def __call__(self, outcome: SaveOutcome) -> None:
        with self.lock:
            self.items.append(outcome)


def row_for(opened, table: str, version: int) -> dict:
    if table == "info":  # the info record must stay a valid session info
        return {**opened.session.info.to_dict(), "format": 1, "site": f"v{version}"}
    return {"id": 1, "v": version}


def slow_at_random(opened, monkeypatch, rng: random.Random, fail_rate: float = 0.0) -> list[tuple]:
    """Make every save sleep 0-4 ms (and fail with a full disk at `fail_rate`); log each write."""
    real_put = opened.put
    writes: list[tuple] = []

    def put(record: Record) -> None:
        time.sleep(rng.random() * 0.004)
        if rng.random() < fail_rate:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_put(record)
        writes.append((record.key, record.row.get("v", record.row.get("site"))))

    monkeypatch.setattr(opened, "put", put)
    return writes


def version_of(row: dict) -> int:
    return row["v"] if "v" in row else int(row["site"][1:])


@pytest.mark.parametrize("seed", range(4))
def test_with_a_storage_slowed_at_random_the_last_version_always_wins(store, make_info, monkeypatch, seed):
    rng = random.Random(seed)
    opened = store.create(make_info())
    slow_at_random(opened, monkeypatch, random.Random(seed + 100))
    outcomes = Outcomes()
    writer = SessionWriter(opened, outcomes, retry_seconds=0.05)
    latest: dict[tuple[str, int], int] = {}
    for _ in range(300):
        table, doc_id = rng.choice(KEYS)
        latest[(table, doc_id)] = latest.get((table, doc_id), 0) + 1
        version = writer.submit(Record(table, doc_id, row_for(opened, table, latest[(table, doc_id)])))
        assert version == latest[(table, doc_id)]
        if rng.random() < 0.2:
            # Whenever the writer says a document is saved, its newest version is what is on disk.
            key = rng.choice(list(latest))
            if writer.is_saved(key):
                tables, _ = read_tables(opened.path)
                assert version_of(tables[key[0]][str(key[1])]) == latest[key]
        if rng.random() < 0.3:
            time.sleep(rng.random() * 0.003)
    assert writer.wait_idle(30)
    tables, _ = read_tables(opened.path)
    for (table, doc_id), version in latest.items():
        assert version_of(tables[table][str(doc_id)]) == version
        assert writer.is_saved((table, doc_id))
    assert writer.unsaved() == set()
    for key, version in latest.items():  # the last report of each document is its newest version
        assert [o.version for o in outcomes.items if o.key == key][-1] == version
    writer.close()
    opened.close()
    tables, _ = read_tables(opened.path)
    assert all(version_of(tables[t][str(d)]) == v for (t, d), v in latest.items())


def test_failed_saves_are_retried_and_an_older_version_never_overwrites_a_newer(
    store, make_info, monkeypatch
):
    rng = random.Random(7)
    opened = store.create(make_info())
    writes = slow_at_random(opened, monkeypatch, random.Random(8), fail_rate=0.4)
    outcomes = Outcomes()
    writer = SessionWriter(opened, outcomes, retry_seconds=0.02)
    latest: dict[tuple[str, int], int] = {}
    for _ in range(120):
        key = rng.choice(KEYS[:5])
        latest[key] = latest.get(key, 0) + 1
        writer.submit(Record(key[0], key[1], {"id": key[1], "v": latest[key]}))
    deadline = time.monotonic() + 30
    while writer.unsaved() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert writer.unsaved() == set() and writer.failed() == set()
    assert any(o.error and "No space" in o.error for o in outcomes.items)  # failures were reported
    assert any(o.recovered for o in outcomes.items)
    newest_written: dict[tuple[str, int], int] = {}
    for key, version in writes:  # the on-disk version of a document never goes backwards
        assert version >= newest_written.get(key, 0), (key, version)
        newest_written[key] = version
    tables, _ = read_tables(opened.path)
    assert {k: version_of(tables[k[0]][str(k[1])]) for k in latest} == latest
    opened.close()


def test_once_saving_stops_nothing_is_retried_and_every_save_says_why(store, make_info, monkeypatch):
    opened = store.create(make_info())
    calls = []

    def stopped(record: Record) -> None:
        calls.append(record.key)
        raise SavingStopped("the file was replaced by another file while open")

    monkeypatch.setattr(opened, "put", stopped)
    monkeypatch.setattr(opened, "stopped", "the file was replaced")
    outcomes = Outcomes()
    writer = SessionWriter(opened, outcomes, retry_seconds=0.01)
    writer.submit(Record("notes", 1, {"id": 1}))
    writer.submit(Record("notes", 2, {"id": 2}))
    assert writer.wait_idle(5)
    time.sleep(0.1)
    assert calls == [("notes", 1), ("notes", 2)]  # no retries
    assert [o.stopped for o in outcomes.items] == [True, True]
    assert writer.failed() == {("notes", 1), ("notes", 2)}
    writer.close()


def test_an_outcome_is_reported_after_busy_clears(store, make_info):
    """A screen deciding to quit on the last report must see the writer idle by then."""
    opened = store.create(make_info())
    seen_busy = []
    writer: SessionWriter

    def report(outcome: SaveOutcome) -> None:
        seen_busy.append(writer.busy)

    writer = SessionWriter(opened, report)
    writer.submit(Record("notes", 1, {"id": 1, "v": 1}))
    assert writer.wait_idle(5)
    time.sleep(0.05)
    assert seen_busy == [False]
    writer.close()
    opened.close()


async def test_the_saved_mark_waits_for_the_newest_version_of_a_note(config, store, make_info, monkeypatch):
    """v1 of a note is being written slowly when a re-tag makes v2: the mark stays off until v2
    is on disk, although v1 landed first."""
    from save_helpers import settle_saves

    from ppei_tui.ui.app import PpeiApp

    opened = store.create(make_info())
    gates = {1: threading.Event(), 2: threading.Event()}
    attempts: list[int] = []
    real_put = opened.put

    def gated_put(record: Record) -> None:
        if record.key == ("notes", 1):
            attempts.append(len(record.row["tags"]))
            gates[len(attempts)].wait(10)
        real_put(record)

    monkeypatch.setattr(opened, "put", gated_put)
    app = PpeiApp(config, store, opened, is_new=True)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press(*"first", "enter")
        await pilot.pause()
        await pilot.press("ctrl+t", "5", "1")  # empty input: tags the last note (a second version)
        await pilot.pause(0.2)
        log = app.screen.query_one("#note-log")
        assert log.status_of(1) != "saved"
        gates[1].set()
        await pilot.pause(0.3)
        assert attempts == [0, 1]  # the first version landed; the second is being written
        assert read_tables(opened.path)[0]["notes"]["1"]["tags"] == []
        assert log.status_of(1) != "saved"
        gates[2].set()
        await settle_saves(pilot)
        assert log.status_of(1) == "saved"
        assert read_tables(opened.path)[0]["notes"]["1"]["tags"] == [{"element": "M", "verb": "Valuing"}]
