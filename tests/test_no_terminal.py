"""The commands that open a screen, run without a terminal (cron, CI, `< /dev/null > out.txt`):
one line on stderr, exit code 2, promptly, and nothing created, opened, locked or folded.

Real processes, since what matters is what the file descriptors are; a timeout turns the old hang
into a failure instead of a stuck suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "sessions" / "2026-10-14-governing-body-example.json"


def run_ppei(
    args: list[str], cwd: Path, stdin, stderr=subprocess.PIPE, stdout=subprocess.PIPE
) -> subprocess.CompletedProcess:
    env = {**os.environ, "PPEI_CONFIG_DIR": str(cwd / "config"), "TERM": "xterm-256color"}
    env.pop("TEXTUAL", None)
    return subprocess.run(
        [sys.executable, "-m", "ppei_tui", *args],
        stdin=stdin,
        stdout=stdout,
        stderr=stderr,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A sessions folder holding one finished session, copied from the example."""
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    shutil.copy(EXAMPLE, sessions / EXAMPLE.name)
    return sessions


SCREEN_COMMANDS = {
    "ppei": [],
    "ppei observe": ["observe", "--cop", "Governing Body", "--create"],
    "ppei observe --resume": ["observe", "--resume", "sessions/" + EXAMPLE.name],
    "ppei review": ["review"],
    "ppei shade": ["shade", "sessions/" + EXAMPLE.name, "--as", "Hazel"],
}


@pytest.mark.parametrize("name", sorted(SCREEN_COMMANDS))
def test_a_screen_command_without_a_terminal_says_so_and_touches_nothing(name, folder, tmp_path, lock_dir):
    before = folder_snapshot(folder)
    args = [*SCREEN_COMMANDS[name], "--sessions-dir", str(folder)]
    result = run_ppei(args, tmp_path, stdin=subprocess.DEVNULL)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    program = name.removesuffix(" --resume")
    assert err == (
        f"{program}: needs a terminal, and standard input, standard output and standard error are not one "
        "(redirected, "
        "piped or closed); run it in a terminal window (ppei map, report and export work without one)\n"
    )
    assert result.stdout == b""  # no screen drawn into the file
    assert folder_snapshot(folder) == before
    assert folder_snapshot(lock_dir) == {}


def test_a_new_session_folder_is_not_even_created(tmp_path):
    result = run_ppei(
        ["observe", "--cop", "GB", "--sessions-dir", "new", "--create"], tmp_path, subprocess.DEVNULL
    )
    assert result.returncode == 2 and b"needs a terminal" in result.stderr
    assert not (tmp_path / "new").exists()


def test_each_stream_is_named_when_it_alone_is_not_a_terminal(tmp_path, folder):
    master, slave = os.openpty()
    try:
        piped_screen = run_ppei(["review", "--sessions-dir", str(folder)], tmp_path, stdin=slave)
        no_input = run_ppei(
            ["review", "--sessions-dir", str(folder)], tmp_path, subprocess.DEVNULL, stderr=slave
        )
        said_on_the_pty = os.read(master, 4096).decode()
    finally:
        os.close(slave)
        os.close(master)
    assert piped_screen.returncode == 2
    assert piped_screen.stderr.startswith(
        b"ppei review: needs a terminal, and standard output and standard error are not one "
    )
    assert no_input.returncode == 2
    assert said_on_the_pty.startswith(
        "ppei review: needs a terminal, and standard input and standard output are not one "
    )


def test_shading_from_paper_needs_no_terminal(folder, tmp_path):
    path = folder / EXAMPLE.name
    result = run_ppei(
        ["shade", str(path), "--as", "Hazel", "--levels", "P.Aligning=3"], tmp_path, subprocess.DEVNULL
    )
    assert result.returncode == 0, result.stderr.decode()
    assert b"1 verb shaded" in result.stdout


def test_standard_output_redirected_alone_is_refused_too(tmp_path, folder):
    """Textual takes the window's size from stdout: `ppei observe > out.txt` drew at 80 x 24
    whatever the window and ignored resizes, so it is refused like the other streams."""
    master, slave = os.openpty()
    try:
        with open(tmp_path / "out.txt", "wb") as out:
            result = run_ppei(
                ["review", "--sessions-dir", str(folder)], tmp_path, stdin=slave, stdout=out, stderr=slave
            )
        said_on_the_pty = os.read(master, 4096).decode()
    finally:
        os.close(slave)
        os.close(master)
    assert result.returncode == 2
    assert said_on_the_pty.startswith("ppei review: needs a terminal, and standard output is not one ")
    assert (tmp_path / "out.txt").read_bytes() == b""
