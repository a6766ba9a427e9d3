"""Keep secrets out of crash dumps, and out of memory once they are no longer needed.

`protect_process()` runs first thing in the CLI and the GUI: a crash must never
write the unlocked key, the passphrase or case data to a core file or a Windows
Error Reporting dump, and on Linux other processes of the same user must not be
able to read this one's memory (ptrace, /proc/<pid>/mem).

The wipe helpers overwrite buffers that held key material. Python cannot wipe
everything (see reunify.vault.kdf for what remains): they cover the copies our
own code makes.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import platform
import sys

ALLOW_MEMORY_SCAN_ENV = "REUNIFY_ALLOW_MEMORY_SCAN"

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
SEM_FAILCRITICALERRORS = 0x0001
SEM_NOGPFAULTERRORBOX = 0x0002


def protect_process() -> None:
    """No core dumps, no crash-report dumps, no memory reading by other processes.

    - POSIX: RLIMIT_CORE = (0, 0), so neither this process nor its children can
      raise it again to dump core.
    - Linux: prctl(PR_SET_DUMPABLE, 0) also stops systemd-coredump and apport
      (which ignore RLIMIT_CORE when core_pattern is a pipe) and makes
      /proc/<pid>/mem and ptrace refuse other processes of the same user.
      `REUNIFY_ALLOW_MEMORY_SCAN=1` skips this one step — only for the test that
      reads the process's memory to prove keys are gone; RLIMIT_CORE stays 0.
    - Windows: SetErrorMode(SEM_NOGPFAULTERRORBOX), documented as "the system
      does not invoke Windows Error Reporting", so a crash writes no WER dump
      (nor starts a just-in-time debugger); SEM_FAILCRITICALERRORS keeps a missing
      USB stick from raising a system dialog. Nothing comparable stops another
      program of the same user from reading memory there.

    Each step is best effort: a platform without it runs on unprotected rather
    than not at all.
    """
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux") and os.environ.get(ALLOW_MEMORY_SCAN_ENV) != "1":
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    if sys.platform == "win32":
        with contextlib.suppress(OSError, AttributeError):
            kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined, unused-ignore]
            previous = kernel32.GetErrorMode()
            kernel32.SetErrorMode(previous | SEM_NOGPFAULTERRORBOX | SEM_FAILCRITICALERRORS)


def wipe(buffer: bytearray) -> None:
    """Zero a mutable buffer in place (same allocation, so no copy is left behind)."""
    buffer[:] = bytes(len(buffer))


def _data_offset(kind: type) -> int:
    # The size of an empty object is its header plus the one terminating NUL byte.
    return sys.getsizeof(kind()) - 1


_CPYTHON = platform.python_implementation() == "CPython"
_BYTES_DATA = _data_offset(bytes)
_STR_DATA = _data_offset(str)  # compact ASCII strings only


def wipe_immutable(value: bytes | str) -> bool:
    """Overwrite the characters of a `bytes` or ASCII `str` we created, in place.

    For copies that Python APIs force on us (scrypt's result, the SQL text that
    carries the key to SQLCipher). CPython only; it writes only after checking,
    byte for byte and without copying, that the memory it is about to zero holds
    exactly this value — otherwise it does nothing and says so. Never call it on
    a value anyone else may still use: Python assumes these never change.
    """
    if not _CPYTHON or len(value) < 2:  # empty and 1-char objects are shared singletons
        return False
    if type(value) is bytes:
        offset = _BYTES_DATA
    elif type(value) is str and value.isascii():
        offset = _STR_DATA
    else:
        return False
    address = id(value) + offset
    view = (ctypes.c_ubyte * len(value)).from_address(address)
    for i in range(len(value)):
        item = value[i]
        if view[i] != (item if isinstance(item, int) else ord(item)):
            return False
    ctypes.memset(address, 0, len(value))
    return True
