"""The PDF's font search passes over folders this user cannot read.

`ppei templates check` run by another user, with HOME=/root unreadable, crashed on
PermissionError: '/root/Library/Fonts/Symbola.ttf' (Path.is_file raises it for a file inside a
folder the user may not search). Root reads every folder, so the refusal is made for it by
raising what the kernel would raise for another user, only for paths inside that folder."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from ppei_tui import cli
from ppei_tui.outputs import pdf_fonts

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "observation_templates" / "hatfield-ppei.yaml"


def lock(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Everything inside `folder` answers EACCES, as for a user without search permission."""
    real_stat, real_scandir = os.stat, os.scandir

    def refused(path: object) -> bool:
        return str(os.fspath(path)).startswith(f"{folder}{os.sep}")  # type: ignore[arg-type]

    def stat(path, *args, **kwargs):
        if refused(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    def scandir(path="."):
        if refused(path) or str(os.fspath(path)) == str(folder):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "scandir", scandir)


@pytest.fixture
def locked_home(tmp_path, monkeypatch):
    home = tmp_path / "root"
    (home / "Library" / "Fonts").mkdir(parents=True)
    (home / ".local" / "share" / "fonts").mkdir(parents=True)
    monkeypatch.setattr(pdf_fonts, "SEARCH_DIRS", [str(home / "Library/Fonts"), *pdf_fonts.SEARCH_DIRS])
    monkeypatch.setattr(
        pdf_fonts, "SYSTEM_FONT_ROOTS", (str(home / ".local/share/fonts"), *pdf_fonts.SYSTEM_FONT_ROOTS)
    )
    monkeypatch.delenv(pdf_fonts.FONT_DIR_ENV, raising=False)
    if os.geteuid() == 0:
        lock(monkeypatch, home)
    else:
        home.chmod(0)
    yield home
    home.chmod(0o700)


def test_templates_check_with_an_unreadable_home_says_nothing_of_fonts(locked_home, capsys):
    result = cli.main(["templates", "check", str(TEMPLATE)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert result == 0, captured
    assert "Permission" not in captured.out + captured.err
    assert captured.err == ""


def test_a_font_inside_an_unreadable_folder_is_not_found_and_one_outside_is(locked_home, tmp_path):
    (locked_home / "Library" / "Fonts" / "Symbola.ttf").write_bytes(b"not read")
    readable = tmp_path / "fonts"
    readable.mkdir()
    (readable / "Symbola.ttf").write_bytes(b"found")
    pdf_fonts.SEARCH_DIRS.append(str(readable))  # the monkeypatched list: undone after the test
    assert pdf_fonts._find("Symbola.ttf") == readable / "Symbola.ttf"
    assert pdf_fonts._find("no-such-font.ttf") is None
