"""One process per vault: an advisory lock on the vault file itself.

BSD `flock` locks are independent of the POSIX byte-range locks SQLite uses on
the same file, so holding one does not disturb SQLite. The lock's descriptor is
also how we read the salt before SQLite opens the file, so the vault file is
never opened and closed behind SQLite's back (which would drop its locks).
"""

from __future__ import annotations

import os
from pathlib import Path

from reunify.errors import ReadOnlyLocation, VaultAlreadyOpen, VaultNotFound

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class VaultFileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> None:
        try:
            self.fd = os.open(self.path, os.O_RDWR)
        except FileNotFoundError:
            raise VaultNotFound(path=str(self.path)) from None
        except PermissionError:
            raise ReadOnlyLocation(path=str(self.path.parent)) from None
        except OSError as exc:
            if exc.errno == 30:  # EROFS
                raise ReadOnlyLocation(path=str(self.path.parent)) from None
            raise
        if fcntl is not None:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(self.fd)
                self.fd = None
                raise VaultAlreadyOpen() from None

    def read_header(self, size: int) -> bytes:
        assert self.fd is not None
        return os.pread(self.fd, size, 0)

    def file_size(self) -> int:
        assert self.fd is not None
        return os.fstat(self.fd).st_size

    def release(self) -> None:
        if self.fd is not None:
            if fcntl is not None:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
