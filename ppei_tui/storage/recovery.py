"""A recovery file: what the disk refused, written where a researcher can find it as the app
exits (the text is domain/recovery.recovery_text).

It goes beside the session file first (`<session>.unsaved-<date>T<time>.txt`, which the
session list and the commands ignore: not `.json`), else in the user's settings folder
(`<config dir>/recovered/`): the sessions folder may be the very thing refusing writes
(read-only), while a file-size limit or a full journal still leaves room for a small new file
there. The file is created new (never over another), fsynced, with the session file's mode.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from ppei_tui.storage.atomic import FILE_MODE, fsync_directory

RECOVERED_FOLDER = "recovered"  # inside the user's settings folder
SAME_NAME_TRIES = 50


def recovery_name(session_path: Path, now: datetime) -> str:
    return f"{session_path.stem}.unsaved-{now:%Y%m%dT%H%M%S}.txt"


def recovery_folders(session_path: Path, config_dir: Path | None) -> list[Path]:
    """Where a recovery file is tried, in order."""
    return [session_path.parent] + ([config_dir / RECOVERED_FOLDER] if config_dir is not None else [])


def write_recovery(
    text: str, session_path: Path, config_dir: Path | None, now: datetime, pieces: Sequence[str] = ()
) -> tuple[list[Path], list[str]]:
    """Write `text` to a new recovery file for `session_path` (see the module docstring); where
    one file is too large for the folder (a file-size limit, EFBIG), `pieces` (the same text cut
    into parts that each stand alone) as one file each (`-2`, `-3`, ... after the first).

    Returns the files written (none if no folder took them) and, for each folder that refused,
    what it said (`folder: reason`), so the message can say why it is elsewhere or nowhere."""
    refused: list[str] = []
    for folder in recovery_folders(session_path, config_dir):
        name = recovery_name(session_path, now)
        try:
            if folder != session_path.parent:
                folder.mkdir(parents=True, exist_ok=True)
            try:
                return [_write_new(folder, name, text.encode("utf-8"))], refused
            except OSError as error:
                if error.errno != errno.EFBIG or len(pieces) < 2:
                    raise
                refused.append(f"{folder}: one file is too large ({error.strerror}); one file per item")
            return [_write_new(folder, name, piece.encode("utf-8")) for piece in pieces], refused
        except OSError as error:
            refused.append(f"{folder}: {error.strerror or error}")
    return [], refused


def _write_new(folder: Path, name: str, data: bytes) -> Path:
    """Create `name` in `folder` (or `name` with -2, -3, ... before .txt if it exists), write
    `data` and fsync both; a file that could not be written whole is removed."""
    stem = name.removesuffix(".txt")
    for attempt in range(1, SAME_NAME_TRIES + 1):
        path = folder / (name if attempt == 1 else f"{stem}-{attempt}.txt")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
        except FileExistsError:
            continue
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):  # the write's own error is the one raised
                path.unlink()
            raise
        os.close(fd)
        fsync_directory(folder)
        return path
    raise FileExistsError(f"{folder / name} and {SAME_NAME_TRIES - 1} numbered names exist")
