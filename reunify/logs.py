"""Event logs and crash reports for support: what happened and when, never what about.

The attorney may send the log folder to whoever helps her, so what is written
there must be safe to hand to a stranger:

- events only ("vault unlocked", "export finished: 3 files", "backup failed:
  DiskFull"), never case content: no names, titles, free text, CURP, file names
  of attachments, passphrases or keys;
- a vault appears as a tag (`vault_tag`), not as its path: people name files
  after clients ("Ramírez Tepale.reunify"), and a plain hash of a path could be
  confirmed by guessing names, so the tag is keyed with a random salt kept in
  the preferences folder, which is not part of the log folder;
- tracebacks keep the exception type and the code frames (file, line, function,
  source line) but not the message, which can echo values (an IntegrityError
  lists the row, a ValueError the text typed): only our own ReunifyError kinds
  keep theirs, as the untranslated template with its placeholders unfilled
  (`safe_traceback`). Local variables are never captured.

Nothing here imports Qt, so the command line can call `setup_logging("cli")`
cheaply; nothing here ever writes to sys.stderr, which is None in a windowed
build.
"""

from __future__ import annotations

import contextlib
import faulthandler
import hashlib
import hmac
import io
import logging
import os
import platform
import secrets
import sys
import threading
import traceback
from dataclasses import dataclass
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from reunify import __version__
from reunify.paths import config_dir, log_dir

log = logging.getLogger("reunify")

MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
MAX_CRASH_REPORTS = 20
MAX_FAULT_BYTES = 1_000_000
MAX_FRAMES = 60
MAX_CHAIN = 8
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"
WITHHELD = "[message withheld: it may contain case data]"
SALT_FILE = "log-tag.salt"


