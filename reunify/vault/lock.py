"""One process per vault: an OS lock on an empty sidecar file, `<vault>.lock`.

Why a sidecar and not the vault file itself: SQLite takes POSIX byte-range
locks on the vault, and on POSIX closing *any* descriptor of that file drops all
of this process's byte-range locks on it; on Windows, SQLite's LockFile ranges
and ours would collide. A separate file keeps our lock out of SQLite's way, and
lets a passphrase change or a restore hold the lock while the vault file itself
is replaced.

Why `filelock` (tox-dev): its FileLock is an OS lock on both platforms — flock
on POSIX, LockFileEx on Windows (with the Windows oddities handled: oplock
breaks, delete-pending names, antivirus) and its Windows branch runs in its own
CI, which ours cannot. An OS lock dies with its process, so a reunify killed
with SIGKILL or by Task Manager never blocks the next open; only the empty file
may stay behind, and it is simply locked again. Measured with filelock 4.2:
a second lock in the same process or another process is refused at once, a
SIGKILLed holder's lock is free, a read-only folder raises PermissionError
(EPERM/EACCES/EROFS). Where a filesystem has no flock (some FUSE mounts),
filelock falls back to a marker file naming the holder's PID, which it evicts
when that process is gone.

The sidecar holds no data (zero bytes; mode 0600 on POSIX). On release we
unlink it while still holding the lock, so a closed vault leaves no extra file:
a contender that opened the old file sees it unlinked after locking and starts
over (filelock checks st_nlink), so exclusion is kept. Windows refuses to
unlink a file another handle has open; filelock then removes it on release.

The salt header is read with ordinary file I/O, before SQLite opens the vault
(see `read_header`): nothing in this process opens the vault file while an
engine has it open.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from filelock import FileLock, Timeout

from reunify.errors import ReadOnlyLocation, VaultAlreadyOpen, VaultNotFound
from reunify.vault.messages import location_error

LOCK_SUFFIX = ".lock"


def lock_path(vault: Path) -> Path:
    """The sidecar beside `vault` (`office.reunify` → `office.reunify.lock`)."""
    return vault.with_name(vault.name + LOCK_SUFFIX)


def read_header(path: Path, size: int) -> tuple[bytes, int]:
    """The first `size` bytes and the file's length, read before SQLite opens it.

    Ordinary open/read/close (no os.pread, which Windows lacks). Called only
    while no engine of this process has the file open: on POSIX closing this
    descriptor would drop SQLite's byte-range locks on the file.
    """
    try:
        with open(path, "rb") as fh:
            return fh.read(size), os.fstat(fh.fileno()).st_size
    except FileNotFoundError:
        raise VaultNotFound(path=str(path)) from None


class VaultFileLock:
    """Held from unlock to lock; refuses a second holder in this or any other process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_file = lock_path(path)
        self._lock = FileLock(
            self.lock_file,
            timeout=0,
            blocking=False,
            mode=0o600,
            thread_local=False,  # the GUI may lock the vault from a worker thread
        )

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self) -> None:
        """Take the lock, or say why not in the user's terms."""
        if not self.path.is_file():
            raise VaultNotFound(path=str(self.path))
        try:
            self._lock.acquire()
        except Timeout:
            raise VaultAlreadyOpen() from None
        except OSError as exc:
            if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES):
                # which one: a read-only disk, folder or file
                found = location_error(self.path) or ReadOnlyLocation(path=str(self.path.parent))
                raise found from None
            raise

    def release(self) -> None:
        """Let go, removing the sidecar first (while still locked) so nothing is left behind."""
        if not self._lock.is_locked:
            return
        with contextlib.suppress(OSError):
            self.lock_file.unlink()
        self._lock.release(force=True)
