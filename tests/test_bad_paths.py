"""Every command that reads a file, given something that is not a readable file of its kind: one
line naming the file and the problem, never a traceback, never a hang, the path left as it was."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from ppei_tui import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "sessions" / "2026-10-14-governing-body-example.json"

# "{bad}" is the bad path, "{good}" a readable session, "{out}" an output that does not exist yet.
COMMANDS = {
    "map": ["map", "{bad}"],
    "report": ["report", "{bad}", "-o", "{out}.pdf"],
    "export": ["export", "{bad}", "-f", "md", "-o", "{out}.md"],
    "shade": ["shade", "{bad}", "--as", "m1", "--levels", "P.aligning=1"],
    "agree": ["agree", "{good}", "{bad}"],
    "templates check": ["templates", "check", "{bad}"],
    "templates import": ["templates", "import", "{bad}", "-o", "{out}.yaml"],
    "review FILE": ["review", "{bad}"],
    "observe --resume": ["observe", "--resume", "{bad}"],
    "worksheet": ["worksheet", "{bad}", "-o", "{out}.pdf"],
    "recode": ["recode", "{bad}", "--coder", "Rowan", "-o", "{out}.json"],
}

T = TypeVar("T")


def make_bad(kind: str, tmp_path: Path) -> tuple[Path, str]:
    """The bad path, and how it is written on the command line."""
    if kind == "folder":
        path = tmp_path / "notes-folder"
        path.mkdir()
        (path / "inside.txt").write_text("kept")
        return path, str(path)
    if kind == "folder with a trailing slash":
        path = tmp_path / "notes-folder"
        path.mkdir()
        return path, f"{path}/"
    if kind == "missing":
        path = tmp_path / "no-such-file.json"
        return path, str(path)
    if kind == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("root reads a chmod-000 file anyway; nothing to refuse")
        path = tmp_path / "locked.json"
        shutil.copy(EXAMPLE, path)
        path.chmod(0)
        return path, str(path)
    if kind == "binary":
        path = tmp_path / "binary.json"
        path.write_bytes(bytes(range(256)) * 4)
        return path, str(path)
    if kind == "empty":
        path = tmp_path / "empty.json"
        path.write_bytes(b"")
        return path, str(path)
    if kind == "fifo":
        path = tmp_path / "a-pipe.json"
        os.mkfifo(path)
        return path, str(path)
    if kind == "symbolic link loop":
        return link_loop(tmp_path), "bad/loop1"  # relative, as typed in the trial
    raise AssertionError(kind)


def link_loop(tmp_path: Path) -> Path:
    """bad/loop1 -> loop2 -> loop1: every open of it fails with ELOOP (Path.resolve raised
    RuntimeError: Symlink loop)."""
    (tmp_path / "bad").mkdir(exist_ok=True)
    os.symlink("loop2", tmp_path / "bad" / "loop1")
    os.symlink("loop1", tmp_path / "bad" / "loop2")
    return tmp_path / "bad" / "loop1"


def state_of(path: Path) -> object:
    """What the path is and holds, to compare before and after (contents read as root would)."""
    if not os.path.lexists(path):
        return None
    if path.is_symlink():
        return "link", os.readlink(path)
    if path.is_dir():
        return sorted((p.name, p.read_bytes()) for p in path.iterdir())
    if path.is_fifo():
        return "fifo"
    mode = path.stat().st_mode
    path.chmod(0o600)
    try:
        return mode, path.read_bytes()
    finally:
        path.chmod(mode)


KINDS = [
    "folder",
    "folder with a trailing slash",
    "missing",
    "unreadable",
    "binary",
    "empty",
    "fifo",
    "symbolic link loop",
]


def without_waiting(call: Callable[[], T], pipe: Path, failure: str) -> T:
    """call()'s result, run in a thread: a FIFO opened for reading waits for a writer, so a call
    still running after 60 s fails the test (`failure`) instead of blocking it, once a writer
    has been sent to `pipe` to let it go."""
    result: list[T] = []
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(timeout=60)
    if worker.is_alive():
        with open(pipe, "wb"):  # let it go (a writer arrives), then fail
            pass
        pytest.fail(failure)
    [returned] = result
    return returned


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_bad_path_is_one_line_naming_it(command, kind, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PPEI_SESSIONS_DIR", str(tmp_path / "sessions"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    # review and observe ask for a terminal first; the file must be refused before any screen.
    monkeypatch.setattr(cli, "terminal_problem", lambda program: None)
    path, written = make_bad(kind, tmp_path)
    good = tmp_path / "good.json"
    shutil.copy(EXAMPLE, good)
    before = state_of(path)
    argv = [
        a.replace("{bad}", written).replace("{good}", str(good)).replace("{out}", str(tmp_path / "out"))
        for a in COMMANDS[command]
    ]
    result = without_waiting(lambda: cli.main(argv), path, f"ppei {command} waited on {kind} {written}")
    captured = capsys.readouterr()
    assert result == 1, captured
    assert "Traceback" not in captured.err + captured.out
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert path.name in lines[0]
    assert lines[0].startswith("ppei") or lines[0].startswith(written), lines[0]
    assert state_of(path) == before
    assert not list(tmp_path.glob("out.*"))


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_ppei_keys_names_a_keymap_that_is_not_a_file_and_never_waits_on_it(
    kind, tmp_path, capsys, monkeypatch
):
    keymap = tmp_path / "keymap.toml"
    keymap.mkdir() if kind == "folder" else os.mkfifo(keymap)
    monkeypatch.setenv("PPEI_CONFIG_DIR", str(tmp_path))
    result = without_waiting(lambda: cli.main(["keys"]), keymap, f"ppei keys waited on a {kind} keymap")
    captured = capsys.readouterr()
    assert result == 1
    assert "Traceback" not in captured.err + captured.out
    assert f"{keymap}: cannot be read: is not a regular file" in captured.err + captured.out
    assert keymap.is_dir() if kind == "folder" else keymap.is_fifo()


OUTPUTS = {
    "report": ["report", "{good}", "-o", "{out}"],
    "export": ["export", "{good}", "-f", "md", "-o", "{out}", "--force"],
    "worksheet": ["worksheet", "{good}", "-o", "{out}", "--force"],
    "agree": ["agree", "{good}", "{good}", "-o", "{out}", "--force"],
}


@pytest.mark.parametrize("command", sorted(OUTPUTS))
def test_an_output_that_is_a_symbolic_link_loop_is_refused_and_left_a_link(
    command, tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    loop = link_loop(tmp_path)
    shutil.copy(EXAMPLE, tmp_path / "good.json")
    argv = [a.replace("{good}", "good.json").replace("{out}", "bad/loop1") for a in OUTPUTS[command]]
    result = cli.main(argv)
    captured = capsys.readouterr()
    assert result == 1
    assert (
        captured.err.strip()
        == f"ppei {command}: bad/loop1 is a symbolic link loop (it never reaches a file); name a file"
    )
    assert os.readlink(loop) == "loop2"  # the link was not replaced by a file
    assert sorted(p.name for p in loop.parent.iterdir()) == ["loop1", "loop2"]


@pytest.mark.parametrize("command", sorted(OUTPUTS))
@pytest.mark.parametrize(
    ("output", "why"),
    [
        ("bad/newdir/x.pdf", "the folder bad/newdir does not exist; create it first or name another folder"),
        ("afile/x.pdf", "afile is not a folder"),
        ("bad/loop1/x.pdf", "Too many levels of symbolic links"),
    ],
)
def test_an_output_in_a_folder_that_cannot_hold_it_is_named_as_typed(
    command, output, why, tmp_path, capsys, monkeypatch
):
    """The write goes to a temp file beside the output first; its name (`.x.pdf.9954.tmp`)
    was printed raw in an [Errno 2] message, a name the user never typed."""
    monkeypatch.chdir(tmp_path)
    link_loop(tmp_path)
    (tmp_path / "afile").write_text("kept")
    shutil.copy(EXAMPLE, tmp_path / "good.json")
    argv = [a.replace("{good}", "good.json").replace("{out}", output) for a in OUTPUTS[command]]
    if command == "agree":  # two coders of one meeting: a second coder's copy
        assert cli.main(["recode", "good.json", "--coder", "Rowan", "-o", "copy.json"]) == 0
        argv[2] = "copy.json"
    capsys.readouterr()
    result = cli.main(argv)
    captured = capsys.readouterr()
    assert result == 1
    assert captured.err.strip() == f"ppei {command}: {output}: cannot write: {why}"
    made = ["copy.json"] if command == "agree" else []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["afile", "bad", "good.json", *made])
    assert sorted(p.name for p in (tmp_path / "bad").iterdir()) == ["loop1", "loop2"]
    assert (tmp_path / "afile").read_text() == "kept"


@pytest.mark.parametrize("command", sorted(OUTPUTS))
def test_an_output_that_is_a_named_pipe_is_refused_not_waited_on(command, tmp_path, capsys):
    out = tmp_path / "out.pdf"
    os.mkfifo(out)
    good = tmp_path / "good.json"
    shutil.copy(EXAMPLE, good)
    argv = [a.replace("{good}", str(good)).replace("{out}", str(out)) for a in OUTPUTS[command]]
    result = without_waiting(lambda: cli.main(argv), out, f"ppei {command} waited on the pipe {out}")
    captured = capsys.readouterr()
    assert result == 1
    assert "Traceback" not in captured.err
    assert (
        captured.err.strip()
        == f"ppei {command}: {out} is not a regular file (a pipe, socket or device); name a file"
    )
    assert out.is_fifo()


def test_the_sessions_list_shows_a_folder_or_pipe_named_json_as_unreadable(tmp_path):
    """Home and review list the sessions folder: a folder named x.json crashed it with
    IsADirectoryError and a pipe named p.json left it waiting; now each is one unreadable row."""
    from ppei_tui.storage.store import SessionStore

    shutil.copy(EXAMPLE, tmp_path / "good.json")
    (tmp_path / "d.json").mkdir()
    os.mkfifo(tmp_path / "p.json")
    store = SessionStore(tmp_path)
    summaries = without_waiting(store.summaries, tmp_path / "p.json", "the sessions list waited on a pipe")
    errors = {s.path.name: s.error for s in summaries}
    assert errors == {
        "d.json": "cannot read: is a folder, not a file",
        "good.json": "",
        "p.json": "cannot read: is not a regular file (a pipe, socket or device)",
    }
