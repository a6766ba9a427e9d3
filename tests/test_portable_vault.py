"""The vault layer without Unix-only calls: Windows' file semantics on real vault files.

Runs in the normal suite (each Windows behaviour patched in for one test) and
again, whole, under REUNIFY_SIMULATE_WINDOWS=1 (see tests/conftest.py).
"""

from __future__ import annotations

import ast
import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from reunify import fileio
from reunify import operations as ops
from reunify.errors import (
    FileInUse,
    ReadOnlyLocation,
    VaultAlreadyOpen,
    VaultNotFound,
)
from reunify.fileio import fsync_dir, fsync_path, replace, replacing
from reunify.paths import VAULT_SUFFIX
from reunify.vault import Vault
from reunify.vault.lock import lock_path
from tests.conftest import PASSPHRASE, SIMULATE_WINDOWS, WINDOWS_FILES, WindowsFiles
from tests.helpers import folder_digest, read_only_dir

pytestmark = [pytest.mark.vault, pytest.mark.real_kdf]

REUNIFY = Path(__file__).resolve().parent.parent / "reunify"

HOLDER = """
import sys, time
from reunify.vault import Vault
vault = Vault.open(sys.argv[1], sys.argv[2])
print("open", flush=True)
time.sleep(120)
"""

OPENER = """
import sys
from reunify.vault import Vault
from reunify.errors import VaultAlreadyOpen
try:
    Vault.open(sys.argv[1], sys.argv[2]).close()
except VaultAlreadyOpen as e:
    print(e.user_message()); sys.exit(3)
"""


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )


