"""Interrupted operations on a real vault: the files a kill leaves, then the next open.

Each state is the exact one a kill leaves on disk (reunify.vault.recovery's
contract): the marker and the swapped vault; the marker, the `.rekey` copy and
the journal of its `.partial`; a partial backup. One test kills a real
`reunify passwd` with SIGKILL.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reunify import i18n
from reunify import operations as ops
from reunify.errors import (
    PassphraseChangedBeforeInterruption,
    PassphraseChangeInterrupted,
    WrongPassphrase,
)
from reunify.vault import Vault, recovery
from reunify.vault.copy import export_encrypted
from reunify.vault.kdf import derive_key, new_salt
from tests.conftest import PASSPHRASE

NEW = "una frase nueva y bastante larga"


def _add_case(vault: Vault, title: str = "Familia Recuperada") -> str:
    with vault.session() as s:
        return ops.create_case(s, title=title).reference


def _has_case(vault: Vault, reference: str) -> bool:
    with vault.session() as s:
        return ops.find_case(s, reference) is not None


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".rekey" in p.name or ".partial" in p.name)


def test_finished_change_opens_with_the_new_passphrase_and_says_so_once(
    vault: Vault, vault_path: Path
) -> None:
    ref = _add_case(vault)
    vault.change_passphrase(NEW)  # killed here: swapped, nobody told yet
    vault.close()
    assert recovery.marker_path(vault_path).exists()
    assert recovery.marker_path(vault_path).stat().st_mode & 0o777 == 0o600
    marker = recovery.marker_path(vault_path).read_text()
    assert f"salt={vault_path.read_bytes()[:16].hex()}" in marker  # public, as in the header
    with pytest.raises(PassphraseChangedBeforeInterruption) as refused:
        Vault.open(vault_path, PASSPHRASE)
    assert isinstance(refused.value, WrongPassphrase)
    text = refused.value.user_message()
    assert "finished on" in text and "NEW passphrase" in text
    with i18n.override("es"):
        spanish = refused.value.user_message()
    assert "terminó" in spanish and "NUEVA" in spanish
    with Vault.open(vault_path, NEW) as v:
        assert len(v.notices) == 1
        assert v.notices[0].startswith("The passphrase change of ")
        assert (
            "the vault now opens with the new passphrase, the one you just typed" in (v.notices[0])
        )
        assert _has_case(v, ref)
        v.acknowledge_notices()
    assert not recovery.marker_path(vault_path).exists()
    with Vault.open(vault_path, NEW) as v:
        assert v.notices == []
    with pytest.raises(WrongPassphrase) as plain:
        Vault.open(vault_path, PASSPHRASE)
    assert type(plain.value) is WrongPassphrase  # told once: an ordinary refusal now


def test_a_notice_not_acknowledged_is_said_again(vault: Vault, vault_path: Path) -> None:
    vault.change_passphrase(NEW)
    vault.close()
    with Vault.open(vault_path, NEW) as v:  # opened, but the person was not shown it
        assert v.notices
    with Vault.open(vault_path, NEW) as v:
        assert v.notices and "had finished" in v.notices[0]


def test_a_change_told_to_the_person_leaves_nothing(vault: Vault, vault_path: Path) -> None:
    vault.change_passphrase(NEW)
    vault.finish_passphrase_change()
    vault.close()
    assert _leftovers(vault_path.parent) == []
    assert not recovery.marker_path(vault_path).exists()
    with Vault.open(vault_path, NEW) as v:
        assert v.notices == []


def _interrupted_before_swap(vault: Vault, vault_path: Path) -> None:
    """What a kill during the copy leaves: the marker (new salt), a finished `.rekey`
    copy, and the rollback journal of a `.rekey.partial` being written."""
    salt = new_salt()
    recovery.write_marker(vault_path, salt)
    key = derive_key(NEW, salt)
    export_encrypted(vault.engine, vault_path.with_name(vault_path.name + ".rekey"), key)
    key.wipe()
    journal = vault_path.with_name(vault_path.name + ".rekey.partial-journal")
    journal.write_bytes(os.urandom(4096))


def test_unfinished_change_keeps_the_old_passphrase_and_removes_the_copies(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    ref = _add_case(vault)
    _interrupted_before_swap(vault, vault_path)
    # A kill also leaves the vault's own WAL with commits not yet in the file: copy the
    # folder as it is on disk while the vault is open (what a power cut leaves).
    later = _add_case(vault, "Familia Posterior")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for p in vault_path.parent.iterdir():
        if not p.name.endswith(".lock"):
            shutil.copy2(p, crashed / p.name)
    vault.close()
    copy = crashed / vault_path.name
    assert (crashed / (copy.name + "-wal")).exists()
    assert _leftovers(crashed) == [
        "office.reunify.rekey",
        "office.reunify.rekey-pending",
        "office.reunify.rekey.partial-journal",
    ]
    with pytest.raises(PassphraseChangeInterrupted) as refused:
        Vault.open(copy, NEW)
    assert "OLD passphrase" in refused.value.user_message()
    with i18n.override("es"):
        assert "ANTERIOR" in refused.value.user_message()
    assert _leftovers(crashed) != ["office.reunify.rekey-pending"]  # a refusal removes nothing
    with Vault.open(copy, PASSPHRASE) as v:
        assert v.notices == [
            "A passphrase change was interrupted before it finished; the vault still opens "
            "with the old passphrase. Nothing was lost."
        ]
        assert _has_case(v, ref) and _has_case(v, later)  # the WAL's commit was kept
        assert _leftovers(crashed) == ["office.reunify.rekey-pending"]
        v.acknowledge_notices()
        assert v.check(attachments=False).ok
    assert _leftovers(crashed) == []
    with Vault.open(copy, PASSPHRASE) as v:
        assert v.notices == []


def test_notices_in_spanish(vault: Vault, vault_path: Path) -> None:
    _interrupted_before_swap(vault, vault_path)
    vault.close()
    with i18n.override("es"), Vault.open(vault_path, PASSPHRASE) as v:
        assert v.notices == [
            "Se interrumpió un cambio de frase de acceso antes de terminar; la bóveda se "
            "sigue abriendo con la frase anterior. No se perdió nada."
        ]


def _partial_backup(folder: Path, stem: str = "office") -> list[Path]:
    """A backup killed while being written: its `.partial` and the journal beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{stem}.20261123-101500-123456-manual.reunify.partial"
    files = [folder / name, folder / (name + "-journal")]
    for p in files:
        p.write_bytes(os.urandom(8192))
    return files


