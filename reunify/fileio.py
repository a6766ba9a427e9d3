"""Writing files so that a crash or a full disk never leaves half a file under the
real name, and nothing private is created world-readable. No Qt, no database."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


def private_empty_file(path: Path) -> None:
    """Create the file with mode 0600 before anyone writes to it (SQLite keeps the mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        fsync_path(path)


def sidecar_paths(path: Path) -> list[Path]:
    """The files SQLite keeps beside a database (WAL, shared memory, rollback journal)."""
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


@contextlib.contextmanager
def replacing(dest: Path, suffix: str = ".partial") -> Iterator[Path]:
    """A temporary path beside `dest` for the caller to write.

    When the block ends the file is synced and renamed over `dest`; if it raises,
    the temporary file is removed and `dest` is untouched.
    """
    tmp = dest.with_name(dest.name + suffix)
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        fsync_path(tmp)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