def _holder(vault_path: Path) -> subprocess.Popen[str]:
    """Another reunify process with the vault open, until it is killed."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(vault_path), PASSPHRASE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "open":
        child.kill()
        raise AssertionError(child.communicate()[1])
    return child


def _add_case(v: Vault, title: str) -> str:
    with v.session() as s:
        return ops.create_case(s, title=title).reference


def _actions(v: Vault) -> list[str]:
    with v.session() as s:
        return list(s.scalars(text("SELECT action FROM audit_event ORDER BY seq")))


# -- no Unix-only calls -------------------------------------------------------


def test_reunify_uses_no_unix_only_file_calls() -> None:
    """fcntl, os.pread/pwrite do not exist on Windows: no reunify module may use them."""
    offenders = []
    for source in REUNIFY.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if "fcntl" in names:
                    offenders.append(f"{source.name}:{node.lineno} imports fcntl")
            if isinstance(node, ast.Attribute) and node.attr in ("pread", "pwrite", "flock"):
                offenders.append(f"{source.name}:{node.lineno} uses {node.attr}")
    assert offenders == []


def test_reopen_without_pread(
    vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = _add_case(vault, "Familia Sin Pread")
    vault.close()
    for name in ("pread", "pwrite"):
        monkeypatch.delattr(os, name, raising=False)
    with Vault.open(vault_path, PASSPHRASE) as v, v.session() as s:
        assert ops.find_case(s, ref) is not None


@pytest.mark.skipif(not SIMULATE_WINDOWS, reason="only in the Windows simulation run")
def test_the_simulation_is_in_force() -> None:
    """Guards the Windows run itself: if the patches were lost, it would prove nothing."""
    assert not hasattr(os, "pread")
    with pytest.raises(ImportError):
        import fcntl  # noqa: F401
    assert WINDOWS_FILES is not None and WINDOWS_FILES.first_rename_held
    assert os.replace == WINDOWS_FILES.replace


# -- one process per vault: the sidecar lock ---------------------------------


def test_sidecar_lock_exists_only_while_open_and_holds_no_data(
    vault: Vault, vault_path: Path
) -> None:
    sidecar = lock_path(vault_path)
    assert sidecar.name == "office.reunify.lock"
    assert sidecar.exists() and sidecar.stat().st_size == 0
    if os.name == "posix":
        assert stat.S_IMODE(sidecar.stat().st_mode) == 0o600
    vault.close()
    assert not sidecar.exists()
    assert sorted(p.name for p in vault_path.parent.iterdir()) == ["office.reunify"]


def test_second_process_refused_by_the_sidecar_lock(vault: Vault, vault_path: Path) -> None:
    done = _python(OPENER, str(vault_path), PASSPHRASE)
    assert done.returncode == 3, done.stderr
    assert "already open" in done.stdout
    with pytest.raises(VaultAlreadyOpen):  # and in this process
        Vault.open(vault_path, PASSPHRASE)
    # The refused opens took nothing from the holder: it still works and checks clean.
    _add_case(vault, "Familia Intacta")
    assert vault.check(attachments=False).ok
    vault.close()
    done = _python(OPENER, str(vault_path), PASSPHRASE)
    assert done.returncode == 0, done.stderr


def test_lock_of_a_killed_process_does_not_block(vault: Vault, vault_path: Path) -> None:
    ref = _add_case(vault, "Familia Tras Apagón")
    vault.close()
    child = _holder(vault_path)
    try:
        with pytest.raises(VaultAlreadyOpen):
            Vault.open(vault_path, PASSPHRASE)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert lock_path(vault_path).exists()  # left behind by the kill: harmless
    with Vault.open(vault_path, PASSPHRASE) as v:
        with v.session() as s:
            assert ops.find_case(s, ref) is not None
        assert v.check(attachments=False).ok
    assert not lock_path(vault_path).exists()


def test_missing_vault_creates_no_sidecar(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound):
        Vault.open(tmp_path / "nada.reunify", PASSPHRASE)
    assert list(tmp_path.iterdir()) == [tmp_path / "home"]


def test_vault_in_read_only_folder(vault: Vault, vault_path: Path) -> None:
    vault.close()
    with read_only_dir(vault_path.parent), pytest.raises(ReadOnlyLocation) as err:
        Vault.open(vault_path, PASSPHRASE)
    assert str(vault_path.parent) in err.value.user_message()


def test_restore_refused_while_another_process_has_the_vault(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    backup = vault.backup(tmp_path / "bk")
    vault.close()
    before = folder_digest(vault_path.parent)
    child = _holder(vault_path)
    try:
        with pytest.raises(VaultAlreadyOpen):
            Vault.restore(backup, vault_path, PASSPHRASE)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    after = folder_digest(vault_path.parent)
    assert after["office.reunify"] == before["office.reunify"]
    assert not [n for n in after if "before-restore" in n or "restoring" in n]


def test_backup_rotation_ignores_and_cleans_lock_sidecars(vault: Vault) -> None:
    made = [vault.backup(keep=10) for _ in range(3)]
    folder = made[0].parent
    stale = lock_path(made[0])  # a crash while someone had the oldest backup open
    stale.touch()
    (folder / f"other{VAULT_SUFFIX}.lock").touch()  # not ours: left alone
    vault.backup(keep=2)
    names = sorted(p.name for p in folder.iterdir())
    assert not any(n == made[0].name or n == stale.name for n in names)
    assert sum(n.endswith(VAULT_SUFFIX) for n in names) == 2
    assert f"other{VAULT_SUFFIX}.lock" in names


def test_rotation_keeps_a_backup_another_process_has_open(vault: Vault) -> None:
    first = vault.backup(keep=10)
    child = _holder(first)
    try:
        for _ in range(2):
            vault.backup(keep=1)
        assert first.exists()  # still open elsewhere: not deleted under its reader
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    vault.backup(keep=1)
    assert not first.exists() and not lock_path(first).exists()


# -- fsync through a writable handle ------------------------------------------


def test_fsync_works_where_read_only_handles_are_refused(
    vault: Vault, vault_path: Path, tmp_path: Path, windows_files: WindowsFiles
) -> None:
    probe = tmp_path / "probe.bin"
    probe.write_bytes(b"x")
    fd = os.open(probe, os.O_RDONLY)
    try:
        with pytest.raises(OSError) as err:
            os.fsync(fd)  # the simulation refuses, as FlushFileBuffers does
        assert err.value.errno == errno.EBADF
    finally:
        os.close(fd)
    fsync_path(probe)  # opens for writing
    fsync_dir(tmp_path)  # best effort: no error where directories cannot be synced
    # Everything that syncs files still works: backup, passphrase change, restore.
    ref = _add_case(vault, "Familia Sincronizada")
    backup = vault.backup(tmp_path / "usb")
    vault.change_passphrase("otra frase bastante larga")
    vault.close()
    moved = Vault.restore(backup, vault_path, PASSPHRASE)
    assert moved is not None
    with Vault.open(vault_path, PASSPHRASE) as v, v.session() as s:
        assert ops.find_case(s, ref) is not None


# -- renames retried while another program holds the file --------------------


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileio, "REPLACE_DELAYS", (0.01, 0.01, 0.01))


def test_replace_retries_a_transient_hold(tmp_path: Path, windows_files: WindowsFiles) -> None:
    dest, new = tmp_path / "dest.txt", tmp_path / "new.txt"
    dest.write_text("viejo")
    new.write_text("nuevo")
    windows_files.hold(dest, times=3)  # antivirus: three refusals, then it lets go
    before = windows_files.refused.count(os.path.realpath(dest))
    replace(new, dest)
    assert dest.read_text() == "nuevo" and not new.exists()
    assert windows_files.refused.count(os.path.realpath(dest)) - before >= 3


def test_replace_gives_file_in_use_after_a_persistent_hold(
    tmp_path: Path, windows_files: WindowsFiles
) -> None:
    dest, new = tmp_path / "dest.txt", tmp_path / "new.txt"
    dest.write_text("viejo")
    new.write_text("nuevo")
    windows_files.hold(dest, times=1000)
    started = time.monotonic()
    with pytest.raises(FileInUse) as err:
        replace(new, dest)
    elapsed = time.monotonic() - started
    windows_files.hold(dest, times=0)
    assert 0.5 < elapsed < 3.0, elapsed  # bounded: about 1.5 s of retries
    assert str(dest) in err.value.user_message()
    assert "another program" in err.value.user_message()
    assert dest.read_text() == "viejo" and new.read_text() == "nuevo"


def test_replace_in_read_only_folder_fails_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "cd"
    folder.mkdir()
    (folder / "a").write_text("a")
    with read_only_dir(folder):
        started = time.monotonic()
        with pytest.raises(ReadOnlyLocation) as err:
            replace(folder / "a", folder / "b")
        assert time.monotonic() - started < 0.5  # retrying cannot help: no wait
    assert str(folder) in err.value.user_message()


def test_replacing_cleans_up_when_the_rename_is_refused(
    tmp_path: Path, windows_files: WindowsFiles, quick_retries: None
) -> None:
    dest = tmp_path / "informe.pdf"
    dest.write_bytes(b"anterior")
    windows_files.hold(dest, times=1000)
    with pytest.raises(FileInUse), replacing(dest) as tmp:
        tmp.write_bytes(b"nuevo")
    windows_files.hold(dest, times=0)
    assert dest.read_bytes() == b"anterior"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "informe.pdf"]


def test_renaming_over_an_open_vault_is_refused_like_windows(
    vault: Vault, vault_path: Path, tmp_path: Path, windows_files: WindowsFiles
) -> None:
    """The simulation refuses renames over open files: proves the vault layer closes first."""
    other = tmp_path / "other.bin"
    other.write_bytes(b"x")
    with pytest.raises(PermissionError):
        os.replace(other, vault_path)  # SQLite has it open
    vault.change_passphrase("una frase nueva y larga")  # disposes before renaming
    assert vault.check(attachments=False).ok


def test_passphrase_change_refused_rename_keeps_the_old_vault(
    vault: Vault, vault_path: Path, windows_files: WindowsFiles, quick_retries: None
) -> None:
    ref = _add_case(vault, "Familia Bloqueada")
    windows_files.hold(vault_path, times=1000)
    with pytest.raises(FileInUse):
        vault.change_passphrase("una frase nueva y larga")
    windows_files.hold(vault_path, times=0)
    # Still open, still usable, under the old key; the trail shows no change that did not happen.
    with vault.session() as s:
        assert ops.find_case(s, ref) is not None
    assert "vault.passphrase_changed" not in _actions(vault)
    assert not list(vault_path.parent.glob("*.rekey*"))
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert v.check(attachments=False).ok


def test_passphrase_change_after_a_transient_hold(
    vault: Vault, vault_path: Path, windows_files: WindowsFiles
) -> None:
    ref = _add_case(vault, "Familia Paciente")
    windows_files.hold(vault_path, times=2)
    vault.change_passphrase("una frase nueva y larga")
    assert "vault.passphrase_changed" in _actions(vault)
    vault.close()
    with Vault.open(vault_path, "una frase nueva y larga") as v, v.session() as s:
        assert ops.find_case(s, ref) is not None


def test_restore_refused_rename_puts_the_vault_back(
    vault: Vault, vault_path: Path, tmp_path: Path, windows_files: WindowsFiles, quick_retries: None
) -> None:
    backup = vault.backup(tmp_path / "bk")
    ref_after = _add_case(vault, "Familia Después")
    vault.close()
    # Held for every try of putting the new copy in place, then free again for the way back.
    windows_files.hold(vault_path, times=1 + len(fileio.REPLACE_DELAYS))
    with pytest.raises(FileInUse):
        Vault.restore(backup, vault_path, PASSPHRASE)
    windows_files.hold(vault_path, times=0)
    assert sorted(p.name for p in vault_path.parent.iterdir()) == ["office.reunify"]
    with Vault.open(vault_path, PASSPHRASE) as v, v.session() as s:
        assert ops.find_case(s, ref_after) is not None