def test_partial_backups_removed_once_and_counted(vault: Vault, vault_path: Path) -> None:
    ref = _add_case(vault)
    done = vault.backup(label="manual")
    folder = vault.default_backup_dir()
    partial = _partial_backup(folder)
    other = _partial_backup(folder, stem="otra")  # another vault's: not ours to remove
    (folder / "notas.txt").write_text("no es un respaldo")
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert v.notices == [
            "2 files left by an interrupted operation were removed: they were encrypted "
            "copies, nothing was lost."
        ]
        assert _has_case(v, ref)
        v.acknowledge_notices()
    assert not any(p.exists() for p in partial)
    assert all(p.exists() for p in other)
    assert done.exists() and (folder / "notas.txt").exists()
    assert not list(folder.glob("*.lock"))
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert v.notices == []
    with i18n.override("es"):
        _partial_backup(folder)
        with Vault.open(vault_path, PASSPHRASE) as v:
            assert v.notices == [
                "Se eliminaron 2 archivos que dejó una operación interrumpida: eran copias "
                "cifradas, no se perdió nada."
            ]


def test_a_backup_being_written_is_left_alone(vault: Vault, vault_path: Path) -> None:
    """Two vaults named alike share a backup folder: one's open must not delete the
    partial file the other is writing (Vault.backup holds the folder's guard)."""
    folder = vault.default_backup_dir()
    vault.close()
    partial = _partial_backup(folder)
    with recovery.writing_backup(folder, "office"), Vault.open(vault_path, PASSPHRASE) as v:
        assert v.notices == []
    assert all(p.exists() for p in partial)


