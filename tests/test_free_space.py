"""Free space is checked before an import, a backup or a passphrase change writes a byte.

On a real small disk: a 4 MiB tmpfs (mounted here as root; the tests skip, saying
why, where mounting is not allowed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from reunify import i18n
from reunify import operations as ops
from reunify.cli import EXIT_USER_ERROR, main
from reunify.errors import NotEnoughSpace, human_size
from reunify.fileio import require_free_space
from reunify.models import Document
from reunify.operations.imports import free_space_needed, import_files
from reunify.vault import Vault, recovery
from tests.conftest import PASSPHRASE, copy_vault

MiB = 1 << 20


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MiB file system, unmounted afterwards whatever happens."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not allowed here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _listing(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in folder.iterdir()}


def _documents(vault: Vault) -> int:
    with vault.session() as s:
        return s.scalar(select(func.count()).select_from(Document)) or 0


@pytest.fixture
def vault_on_small_disk(small_disk: Path, _vault_template: Path) -> Iterator[Vault]:
    path = copy_vault(_vault_template, small_disk / "office.reunify")
    vault = Vault.open(path, PASSPHRASE)
    yield vault
    vault.close()


def _scan(tmp_path: Path, size: int = 3 * MiB) -> Path:
    scan = tmp_path / "acta de nacimiento.pdf"
    scan.write_bytes(os.urandom(size))
    return scan


def test_import_refused_before_writing(vault_on_small_disk: Vault, tmp_path: Path) -> None:
    vault = vault_on_small_disk
    with vault.session() as s:
        case_id = ops.create_case(s, title="Familia Sin Espacio").id
    scan = _scan(tmp_path)
    folder = vault.path.parent
    before = _listing(folder)
    with pytest.raises(NotEnoughSpace) as refused:
        import_files(vault, case_id, [scan])
    assert _listing(folder) == before
    assert _documents(vault) == 0
    free = shutil.disk_usage(folder).free
    assert refused.value.user_message() == (
        f"There is not enough free space in {folder}: this needs about "
        f"{human_size(free_space_needed(3 * MiB))} and only {human_size(free)} are free. "
        "Nothing was changed. Free some space there (empty the trash, move large files to "
        "another disk) or choose another folder, then try again."
    )
    assert human_size(free_space_needed(3 * MiB)) == "14.2 MB"
    with i18n.override("es"):
        spanish = refused.value.user_message()
    assert spanish.startswith(f"No hay suficiente espacio libre en {folder}: esto necesita unos ")


def test_backup_refused_before_writing(vault: Vault, small_disk: Path) -> None:
    filler = small_disk / "fotos de la boda.zip"
    size = shutil.disk_usage(small_disk).free - vault.path.stat().st_size // 2
    filler.write_bytes(b"\0" * size)
    before = _listing(small_disk)
    with pytest.raises(NotEnoughSpace) as refused:
        vault.backup(small_disk)
    assert _listing(small_disk) == before
    assert "not enough free space in " + str(small_disk) in refused.value.user_message()
    with vault.session() as s:
        backups = "SELECT count(*) FROM audit_event WHERE action = 'vault.backup'"
        assert s.scalar(text(backups)) == 0
    filler.unlink()
    assert vault.backup(small_disk).exists()  # with the room back, it is written


def test_passphrase_change_refused_before_writing(vault_on_small_disk: Vault) -> None:
    vault = vault_on_small_disk
    folder = vault.path.parent
    filler = folder / "relleno.bin"
    filler.write_bytes(b"\0" * (shutil.disk_usage(folder).free - MiB))
    before = _listing(folder)
    with pytest.raises(NotEnoughSpace):
        vault.change_passphrase("una frase nueva y bastante larga")
    assert _listing(folder) == before
    assert not recovery.marker_path(vault.path).exists()
    vault.close()
    with Vault.open(vault.path, PASSPHRASE) as v:
        assert v.notices == []


def test_cli_import_on_a_full_disk_exits_2_with_the_sentence(
    small_disk: Path,
    _vault_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = copy_vault(_vault_template, small_disk / "office.reunify")
    with Vault.open(path, PASSPHRASE) as v, v.session() as s:
        reference = ops.create_case(s, title="Familia Sin Espacio").reference
    scan = _scan(tmp_path)
    before = _listing(small_disk)
    monkeypatch.setenv("REUNIFY_PASSPHRASE", PASSPHRASE)
    code = main(["import", "--vault", str(path), reference, str(scan), "--lang", "es"])
    err = capsys.readouterr().err
    assert code == EXIT_USER_ERROR
    assert err.startswith(
        f"Error: No hay suficiente espacio libre en {small_disk}: esto necesita unos 14.2 MB"
    )
    assert "Traceback" not in err
    assert _listing(small_disk) == before


def test_the_sentence_names_both_sizes(tmp_path: Path) -> None:
    with pytest.raises(NotEnoughSpace) as refused:
        require_free_space(tmp_path, 10**15)
    assert "this needs about 909.5 TB and only " in refused.value.user_message()
    require_free_space(tmp_path, 1)  # fits: nothing raised
    require_free_space(tmp_path / "no such folder", 10**15)  # unknown: the write will tell
