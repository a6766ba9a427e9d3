"""Auto-lock: idle time on the wall clock locks the vault and shows the unlock screen."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reunify.ui.app import MainWindow, Shell, UnlockDialog
from reunify.ui.autolock import AutoLock
from reunify.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui_helpers import unlock

pytestmark = pytest.mark.ui


def test_idle_window_locks_itself(qtbot, demo_vault: Vault) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_vault, idle_seconds=0.3)
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 17
    with qtbot.waitSignal(window.locked, timeout=5000):
        pass
    assert not demo_vault.is_open and window.model.rowCount() == 0 and window.vault is None


def test_activity_postpones_and_sleep_does_not(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    lock = AutoLock(60)
    fired: list[bool] = []
    lock.lock_requested.connect(lambda: fired.append(True))
    lock.check()
    assert fired == []
    # A laptop that slept for an hour: the wall clock jumps, so the next check locks.
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 3600)
    lock.check()
    assert fired == [True]
    lock.stop()


def test_lock_returns_to_the_unlock_screen(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    shell = Shell(demo_path)
    shell.show_unlock()
    assert isinstance(shell.dialog, UnlockDialog)
    qtbot.addWidget(shell.dialog)
    unlock(qtbot, shell.dialog, PASSPHRASE)
    assert shell.window is not None
    qtbot.addWidget(shell.window)
    first_dialog = shell.dialog
    shell.window.lock()
    assert shell.dialog is not first_dialog and shell.dialog.isVisible()
    qtbot.addWidget(shell.dialog)
