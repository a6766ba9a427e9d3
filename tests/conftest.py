"""Shared fixtures: every test gets its own REUNIFY_HOME and real vault files in tmp_path.

`REUNIFY_SIMULATE_WINDOWS=1` runs the session with Windows' file semantics, as
far as they can be had on Linux (see `WindowsFiles`), so the vault tests prove
the Windows code paths in `make test`.

What tests do not pay for unless they test it:
- The key derivation: scrypt costs ~0.25 s per create or open. For this test
  process only, `reunify.vault.kdf`'s cost is patched down (`CHEAP_SCRYPT_N`,
  session-wide, in memory; nothing a user can set). Tests about the KDF and
  passphrases, and tests whose vault crosses into another process (which
  derives at the real cost), carry `@pytest.mark.real_kdf`: theirs is the
  shipped cost, and their `vault` fixture is created fresh at that cost.
- Creating a vault (Alembic's whole migration chain): a template vault is
  made once per session and copied per test; so is the demo vault.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt
# The offscreen screen is the field laptop's, 1366×768 (Qt's default is 800×800).
os.environ["QT_QPA_PLATFORM"] = (
    f"offscreen:configfile={Path(__file__).with_name('screen_1366x768.json')}"
    if os.environ["QT_QPA_PLATFORM"] == "offscreen" and ":" not in __file__
    else os.environ["QT_QPA_PLATFORM"]
)

import pytest

try:
    import fcntl as _real_fcntl  # kept here: the simulation hides fcntl from reunify
except ImportError:  # real Windows
    _real_fcntl = None  # type: ignore[assignment]

SIMULATE_WINDOWS = os.environ.get("REUNIFY_SIMULATE_WINDOWS") == "1"

# Windows' error for a file another handle holds without sharing (a rename over it).
ERROR_SHARING_VIOLATION = 32
ERROR_ACCESS_DENIED = 5


def _permission_error(winerror: int, path: object) -> PermissionError:
    exc = PermissionError(errno.EACCES, "Access is denied (simulated Windows)", str(path))
    exc.winerror = winerror  # type: ignore[attr-defined]
    return exc


class WindowsFiles:
    """Windows' file semantics that reunify must cope with, simulated on Linux.

    - FlushFileBuffers (os.fsync) refuses a read-only handle: EBADF, as CPython
      reports ERROR_ACCESS_DENIED from FlushFileBuffers; directories likewise.
    - A rename onto or from a file this process still has open fails with a
      sharing violation, for as long as it is open (SQLite opens without
      FILE_SHARE_DELETE).
    - `hold(path, times)`: an antivirus or indexer holds `path` for the next
      `times` renames onto it ('access denied', then it lets go). With
      `first_rename_held`, every new file under `root` is held for its first
      rename, as a real-time scanner does.
    """

    def __init__(self) -> None:
        self.real_fsync = os.fsync
        self.real_replace = os.replace
        self.held: dict[str, int] = {}
        self.refused: list[str] = []
        self.first_rename_held = False
        self.root: str | None = None
        self._seen: set[str] = set()
        self._mutex = threading.Lock()

    def hold(self, path: Path, times: int) -> None:
        with self._mutex:
            self.held[os.path.realpath(path)] = times

    def fsync(self, fd: int) -> None:
        assert _real_fcntl is not None
        if _real_fcntl.fcntl(fd, _real_fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise OSError(errno.EBADF, "Bad file descriptor (simulated Windows: read-only handle)")
        self.real_fsync(fd)

    def replace(self, src: Any, dst: Any, **kwargs: Any) -> None:
        real_src, real_dst = os.path.realpath(src), os.path.realpath(dst)
        open_here = _open_in_this_process()
        for path in (real_src, real_dst):
            if path in open_here:
                raise _permission_error(ERROR_SHARING_VIOLATION, path)
        with self._mutex:
            left = self.held.get(real_dst, 0)
            if left:
                self.held[real_dst] = left - 1
                self.refused.append(real_dst)
                raise _permission_error(ERROR_ACCESS_DENIED, dst)
            if (
                self.first_rename_held
                and self.root is not None
                and real_src.startswith(self.root)
                and real_src not in self._seen
            ):
                self._seen.add(real_src)
                self.refused.append(real_dst)
                raise _permission_error(ERROR_ACCESS_DENIED, dst)
        self.real_replace(src, dst, **kwargs)

    def install(self, patch: Callable[[object, str, object], None]) -> None:
        patch(os, "fsync", self.fsync)
        patch(os, "replace", self.replace)


def _open_in_this_process() -> set[str]:
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            found.add(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            continue
    return found


WINDOWS_FILES: WindowsFiles | None = None
if SIMULATE_WINDOWS:
    import filelock  # noqa: F401  # the third-party lock keeps its platform layer (flock here)

    # What reunify itself may not use, because Windows lacks it.
    sys.modules["fcntl"] = None  # type: ignore[assignment]
    for _name in ("pread", "pwrite"):
        if hasattr(os, _name):
            delattr(os, _name)
    WINDOWS_FILES = WindowsFiles()
    WINDOWS_FILES.install(setattr)

from reunify import i18n  # noqa: E402
from reunify.fileio import private_empty_file, sidecar_paths  # noqa: E402
from reunify.vault import Vault, kdf  # noqa: E402

PASSPHRASE = "frase de prueba ñandú 2026"
OPERATOR = "Lic. Prueba"
# scrypt at N=2**16 (64 MiB) costs ~0.25 s; N=2**10 (1 MiB) costs ~1 ms.
REAL_SCRYPT_N = kdf.SCRYPT_N
CHEAP_SCRYPT_N = 2**10


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "real_kdf: the shipped scrypt cost (tests of the KDF or passphrases, and vaults "
        "that another process opens); other tests derive keys at a cheap test-only cost",
    )


@pytest.fixture(scope="session", autouse=True)
def _cheap_kdf() -> Iterator[None]:
    """Every key this test process derives is cheap, unless the test is real_kdf."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kdf, "SCRYPT_N", CHEAP_SCRYPT_N)
        yield


