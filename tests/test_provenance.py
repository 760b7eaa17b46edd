"""Report and export while a session is being recorded: the SHA-256 an output prints belongs
to the very version of the file whose notes it prints, every time (the file is read once).

A spy keeps every (file, journal) pair of bytes the readers read. The hashes an output prints
must be those of one pair, and the notes it prints exactly the notes in that pair: hashing a
second read (the old bug) names bytes no reader built the output from.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppei_tui.cli import main
from ppei_tui.domain.session import Note
from ppei_tui.storage import snapshot as snapshot_module
from ppei_tui.storage.journal import journal_path_for
from ppei_tui.storage.reading import tables_from_session_bytes
from ppei_tui.storage.snapshot import load_session_bytes

RUNS = 8


def versions_key(path: Path) -> tuple[str, str]:
    journal = journal_path_for(path)
    journal_raw = journal.read_bytes() if journal.exists() else b""
    return (
        hashlib.sha256(path.read_bytes()).hexdigest(),
        hashlib.sha256(journal_raw).hexdigest() if journal_raw else "",
    )


class Recorder(threading.Thread):
    """Saves notes as an observer would (journal appends, and folds into the file)."""

    def __init__(self, opened, clock):
        super().__init__(daemon=True)
        self.opened, self.clock = opened, clock
        self.stop = threading.Event()
        self.saved = 0

    def run(self) -> None:
        while not self.stop.is_set() and self.saved < 5000:
            note_id = self.saved + 1
            note = Note(note_id, f"note {note_id} #eng", self.clock().isoformat(), float(note_id))
            self.opened.save_note(note)
            self.saved = note_id


class ReadSpy:
    """Every (file bytes, journal bytes) pair read, by their hashes -> live notes they hold."""

    def __init__(self, path: Path, monkeypatch):
        self.path = path
        self.counts: dict[tuple[str, str], int] = {}
        real = snapshot_module.read_session_bytes

        def spy(read_path: Path) -> tuple[bytes, bytes]:
            raw, journal_raw = real(read_path)
            tables, _ = tables_from_session_bytes(read_path, raw, journal_raw)
            live = sum(1 for row in tables.get("notes", {}).values() if not row.get("deleted"))
            key = (
                hashlib.sha256(raw).hexdigest(),
                hashlib.sha256(journal_raw).hexdigest() if journal_raw else "",
            )
            self.counts[key] = live
            return raw, journal_raw

        monkeypatch.setattr(snapshot_module, "read_session_bytes", spy)

    def count_of(self, key: tuple[str, str]) -> int | None:
        return self.counts.get(key)


@pytest.fixture
def recording(store, make_info, clock, monkeypatch):
    opened = store.create(make_info())
    recorder = Recorder(opened, clock)
    spy = ReadSpy(opened.path, monkeypatch)
    recorder.start()
    yield opened.path, spy
    recorder.stop.set()
    recorder.join()
    assert recorder.saved > 0
    opened.close()


def printed_hashes(out: str, name: str) -> tuple[str, str]:
    file_hash = re.search(rf"{re.escape(name)} SHA-256 ([0-9a-f]{{64}})", out)
    journal_hash = re.search(rf"{re.escape(name)} journal SHA-256 ([0-9a-f]{{64}})", out)
    assert file_hash, out
    return file_hash.group(1), journal_hash.group(1) if journal_hash else ""


def test_report_while_recording_names_the_version_whose_notes_it_prints(recording, tmp_path, capsys):
    path, spy = recording
    for run in range(RUNS):
        output = tmp_path / f"r{run}.pdf"
        assert main(["report", str(path), "-o", str(output)]) == 0
        out = capsys.readouterr().out
        notes = int(re.search(r"pages?, (\d+) notes?", out).group(1))
        key = printed_hashes(out, path.name)
        assert spy.count_of(key) == notes, (run, key, notes)
        text = "".join(page.extract_text() for page in PdfReader(output).pages)
        flat = re.sub(r"\s+", "", text)
        assert key[0] in flat  # the PDF's provenance names the same version
        if key[1]:
            assert key[1] in flat
        assert re.search(rf"Notes\s*{notes}:", text), notes


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "qdpx"])
def test_export_while_recording_names_the_version_whose_notes_it_holds(fmt, recording, tmp_path, capsys):
    path, spy = recording
    for run in range(RUNS):
        output = tmp_path / f"e{run}.{fmt}"
        assert main(["export", str(path), "-f", fmt, "-o", str(output)]) == 0
        out = capsys.readouterr().out
        notes = int(re.search(r"sessions?, (\d+) notes?", out).group(1))
        key = printed_hashes(out, path.name)
        assert spy.count_of(key) == notes, (run, key, notes)
        if fmt == "json":
            [document] = json.loads(output.read_bytes())["sessions"]
            assert (document["file_sha256"], document.get("journal_sha256", "")) == key
            assert len(document["notes"]) == notes


def test_a_snapshot_is_built_from_the_bytes_it_hashes(store, make_info, clock):
    opened = store.create(make_info())
    for note_id in range(1, 4):
        opened.save_note(Note(note_id, f"n{note_id}", clock().isoformat(), float(note_id)))
    snapshot = load_session_bytes(opened.path)
    assert (snapshot.sha256, snapshot.journal_sha256) == versions_key(opened.path)
    assert len(snapshot.session.notes) == 3 and snapshot.size == opened.path.stat().st_size
    opened.close()