def test_restore_forgets_the_replaced_vaults_change(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    backup = vault.backup(tmp_path / "respaldos")
    vault.change_passphrase(NEW)  # swapped, not told; then the old backup is restored
    vault.close()
    Vault.restore(backup, vault_path, PASSPHRASE)
    assert not recovery.marker_path(vault_path).exists()
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert v.notices == []


def test_inspection_removes_nothing(vault: Vault, vault_path: Path) -> None:
    _interrupted_before_swap(vault, vault_path)
    vault.close()
    with Vault.open(vault_path, PASSPHRASE, upgrade=False) as v:
        assert v.notices == []
    assert len(_leftovers(vault_path.parent)) == 3


# -- a real `reunify passwd`, killed ------------------------------------------


@pytest.mark.real_kdf
def test_killed_passwd_opens_with_the_passphrase_it_says(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    """SIGKILL at random moments of `reunify passwd`: afterwards exactly one passphrase
    opens the vault, and what was printed or is said on open names it."""
    ref = _add_case(vault)
    vault.close()
    rng = random.Random(15)
    current = PASSPHRASE
    outcomes: list[str] = []
    for trial in range(6):
        new = f"frase número {trial} del cambio"
        env = {
            **os.environ,
            "REUNIFY_PASSPHRASE": current,
            "REUNIFY_NEW_PASSPHRASE": new,
            "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
        }
        child = subprocess.Popen(
            [sys.executable, "-m", "reunify", "passwd", "--vault", str(vault_path), "--lang", "en"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Killed after the change began (its marker appeared): at a random moment (the
        # copy, the swap, the message), or, every other trial, as soon as the new file is
        # in place (before the person can have been told).
        marker = recovery.marker_path(vault_path)
        deadline = time.monotonic() + 60
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        if trial % 2:
            salt = marker.read_text() if marker.exists() else ""
            while child.poll() is None and time.monotonic() < deadline:
                if vault_path.read_bytes()[:16].hex() in salt:
                    break
                time.sleep(0.002)
        else:
            time.sleep(rng.uniform(0, 1.5))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=60)
        printed = "Passphrase changed" in out
        try:
            v = Vault.open(vault_path, current)
            opened_with = "old"
        except PassphraseChangedBeforeInterruption:
            v = Vault.open(vault_path, new)
            opened_with = "new (said on open)"
            assert "had finished" in v.notices[0]
        except WrongPassphrase:
            assert printed, err  # refused without a word: only if the person had been told
            v = Vault.open(vault_path, new)
            opened_with = "new (printed)"
        with v:
            if opened_with == "old":
                assert not printed
                assert not any("had finished" in n for n in v.notices)
            assert _has_case(v, ref)
            v.acknowledge_notices()
            assert v.check(attachments=False).ok
        assert _leftovers(vault_path.parent) == []
        outcomes.append(opened_with)
        if opened_with != "old":
            current = new
    assert len(outcomes) == 6, outcomes
    assert "new (said on open)" in outcomes, outcomes  # the case the marker exists for


# -- the GUI -------------------------------------------------------------------


def test_gui_says_it_once_after_unlock(qtbot, vault: Vault, vault_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from reunify.ui.app import Shell
    from tests.ui_helpers import unlock

    vault.change_passphrase(NEW)  # killed before the window said so
    vault.close()
    shell = Shell(vault_path)
    shell.show_unlock()
    assert shell.dialog is not None
    qtbot.addWidget(shell.dialog)
    unlock(qtbot, shell.dialog, NEW)
    assert shell.window is not None
    qtbot.addWidget(shell.window)
    box = shell.window.findChild(QMessageBox, "recovery_notices")
    assert box is not None and box.isVisible()
    assert "the vault now opens with the new passphrase, the one you just typed" in box.text()
    assert not recovery.marker_path(vault_path).exists()  # shown: not said again
    box.close()
    shell.window.lock()
    assert shell.dialog is not None
    qtbot.addWidget(shell.dialog)
    unlock(qtbot, shell.dialog, NEW)
    assert shell.window is not None
    qtbot.addWidget(shell.window)
    assert shell.window.findChild(QMessageBox, "recovery_notices") is None
    shell.window.lock(quitting=True)
