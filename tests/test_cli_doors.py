"""The command line's doors: a reader that goes away, a template alias bomb, a mistyped or
read-only sessions folder, and outputs readable by their owner only."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ppei_tui import cli
from ppei_tui.cli import main
from ppei_tui.domain.template import TemplateError
from ppei_tui.outputs.commands import EXPORT_FORMATS
from ppei_tui.storage.folders import SessionsFolderMissingError, SessionsFolderNotWritableError
from ppei_tui.storage.store import SessionStore
from ppei_tui.templates import MAX_TEMPLATE_BYTES, TemplateLibrary, load_template_file, parse_template_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "sessions" / "2026-10-14-governing-body-example.json"
OTHER = ROOT / "sessions" / "2026-10-21-communications-strategy-group-example.json"


# --- a reader that goes away ------------------------------------------------------------------
PIPED = {
    "map": ["map", str(EXAMPLE), str(OTHER)],
    "map --compare": ["map", "--compare", str(EXAMPLE), str(OTHER)],
    "report": ["report", str(EXAMPLE), "-o", "{tmp}/r.pdf"],
    "export": ["export", str(EXAMPLE), "-f", "md", "-o", "{tmp}/e.md"],
    "templates": ["templates"],
    "templates check": ["templates", "check", str(ROOT / "observation_templates" / "hatfield-ppei.yaml")],
    "help": ["--help"],
    "study": ["study", str(EXAMPLE), str(OTHER), "--plain"],  # said 'ppei study: [Errno 32] Broken pipe'
    "keys": ["keys"],
}


@pytest.mark.parametrize("command", sorted(PIPED))
def test_a_command_whose_reader_goes_away_exits_quietly(command, tmp_path):
    """`ppei ... | head` with the reader gone before anything is written: no traceback."""
    argv = [a.replace("{tmp}", str(tmp_path)) for a in PIPED[command]]
    process = subprocess.Popen(
        [sys.executable, "-m", "ppei_tui", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    process.stdout.close()  # the only reader leaves at once, like `head -0`
    _, stderr = process.communicate(timeout=60)
    assert stderr == b"", stderr.decode()
    assert process.returncode in (0, 141)


def test_map_piped_into_head_prints_the_first_lines_only(tmp_path):
    result = subprocess.run(
        f"'{sys.executable}' -m ppei_tui map '{EXAMPLE}' | head -n 2",
        shell=True,
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.stderr == b""
    assert len(result.stdout.decode().splitlines()) == 2


# --- templates: alias bomb and size ----------------------------------------------------------
def alias_bomb(levels: int = 9) -> str:
    lines = ["id: bomb", 'name: "Alias bomb"', 'version: "1"', 'l0: &l0 ["lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    lines.append(f"elements: *l{levels}")
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_is_refused_in_under_a_second_with_file_and_line(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb())
    started = time.perf_counter()
    with pytest.raises(TemplateError) as raised:
        load_template_file(path)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, elapsed
    [problem] = raised.value.problems
    assert problem.source == str(path) and problem.line == 4
    assert "aliases" in problem.message


def test_templates_check_and_the_library_refuse_the_bomb(tmp_path, capsys):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb())
    assert main(["templates", "check", str(path)]) == 1
    assert f"{path}:4:" in capsys.readouterr().err
    [entry] = TemplateLibrary([tmp_path]).entries()
    assert entry.template is None and "aliases" in str(entry.error)


def test_a_single_anchor_is_refused_too():
    text = (ROOT / "observation_templates" / "hatfield-ppei.yaml").read_text()
    text = text.replace("practice_sets:", "practice_sets: &sets", 1)
    with pytest.raises(TemplateError, match="anchors and aliases"):
        parse_template_text(text, "t.yaml")


def test_an_oversized_template_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("# padding\n" * (MAX_TEMPLATE_BYTES // 10 + 1))
    started = time.perf_counter()
    with pytest.raises(TemplateError, match="at most"):
        load_template_file(path)
    assert time.perf_counter() - started < 1.0


# --- the sessions folder ---------------------------------------------------------------------
@pytest.fixture
def no_app(monkeypatch, in_a_terminal):
    """Stand-in for the TUI: records what would have been opened."""
    opened = []

    def fake_run_app(config, session, is_new, store=None):
        opened.append(session)
        session.close()
        return 0

    monkeypatch.setattr(cli, "_run_app", fake_run_app)
    return opened


def test_a_mistyped_sessions_dir_is_refused_not_created(tmp_path, capsys, no_app):
    typo = tmp_path / "sesions"
    assert main(["observe", "--cop", "GB", "--sessions-dir", str(typo)]) == 1
    err = capsys.readouterr().err
    assert str(typo) in err and "does not exist" in err and "--create" in err
    assert not typo.exists() and no_app == []


def test_the_sessions_dir_from_the_environment_is_checked_too(tmp_path, capsys, monkeypatch, no_app):
    monkeypatch.setenv("PPEI_SESSIONS_DIR", str(tmp_path / "typo"))
    assert main(["observe", "--cop", "GB"]) == 1
    assert not (tmp_path / "typo").exists()


def test_review_of_a_missing_sessions_dir_is_refused(tmp_path, capsys, in_a_terminal):
    assert main(["review", "--sessions-dir", str(tmp_path / "typo")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "typo").exists()


def test_create_makes_the_named_folder_and_the_default_is_made_silently(tmp_path, no_app, monkeypatch):
    named = tmp_path / "fieldwork" / "2026"
    assert main(["observe", "--cop", "GB", "--sessions-dir", str(named), "--create"]) == 0
    assert stat.S_IMODE(named.stat().st_mode) == 0o700
    assert [p.parent for p in [s.path for s in no_app]] == [named]
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PPEI_SESSIONS_DIR", raising=False)
    assert main(["observe", "--cop", "GB"]) == 0
    assert no_app[1].path.parent == Path("sessions")


def test_a_store_that_may_not_create_its_folder_refuses(tmp_path, make_info):
    store = SessionStore(tmp_path / "typo", create_missing=False)
    with pytest.raises(SessionsFolderMissingError):
        store.create(make_info())
    assert not (tmp_path / "typo").exists()


def read_only_os_open(monkeypatch, directory: Path):
    """Make the folder behave as on a read-only disk: creating files in it fails with EROFS."""
    real_open = os.open

    def guarded(path, flags, *args, **kwargs):
        if Path(path).parent == directory and flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)


@pytest.mark.parametrize("how", ["new", "resume"])
def test_a_read_only_sessions_folder_is_named_with_what_to_do(how, tmp_path, capsys, monkeypatch, no_app):
    folder = tmp_path / "sessions"
    folder.mkdir()
    session = folder / EXAMPLE.name
    shutil.copy(EXAMPLE, session)
    before = session.read_bytes()
    read_only_os_open(monkeypatch, folder)
    if how == "new":
        argv = ["observe", "--cop", "GB", "--sessions-dir", str(folder)]
    else:
        argv = ["observe", "--resume", str(session)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert f"sessions folder {folder} cannot be written (Read-only file system)" in err
    assert "chmod u+w" in err and "--sessions-dir" in err and ".lock" not in err
    assert session.read_bytes() == before and sorted(folder.iterdir()) == [session]


def test_a_read_only_folder_error_is_typed(tmp_path, monkeypatch, make_info):
    read_only_os_open(monkeypatch, tmp_path)
    with pytest.raises(SessionsFolderNotWritableError):
        SessionStore(tmp_path).create(make_info())


# --- outputs readable by their owner only ----------------------------------------------------
@pytest.mark.parametrize("fmt", ["pdf", *sorted(EXPORT_FORMATS)])
def test_outputs_are_created_readable_by_their_owner_only(fmt, tmp_path, capsys):
    previous = os.umask(0o022)
    try:
        output = tmp_path / f"out.{fmt}"
        if fmt == "pdf":
            code = main(["report", str(EXAMPLE), "-o", str(output)])
        else:
            code = main(["export", str(EXAMPLE), "-f", fmt, "-o", str(output)])
    finally:
        os.umask(previous)
    assert code == 0, capsys.readouterr().err
    assert stat.S_IMODE(output.stat().st_mode) == 0o600


def test_a_save_refused_by_a_read_only_folder_names_the_folder_and_what_to_do(tmp_path):
    from ppei_tui.storage.writer import SaveOutcome, describe_save_error
    from ppei_tui.ui.saving import failure_text

    session = tmp_path / "s.json"
    error = OSError(errno.EROFS, "Read-only file system", str(session) + ".journal")
    message = describe_save_error(session, error)
    assert f"sessions folder {tmp_path} cannot be written (Read-only file system)" in message
    assert "chmod u+w" in message and ".journal" not in message
    # said once, with the interval, where it is shown (breaker22 item 12: it was said twice)
    shown = failure_text(SaveOutcome(("notes", 1), 1, message), 3)
    assert shown.endswith("--sessions-dir\nIt stays on screen and saving is retried every 3 s.")
    assert shown.count("retried") == 1 and shown.count("stays on screen") == 1
    full = OSError(errno.ENOSPC, "No space left on device", str(session) + ".journal")
    assert describe_save_error(session, full).startswith("OSError: [Errno 28]")