def _real_kdf(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("real_kdf") is not None


@pytest.fixture(autouse=True)
def _real_kdf_when_marked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if _real_kdf(request):
        monkeypatch.setattr(kdf, "SCRYPT_N", REAL_SCRYPT_N)


def copy_vault(template: Path, dest: Path) -> Path:
    """A private copy of a closed vault (0600 as Vault.create makes it). Its salt,
    and so its key, is the template's: nothing in a vault depends on being unique."""
    assert not any(p.exists() for p in sidecar_paths(template)), "template not checkpointed"
    private_empty_file(dest)
    shutil.copyfile(template, dest)
    return dest


@pytest.fixture(scope="session", autouse=True)
def _scanner_holds_new_files(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Windows mode: every file the tests write is held for its first rename."""
    if WINDOWS_FILES is not None:
        WINDOWS_FILES.root = str(tmp_path_factory.getbasetemp().resolve())
        WINDOWS_FILES.first_rename_held = True


@pytest.fixture
def windows_files(monkeypatch: pytest.MonkeyPatch) -> WindowsFiles:
    """Windows' file semantics for one test (the session's own in Windows mode)."""
    if WINDOWS_FILES is not None:
        return WINDOWS_FILES
    if _real_fcntl is None or not os.path.isdir("/proc/self/fd"):
        pytest.skip("the Windows simulation needs Linux (/proc/self/fd, fcntl)")
    files = WindowsFiles()
    files.install(monkeypatch.setattr)
    return files


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real home: data dir, backups and XDG paths live in tmp_path."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("REUNIFY_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "share"))
    monkeypatch.delenv("REUNIFY_PASSPHRASE", raising=False)
    monkeypatch.delenv("REUNIFY_NEW_PASSPHRASE", raising=False)
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path: Path) -> None:
    """GUI preferences go to a private folder, never the real QSettings."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    folder = tmp_path / "vaults"
    folder.mkdir()
    return folder / "office.reunify"


@pytest.fixture(scope="session")
def _vault_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty vault, made once at the cheap cost (closed: its WAL checkpointed)."""
    path = tmp_path_factory.mktemp("template") / "office.reunify"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kdf, "SCRYPT_N", CHEAP_SCRYPT_N)
        Vault.create(path, PASSPHRASE, operator=OPERATOR).close()
    return path


@pytest.fixture
def vault(vault_path: Path, request: pytest.FixtureRequest) -> Iterator[Vault]:
    """A new empty vault at `vault_path`: a copy of the session's template, or (real_kdf)
    created at the shipped cost."""
    if _real_kdf(request):
        v = Vault.create(vault_path, PASSPHRASE, operator=OPERATOR)
    else:
        copy_vault(request.getfixturevalue("_vault_template"), vault_path)
        v = Vault.open(vault_path, PASSPHRASE)
    yield v
    if v.is_open:
        v.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reunify.demo import create_demo_vault

    path = tmp_path_factory.mktemp("demo") / "demo.reunify"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kdf, "SCRYPT_N", CHEAP_SCRYPT_N)
        create_demo_vault(path, PASSPHRASE).close()
    return path


@pytest.fixture
def demo_path(_demo_template: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A private copy of the demo vault (built once per run: the demo takes seconds)."""
    assert not _real_kdf(request), "the demo template is derived at the cheap test cost"
    folder = tmp_path / "demo"
    folder.mkdir()
    return copy_vault(_demo_template, folder / "demo.reunify")


@pytest.fixture
def demo_vault(demo_path: Path) -> Iterator[Vault]:
    v = Vault.open(demo_path, PASSPHRASE)
    yield v
    if v.is_open:
        v.close()