def _private_opener(path: str, flags: int) -> int:
    """Files created 0600: a log is not case data, but it is nobody else's business."""
    return os.open(path, flags, 0o600)


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files (the current one and each rotated) are 0600."""

    def _open(self) -> io.TextIOWrapper:
        stream = open(  # noqa: SIM115 - the handler owns and closes it
            self.baseFilename,
            "a",  # what RotatingFileHandler forces anyway
            encoding=self.encoding,
            errors=self.errors,
            opener=_private_opener,
        )
        if os.name == "posix":
            os.fchmod(stream.fileno(), 0o600)  # a file left by an older version
        return stream

    def handleError(self, record: logging.LogRecord) -> None:
        """A log that cannot be written (disk full, file in use on Windows) must never
        stop the work, nor print to a console that may not exist."""


class SafeFormatter(logging.Formatter):
    """`log.exception(...)` anywhere writes a scrubbed traceback, never the raw one."""

    def formatException(self, ei: Any) -> str:
        return safe_traceback(ei[0], ei[1], ei[2]).rstrip("\n")


@dataclass
class _State:
    kind: str
    file: Path
    handler: logging.Handler
    fault_file: IO[str] | None
    fault_was_enabled: bool


_state: _State | None = None
_lock = threading.RLock()


def setup_logging(kind: str, *, level: int | None = None) -> Path:
    """Send the `reunify` loggers to `<log folder>/<kind>.log` (1 MB × 5, private) and
    hard crashes (a segfault in Qt or SQLCipher) to `<kind>-faults.log`.

    Called again with the same kind and folder it does nothing; with another, it
    replaces the handler, so there is always exactly one. If the folder cannot be
    written (read-only profile), logging is simply off: it never stops the app.
    The level is INFO unless given, or set by REUNIFY_LOG_LEVEL=debug for support.
    Returns the log file's path.
    """
    global _state
    if not kind.isidentifier():
        raise ValueError(f"log kind must be a plain word, not {kind!r}")
    with _lock:
        try:
            folder: Path | None = log_dir()
        except OSError:
            folder = None
        file = folder / f"{kind}.log" if folder is not None else Path(os.devnull)
        if _state is not None and _state.kind == kind and _state.file == file:
            return file
        _teardown_locked()
        handler: logging.Handler
        try:
            if folder is None:
                raise OSError("no log folder")
            handler = PrivateRotatingFileHandler(
                file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
            )
        except OSError:
            handler = logging.NullHandler()
        handler.setFormatter(SafeFormatter(FORMAT))
        handler.set_name(f"reunify-{kind}")
        log.addHandler(handler)
        log.setLevel(level if level is not None else _level_from_env())
        was_enabled = faulthandler.is_enabled()
        fault_file = _enable_faulthandler(folder, kind)
        _state = _State(kind, file, handler, fault_file, was_enabled)
    log.info(
        "%s started: reunify %s, Python %s, %s %s (%s)%s",
        kind,
        __version__,
        platform.python_version(),
        platform.system(),
        platform.release(),
        platform.machine(),
        ", frozen build" if getattr(sys, "frozen", False) else "",
    )
    return file


def _level_from_env() -> int:
    name = os.environ.get("REUNIFY_LOG_LEVEL", "").strip().upper()
    value = logging.getLevelName(name) if name else None
    return value if isinstance(value, int) else logging.INFO


def _enable_faulthandler(folder: Path | None, kind: str) -> IO[str] | None:
    """faulthandler writes the Python stacks of every thread when the process dies
    of a signal (SIGSEGV, SIGABRT…): code frames only, no values."""
    if folder is None:
        return None
    path = folder / f"{kind}-faults.log"
    try:
        too_big = path.exists() and path.stat().st_size > MAX_FAULT_BYTES
        stream = open(  # noqa: SIM115 - kept open for the life of the process
            path, "w" if too_big else "a", encoding="utf-8", opener=_private_opener
        )
    except OSError:
        return None
    try:
        if os.name == "posix":
            os.fchmod(stream.fileno(), 0o600)
        stream.write(f"--- {kind} started {datetime.now().isoformat(timespec='seconds')}\n")
        stream.flush()
        faulthandler.enable(file=stream, all_threads=True)
    except (OSError, RuntimeError, ValueError):
        stream.close()
        return None
    return stream


def teardown_logging() -> None:
    """Undo `setup_logging` (tests; a process that is about to exit need not)."""
    with _lock:
        _teardown_locked()


def _teardown_locked() -> None:
    global _state
    if _state is None:
        return
    state, _state = _state, None
    log.removeHandler(state.handler)
    log.setLevel(logging.NOTSET)
    state.handler.close()
    if state.fault_file is not None:
        faulthandler.disable()
        state.fault_file.close()
        stderr = sys.__stderr__
        if state.fault_was_enabled and stderr is not None:
            with contextlib.suppress(OSError, RuntimeError, ValueError):
                faulthandler.enable(file=stderr, all_threads=True)


def current_log_file() -> Path | None:
    """The file logs go to now, or None before `setup_logging` (or when it is off)."""
    with _lock:
        if _state is None or isinstance(_state.handler, logging.NullHandler):
            return None
        return _state.file


# -- what may be written about a vault, an error, a traceback -------------------------


_salt: bytes | None = None


def _tag_salt() -> bytes:
    """A random salt made once per installation, kept beside the preferences (private,
    and not in the log folder that is sent to support). If it cannot be kept, a salt
    for this run only: tags then match within one session, which is still useful."""
    global _salt
    if _salt is not None:
        return _salt
    try:
        path = config_dir() / SALT_FILE
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = b""
        if len(data) < 16:
            data = secrets.token_bytes(32)
            with open(path, "wb", opener=_private_opener) as fh:
                fh.write(data)
    except OSError:
        data = secrets.token_bytes(32)
    _salt = data
    return data


def vault_tag(path: Path | str) -> str:
    """How a vault is named in a log: `vault-1a2b3c4d`, the same for the same file on
    this computer, meaningless elsewhere (see the module docstring); `demo-vault` for
    the vault of invented cases, since that one tells support something useful."""
    from reunify.paths import demo_vault_path

    resolved = Path(path).expanduser()
    try:
        resolved = resolved.resolve()
        if resolved == demo_vault_path().resolve():
            return "demo-vault"
    except OSError:
        pass
    digest = hmac.new(_tag_salt(), os.fsencode(str(resolved)), hashlib.sha256).hexdigest()
    return f"vault-{digest[:8]}"


def error_kind(exc: BaseException) -> str:
    """A short name for an error, without its message, for log lines such as
    "backup failed: DiskFull" or "… failed: PermissionError [Errno 13] Permission denied"."""
    from reunify.errors import ReunifyError, ValidationError

    name = type(exc).__name__
    if isinstance(exc, ValidationError) and str(exc.field).isidentifier():
        return f"{name} (field {exc.field})"
    if isinstance(exc, ReunifyError):
        return name
    if isinstance(exc, OSError) and exc.errno is not None and exc.strerror:
        return f"{name} [Errno {exc.errno}] {exc.strerror}"
    return name


def _type_name(exc_type: type[BaseException]) -> str:
    module = getattr(exc_type, "__module__", "")
    name = getattr(exc_type, "__qualname__", exc_type.__name__)
    return name if module in ("builtins", "__main__", "") else f"{module}.{name}"


def _exception_line(exc_type: type[BaseException], exc: BaseException | None) -> str:
    """The type, and only what is known to be free of case data:

    - a ReunifyError's message template (English msgid, placeholders unfilled);
    - an OSError's errno and the operating system's text, never the file names;
    - the code identifier an AttributeError, NameError or ImportError is about.
    """
    from reunify.errors import ReunifyError

    name = _type_name(exc_type)
    if exc is None:
        return name
    if isinstance(exc, ReunifyError):
        return f"{name}: {exc.message}"
    if isinstance(exc, OSError):
        if exc.errno is not None and exc.strerror:
            return f"{name}: [Errno {exc.errno}] {exc.strerror}"
        return f"{name}: {WITHHELD}" if exc.args else name
    if isinstance(exc, AttributeError | NameError | ImportError):
        ident = getattr(exc, "name", None)
        if _is_module_name(ident):
            return f"{name}: {WITHHELD} (name: {ident})"
    try:
        empty = not str(exc)
    except Exception:  # a broken __str__ tells nothing anyway
        empty = False
    return name if empty else f"{name}: {WITHHELD}"


def _is_module_name(value: object) -> bool:
    return isinstance(value, str) and all(p.isidentifier() for p in value.split("."))


def _code_roots() -> list[tuple[str, str]]:
    """(folder, shown as) pairs for shortening file names in frames: the user's home
    folder carries her user name, which support does not need."""
    import reunify

    roots: list[tuple[str, str]] = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        roots.append((str(meipass), ""))
    roots.append((str(Path(reunify.__file__).resolve().parent.parent), ""))
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix}:
        roots.append((prefix, "<python>"))
    return roots


def _short_path(filename: str, roots: list[tuple[str, str]]) -> str:
    if filename.startswith("<"):
        return filename
    normal = filename.replace("\\", "/")
    for marker in ("/site-packages/", "/dist-packages/"):
        if marker in normal:
            return normal.rsplit(marker, 1)[1]
    for root, shown in roots:
        root_normal = root.replace("\\", "/").rstrip("/") + "/"
        if normal.startswith(root_normal):
            rest = normal[len(root_normal) :]
            return f"{shown}/{rest}" if shown else rest
    return normal.rsplit("/", 1)[-1]


def _frames(tb: TracebackType | None, roots: list[tuple[str, str]]) -> list[str]:
    """file:line, function and source line of each frame; never local variables."""
    return _format_summary(traceback.extract_tb(tb), roots)


def safe_stack(skip: int = 1) -> str:
    """Where the program is now (for a report written before Qt aborts), formatted as
    the frames of `safe_traceback`; `skip` leaves out the innermost frames (the caller)."""
    frames = traceback.extract_stack()[: -(skip + 1)]
    return "".join(_format_summary(frames, _code_roots()))


def _format_summary(
    extracted: list[traceback.FrameSummary], roots: list[tuple[str, str]]
) -> list[str]:
    if len(extracted) > MAX_FRAMES:  # a RecursionError: the first and the last frames
        half = MAX_FRAMES // 2
        dropped = len(extracted) - MAX_FRAMES
        head, tail = extracted[:half], extracted[-half:]
    else:
        head, tail, dropped = extracted[:], [], 0
    out: list[str] = []
    for part in (head, tail):
        if part is tail and dropped:
            out.append(f"  [… {dropped} frames left out …]\n")
        summary = traceback.StackSummary.from_list(
            [
                traceback.FrameSummary(
                    _short_path(f.filename, roots), f.lineno, f.name, line=f.line or ""
                )
                for f in part
            ]
        )
        out.extend(summary.format())
    return out


def safe_traceback(
    exc_type: type[BaseException] | None,
    exc: BaseException | None,
    tb: TracebackType | None,
) -> str:
    """`traceback.format_exception` without what may be case data (module docstring):
    the chain of causes, each with its type and code frames, messages withheld."""
    if exc_type is None:
        return "(no exception)\n"
    roots = _code_roots()
    # From the exception raised back to its first cause; `link` says how each one led
    # to the one after it.
    chain: list[tuple[type[BaseException], BaseException | None, TracebackType | None, str]] = []
    seen: set[int] = set()
    kind, value, frames_tb, link = exc_type, exc, tb, ""
    while True:
        chain.append((kind, value, frames_tb, link))
        if value is None or len(chain) >= MAX_CHAIN:
            break
        seen.add(id(value))
        if value.__cause__ is not None:
            earlier: BaseException | None = value.__cause__
            link = "The above exception was the direct cause of the following exception:"
        elif value.__context__ is not None and not value.__suppress_context__:
            earlier = value.__context__
            link = "During handling of the above exception, another exception occurred:"
        else:
            break
        if earlier is None or id(earlier) in seen:
            break
        kind, value, frames_tb = type(earlier), earlier, earlier.__traceback__
    out: list[str] = []
    for kind, value, frames_tb, link in reversed(chain):  # oldest first, as Python prints
        if frames_tb is not None:
            out.append("Traceback (most recent call last):\n")
            out.extend(_frames(frames_tb, roots))
        out.append(_exception_line(kind, value) + "\n")
        if isinstance(value, BaseExceptionGroup):
            for n, sub in enumerate(value.exceptions[:MAX_CHAIN], 1):
                inner = safe_traceback(type(sub), sub, sub.__traceback__)
                out.append(f"  +-- sub-exception {n}:\n")
                out.extend("  | " + line + "\n" for line in inner.rstrip("\n").split("\n"))
        if link:
            out.append(f"\n{link}\n\n")
    return "".join(out)


# -- crash reports --------------------------------------------------------------------


def write_crash_report(text: str, kind: str = "gui") -> Path | None:
    """Keep a crash report in the log folder (0600, the newest 20), for the person to
    send later; None when it cannot be written, which must not make things worse."""
    try:
        folder = log_dir()
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = folder / f"crash-{kind}-{stamp}.txt"
        with open(path, "x", encoding="utf-8", opener=_private_opener) as fh:
            fh.write(text)
        old = sorted(folder.glob("crash-*.txt"), key=lambda p: p.name)
        for stale in old[:-MAX_CRASH_REPORTS]:
            stale.unlink(missing_ok=True)
    except OSError:
        return None
    return path
