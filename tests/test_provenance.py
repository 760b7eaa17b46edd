"""Report and export while a session is being recorded: the SHA-256 an output prints belongs
to the very version of the file whose notes it prints, every time (the file is read once)."""

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
from ppei_tui.storage.journal import journal_path_for
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
    """Saves notes as an observer would, and after each save remembers which bytes on disk
    (file and journal) hold how many notes: the only versions an output may describe."""

    def __init__(self, opened, clock):
        super().__init__(daemon=True)
        self.opened, self.clock = opened, clock
        self.versions: dict[tuple[str, str], int] = {versions_key(opened.path): 0}
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def run(self) -> None:
        note_id = 0
        while not self.stop.is_set() and note_id < 5000:
            note_id += 1
            note = Note(note_id, f"note {note_id} #eng", self.clock().isoformat(), float(note_id))
            self.opened.save_note(note)
            with self.lock:
                self.versions[versions_key(self.opened.path)] = note_id

    def count_of(self, key: tuple[str, str]) -> int | None:
        with self.lock:
            return self.versions.get(key)


@pytest.fixture
def recording(store, make_info, clock):
    opened = store.create(make_info())
    recorder = Recorder(opened, clock)
    recorder.start()
    yield opened.path, recorder
    recorder.stop.set()
    recorder.join()
    opened.close()


def printed_hashes(out: str, name: str) -> tuple[str, str]:
    file_hash = re.search(rf"{re.escape(name)} SHA-256 ([0-9a-f]{{64}})", out)
    journal_hash = re.search(rf"{re.escape(name)} journal SHA-256 ([0-9a-f]{{64}})", out)
    assert file_hash, out
    return file_hash.group(1), journal_hash.group(1) if journal_hash else ""


def test_report_while_recording_names_the_version_whose_notes_it_prints(recording, tmp_path, capsys):
    path, recorder = recording
    for run in range(RUNS):
        output = tmp_path / f"r{run}.pdf"
        assert main(["report", str(path), "-o", str(output)]) == 0
        out = capsys.readouterr().out
        notes = int(re.search(r"pages, (\d+) notes", out).group(1))
        key = printed_hashes(out, path.name)
        assert recorder.count_of(key) == notes, (run, key, notes)
        text = "".join(page.extract_text() for page in PdfReader(output).pages)
        flat = re.sub(r"\s+", "", text)
        assert key[0] in flat  # the PDF's provenance names the same version
        if key[1]:
            assert key[1] in flat
        assert re.search(rf"Notes\s*{notes}:", text), notes


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "qdpx"])
def test_export_while_recording_names_the_version_whose_notes_it_holds(fmt, recording, tmp_path, capsys):
    path, recorder = recording
    for run in range(RUNS):
        output = tmp_path / f"e{run}.{fmt}"
        assert main(["export", str(path), "-f", fmt, "-o", str(output)]) == 0
        out = capsys.readouterr().out
        notes = int(re.search(r"session\(s\), (\d+) notes", out).group(1))
        key = printed_hashes(out, path.name)
        assert recorder.count_of(key) == notes, (run, key, notes)
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
