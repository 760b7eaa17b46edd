"""The sessions folder: refusing a mistyped one, and saying plainly when it cannot be written.

A mistyped `--sessions-dir` must not silently become a new, empty folder that the next session
is written into (and then cannot be found); a read-only folder must be named as such, with
what to do, rather than as an error about a `.lock` file the user never heard of.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


class SessionsFolderError(OSError):
    """The sessions folder cannot be used as it is; nothing was written."""

    def __init__(self, directory: Path, message: str):
        self.directory = directory
        super().__init__(message)


class SessionsFolderMissingError(SessionsFolderError):
    def __init__(self, directory: Path):
        super().__init__(
            directory,
            f"the sessions folder {directory} does not exist: check its name, or add --create to make it",
        )


class SessionsFolderNotWritableError(SessionsFolderError):
    def __init__(self, directory: Path, reason: str):
        super().__init__(
            directory,
            f"the sessions folder {directory} cannot be written ({reason}); nothing was written. "
            f"Make it writable (chmod u+w '{directory}', or remount the disk read-write), or "
            "choose another folder with --sessions-dir",
        )


def not_writable(directory: Path, error: OSError) -> SessionsFolderNotWritableError | None:
    """The folder-level explanation of a write error in `directory` (or on the folder itself),
    or None when it is something else (another folder, a full disk...)."""
    if error.errno not in NOT_WRITABLE:
        return None
    if error.filename is not None:
        where = Path(error.filename if isinstance(error.filename, str) else str(error.filename))
        if where != directory and where.parent != directory:
            return None
    return SessionsFolderNotWritableError(directory, error.strerror or str(error))


@contextmanager
def writing_in(directory: Path) -> Iterator[None]:
    """Turn permission and read-only errors raised inside into SessionsFolderNotWritableError."""
    try:
        yield
    except SessionsFolderError:
        raise
    except OSError as error:
        folder_error = not_writable(directory, error)
        if folder_error is None:
            raise
        raise folder_error from error


def ensure_folder(directory: Path, may_create: bool) -> None:
    """Make sure the folder exists (owner-only when created), or refuse if it may not be made."""
    if directory.is_dir():
        return
    if not may_create:
        raise SessionsFolderMissingError(directory)
    with writing_in(directory):
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
