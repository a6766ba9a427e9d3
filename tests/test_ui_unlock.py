"""The unlock screen: growing delay, Caps Lock hint, creating a vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reunify.ui.language import settings
from reunify.ui.unlock import CreateVaultDialog, UnlockDialog, retry_delay, strength_bits
from reunify.vault import Vault
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.ui


def test_retry_delay_grows_and_is_capped() -> None:
    assert [retry_delay(n) for n in range(1, 10)] == [0, 0, 1, 2, 4, 8, 16, 30, 30]
    assert strength_bits("correct horse battery staple") > strength_bits("abc12345")


def test_repeated_failures_wait_then_unlock(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = UnlockDialog(demo_path)
    qtbot.addWidget(dialog)
    for _ in range(3):
        dialog.passphrase.setText("equivocada")
        dialog.try_unlock()
    assert not dialog.unlock_button.isEnabled()
    assert "Try again in 1 second." in dialog.error.text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()  # ignored while waiting
    assert dialog.vault is None
    qtbot.waitUntil(dialog.unlock_button.isEnabled, timeout=3000)
    dialog.try_unlock()
    assert dialog.vault is not None
    assert settings().value("last_vault") == str(demo_path)
    dialog.vault.close()


def test_caps_lock_hint(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = UnlockDialog(demo_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "A")  # upper case without Shift
    assert dialog.caps.isVisibleTo(dialog)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_B, Qt.KeyboardModifier.NoModifier, -1)
    qtbot.keyClicks(dialog.passphrase, "b")
    assert not dialog.caps.isVisibleTo(dialog)


def test_create_a_vault(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = CreateVaultDialog()
    qtbot.addWidget(dialog)
    target = tmp_path / "oficina.reunify"
    dialog.path.setText(str(target))
    dialog.operator.setText("Lic. Nueva")
    dialog.passphrase.setText("corta")
    assert "Too short" in dialog.strength.text()
    dialog.confirm.setText("corta")
    dialog.create_vault()
    assert dialog.vault is None and "at least 8" in dialog.error.text()
    dialog.passphrase.setText("una frase larga de la oficina")
    dialog.confirm.setText("una frase larga de la oficina")
    dialog.create_vault()
    assert dialog.vault is not None and dialog.vault.actor == "Lic. Nueva"
    dialog.vault.close()
    with Vault.open(target, "una frase larga de la oficina"):
        pass
