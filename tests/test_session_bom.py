"""A session file that begins with a UTF-8 byte-order mark (an editor on Windows, Notepad, saves
one) is read, as templates are; ppei never writes one (breaker22 item 12: it was refused with
'not valid JSON' while a BOM-prefixed template was taken)."""

from __future__ import annotations

import shutil

from conftest import EXAMPLE

from ppei_tui.cli import main
from ppei_tui.domain.session import Note, Tag
from ppei_tui.storage.reading import read_tables
from ppei_tui.storage.store import SessionStore, load_session

BOM = b"\xef\xbb\xbf"


def _with_bom(folder):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / EXAMPLE.name
    path.write_bytes(BOM + EXAMPLE.read_bytes())
    return path


def test_a_session_with_a_bom_is_read_as_without_it(tmp_path):
    plain = shutil.copy(EXAMPLE, tmp_path / "plain.json")
    with_bom = _with_bom(tmp_path / "bom")
    assert read_tables(with_bom)[0] == read_tables(plain)[0]
    assert load_session(with_bom).info.cop == "Governing Body"


def test_map_study_and_the_session_list_read_it(tmp_path, capsys):
    path = _with_bom(tmp_path / "sessions")
    assert main(["map", str(path)]) == 0
    assert main(["study", str(path.parent)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Governing Body 2026-10-14") and "Study of 1 meeting" in out, err
    [summary] = SessionStore(path.parent).summaries()
    assert summary.session is not None and summary.session.info.cop == "Governing Body"


def test_a_note_saved_to_it_writes_the_file_back_without_a_bom(tmp_path):
    path = _with_bom(tmp_path / "sessions")
    opened = SessionStore(path.parent).open(path)
    opened.save_note(
        Note(999, "added after the BOM", "2026-10-14T15:00:00+01:00", 5400.0, [Tag("P", "Engaging")])
    )
    opened.fold()
    opened.close()
    written = path.read_bytes()
    assert written[:1] == b"{"
    assert load_session(path).note(999).text == "added after the BOM"
    assert len(load_session(path).notes) == len(load_session(EXAMPLE).notes) + 1
