"""Writing files so that a crash or a full disk never leaves half a file under the
real name, and nothing private is created world-readable. No Qt, no database.

Portable on purpose: the same calls behave on Linux, macOS and Windows, where
fsync needs a writable handle, directories cannot be synced, and a rename fails
for a moment while an antivirus or indexer has the file open.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from reunify.errors import (
    DiskFull,
    DiskIOError,
    FileInUse,
    FileProblem,
    NotEnoughSpace,
    ReadOnlyDisk,
    ReadOnlyFolder,
    ReadOnlyVaultFile,
    ReunifyError,
)
from reunify.i18n import N_, _

# Pauses between attempts to rename over a file another program holds for a
# moment (antivirus, search indexer, sync client): about 1.5 s in all, bounded.
REPLACE_DELAYS: tuple[float, ...] = (0.02, 0.05, 0.1, 0.15, 0.25, 0.4, 0.5)

# O_BINARY exists only on Windows; without it the C runtime would translate newlines.
_BINARY = getattr(os, "O_BINARY", 0)


def private_empty_file(path: Path) -> None:
    """Create the file before anyone writes to it, mode 0600 on POSIX (SQLite keeps the mode).

    Windows ignores the mode (only the read-only bit exists there); privacy on
    Windows comes from the user profile's ACLs, which new files inherit.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
    os.close(fd)


def fsync_path(path: Path) -> None:
    """Flush a file's data to the disk through a writable handle.

    Windows' FlushFileBuffers refuses a read-only handle (EBADF), so the file is
    opened for writing; a file we may only read falls back to a read-only
    handle, which POSIX accepts.
    """
    try:
        fd = os.open(path, os.O_RDWR | _BINARY)
    except PermissionError:
        fd = os.open(path, os.O_RDONLY | _BINARY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename inside `path` durable where the platform can (POSIX); else nothing.

    Windows cannot open a directory with os.open nor fsync one (NTFS journals
    the rename itself), so this is best effort by design.
    """
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def folder_writable(folder: Path) -> bool:
    """Whether a file can be created in `folder`, by trying (os.access cannot tell on Windows,
    where only ACLs decide, nor for root on a read-only mount)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".reunify-probe-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return True


def os_error(exc: OSError, folder: Path, file: Path | None = None) -> ReunifyError:
    """The user's error for a failed read or write in `folder`: disk full, a read-only
    disk, a folder we cannot write to, a read-only file, or a file another program holds
    (Windows reports the last three as 'access denied'; trying to write in the folder and
    asking for write access to the file tell them apart). Anything else is still a
    sentence, never the system's English text."""
    target = str(file or exc.filename or folder)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFull()
    if exc.errno == errno.EROFS:
        return ReadOnlyDisk(path=str(folder))
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        if not folder_writable(folder):
            if _read_only_disk(folder):
                return ReadOnlyDisk(path=str(folder))
            return ReadOnlyFolder(path=str(folder))
        if os.path.isfile(target) and not os.access(target, os.W_OK):
            return ReadOnlyVaultFile(path=target)
        return FileInUse(path=target)
    if exc.errno == errno.EIO:
        return DiskIOError(path=target)
    return FileProblem(path=target, reason=os_reason_msgid(exc), code=exc.errno)


def _read_only_disk(folder: Path) -> bool:
    """Whether `folder` is on a file system mounted read-only (POSIX; False elsewhere)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def os_reason(exc: OSError) -> str:
    """What the system said, in the person's language (strerror is English-only)."""
    msgid = os_reason_msgid(exc)
    return _(msgid).format(code=exc.errno)


def os_reason_msgid(exc: OSError) -> str:
    """The untranslated reason for `os_reason` ("{code}" stands for the errno)."""
    reasons = {
        errno.ENOENT: N_("the file or folder does not exist"),
        errno.EISDIR: N_("it is a folder, not a file"),
        errno.ENOTDIR: N_("part of the path is not a folder"),
        errno.ENAMETOOLONG: N_("the name is too long"),
        errno.EFBIG: N_("the file is too large for this disk"),
        errno.EMFILE: N_("too many files are open; close some programs"),
        errno.ENFILE: N_("too many files are open; close some programs"),
        errno.EEXIST: N_("a file with that name already exists"),
        errno.EACCES: N_("access to it was refused"),
        errno.EPERM: N_("access to it was refused"),
        errno.EIO: N_("the disk reported an error"),
        errno.ENOSPC: N_("the disk is full"),
        errno.EROFS: N_("the disk is read-only"),
    }
    for name in ("ENOTCONN", "ESTALE", "EHOSTDOWN", "ENETDOWN", "ENETUNREACH"):
        reasons[getattr(errno, name, -1)] = N_("the network drive is not reachable")
    return reasons.get(exc.errno or 0, N_("the system reported error {code}"))


def replace(src: Path, dest: Path) -> None:
    """`os.replace`, retried for a moment while another program holds either file.

    On Windows an antivirus or indexer that has just opened a file makes the
    rename fail with 'access denied' or 'sharing violation' for a few hundred
    milliseconds. A folder we cannot write to fails at once (retrying cannot
    help); the final error says which of the two it was.
    """
    for delay in (*REPLACE_DELAYS, None):
        try:
            os.replace(src, dest)
            return
        except PermissionError as exc:
            if delay is None or not folder_writable(dest.parent):
                raise os_error(exc, dest.parent, dest) from exc
            time.sleep(delay)


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
        replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def require_free_space(folder: Path, need_bytes: int) -> None:
    """Refuse work that would not fit in `folder` before it writes a byte.

    A disk that fills half-way leaves a person with an error in the middle of an
    import or a backup (and temporary files to clean up); saying so first, with
    the figures, lets her free space or choose another folder. The callers'
    estimates are upper bounds and say where they come from. A folder whose free
    space cannot be read is not refused here: the write itself will tell.
    """
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if need_bytes > free:
        raise NotEnoughSpace(path=str(folder), need_bytes=need_bytes, free_bytes=free)


def file_size(path: Path) -> int:
    """The size of `path`, 0 when it is not there (a WAL that was checkpointed away)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0
